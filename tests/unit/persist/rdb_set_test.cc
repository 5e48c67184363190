// Set values in RDB encoding: Redis 7.0's bytes, loading into the encoding Redis would
// give, and refusal of every corrupt shape.
#include "persist/rdb_set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "persist/rdb_types.h"

namespace ringdb::persist {
namespace {

using types::Encoding;
using types::EncodingLimits;
using types::SetMember;
using types::SetValue;

std::string Body(const SetValue& s) {
  std::string out;
  AppendRdbSet(s, &out);
  return out;
}

// Reads a whole body (type byte first); null unless it parsed and used every byte.
std::unique_ptr<SetValue> Read(std::string_view body, const EncodingLimits& limits = {}) {
  if (body.empty()) return nullptr;
  size_t pos = 1;
  std::unique_ptr<SetValue> s(
      ReadRdbSet(static_cast<uint8_t>(body[0]), body, &pos, limits));
  if (s != nullptr && pos != body.size()) return nullptr;
  return s;
}

std::vector<std::string> SortedMembers(const SetValue& s) {
  std::vector<std::string> out;
  s.ForEach([&](const SetMember& m) { out.push_back(m.ToString()); });
  std::sort(out.begin(), out.end());
  return out;
}

SetValue Make(std::initializer_list<const char*> members, int64_t max_intset = 512) {
  SetValue s;
  for (const char* m : members) s.Add(m, max_intset);
  return s;
}

TEST(RdbSetTest, IntsetIsItsBlobAsAString) {
  // DUMP of SADD k 1 2 3 from redis-server 7.0, without the footer.
  EXPECT_EQ(Body(Make({"3", "1", "2"})),
            std::string("\x0b\x0e\x02\x00\x00\x00\x03\x00\x00\x00\x01\x00\x02\x00\x03\x00", 16));
}

TEST(RdbSetTest, HashtableIsACountAndMembers) {
  // DUMP of a one-member hashtable set "hello"; integers use RDB's int encoding.
  EXPECT_EQ(Body(Make({"hello"})), std::string("\x02\x01\x05hello", 8));
  EXPECT_EQ(Body(Make({"12"}, 0)), std::string("\x02\x01\xc0\x0c", 4));
}

TEST(RdbSetTest, RoundTripsBothEncodings) {
  for (int64_t limit : {int64_t{512}, int64_t{0}}) {
    SetValue s;
    for (int i = -300; i < 300; i += 7) s.Add(std::to_string(i * 1000), limit);
    EncodingLimits limits;
    limits.set_max_intset_entries = limit;
    std::unique_ptr<SetValue> back = Read(Body(s), limits);
    ASSERT_NE(back, nullptr);
    EXPECT_EQ(back->encoding(), s.encoding());
    EXPECT_EQ(SortedMembers(*back), SortedMembers(s));
  }
  SetValue mixed = Make({"a", "1", std::string(100, 'z').c_str(), ""});
  std::unique_ptr<SetValue> back = Read(Body(mixed));
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(back->encoding(), Encoding::kHashtable);
  EXPECT_EQ(SortedMembers(*back), SortedMembers(mixed));
}

TEST(RdbSetTest, LoadsIntoTheEncodingOfTheCurrentLimits) {
  EncodingLimits two;
  two.set_max_intset_entries = 2;
  // An intset blob past the limit becomes a hashtable.
  std::unique_ptr<SetValue> s = Read(Body(Make({"1", "2", "3"})), two);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->encoding(), Encoding::kHashtable);
  // A type-2 set of few integers becomes an intset.
  s = Read(Body(Make({"1", "2"}, 0)));
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->encoding(), Encoding::kIntset);
  s = Read(Body(Make({"1", "2", "3"}, 0)), two);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->encoding(), Encoding::kHashtable);
}

TEST(RdbSetTest, KeepsAWiderIntsetWidth) {
  SetValue s = Make({"1", "5000000000"});
  s.Remove("5000000000");
  const std::string body = Body(s);
  std::unique_ptr<SetValue> back = Read(body);
  ASSERT_NE(back, nullptr);
  ASSERT_NE(back->intset(), nullptr);
  EXPECT_EQ(back->intset()->width(), 8u);
  EXPECT_EQ(Body(*back), body);
}

TEST(RdbSetTest, RefusesEveryTruncation) {
  for (const std::string& body :
       {Body(Make({"1", "2", "3"})), Body(Make({"a", "bb", "ccc"})), Body(Make({"1", "2"}, 0))}) {
    for (size_t len = 1; len < body.size(); ++len) {
      EXPECT_EQ(Read(body.substr(0, len)), nullptr) << len;
    }
  }
}

TEST(RdbSetTest, RefusesCorruptShapes) {
  const std::vector<std::string> bad = {
      std::string("\x02\x00", 2),                        // no members
      std::string("\x02\x02\x01" "a\x01" "a", 6),        // duplicate member
      std::string("\x02\x02\xc0\x01\xc0\x01", 6),        // duplicate while an intset
      std::string("\x02\x80\x7f\xff\xff\xff\x01" "a", 8),  // count far past the bytes
      std::string("\x0b\x08\x02\x00\x00\x00\x00\x00\x00\x00", 10),  // empty intset
      std::string("\x0b\x0b\x03\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00", 13),  // width 3
      // Out of order, and a duplicate: Redis's deep check refuses both.
      std::string("\x0b\x0c\x02\x00\x00\x00\x02\x00\x00\x00\x02\x00\x01\x00", 14),
      std::string("\x0b\x0c\x02\x00\x00\x00\x02\x00\x00\x00\x01\x00\x01\x00", 14),
      std::string("\x0b\x0a\x02\x00\x00\x00\x02\x00\x00\x00\x01\x00", 12),  // short
      std::string("\x0b\x03" "123", 5),                  // too short for a header
  };
  for (const std::string& body : bad) EXPECT_EQ(Read(body), nullptr);
  EXPECT_FALSE(IsRdbSetType(20));  // Redis 7.2's listpack set: 7.0 refuses it
  EXPECT_TRUE(IsRdbSetType(rdb_type::kSet));
  EXPECT_TRUE(IsRdbSetType(rdb_type::kSetIntset));
}

}  // namespace
}  // namespace ringdb::persist
