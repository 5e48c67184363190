#include "types/lcs.h"

#include <algorithm>
#include <limits>

namespace ringdb::types {
namespace {

// Length only: two rows of the table suffice.
uint32_t LcsLength(std::string_view a, std::string_view b) {
  if (b.size() > a.size()) std::swap(a, b);
  std::vector<uint32_t> prev(b.size() + 1, 0);
  std::vector<uint32_t> cur(b.size() + 1, 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// The full table: cell (i, j) holds the LCS length of a[0..i) and b[0..j).
class LcsTable {
 public:
  LcsTable(std::string_view a, std::string_view b)
      : width_(b.size() + 1), cells_((a.size() + 1) * width_, 0) {
    for (size_t i = 1; i <= a.size(); ++i) {
      for (size_t j = 1; j <= b.size(); ++j) {
        at(i, j) =
            a[i - 1] == b[j - 1] ? at(i - 1, j - 1) + 1 : std::max(at(i - 1, j), at(i, j - 1));
      }
    }
  }
  uint32_t at(size_t i, size_t j) const { return cells_[i * width_ + j]; }

 private:
  uint32_t& at(size_t i, size_t j) { return cells_[i * width_ + j]; }

  size_t width_;
  std::vector<uint32_t> cells_;
};

// Walks the table back from (alen, blen), collecting the subsequence and the runs of
// consecutive matches. A run ends at the first step that is not a diagonal match, or
// when it reaches the start of either string.
void WalkBack(const LcsTable& table, std::string_view a, std::string_view b,
              const LcsOptions& options, LcsResult* out) {
  size_t i = a.size();
  size_t j = b.size();
  size_t remaining = out->len;
  if (options.want_subsequence) out->subsequence.assign(out->len, '\0');
  bool in_run = false;
  LcsMatch run;
  while (i > 0 && j > 0) {
    bool end_run = false;
    if (a[i - 1] == b[j - 1]) {
      if (options.want_subsequence) out->subsequence[--remaining] = a[i - 1];
      if (!in_run) {
        run = LcsMatch{uint32_t(i - 1), uint32_t(i - 1), uint32_t(j - 1), uint32_t(j - 1), 0};
        in_run = true;
      } else {
        // After a diagonal step the next match is always adjacent: extend the run.
        --run.a_start;
        --run.b_start;
      }
      end_run = run.a_start == 0 || run.b_start == 0;
      --i;
      --j;
    } else {
      if (table.at(i - 1, j) > table.at(i, j - 1)) {
        --i;
      } else {
        --j;
      }
      end_run = in_run;
    }
    if (end_run) {
      run.len = run.a_end - run.a_start + 1;
      if (options.want_matches && run.len >= options.min_match_len) {
        out->matches.push_back(run);
      }
      in_run = false;
    }
  }
}

}  // namespace

LcsSizeCheck CheckLcsSize(uint64_t alen, uint64_t blen, uint64_t proto_max_bulk_len) {
  // Redis indexes with uint32_t and refuses lengths that would not fit with room.
  constexpr uint64_t kMaxLen = std::numeric_limits<uint32_t>::max() - 1;
  if (alen >= kMaxLen || blen >= kMaxLen) return LcsSizeCheck::kStringTooLong;
  const unsigned __int128 cells = static_cast<unsigned __int128>(alen + 1) * (blen + 1);
  const unsigned __int128 bytes = cells * sizeof(uint32_t);
  if (bytes >= std::numeric_limits<size_t>::max()) return LcsSizeCheck::kTooBigToAllocate;
  if (bytes > proto_max_bulk_len) return LcsSizeCheck::kExceedsMaxBulkLen;
  return LcsSizeCheck::kOk;
}

LcsResult ComputeLcs(std::string_view a, std::string_view b, const LcsOptions& options) {
  LcsResult result;
  if (!options.want_subsequence && !options.want_matches) {
    result.len = LcsLength(a, b);
    return result;
  }
  const LcsTable table(a, b);
  result.len = table.at(a.size(), b.size());
  WalkBack(table, a, b, options, &result);
  return result;
}

}  // namespace ringdb::types
