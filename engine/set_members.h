// What the set commands (set_family.cc, set_algebra_family.cc) share: the intset limit
// they add under, their random source and how a member is replied.
//
// Thread: the calling command's thread.
#pragma once

#include <array>
#include <cstdint>
#include <random>

#include "engine/config.h"
#include "protocol/reply_builder.h"
#include "types/set_value.h"

namespace ringdb::engine {

// set-max-intset-entries, read once per command.
inline int64_t MaxIntsetEntries() { return ConfigInt(ConfigId::kSetMaxIntsetEntries); }

// The random source of SRANDMEMBER and SPOP: one per thread, so no lock.
inline std::mt19937_64& SetRng() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng;
}

// A member as a bulk string (an intset's integer in decimal, as Redis replies it).
inline void SendMember(protocol::ReplyBuilder* rb, const types::SetMember& m) {
  std::array<char, types::kInt64BufSize> buf;
  rb->SendBulk(m.Text(buf));
}

}  // namespace ringdb::engine
