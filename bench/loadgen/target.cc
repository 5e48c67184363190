// Target resolution and the loopback guard; see target.h. Main thread.
#include "bench/loadgen/target.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cstring>

namespace ringdb::loadgen {

bool IsLoopback(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    return (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
  }
  if (address->sa_family == AF_INET6) {
    const in6_addr& a = reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr;
    if (IN6_IS_ADDR_LOOPBACK(&a)) return true;
    return IN6_IS_ADDR_V4MAPPED(&a) && a.s6_addr[12] == 127;
  }
  return false;
}

bool ResolveTarget(const std::string& host, uint16_t port, bool allow_remote, Target* target,
                   std::string* error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* results = nullptr;
  const std::string service = std::to_string(port);
  const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &results);
  if (rc != 0) {
    *error = "cannot resolve " + host + ": " + gai_strerror(rc);
    return false;
  }
  memcpy(&target->address, results->ai_addr, results->ai_addrlen);
  target->length = results->ai_addrlen;
  freeaddrinfo(results);
  if (!allow_remote && !IsLoopback(reinterpret_cast<const sockaddr*>(&target->address))) {
    *error = "refusing " + FormatTarget(*target) +
             ": not a loopback address (pass --allow-remote to load another machine)";
    return false;
  }
  return true;
}

std::string FormatTarget(const Target& target) {
  char text[INET6_ADDRSTRLEN] = "?";
  if (target.address.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&target.address);
    inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
    return std::string(text) + ":" + std::to_string(ntohs(v4->sin_port));
  }
  const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&target.address);
  inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
  std::string formatted(1, '[');
  formatted += text;
  formatted += "]:";
  formatted += std::to_string(ntohs(v6->sin6_port));
  return formatted;
}

}  // namespace ringdb::loadgen
