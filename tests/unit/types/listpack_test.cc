#include "types/listpack.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "alloc/memory.h"

namespace ringdb::types {
namespace {

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::string Unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

// The header for `total` bytes and `count` elements, as hex.
std::string HeaderHex(uint32_t total, uint16_t count) {
  std::string h;
  for (int i = 0; i < 4; ++i) h.push_back(static_cast<char>(total >> (8 * i)));
  h.push_back(static_cast<char>(count & 0xFF));
  h.push_back(static_cast<char>(count >> 8));
  return Hex(h);
}

uint16_t HeaderCount(const Listpack& lp) {
  const std::string_view b = lp.bytes();
  return static_cast<uint16_t>(static_cast<uint8_t>(b[4]) | static_cast<uint8_t>(b[5]) << 8);
}

std::vector<std::string> Contents(const Listpack& lp) {
  std::vector<std::string> out;
  lp.ForEach([&](const ListpackElement& e) { out.push_back(e.ToString()); });
  return out;
}

std::vector<std::string> ContentsBackward(const Listpack& lp) {
  std::vector<std::string> out;
  for (size_t p = lp.Last(); p != Listpack::kEnd; p = lp.Prev(p)) {
    out.push_back(lp.Get(p).ToString());
  }
  return {out.rbegin(), out.rend()};
}

// Everything a well-formed listpack must satisfy, read through the public API.
void ExpectConsistent(const Listpack& lp, const std::vector<std::string>& want) {
  size_t found = 0;
  ASSERT_TRUE(Listpack::IsValid(lp.bytes(), &found));
  EXPECT_EQ(found, want.size());
  EXPECT_EQ(lp.size(), want.size());
  EXPECT_EQ(lp.empty(), want.empty());
  EXPECT_EQ(Contents(lp), want);
  EXPECT_EQ(ContentsBackward(lp), want);
  EXPECT_EQ(lp.AllocatedBytes(), alloc::UsableSize(lp.bytes().data()));
  EXPECT_EQ(lp.AllocatedBytes(), alloc::GoodSize(lp.bytes_size()));
}

// ---- Encodings

TEST(ListpackTest, EmptyIsSevenBytes) {
  Listpack lp;
  EXPECT_EQ(Hex(lp.bytes()), "070000000000ff");
  EXPECT_EQ(lp.size(), 0u);
  EXPECT_TRUE(lp.empty());
  EXPECT_EQ(lp.First(), Listpack::kEnd);
  EXPECT_EQ(lp.Last(), Listpack::kEnd);
  EXPECT_EQ(lp.Seek(0), Listpack::kEnd);
  EXPECT_EQ(lp.Seek(-1), Listpack::kEnd);
  EXPECT_EQ(lp.Find("x", lp.First()), Listpack::kEnd);
  ExpectConsistent(lp, {});
}

// The entries Redis 7.0.15 writes for each value (read off DUMP of a one-field hash:
// HSET h a <value>), one per encoding boundary.
TEST(ListpackTest, IntegerEncodingsMatchRedisAtEveryBoundary) {
  struct Case {
    std::string_view text;
    std::string_view entry_hex;
    bool is_int;
  };
  const Case cases[] = {
      {"0", "0001", true},
      {"127", "7f01", true},
      {"128", "c08002", true},
      {"-1", "dfff02", true},
      {"-4096", "d00002", true},
      {"4095", "cfff02", true},
      {"-4097", "f1ffef03", true},
      {"4096", "f1001003", true},
      {"32767", "f1ff7f03", true},
      {"-32768", "f1008003", true},
      {"32768", "f200800004", true},
      {"-32769", "f2ff7fff04", true},
      {"8388607", "f2ffff7f04", true},
      {"-8388608", "f200008004", true},
      {"8388608", "f30000800005", true},
      {"-8388609", "f3ffff7fff05", true},
      {"2147483647", "f3ffffff7f05", true},
      {"-2147483648", "f30000008005", true},
      {"2147483648", "f4000000800000000009", true},
      {"-2147483649", "f4ffffff7fffffffff09", true},
      {"9223372036854775807", "f4ffffffffffffff7f09", true},
      {"-9223372036854775808", "f4000000000000008009", true},
      // Not canonical int64 text: stored as strings.
      {"9223372036854775808", "933932323333373230333638353437373538303814", false},
      {"01", "82303103", false},
      {"-0", "822d3003", false},
      {"+1", "822b3103", false},
      {" 1", "82203103", false},
      {"", "8001", false},
  };
  for (const Case& c : cases) {
    Listpack lp;
    lp.Append(c.text);
    const size_t entry = c.entry_hex.size() / 2;
    EXPECT_EQ(Hex(lp.bytes()), HeaderHex(7 + entry, 1) + std::string(c.entry_hex) + "ff") << c.text;
    EXPECT_EQ(Listpack::EntryBytes(c.text), entry) << c.text;
    const ListpackElement e = lp.Get(lp.First());
    EXPECT_EQ(e.is_int, c.is_int) << c.text;
    EXPECT_EQ(e.ToString(), c.text);
    EXPECT_EQ(e.TextSize(), c.text.size());
    EXPECT_TRUE(e.Equals(c.text));
    if (c.is_int) {
      Listpack direct;
      direct.AppendInt(e.num);
      EXPECT_EQ(direct.bytes(), lp.bytes()) << c.text;
      EXPECT_EQ(Listpack::EntryBytesInt(e.num), entry);
    }
  }
}

// String lengths at each string-encoding and backlen boundary, checked against the
// bytes Redis wrote for HSET h a <'x' * len> (hash-max-listpack-value raised).
TEST(ListpackTest, StringEncodingsAndBacklensMatchRedis) {
  struct Case {
    size_t len;
    std::string_view head_hex;
    std::string_view backlen_hex;
  };
  const Case cases[] = {
      {63, "bf", "40"},                     // 6-bit length, 64-byte entry
      {64, "e040", "42"},                   // 12-bit length
      {125, "e07d", "7f"},                  // entry 127: the last one-byte backlen
      {126, "e07e", "0180"},                // entry 128: two bytes
      {4095, "efff", "2081"},               // the longest 12-bit string
      {4096, "f000100000", "2085"},         // 32-bit length
      {16377, "f0f93f0000", "7ffe"},        // entry 16382: the last two-byte backlen
      {16378, "f0fa3f0000", "00ffff"},      // entry 16383 takes three bytes
      {2097146, "f0faff1f00", "00ffffff"},  // entry 2097151 takes four
  };
  for (const Case& c : cases) {
    const std::string value(c.len, 'x');
    Listpack lp;
    lp.Append(value);
    const std::string hex = Hex(lp.bytes());
    const size_t entry = c.head_hex.size() / 2 + c.len + c.backlen_hex.size() / 2;
    EXPECT_EQ(lp.bytes_size(), 7 + entry) << c.len;
    EXPECT_EQ(Listpack::EntryBytes(value), entry) << c.len;
    EXPECT_EQ(hex.substr(12, c.head_hex.size()), c.head_hex) << c.len;
    EXPECT_EQ(hex.substr(hex.size() - 2 - c.backlen_hex.size(), c.backlen_hex.size()),
              c.backlen_hex)
        << c.len;
    EXPECT_EQ(lp.Get(lp.First()).str, value);
    EXPECT_EQ(lp.Get(lp.Last()).str.size(), c.len);
    EXPECT_TRUE(Listpack::IsValid(lp.bytes()));
  }
}

// ---- Fixtures: listpacks exactly as Redis 7.0.15 dumped them (DUMP, payload minus the
// RDB type byte, string length, version and CRC; rdbcompression no).

// HSET h f v
constexpr std::string_view kRedisHashFV = "0d0000000200816602817602ff";
// HSET h a 0 b 127 c 128 d -1 e -4096 f 4095 g -4097 h 32767 i 32768 j 8388608
//        k 2147483648 l -9223372036854775808 m 01 n -0
constexpr std::string_view kRedisHashInts =
    "700000001c0081610200018162027f01816302c08002816402dfff02816502d00002816602cfff02"
    "816702f1ffef03816802f1ff7f03816902f200800004816a02f30000800005816b02f40000008000"
    "00000009816c02f4000000000000008009816d0282303103816e02822d3003ff";
// ZADD z 1 a 2.5 b -3 c
constexpr std::string_view kRedisZset = "1a0000000600816302dffd02816102010181620283322e3504ff";
// RPUSH l a 1 bb -200 (the quicklist's only node)
constexpr std::string_view kRedisList = "130000000400816102010182626203df3802ff";

TEST(ListpackTest, BuildsRedisFixturesByteForByte) {
  Listpack hash;
  hash.Append("f");
  hash.Append("v");
  EXPECT_EQ(Hex(hash.bytes()), kRedisHashFV);

  const std::vector<std::string_view> fields = {
      "a", "0",     "b", "127",     "c", "128",        "d", "-1",
      "e", "-4096", "f", "4095",    "g", "-4097",      "h", "32767",
      "i", "32768", "j", "8388608", "k", "2147483648", "l", "-9223372036854775808",
      "m", "01",    "n", "-0"};
  Listpack ints;
  ints.AppendMany(fields);
  EXPECT_EQ(Hex(ints.bytes()), kRedisHashInts);

  // A listpack zset holds member, score pairs in score order, scores as d2string text.
  Listpack zset;
  for (std::string_view v : {"c", "-3", "a", "1", "b", "2.5"}) zset.Append(v);
  EXPECT_EQ(Hex(zset.bytes()), kRedisZset);

  Listpack list;
  list.Append("1");
  list.Append("bb");
  list.Prepend("a");
  list.InsertAfter(list.Last(), "-200");
  EXPECT_EQ(Hex(list.bytes()), kRedisList);
}

TEST(ListpackTest, LoadsRedisFixtures) {
  struct Case {
    std::string_view hex;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {kRedisHashFV, {"f", "v"}},
      {kRedisZset, {"c", "-3", "a", "1", "b", "2.5"}},
      {kRedisList, {"a", "1", "bb", "-200"}},
  };
  for (const Case& c : cases) {
    std::optional<Listpack> lp = Listpack::FromBytes(Unhex(c.hex));
    ASSERT_TRUE(lp.has_value()) << c.hex;
    ExpectConsistent(*lp, c.want);
    EXPECT_EQ(Hex(lp->bytes()), c.hex);
  }
  std::optional<Listpack> ints = Listpack::FromBytes(Unhex(kRedisHashInts));
  ASSERT_TRUE(ints.has_value());
  EXPECT_EQ(ints->size(), 28u);
  EXPECT_EQ(ints->Get(ints->Seek(23)).num, INT64_MIN);
  EXPECT_EQ(ints->Get(ints->Seek(-3)).str, "01");
}

// ---- Navigation

Listpack Numbered(size_t n, std::vector<std::string>* model = nullptr) {
  Listpack lp;
  for (size_t i = 0; i < n; ++i) {
    // Mixed encodings, so that steps differ in size.
    std::string v = i % 3 == 0 ? std::to_string(i * 1000) : std::string("s");
    if (i % 3 != 0) v += std::to_string(i);
    lp.Append(v);
    if (model != nullptr) model->push_back(v);
  }
  return lp;
}

TEST(ListpackTest, IteratesBothWays) {
  std::vector<std::string> model;
  Listpack lp = Numbered(50, &model);
  ExpectConsistent(lp, model);
  size_t pos = lp.First();
  for (size_t i = 0; i < model.size(); ++i) {
    size_t next = 0;
    EXPECT_EQ(lp.Get(pos, &next).ToString(), model[i]);
    EXPECT_EQ(next, lp.Next(pos));
    if (next != Listpack::kEnd) {
      EXPECT_EQ(lp.Prev(next), pos);
    }
    pos = next;
  }
  EXPECT_EQ(pos, Listpack::kEnd);
  EXPECT_EQ(lp.Prev(lp.First()), Listpack::kEnd);
  EXPECT_EQ(lp.Next(lp.Last()), Listpack::kEnd);
}

TEST(ListpackTest, SeeksEveryIndexFromBothEnds) {
  for (size_t n : {0u, 1u, 2u, 3u, 10u, 33u}) {
    std::vector<std::string> model;
    Listpack lp = Numbered(n, &model);
    const int64_t len = static_cast<int64_t>(n);
    for (int64_t i = -len - 3; i < len + 3; ++i) {
      const size_t pos = lp.Seek(i);
      const int64_t at = i < 0 ? i + len : i;
      if (at < 0 || at >= len) {
        EXPECT_EQ(pos, Listpack::kEnd) << n << " " << i;
      } else {
        ASSERT_NE(pos, Listpack::kEnd) << n << " " << i;
        EXPECT_EQ(lp.Get(pos).ToString(), model[at]) << n << " " << i;
      }
    }
    EXPECT_EQ(lp.Seek(INT64_MIN), Listpack::kEnd);
    EXPECT_EQ(lp.Seek(INT64_MAX), Listpack::kEnd);
  }
}

// ---- Mutations

TEST(ListpackTest, InsertsAndDeletesInTheMiddle) {
  Listpack lp;
  for (std::string_view v : {"a", "b", "c"}) lp.Append(v);
  size_t b = lp.Seek(1);
  size_t x = lp.InsertBefore(b, "x");
  EXPECT_EQ(lp.Get(x).str, "x");
  size_t y = lp.InsertAfter(lp.Seek(2), "12345");
  EXPECT_EQ(lp.Get(y).num, 12345);
  ExpectConsistent(lp, {"a", "x", "b", "12345", "c"});

  size_t after = lp.Delete(lp.Seek(1));
  EXPECT_EQ(lp.Get(after).str, "b");
  EXPECT_EQ(lp.Delete(lp.Last()), Listpack::kEnd);
  ExpectConsistent(lp, {"a", "b", "12345"});

  lp.Prepend("first");
  const std::vector<std::string_view> pair = {"m", "2.5"};
  size_t first_new = lp.InsertManyBefore(lp.Seek(2), pair);
  EXPECT_EQ(lp.Get(first_new).str, "m");
  EXPECT_EQ(lp.InsertManyBefore(lp.First(), {}), Listpack::kEnd);
  ExpectConsistent(lp, {"first", "a", "m", "2.5", "b", "12345"});

  EXPECT_EQ(lp.Get(lp.DeleteAt(lp.Seek(2), 2)).str, "b");
  ExpectConsistent(lp, {"first", "a", "b", "12345"});
  EXPECT_EQ(lp.DeleteAt(lp.Seek(2), 100), Listpack::kEnd);
  ExpectConsistent(lp, {"first", "a"});
  lp.Clear();
  EXPECT_EQ(Hex(lp.bytes()), "070000000000ff");
}

TEST(ListpackTest, ReplaceKeepsPositionAndRewritesSameSizeInPlace) {
  Listpack lp;
  for (std::string_view v : {"f1", "10", "f2", "hello"}) lp.Append(v);
  const size_t f2 = lp.Seek(2);
  const char* block = lp.bytes().data();
  EXPECT_EQ(lp.ReplaceInt(lp.Seek(1), 11), lp.Seek(1));  // HINCRBY: same entry size
  EXPECT_EQ(lp.bytes().data(), block);
  EXPECT_EQ(lp.Seek(2), f2);
  lp.Replace(lp.Seek(3), std::string(200, 'z'));  // grows: a 12-bit string
  lp.Replace(lp.Seek(1), "-9223372036854775808");
  ExpectConsistent(lp, {"f1", "-9223372036854775808", "f2", std::string(200, 'z')});
  lp.Replace(lp.Seek(3), "7");
  lp.Replace(lp.Seek(1), "not a number");
  ExpectConsistent(lp, {"f1", "not a number", "f2", "7"});
  EXPECT_EQ(lp.bytes_size(), 7 + 4 + 14 + 4 + 2u);
}

TEST(ListpackTest, DeleteRangeHandlesEveryStartAndCount) {
  for (int64_t start = -8; start < 8; ++start) {
    for (size_t count : {0u, 1u, 2u, 5u, 6u, 100u}) {
      std::vector<std::string> model;
      Listpack lp = Numbered(6, &model);
      const int64_t at = start < 0 ? start + 6 : start;
      size_t want_deleted = 0;
      if (at >= 0 && at < 6) {
        want_deleted = std::min<size_t>(count, 6 - at);
        model.erase(model.begin() + at, model.begin() + at + want_deleted);
      }
      EXPECT_EQ(lp.DeleteRange(start, count), want_deleted) << start << " " << count;
      ExpectConsistent(lp, model);
    }
  }
}

TEST(ListpackTest, ConcatAppendsAndCopesWithItself) {
  Listpack a = Numbered(3);
  Listpack b;
  b.Append("tail");
  a.Concat(b);
  ExpectConsistent(a, {"0", "s1", "s2", "tail"});
  a.Concat(a);
  ExpectConsistent(a, {"0", "s1", "s2", "tail", "0", "s1", "s2", "tail"});
  Listpack empty;
  a.Concat(empty);
  EXPECT_EQ(a.size(), 8u);
}

TEST(ListpackTest, CopiesAndMovesOwnTheirBlocks) {
  Listpack a = Numbered(5);
  Listpack b(a);
  EXPECT_EQ(a.bytes(), b.bytes());
  EXPECT_NE(a.bytes().data(), b.bytes().data());
  b.Append("more");
  EXPECT_EQ(a.size(), 5u);
  Listpack c;
  c = b;
  EXPECT_EQ(c.bytes(), b.bytes());
  c = c;  // self-assignment keeps the contents
  EXPECT_EQ(c.size(), 6u);
  const char* block = c.bytes().data();
  Listpack d(std::move(c));
  EXPECT_EQ(d.bytes().data(), block);
  Listpack e;
  e = std::move(d);
  EXPECT_EQ(e.bytes().data(), block);
  EXPECT_EQ(e.size(), 6u);
}

// Random operations checked against a vector model after every step: contents,
// validity, size and truthful allocation all hold throughout.
TEST(ListpackTest, RandomOperationsMatchAModel) {
  std::mt19937_64 rng(7);
  const std::string values[] = {"",
                                "0",
                                "-1",
                                "127",
                                "128",
                                "-4097",
                                "70000",
                                "01",
                                "abc",
                                std::string(70, 'q'),
                                std::string(5000, 'w'),
                                "-9223372036854775808",
                                "3000000000"};
  auto pick = [&]() -> const std::string& { return values[rng() % std::size(values)]; };
  Listpack lp;
  std::vector<std::string> model;
  for (int step = 0; step < 3000; ++step) {
    const size_t n = model.size();
    const size_t i = n == 0 ? 0 : rng() % n;
    switch (rng() % 8) {
      case 0: {
        const std::string v = pick();
        lp.InsertBefore(n == 0 ? Listpack::kEnd : lp.Seek(i), v);
        model.insert(model.begin() + (n == 0 ? 0 : i), v);
        break;
      }
      case 1:
        if (n > 0) {
          const std::string v = pick();
          lp.InsertAfter(lp.Seek(i), v);
          model.insert(model.begin() + i + 1, v);
        }
        break;
      case 2: {
        const std::string v = pick();
        lp.Append(v);
        model.push_back(v);
        break;
      }
      case 3:
        if (n > 0) {
          const std::string v = pick();
          lp.Replace(lp.Seek(i), v);
          model[i] = v;
        }
        break;
      case 4:
        if (n > 0) {
          lp.Delete(lp.Seek(-static_cast<int64_t>(n - i)));
          model.erase(model.begin() + i);
        }
        break;
      case 5:
        if (n > 0) {
          const size_t count = rng() % 4;
          const size_t gone = lp.DeleteRange(static_cast<int64_t>(i), count);
          EXPECT_EQ(gone, std::min(count, n - i));
          model.erase(model.begin() + i, model.begin() + i + gone);
        }
        break;
      case 6: {
        const std::vector<std::string_view> two = {pick(), pick()};
        lp.InsertManyBefore(n == 0 ? Listpack::kEnd : lp.Seek(i), two);
        model.insert(model.begin() + (n == 0 ? 0 : i), two.begin(), two.end());
        break;
      }
      default:
        if (n > 40) {
          lp.DeleteRange(0, n / 2);
          model.erase(model.begin(), model.begin() + n / 2);
        }
    }
    if (step % 50 == 0 || model.size() < 4) {
      ExpectConsistent(lp, model);
      if (testing::Test::HasFailure()) return;
    }
  }
  ExpectConsistent(lp, model);
}

// ---- Find

TEST(ListpackTest, FindComparesEveryOtherElementWithSkip) {
  Listpack hash;
  const std::vector<std::string_view> pairs = {
      "name", "value", "value", "x", "7", "7", "01", "1", "big", "-9223372036854775808"};
  hash.AppendMany(pairs);
  auto field = [&](std::string_view f) {
    const size_t p = hash.Find(f, hash.First(), 1);
    return p == Listpack::kEnd ? std::string("<none>") : hash.Get(hash.Next(p)).ToString();
  };
  EXPECT_EQ(field("name"), "value");
  EXPECT_EQ(field("value"), "x");   // the field, not the earlier value of the same text
  EXPECT_EQ(field("x"), "<none>");  // only a value
  EXPECT_EQ(field("7"), "7");
  EXPECT_EQ(field("01"), "1");  // a string field, not the integer 1
  EXPECT_EQ(field("1"), "<none>");
  EXPECT_EQ(field("-9223372036854775808"), "<none>");
  EXPECT_EQ(field("missing"), "<none>");
  // Without skip every element is compared; from a later start only later ones.
  EXPECT_EQ(hash.Find("x", hash.First()), hash.Seek(3));
  EXPECT_EQ(hash.Find("-9223372036854775808", hash.First()), hash.Seek(9));
  EXPECT_EQ(hash.Find("value", hash.Seek(2)), hash.Seek(2));
  EXPECT_EQ(hash.Find("name", hash.Seek(1)), Listpack::kEnd);
  EXPECT_EQ(hash.Find("name", Listpack::kEnd), Listpack::kEnd);
  // Longer strings (12- and 32-bit lengths) compare too.
  Listpack long_values;
  const std::string mid(300, 'm');
  const std::string big(5000, 'b');
  for (const std::string& v : {mid, big, std::string(300, 'n')}) long_values.Append(v);
  EXPECT_EQ(long_values.Find(big, long_values.First()), long_values.Seek(1));
  EXPECT_EQ(long_values.Find(std::string(300, 'n'), long_values.First()), long_values.Seek(2));
  EXPECT_EQ(long_values.Find(std::string(299, 'm'), long_values.First()), Listpack::kEnd);
}

// ---- The 65535 count

TEST(ListpackTest, CountBecomesUnknownAt65535AndAWalkRestoresIt) {
  Listpack lp;
  const std::vector<std::string_view> many(65534, "1");
  lp.AppendMany(many);
  EXPECT_EQ(HeaderCount(lp), 65534);
  lp.Append("1");
  EXPECT_EQ(HeaderCount(lp), Listpack::kUnknownCount);
  EXPECT_EQ(lp.size(), 65535u);  // a walk; still not representable
  EXPECT_EQ(HeaderCount(lp), Listpack::kUnknownCount);
  lp.Append("1");
  EXPECT_TRUE(Listpack::IsValid(lp.bytes()));
  // Deleting leaves an unknown count unknown (Redis's lpDelete)...
  lp.Delete(lp.First());
  lp.DeleteAt(lp.First(), 2);
  EXPECT_EQ(HeaderCount(lp), Listpack::kUnknownCount);
  // ...as does a range from the tail: with no count Redis walks instead of cutting.
  EXPECT_EQ(lp.DeleteRange(-3, 5), 3u);
  EXPECT_EQ(HeaderCount(lp), Listpack::kUnknownCount);
  // Seek goes by the index's sign when the count is unknown.
  EXPECT_EQ(lp.Seek(-65530), lp.First());
  EXPECT_EQ(lp.Seek(-65531), Listpack::kEnd);
  EXPECT_EQ(lp.Seek(65529), lp.Last());
  EXPECT_EQ(lp.Seek(65530), Listpack::kEnd);
  // The next walk finds 65530 and stores it, as Redis's lpLength.
  EXPECT_EQ(lp.size(), 65530u);
  EXPECT_EQ(HeaderCount(lp), 65530);
  EXPECT_TRUE(Listpack::IsValid(lp.bytes()));
  // A known count cutting to the tail becomes exact without a walk.
  EXPECT_EQ(lp.DeleteRange(100, 1'000'000), 65430u);
  EXPECT_EQ(HeaderCount(lp), 100);
}

TEST(ListpackTest, ConcatCapsTheCountAt65535) {
  Listpack a;
  a.AppendMany(std::vector<std::string_view>(40000, "x"));
  Listpack b(a);
  a.Concat(b);
  EXPECT_EQ(HeaderCount(a), Listpack::kUnknownCount);
  EXPECT_EQ(a.size(), 80000u);
  a.DeleteRange(0, 79000);
  EXPECT_EQ(a.size(), 1000u);
  EXPECT_EQ(HeaderCount(a), 1000);
}

// ---- Untrusted bytes

TEST(ListpackTest, FromBytesAcceptsWhatRedisAccepts) {
  // Encodings Redis never writes but reads: a 12-bit length for a short string, a
  // 64-bit int holding 5, a string entry of integer text, and an unknown count.
  const std::string odd = Unhex(HeaderHex(7 + 6 + 10 + 5, 3) + "e00361626305" +
                                "f4050000000000000009" + "8331323304" + "ff");
  std::optional<Listpack> lp = Listpack::FromBytes(odd);
  ASSERT_TRUE(lp.has_value());
  EXPECT_EQ(Contents(*lp), (std::vector<std::string>{"abc", "5", "123"}));
  EXPECT_EQ(lp->Find("123", lp->First()), lp->Seek(2));
  EXPECT_EQ(lp->Find("5", lp->First()), lp->Seek(1));
  std::string unknown = Unhex(kRedisHashFV);
  unknown[4] = unknown[5] = '\xff';
  EXPECT_TRUE(Listpack::FromBytes(unknown).has_value());
}

TEST(ListpackTest, FromBytesRejectsEachCorruptionShape) {
  const std::string good = Unhex(kRedisHashFV);  // 0d000000 0200 8166 02 8176 02 ff
  ASSERT_TRUE(Listpack::IsValid(good));
  auto with = [&](size_t at, char byte) {
    std::string s = good;
    s[at] = byte;
    return s;
  };
  const std::string bad[] = {
      "",
      good.substr(0, 6),
      with(0, '\x0e'),                  // total bytes too large
      with(0, '\x0c'),                  // total bytes too small
      with(12, '\x00'),                 // no terminator
      with(4, '\x03'),                  // count says 3
      with(4, '\x01'),                  // count says 1
      with(8, '\x03'),                  // backlen disagrees
      with(8, '\x82'),                  // backlen runs on backwards
      with(6, '\xf5'),                  // unused encoding
      with(6, '\xff'),                  // terminator too early
      with(6, '\x83'),                  // string runs past its entry
      with(9, '\xbf'),                  // string runs past the end
      with(9, '\xe0'),                  // 12-bit length cut by the end
      with(9, '\xf0'),                  // 32-bit length cut by the end
      with(9, '\xf4'),                  // 64-bit int cut by the end
      good.substr(0, 12) + "\xff\xff",  // a byte past total bytes
      // A 32-bit length of 4 GiB must not wrap.
      Unhex(HeaderHex(7 + 6, 1) + "f0ffffffff01ff"),
      // A backlen whose continuation bits run on for more than five bytes.
      Unhex(HeaderHex(7 + 7, 1) + "85818181818181ff"),
  };
  for (const std::string& s : bad) {
    EXPECT_FALSE(Listpack::FromBytes(s).has_value()) << Hex(s);
  }
}

// Every truncation and many single-byte corruptions of a listpack holding every
// encoding: none may crash (ASan checks the reads), and whatever is accepted must read
// through every API consistently.
TEST(ListpackTest, FromBytesSurvivesTruncationAndFlips) {
  Listpack all = Listpack::FromBytes(Unhex(kRedisHashInts)).value();
  all.Append(std::string(200, 'm'));
  all.Append(std::string(4100, 'L'));
  const std::string good(all.bytes());
  for (size_t len = 0; len < good.size(); ++len) {
    std::string cut = good.substr(0, len);
    if (len >= 4) {
      // Keep total bytes truthful, so that only the entries are wrong.
      cut[0] = static_cast<char>(len);
      cut[1] = static_cast<char>(len >> 8);
    }
    EXPECT_FALSE(Listpack::FromBytes(cut).has_value()) << len;
  }
  size_t accepted = 0;
  for (size_t at = 0; at < 300 && at < good.size(); ++at) {
    for (unsigned mask : {0x01u, 0x02u, 0x04u, 0x08u, 0x10u, 0x20u, 0x40u, 0x80u, 0xFFu}) {
      std::string s = good;
      s[at] = static_cast<char>(s[at] ^ mask);
      std::optional<Listpack> lp = Listpack::FromBytes(s);
      if (!lp) continue;
      ++accepted;
      const std::vector<std::string> got = Contents(*lp);
      ASSERT_EQ(ContentsBackward(*lp), got) << at << " " << mask;
      ASSERT_EQ(lp->size(), got.size());
      ASSERT_EQ(lp->bytes(), s);
    }
  }
  // Flips inside data and integer bytes are legitimate listpacks.
  EXPECT_GT(accepted, 0u);
}

// ---- Sizes

TEST(ListpackTest, EntryBytesPredictsGrowth) {
  Listpack lp;
  for (const std::string& v :
       {std::string("x"), std::string("12"), std::string(63, 'a'), std::string(64, 'a'),
        std::string(4096, 'a'), std::string("-70000"), std::string("3000000000")}) {
    const size_t before = lp.bytes_size();
    lp.Append(v);
    EXPECT_EQ(lp.bytes_size() - before, Listpack::EntryBytes(v)) << v.size();
  }
  EXPECT_TRUE(Listpack::SafeToAdd(0, Listpack::kMaxSafeBytes));
  EXPECT_FALSE(Listpack::SafeToAdd(1, Listpack::kMaxSafeBytes));
  EXPECT_TRUE(Listpack::SafeToAdd(Listpack::kMaxSafeBytes - 10, 10));
  EXPECT_FALSE(Listpack::SafeToAdd(Listpack::kMaxSafeBytes - 10, 11));
  EXPECT_FALSE(Listpack::SafeToAdd(100, SIZE_MAX - 50));  // no wrap-around
}

TEST(ListpackTest, BlockShrinksWithTheContents) {
  Listpack lp;
  lp.AppendMany(std::vector<std::string_view>(2000, "some-value"));
  const size_t big = lp.AllocatedBytes();
  EXPECT_GE(big, lp.bytes_size());
  lp.DeleteRange(10, 5000);
  EXPECT_LT(lp.AllocatedBytes(), big / 10);
  EXPECT_EQ(lp.AllocatedBytes(), alloc::GoodSize(lp.bytes_size()));
}

}  // namespace
}  // namespace ringdb::types
