// Resolves the server address and enforces the loopback guard: a load generator
// pointed at someone else's machine is a denial-of-service tool, so anything but
// 127.0.0.0/8 or ::1 (IPv4-mapped included) is refused unless allowed explicitly.
//
// Thread: main thread, before the load threads start.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>

namespace ringdb::loadgen {

struct Target {
  sockaddr_storage address{};
  socklen_t length = 0;
};

bool IsLoopback(const sockaddr* address);

// Resolves host (a name or a numeric address) and port. Returns false with a sentence
// in *error when it does not resolve, or when it is not loopback and !allow_remote.
bool ResolveTarget(const std::string& host, uint16_t port, bool allow_remote, Target* target,
                   std::string* error);

// "127.0.0.1:6379" or "[::1]:6379".
std::string FormatTarget(const Target& target);

}  // namespace ringdb::loadgen
