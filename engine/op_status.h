// Errors as values: what an Op can report, and the one mapping to wire replies.
#pragma once

#include <cstdint>
#include <utility>
#include <variant>

namespace ringdb::engine {

enum class OpStatus : uint8_t {
  kOk,
  kKeyNotFound,
  kWrongType,
  kNotAnInteger,     // value is not an integer or out of range
  kNotAFloat,        // value is not a valid float
  kOutOfRange,       // ERR ... out of range (offsets, counts)
  kOverflow,         // increment or decrement would overflow
  kSyntaxError,
  kStringTooLong,    // string exceeds maximum allowed size (proto-max-bulk-len)
  kNanOrInfinity,    // increment would produce NaN or Infinity
  kInvalidExpire,    // invalid expire time in '<cmd>' command
  kSkipped,          // a condition (NX/XX/...) was not met
  kSameObject,       // source and destination objects are the same
  kNoSuchKey,        // ERR no such key (RENAME on a missing key)
  kDbIndexOutOfRange,
};

// A value or an error status. [[nodiscard]]: an ignored error is a bug.
template <typename T>
class [[nodiscard]] OpResult {
 public:
  OpResult(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  OpResult(OpStatus status) : v_(status) {}     // NOLINT
  bool ok() const { return std::holds_alternative<T>(v_); }
  OpStatus status() const { return ok() ? OpStatus::kOk : std::get<OpStatus>(v_); }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<T, OpStatus> v_;
};

}  // namespace ringdb::engine
