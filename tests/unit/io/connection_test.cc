// Connection's buffer figures, as OnBufferSizes reports them to the handler.
#include "io/connection.h"

#include <gtest/gtest.h>

#include <string>

namespace ringdb::io {
namespace {

TEST(ConnectionTest, FreshConnectionHoldsNoBufferMemory) {
  Connection conn;
  const BufferSizes sizes = conn.buffer_sizes();
  EXPECT_EQ(sizes.input_bytes, 0u);
  EXPECT_EQ(sizes.input_capacity, 0u);  // the inline buffer is no allocation
  EXPECT_EQ(sizes.output_bytes, 0u);
  EXPECT_EQ(sizes.output_capacity, 0u);
}

TEST(ConnectionTest, CountsUnconsumedInputAndBothOutputHalves) {
  Connection conn;
  conn.input.assign(1000, 'i');
  conn.input_pos = 400;
  conn.output.assign(3000, 'o');
  conn.sending.assign(2000, 's');
  conn.sending_pos = 500;
  const BufferSizes sizes = conn.buffer_sizes();
  EXPECT_EQ(sizes.input_bytes, 600u);
  EXPECT_EQ(sizes.input_capacity, conn.input.capacity());
  EXPECT_EQ(sizes.output_bytes, 3000u + 1500u);
  EXPECT_EQ(sizes.output_capacity, conn.output.capacity() + conn.sending.capacity());
}

}  // namespace
}  // namespace ringdb::io
