#include "io/listener.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <gtest/gtest.h>

namespace ringdb::io {
namespace {

TEST(ListenerTest, FormatsAddressesLikeRedisClientList) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  v4.sin_port = htons(53422);
  inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr);
  EXPECT_EQ(FormatSocketAddress(reinterpret_cast<sockaddr*>(&v4)), "127.0.0.1:53422");
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  v6.sin6_port = htons(6379);
  inet_pton(AF_INET6, "::1", &v6.sin6_addr);
  EXPECT_EQ(FormatSocketAddress(reinterpret_cast<sockaddr*>(&v6)), "::1:6379");
}

TEST(ListenerTest, ParsesWildcardsAndOptionalMarks) {
  BindAddress address;
  std::string error;
  ASSERT_EQ(ParseBindAddress("*", 6379, &address, &error), ListenResult::kOk);
  EXPECT_EQ(address.text, "*");
  EXPECT_FALSE(address.optional);
  EXPECT_EQ(FormatSocketAddress(reinterpret_cast<sockaddr*>(&address.addr)), "0.0.0.0:6379");

  ASSERT_EQ(ParseBindAddress("-::*", 6380, &address, &error), ListenResult::kOk);
  EXPECT_TRUE(address.optional);
  EXPECT_EQ(address.text, "::*");
  EXPECT_EQ(FormatSocketAddress(reinterpret_cast<sockaddr*>(&address.addr)), ":::6380");

  ASSERT_EQ(ParseBindAddress("-::1", 1, &address, &error), ListenResult::kOk);
  EXPECT_TRUE(address.optional);
  EXPECT_EQ(address.addr.ss_family, AF_INET6);
}

TEST(ListenerTest, UnresolvableNamesFailUnlessOptional) {
  BindAddress address;
  std::string error;
  EXPECT_EQ(ParseBindAddress("-no.such.host.invalid", 1, &address, &error),
            ListenResult::kSkipped);
  EXPECT_EQ(ParseBindAddress("no.such.host.invalid", 1, &address, &error),
            ListenResult::kFailed);
  EXPECT_EQ(error.rfind("Could not create server TCP listening socket no.such.host.invalid:1: ",
                        0),
            0u)
      << error;
}

TEST(ListenerTest, OpensOneReusePortSocketPerLoop) {
  BindAddress address;
  std::string error;
  ASSERT_EQ(ParseBindAddress("127.0.0.1", 0, &address, &error), ListenResult::kOk);
  // Port 0 with SO_REUSEPORT would give each socket its own port; use a real one.
  int probe = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_EQ(bind(probe, reinterpret_cast<sockaddr*>(&address.addr), address.addr_len), 0);
  socklen_t len = address.addr_len;
  getsockname(probe, reinterpret_cast<sockaddr*>(&address.addr), &len);
  int port = ntohs(reinterpret_cast<sockaddr_in*>(&address.addr)->sin_port);
  close(probe);
  std::vector<int> fds;
  ASSERT_EQ(OpenListenGroup(address, port, 16, 3, &fds, &error), ListenResult::kOk) << error;
  EXPECT_EQ(fds.size(), 3u);
  for (int fd : fds) close(fd);
}

}  // namespace
}  // namespace ringdb::io
