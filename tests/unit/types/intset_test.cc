#include "types/intset.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "alloc/memory.h"

namespace ringdb::types {
namespace {

std::string FromHex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

Intset Of(std::initializer_list<int64_t> values) {
  Intset s;
  for (int64_t v : values) s.Add(v);
  return s;
}

std::vector<int64_t> Elements(const Intset& s) {
  std::vector<int64_t> out;
  for (size_t i = 0; i < s.size(); ++i) out.push_back(s.Get(i));
  return out;
}

// Intset blobs read off Debian's redis-server 7.0.15 with `CONFIG SET rdbcompression no`
// and `DUMP key`. A DUMP payload is [type 11][RDB string length][blob][RDB version 10 as
// u16][CRC64]; the blob is the intset exactly as Redis holds it.
struct RedisFixture {
  const char* commands;
  std::vector<int64_t> adds;
  std::vector<int64_t> removes;
  const char* blob_hex;
};

const RedisFixture kRedisFixtures[] = {
    {"SADD s 1 2 3", {1, 2, 3}, {}, "0200000003000000010002000300"},
    {"SADD s16 -32768 32767 0", {-32768, 32767, 0}, {}, "020000000300000000800000ff7f"},
    {"SADD s32 -32769 5 2147483647",
     {-32769, 5, 2147483647},
     {},
     "0400000003000000ff7fffff05000000ffffff7f"},
    {"SADD s64 -9223372036854775808 9223372036854775807 2147483648",
     {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), 2147483648},
     {},
     "080000000300000000000000000000800000008000000000ffffffffffffff7f"},
    {"SADD mix -70000 -1 0 1 300 70000",
     {-70000, -1, 0, 1, 300, 70000},
     {},
     "040000000600000090eefeffffffffff00000000010000002c01000070110100"},
    // Width never narrows: removing the only wide value keeps 4 (and 8) bytes.
    {"SADD up 1 2 3 65536; SREM up 65536",
     {1, 2, 3, 65536},
     {65536},
     "0400000003000000010000000200000003000000"},
    {"SADD up64 5; SADD up64 4294967296; SREM up64 4294967296",
     {5, 4294967296},
     {4294967296},
     "08000000010000000500000000000000"},
};

TEST(IntsetTest, EmptySetIsARedisHeaderAndHoldsNoBlock) {
  Intset s;
  EXPECT_EQ(s.size(), 0u);
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.width(), 2u);
  EXPECT_EQ(ToHex(s.bytes()), "0200000000000000");
  EXPECT_EQ(s.AllocatedBytes(), 0u);
  EXPECT_FALSE(s.Contains(0));
  EXPECT_FALSE(s.Remove(0));
}

TEST(IntsetTest, AddRemoveContainsKeepSortedDistinct) {
  Intset s;
  EXPECT_TRUE(s.Add(5));
  EXPECT_TRUE(s.Add(-3));
  EXPECT_TRUE(s.Add(100));
  EXPECT_TRUE(s.Add(7));
  EXPECT_FALSE(s.Add(5));
  EXPECT_EQ(Elements(s), (std::vector<int64_t>{-3, 5, 7, 100}));
  EXPECT_TRUE(s.Contains(7));
  EXPECT_FALSE(s.Contains(6));
  EXPECT_EQ(s.Min(), -3);
  EXPECT_EQ(s.Max(), 100);
  EXPECT_TRUE(s.Remove(5));
  EXPECT_FALSE(s.Remove(5));
  EXPECT_EQ(Elements(s), (std::vector<int64_t>{-3, 7, 100}));
}

TEST(IntsetTest, BytesMatchRedisDumps) {
  for (const RedisFixture& f : kRedisFixtures) {
    // The same set however the values arrive.
    for (bool reversed : {false, true}) {
      std::vector<int64_t> adds = f.adds;
      if (reversed) std::reverse(adds.begin(), adds.end());
      Intset s;
      for (int64_t v : adds) ASSERT_TRUE(s.Add(v));
      for (int64_t v : f.removes) ASSERT_TRUE(s.Remove(v));
      EXPECT_EQ(ToHex(s.bytes()), f.blob_hex) << f.commands;
      std::optional<Intset> parsed = Intset::FromBytes(s.bytes());
      ASSERT_TRUE(parsed.has_value()) << f.commands;
      EXPECT_EQ(parsed->bytes(), s.bytes());
    }
  }
}

// The full DUMP payloads, so the framing around the blob is checked once too.
TEST(IntsetTest, BlobIsWhatRedisDumpCarries) {
  // SADD s 1 2 3; DUMP s
  std::string dump = FromHex("0b0e02000000030000000100020003000a00a5025ce26d6e4d1b");
  EXPECT_EQ(static_cast<uint8_t>(dump[0]), 11);  // RDB_TYPE_SET_INTSET
  EXPECT_EQ(static_cast<uint8_t>(dump[1]), 14);  // 6-bit RDB string length
  EXPECT_EQ(dump.substr(2, 14), Of({3, 1, 2}).bytes());

  // CONFIG SET rdbcompression no; SADD big 0 7 14 ... 693 (100 values); DUMP big
  std::string big = FromHex(
      "0b40d00200000064000000000007000e0015001c0023002a00310038003f0046004d0054005b006200"
      "6900700077007e0085008c0093009a00a100a800af00b600bd00c400cb00d200d900e000e700ee00f5"
      "00fc0003010a01110118011f0126012d0134013b0142014901500157015e0165016c0173017a018101"
      "88018f0196019d01a401ab01b201b901c001c701ce01d501dc01e301ea01f101f801ff0106020d0214"
      "021b0222022902300237023e0245024c0253025a02610268026f0276027d0284028b0292029902a002"
      "a702ae02b5020a0001bbceaf819af8fa");
  ASSERT_EQ(static_cast<uint8_t>(big[1]), 0x40);  // 14-bit length: 0x00d0 = 208
  Intset s;
  for (int64_t v = 693; v >= 0; v -= 7) s.Add(v);
  EXPECT_EQ(ToHex(big.substr(3, 208)), ToHex(s.bytes()));
}

struct Boundary {
  int64_t value;
  uint32_t width;
};

TEST(IntsetTest, WidthForBoundaries) {
  const Boundary cases[] = {
      {0, 2},
      {32767, 2},
      {32768, 4},
      {-32768, 2},
      {-32769, 4},
      {2147483647, 4},
      {2147483648, 8},
      {-2147483648LL, 4},
      {-2147483649LL, 8},
      {std::numeric_limits<int64_t>::max(), 8},
      {std::numeric_limits<int64_t>::min(), 8},
  };
  for (const Boundary& c : cases) {
    EXPECT_EQ(Intset::WidthFor(c.value), c.width) << c.value;
    // A set of small values takes the value at exactly its width, at the right end.
    Intset s = Of({-2, -1, 1, 2});
    ASSERT_TRUE(s.Add(c.value));
    EXPECT_EQ(s.width(), c.width) << c.value;
    EXPECT_TRUE(s.Contains(c.value));
    std::vector<int64_t> want = {-2, -1, 1, 2, c.value};
    std::sort(want.begin(), want.end());
    EXPECT_EQ(Elements(s), want) << c.value;
    EXPECT_EQ(s.bytes().size(), Intset::kHeaderBytes + 5 * c.width);
  }
}

TEST(IntsetTest, UpgradesStraightFromTwoToEightBytesAtEitherEnd) {
  Intset s = Of({10, 20, 30});
  ASSERT_TRUE(s.Add(std::numeric_limits<int64_t>::min()));
  EXPECT_EQ(s.width(), 8u);
  EXPECT_EQ(Elements(s), (std::vector<int64_t>{std::numeric_limits<int64_t>::min(), 10, 20, 30}));
  ASSERT_TRUE(s.Add(std::numeric_limits<int64_t>::max()));
  EXPECT_EQ(s.Max(), std::numeric_limits<int64_t>::max());
  EXPECT_FALSE(s.Add(std::numeric_limits<int64_t>::max()));
  EXPECT_EQ(s.size(), 5u);
}

TEST(IntsetTest, NeverNarrows) {
  Intset s = Of({1, 70000});
  ASSERT_TRUE(s.Remove(70000));
  EXPECT_EQ(s.width(), 4u);
  ASSERT_TRUE(s.Remove(1));
  EXPECT_EQ(s.width(), 4u);
  EXPECT_EQ(ToHex(s.bytes()), "0400000000000000");
  s.Clear();
  EXPECT_EQ(s.width(), 4u);
  ASSERT_TRUE(s.Add(3));
  EXPECT_EQ(ToHex(s.bytes()), "040000000100000003000000");
}

TEST(IntsetTest, WideValuesAreNeverInANarrowSet) {
  Intset s = Of({1, 2});
  EXPECT_FALSE(s.Contains(int64_t{1} << 40));
  EXPECT_FALSE(s.Remove(int64_t{1} << 40));
  EXPECT_FALSE(s.Contains(65536 + 1));  // truncated to 16 bits this would be 1
  EXPECT_EQ(s.width(), 2u);
}

TEST(IntsetTest, RandomPicksByIndex) {
  Intset s = Of({4, 8, 15, 16, 23, 42});
  std::set<int64_t> seen;
  for (uint64_t r = 0; r < 60; ++r) seen.insert(s.Random(r));
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_EQ(s.Random(0), 4);
  EXPECT_EQ(s.Random(7), 8);
  EXPECT_EQ(s.Random(~uint64_t{0}), s.Get(~uint64_t{0} % 6));
}

TEST(IntsetTest, CopyAndMove) {
  Intset a = Of({1, 2, 100000});
  Intset b = a;
  EXPECT_EQ(b.bytes(), a.bytes());
  EXPECT_NE(b.bytes().data(), a.bytes().data());
  b.Add(7);
  EXPECT_EQ(a.size(), 3u);
  Intset c = std::move(b);
  EXPECT_EQ(c.size(), 4u);
  EXPECT_EQ(b.size(), 0u);  // NOLINT(bugprone-use-after-move): moved-from is empty
  EXPECT_EQ(b.width(), 2u);
  EXPECT_EQ(b.AllocatedBytes(), 0u);
  b = c;
  EXPECT_EQ(b.bytes(), c.bytes());
  c = std::move(a);
  EXPECT_EQ(Elements(c), (std::vector<int64_t>{1, 2, 100000}));
  c = c;  // self-assignment keeps the set
  EXPECT_EQ(c.size(), 3u);
  Intset empty;
  c = empty;
  EXPECT_EQ(c.size(), 0u);
  EXPECT_EQ(c.AllocatedBytes(), 0u);
}

// The block is always the size class of the blob: no slack kept from larger sets.
TEST(IntsetTest, BlockIsTheSizeClassOfTheBlob) {
  int64_t before = alloc::KeyspaceMemory();
  {
    Intset s;
    std::mt19937_64 rng(7);
    for (int i = 0; i < 3000; ++i) {
      int64_t v = static_cast<int64_t>(rng() % 400) - 200;
      if (rng() % 3 == 0) {
        s.Remove(v);
      } else {
        s.Add(v);
      }
      if (s.AllocatedBytes() != 0) {
        ASSERT_EQ(s.AllocatedBytes(), alloc::GoodSize(s.bytes().size())) << i;
      }
      ASSERT_EQ(alloc::KeyspaceMemory() - before, static_cast<int64_t>(s.AllocatedBytes()));
    }
  }
  EXPECT_EQ(alloc::KeyspaceMemory(), before);
}

// Random operations over ranges that cross every width, checked against std::set.
TEST(IntsetTest, MatchesAReferenceSetUnderRandomOperations) {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 20; ++round) {
    Intset s;
    std::set<int64_t> ref;
    for (int i = 0; i < 2000; ++i) {
      int shift = static_cast<int>(rng() % 4) * 16;  // values of 2..8 bytes
      int64_t v = static_cast<int64_t>(rng() % 64) << shift;
      if (rng() % 2) v = -v;
      if (rng() % 4 == 0) {
        ASSERT_EQ(s.Remove(v), ref.erase(v) == 1);
      } else {
        ASSERT_EQ(s.Add(v), ref.insert(v).second);
      }
      ASSERT_EQ(s.Contains(v), ref.count(v) == 1);
    }
    ASSERT_EQ(Elements(s), std::vector<int64_t>(ref.begin(), ref.end()));
    uint32_t want_width = 2;
    for (int64_t v : ref) want_width = std::max(want_width, Intset::WidthFor(v));
    EXPECT_LE(want_width, s.width());
    if (!s.empty()) {
      std::optional<Intset> parsed = Intset::FromBytes(s.bytes());
      ASSERT_TRUE(parsed.has_value());
      EXPECT_EQ(Elements(*parsed), Elements(s));
    }
  }
}

// --- FromBytes on untrusted bytes: one test per failure shape.

std::string Blob(uint32_t encoding, uint32_t length, std::string_view elements) {
  std::string out(8, '\0');
  for (int i = 0; i < 4; ++i) {
    out[i] = static_cast<char>(encoding >> (8 * i));
    out[4 + i] = static_cast<char>(length >> (8 * i));
  }
  out.append(elements);
  return out;
}

TEST(IntsetTest, FromBytesRejectsAShortHeader) {
  std::string valid(Of({1, 2}).bytes());
  for (size_t n = 0; n < Intset::kHeaderBytes; ++n) {
    EXPECT_FALSE(Intset::FromBytes(valid.substr(0, n)).has_value()) << n;
  }
}

TEST(IntsetTest, FromBytesRejectsBadEncodings) {
  for (uint32_t enc : {0u, 1u, 3u, 5u, 16u, 0x02000000u, 0xFFFFFFFFu}) {
    EXPECT_FALSE(Intset::FromBytes(Blob(enc, 1, std::string(enc <= 16 ? enc : 2, '\1')))) << enc;
  }
}

TEST(IntsetTest, FromBytesRejectsAnEmptySet) {
  // Redis 7.0.15 answers "Bad data format" to RESTORE of an empty intset.
  EXPECT_FALSE(Intset::FromBytes(Blob(2, 0, "")).has_value());
  EXPECT_FALSE(Intset::FromBytes(Intset().bytes()).has_value());
}

TEST(IntsetTest, FromBytesRejectsLengthMismatches) {
  std::string two = FromHex("05000600");  // int16 5, 6
  EXPECT_TRUE(Intset::FromBytes(Blob(2, 2, two)).has_value());
  EXPECT_FALSE(Intset::FromBytes(Blob(2, 3, two)).has_value());
  EXPECT_FALSE(Intset::FromBytes(Blob(2, 1, two)).has_value());
  EXPECT_FALSE(Intset::FromBytes(Blob(2, 2, two + "\x07")).has_value());
  EXPECT_FALSE(Intset::FromBytes(Blob(2, 2, two.substr(0, 3))).has_value());
  EXPECT_FALSE(Intset::FromBytes(Blob(4, 2, two)).has_value());
  // A length whose product would wrap in 32 bits.
  EXPECT_FALSE(Intset::FromBytes(Blob(8, 0x20000000, two)).has_value());
  EXPECT_FALSE(Intset::FromBytes(Blob(8, 0xFFFFFFFF, two)).has_value());
}

TEST(IntsetTest, FromBytesRejectsDuplicatesAndDisorder) {
  EXPECT_FALSE(Intset::FromBytes(Blob(2, 2, FromHex("05000500"))).has_value());
  EXPECT_FALSE(Intset::FromBytes(Blob(2, 2, FromHex("06000500"))).has_value());
  EXPECT_FALSE(Intset::FromBytes(Blob(4, 3, FromHex("010000000300000002000000"))).has_value());
  // Signed order: -1 (ffff) sorts before 1.
  EXPECT_TRUE(Intset::FromBytes(Blob(2, 2, FromHex("ffff0100"))).has_value());
  EXPECT_FALSE(Intset::FromBytes(Blob(2, 2, FromHex("0100ffff"))).has_value());
}

TEST(IntsetTest, FromBytesAcceptsAWiderEncodingThanNeeded) {
  // Redis accepts this too (RESTORE with sanitize-dump-payload yes), and keeps the width.
  std::optional<Intset> s = Intset::FromBytes(Blob(4, 2, FromHex("0100000002000000")));
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->width(), 4u);
  EXPECT_EQ(Elements(*s), (std::vector<int64_t>{1, 2}));
  EXPECT_TRUE(s->Add(3));
  EXPECT_EQ(s->width(), 4u);
}

// Every single-bit flip and every truncation of a valid blob is either rejected or
// parses into a valid set: never a crash or an out-of-bounds read.
TEST(IntsetTest, FromBytesSurvivesFlipsAndTruncations) {
  const std::string valid(Of({-70000, -1, 0, 1, 300, 70000}).bytes());
  for (size_t n = 0; n < valid.size(); ++n) {
    EXPECT_FALSE(Intset::FromBytes(valid.substr(0, n)).has_value()) << n;
  }
  for (size_t i = 0; i < valid.size() * 8; ++i) {
    std::string bad = valid;
    bad[i / 8] = static_cast<char>(bad[i / 8] ^ (1 << (i % 8)));
    std::optional<Intset> s = Intset::FromBytes(bad);
    if (i / 8 < Intset::kHeaderBytes) {
      EXPECT_FALSE(s.has_value()) << i;  // any header flip breaks encoding or length
      continue;
    }
    if (!s.has_value()) continue;
    std::vector<int64_t> e = Elements(*s);
    EXPECT_TRUE(std::is_sorted(e.begin(), e.end()));
    EXPECT_EQ(std::adjacent_find(e.begin(), e.end()), e.end());
  }
}

}  // namespace
}  // namespace ringdb::types
