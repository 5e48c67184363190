// ASCII helpers for protocol words: command names and option keywords are matched
// case-insensitively, byte for byte, independent of the C locale (as Redis's
// strcasecmp under the "C" locale does).
#pragma once

#include <cstddef>
#include <string_view>

namespace ringdb::types {

inline bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

}  // namespace ringdb::types
