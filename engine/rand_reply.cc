#include "engine/rand_reply.h"

#include <limits>

#include "engine/errors.h"
#include "types/ascii.h"
#include "types/number_format.h"

namespace ringdb::engine {

std::string_view ParseRandArgs(CmdArgs args, std::string_view with_word, RandArgs* out) {
  int64_t count = 0;
  if (!types::ParseInt64(args[2], &count)) return errors::kNotInteger;
  if (count == std::numeric_limits<int64_t>::min()) return errors::kCountOutOfLongRange;
  if (args.size() > 4 || (args.size() == 4 && !types::EqualsNoCase(args[3], with_word))) {
    return errors::kSyntax;
  }
  out->with_values = args.size() == 4;
  // Twice the count must still fit (RESP2 sends both halves of each pair).
  constexpr int64_t kHalf = std::numeric_limits<int64_t>::max() / 2;
  if (out->with_values && (count < -kHalf || count > kHalf)) return errors::kValueOutOfRange;
  out->distinct = count >= 0;
  out->count = static_cast<uint64_t>(count >= 0 ? count : -count);
  return {};
}

std::mt19937_64& RandRng() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng;
}

}  // namespace ringdb::engine
