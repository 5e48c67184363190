// What SCAN, HSCAN, SSCAN and ZSCAN share: the cursor's syntax and the MATCH / COUNT
// options (and TYPE, which only SCAN takes), parsed as Redis 7.0's scanGenericCommand
// does, so each command replies with the same first error Redis would.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/command.h"

namespace ringdb::engine {

struct ScanArgs {
  std::string_view pattern;  // MATCH; used when use_pattern
  bool use_pattern = false;
  std::string_view type;  // TYPE (SCAN only): a type name, case-insensitive; empty: any
  int64_t count = 10;

  // Whether MATCH accepts `s` (always, without MATCH or with MATCH *).
  bool Matches(std::string_view s) const;
};

// Redis parses a cursor with strtoul: optional sign (a '-' wraps), decimal digits,
// nothing after them, no leading space, no overflow; the empty string reads as 0.
// False means "ERR invalid cursor".
bool ParseScanCursor(std::string_view s, uint64_t* out);

enum class ScanKind { kKeyspace, kValue };

// Parses the options from args[first] on (TYPE only for kKeyspace). Returns the error
// to reply, or empty.
std::string ParseScanArgs(CmdArgs args, size_t first, ScanKind kind, ScanArgs* out);

}  // namespace ringdb::engine
