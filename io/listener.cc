#include "io/listener.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ringdb::io {
namespace {

std::string ListenError(const BindAddress& address, int port, const char* step, int err) {
  return "Could not create server TCP listening socket " + address.text + ":" +
         std::to_string(port) + ": " + step + ": " + strerror(err);
}

// Errors that mean "this optional address does not exist here", as Redis treats them.
bool IsUnavailable(int err) {
  return err == EADDRNOTAVAIL || err == EAFNOSUPPORT || err == EPROTONOSUPPORT ||
         err == ESOCKTNOSUPPORT || err == ENOPROTOOPT || err == EINVAL;
}

// Creates and binds one socket; reuse_port decides whether others may share it.
// Returns the descriptor, or -1 with *step and *err set.
int BindOne(const BindAddress& address, bool reuse_port, const char** step, int* err) {
  const int family = address.addr.ss_family;
  int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    *step = "socket";
    *err = errno;
    return -1;
  }
  int one = 1;
  bool ok = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0;
  if (ok && reuse_port) ok = setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) == 0;
  if (ok && family == AF_INET6) {
    ok = setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) == 0;
  }
  if (!ok) {
    *step = "setsockopt";
    *err = errno;
    close(fd);
    return -1;
  }
  if (bind(fd, reinterpret_cast<const sockaddr*>(&address.addr), address.addr_len) != 0) {
    *step = "bind";
    *err = errno;
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

ListenResult ParseBindAddress(std::string_view entry, int port, BindAddress* out,
                              std::string* error) {
  out->optional = !entry.empty() && entry.front() == '-';
  if (out->optional) entry.remove_prefix(1);
  out->text = std::string(entry);
  std::string host = out->text;
  if (host == "*") host = "0.0.0.0";
  if (host == "::*") host = "::";

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* result = nullptr;
  std::string service = std::to_string(port);
  int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &result);
  if (rc != 0 || result == nullptr) {
    if (out->optional) return ListenResult::kSkipped;
    *error = "Could not create server TCP listening socket " + out->text + ":" + service +
             ": " + gai_strerror(rc);
    return ListenResult::kFailed;
  }
  memcpy(&out->addr, result->ai_addr, result->ai_addrlen);
  out->addr_len = result->ai_addrlen;
  freeaddrinfo(result);
  return ListenResult::kOk;
}

ListenResult OpenListenGroup(const BindAddress& address, int port, int backlog, int count,
                             std::vector<int>* fds, std::string* error) {
  const char* step = "";
  int err = 0;
  // SO_REUSEPORT would let a second server of the same user share the port
  // silently. A plain bind first fails with EADDRINUSE if anyone listens there, so
  // the error reads as Redis's would.
  int probe = BindOne(address, /*reuse_port=*/false, &step, &err);
  if (probe >= 0) close(probe);
  std::vector<int> opened;
  for (int i = 0; probe >= 0 && i < count; ++i) {
    int fd = BindOne(address, /*reuse_port=*/true, &step, &err);
    if (fd >= 0 && listen(fd, backlog) != 0) {
      step = "listen";
      err = errno;
      close(fd);
      fd = -1;
    }
    if (fd < 0) break;
    opened.push_back(fd);
  }
  if (static_cast<int>(opened.size()) == count) {
    fds->insert(fds->end(), opened.begin(), opened.end());
    return ListenResult::kOk;
  }
  for (int fd : opened) close(fd);
  if (address.optional && IsUnavailable(err)) return ListenResult::kSkipped;
  *error = ListenError(address, port, step, err);
  return ListenResult::kFailed;
}

std::string FormatSocketAddress(const sockaddr* addr) {
  char host[INET6_ADDRSTRLEN] = "?";
  int port = 0;
  if (addr->sa_family == AF_INET) {
    auto* in = reinterpret_cast<const sockaddr_in*>(addr);
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
    port = ntohs(in->sin_port);
  } else if (addr->sa_family == AF_INET6) {
    auto* in6 = reinterpret_cast<const sockaddr_in6*>(addr);
    inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
    port = ntohs(in6->sin6_port);
  }
  return std::string(host) + ":" + std::to_string(port);
}

void ConfigureAcceptedSocket(int fd, int keepalive_s) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (keepalive_s <= 0) return;
  // Redis's anetKeepAlive: idle `interval`, probe every interval/3, give up after 3.
  int idle = keepalive_s;
  int probe_interval = keepalive_s / 3 > 0 ? keepalive_s / 3 : 1;
  int probes = 3;
  setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle));
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &probe_interval, sizeof(probe_interval));
  setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof(probes));
}

}  // namespace ringdb::io
