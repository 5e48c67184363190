#include "bench/loadgen/request_template.h"

#include <gtest/gtest.h>

#include <string>

namespace ringdb::loadgen {
namespace {

TEST(LoadgenRequestTemplateTest, EncodesRespAndPatchesKeysInPlace) {
  RequestTemplate tmpl;
  std::string error;
  ASSERT_TRUE(BuildTemplate("HSET  h:__key__ f:__key__ __data__", 4, &tmpl, &error)) << error;
  EXPECT_EQ(tmpl.label, "HSET");
  EXPECT_EQ(tmpl.bytes,
            "*4\r\n$4\r\nHSET\r\n$14\r\nh:000000000000\r\n$14\r\nf:000000000000\r\n"
            "$4\r\nxxxx\r\n");
  std::string out(tmpl.bytes.size(), '?');
  EXPECT_EQ(WriteRequest(tmpl, 42, out.data()), tmpl.bytes.size());
  EXPECT_EQ(out,
            "*4\r\n$4\r\nHSET\r\n$14\r\nh:000000000042\r\n$14\r\nf:000000000042\r\n"
            "$4\r\nxxxx\r\n");
  WriteRequest(tmpl, 999999999999, out.data());
  EXPECT_NE(out.find("h:999999999999"), std::string::npos);
}

TEST(LoadgenRequestTemplateTest, BuiltinsAndEmptyCommands) {
  RequestTemplate tmpl;
  std::string error;
  ASSERT_TRUE(BuildTemplate(BuiltinCommand("ping"), 3, &tmpl, &error));
  EXPECT_EQ(tmpl.bytes, "*1\r\n$4\r\nPING\r\n");
  EXPECT_TRUE(tmpl.key_offsets.empty());
  EXPECT_EQ(BuiltinCommand("nosuch"), nullptr);
  EXPECT_FALSE(BuildTemplate("   ", 3, &tmpl, &error));
}

}  // namespace
}  // namespace ringdb::loadgen
