// TCP listening sockets and socket-address text, the way Redis spells them.
//
// Every loop owns one SO_REUSEPORT socket per bind address, so the kernel spreads
// new connections over the loops without any hand-off between threads.
//
// Thread: the functions are pure or act only on the descriptors they create; any
// thread may call them.
#pragma once

#include <sys/socket.h>

#include <string>
#include <string_view>
#include <vector>

namespace ringdb::io {

struct BindAddress {
  std::string text;       // as written, without a leading '-' ("*", "::1", "10.0.0.1")
  bool optional = false;  // written with a leading '-': skipped where unavailable
  sockaddr_storage addr{};
  socklen_t addr_len = 0;
};

enum class ListenResult { kOk, kSkipped, kFailed };

// Parses one redis.conf bind entry: "*" is 0.0.0.0, "::*" is ::, a leading '-'
// marks it optional. kSkipped: optional and the name does not resolve.
ListenResult ParseBindAddress(std::string_view entry, int port, BindAddress* out,
                              std::string* error);

// Binds `count` listening sockets to the address, all with SO_REUSEPORT, and appends
// them to *fds. kSkipped: the address is optional and unavailable here (no IPv6,
// not a local address). kFailed: *error reads like Redis's ("Could not create server
// TCP listening socket 127.0.0.1:6379: bind: Address already in use"); nothing is
// left open.
ListenResult OpenListenGroup(const BindAddress& address, int port, int backlog, int count,
                             std::vector<int>* fds, std::string* error);

// "127.0.0.1:53422" for IPv4, "::1:53422" for IPv6 (Redis's CLIENT LIST format, no
// brackets); "?:0" for anything else.
std::string FormatSocketAddress(const sockaddr* addr);

// Sets TCP_NODELAY and, with keepalive_s > 0, Redis's keep-alive settings (idle
// keepalive_s, probes every keepalive_s/3, 3 probes) on an accepted socket.
void ConfigureAcceptedSocket(int fd, int keepalive_s);

}  // namespace ringdb::io
