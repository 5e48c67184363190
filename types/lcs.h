// Longest common subsequence of two strings, as Redis 7.0's LCS command computes it
// (t_string.c): the classic O(alen * blen) dynamic-programming table, walked back from
// the ends of both strings. Ties in the walk move along `b` first, so when several
// subsequences are longest the same one as Redis's is chosen. Pure and thread-safe;
// reply shaping (LEN / IDX / WITHMATCHLEN) belongs to the command.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ringdb::types {

// Why Redis would refuse to run LCS on strings of these lengths, checked in its order.
enum class LcsSizeCheck {
  kOk,
  kStringTooLong,      // "String too long for LCS"
  kExceedsMaxBulkLen,  // "Insufficient memory, transient memory for LCS exceeds
                       //  proto-max-bulk-len"
  kTooBigToAllocate,   // "Insufficient memory, failed allocating transient memory for LCS"
};

// Checks that the (alen+1) * (blen+1) table of uint32 cells can be allocated and is
// no larger than proto-max-bulk-len bytes. Call it before ComputeLcs: ComputeLcs
// allocates that table whenever the subsequence or its matches are wanted.
LcsSizeCheck CheckLcsSize(uint64_t alen, uint64_t blen, uint64_t proto_max_bulk_len);

// One run of consecutive matching bytes: a[a_start..a_end] == b[b_start..b_end]
// (inclusive), `len` bytes long.
struct LcsMatch {
  uint32_t a_start = 0;
  uint32_t a_end = 0;
  uint32_t b_start = 0;
  uint32_t b_end = 0;
  uint32_t len = 0;

  friend bool operator==(const LcsMatch&, const LcsMatch&) = default;
};

struct LcsResult {
  uint32_t len = 0;         // Length of the longest common subsequence.
  std::string subsequence;  // Filled only when asked for.
  // Filled only when asked for: runs from the end of the strings backwards (Redis's
  // IDX order), keeping runs of at least min_match_len bytes.
  std::vector<LcsMatch> matches;
};

struct LcsOptions {
  bool want_subsequence = true;
  bool want_matches = false;
  uint32_t min_match_len = 0;  // 0 and 1 both keep every run.
};

// REQUIRES: CheckLcsSize(a.size(), b.size(), ...) == LcsSizeCheck::kOk.
LcsResult ComputeLcs(std::string_view a, std::string_view b, const LcsOptions& options);

}  // namespace ringdb::types
