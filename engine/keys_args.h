// A small argument reader for the keyspace and expiry commands (keys_family.cc,
// scan_family.cc, expire_family.cc): typed reads left to right, option words matched
// case-insensitively against a table, and the first error latched so a handler checks
// once, after parsing, and replies with exactly the error Redis 7.0 gives first.
//
// Thread: a value on the handler's stack; it views the command's arguments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "engine/command.h"
#include "engine/errors.h"
#include "types/ascii.h"
#include "types/number_format.h"

namespace ringdb::engine::keyargs {

using types::EqualsNoCase;

// One row of an option table: the word (lower case) and the value it stands for.
template <typename T>
struct Option {
  std::string_view word;
  T value;
};

class ArgReader {
 public:
  ArgReader(CmdArgs args, size_t first) : args_(args), pos_(first) {}

  bool done() const { return pos_ >= args_.size() || !ok(); }
  size_t left() const { return pos_ < args_.size() ? args_.size() - pos_ : 0; }
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // Latches `msg` unless an earlier error is already latched.
  void Fail(std::string_view msg) {
    if (error_.empty()) error_ = msg;
  }

  // The next argument; a syntax error when there is none.
  std::string_view Next() {
    if (!ok()) return {};
    if (pos_ >= args_.size()) {
      Fail(errors::kSyntax);
      return {};
    }
    return args_[pos_++];
  }
  // The argument that Next() would return, or empty.
  std::string_view Peek() const { return pos_ < args_.size() ? args_[pos_] : std::string_view{}; }

  // The next argument as a Redis integer (string2ll) within [min, max], else `err`.
  int64_t NextInt(int64_t min = std::numeric_limits<int64_t>::min(),
                  int64_t max = std::numeric_limits<int64_t>::max(),
                  std::string_view err = errors::kNotInteger) {
    std::string_view s = Next();
    if (!ok()) return 0;
    int64_t v = 0;
    if (!types::ParseInt64(s, &v) || v < min || v > max) {
      Fail(err);
      return 0;
    }
    return v;
  }

  // Consumes the next argument if it is one of `table`'s words; stores its value.
  template <typename T, size_t N>
  bool NextOption(const Option<T> (&table)[N], T* value) {
    if (!ok() || pos_ >= args_.size()) return false;
    for (const Option<T>& row : table) {
      if (EqualsNoCase(args_[pos_], row.word)) {
        *value = row.value;
        ++pos_;
        return true;
      }
    }
    return false;
  }

 private:
  CmdArgs args_;
  size_t pos_;
  std::string error_;
};

}  // namespace ringdb::engine::keyargs
