#include "persist/dump_payload.h"

#include <gtest/gtest.h>

#include <string>

#include "persist/crc64.h"
#include "types/entry.h"

namespace ringdb::persist {
namespace {

using types::Entry;

std::string DumpOf(std::string_view value) {
  Entry* e = Entry::NewString("k", value, types::ChooseStringEncoding(value), types::kNoExpire);
  std::string payload = DumpValue(*e);
  Entry::Destroy(e);
  return payload;
}

// Re-signs a payload whose body was edited.
void Resign(std::string* p) {
  const uint64_t sum = Crc64(0, std::string_view(*p).substr(0, p->size() - 8));
  for (int i = 0; i < 8; ++i) (*p)[p->size() - 8 + i] = static_cast<char>(sum >> (8 * i));
}

TEST(DumpPayloadTest, MatchesRedisBytes) {
  // DUMP of "hello" from redis-server 7.0.
  EXPECT_EQ(DumpOf("hello"),
            std::string("\x00\x05hello\x0a\x00\x63\x72\xdf\x76\x65\x34\x20\x0a", 17));
}

TEST(DumpPayloadTest, RoundTrips) {
  for (const std::string& v : {std::string(), std::string("hello"), std::string("12345"),
                               std::string(1000, 'q'), std::string("\0\xff", 2)}) {
    RdbValue out;
    EXPECT_EQ(RestoreValue(DumpOf(v), {}, &out), PayloadStatus::kOk);
    EXPECT_EQ(out.type(), types::ValueType::kString);
    EXPECT_EQ(out.str(), v);
  }
}

TEST(DumpPayloadTest, RefusesBadFootersAndBodies) {
  RdbValue out;
  std::string p = DumpOf("hello");
  EXPECT_EQ(RestoreValue("", {}, &out), PayloadStatus::kVersionOrChecksum);
  EXPECT_EQ(RestoreValue("short", {}, &out), PayloadStatus::kVersionOrChecksum);
  std::string crc = p;
  crc.back() ^= 1;
  EXPECT_EQ(RestoreValue(crc, {}, &out), PayloadStatus::kVersionOrChecksum);
  std::string newer = p;
  newer[newer.size() - 10] = kRdbVersion + 1;
  EXPECT_EQ(RestoreValue(newer, {}, &out), PayloadStatus::kVersionOrChecksum);
  // An unknown type byte (a module type, 7), correctly signed.
  std::string unknown = DumpOf("x");
  unknown[0] = 7;
  Resign(&unknown);
  EXPECT_EQ(RestoreValue(unknown, {}, &out), PayloadStatus::kBadFormat);
}

}  // namespace
}  // namespace ringdb::persist
