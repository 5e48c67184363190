#include "engine/scan_args.h"

#include <limits>

#include "engine/errors.h"
#include "engine/keys_args.h"
#include "types/glob.h"

namespace ringdb::engine {
namespace {

enum class ScanWord : uint8_t { kMatch, kCount, kType };
constexpr keyargs::Option<ScanWord> kScanWords[] = {
    {"match", ScanWord::kMatch}, {"count", ScanWord::kCount}, {"type", ScanWord::kType}};

}  // namespace

bool ScanArgs::Matches(std::string_view s) const {
  return !use_pattern || types::GlobMatch(pattern, s);
}

bool ParseScanCursor(std::string_view s, uint64_t* out) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  if (i == s.size()) {
    *out = 0;
    return s.empty();  // a lone sign converts nothing and is rejected
  }
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    uint64_t d = static_cast<uint64_t>(s[i] - '0');
    if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) return false;
    v = v * 10 + d;
  }
  *out = negative ? 0 - v : v;
  return true;
}

std::string ParseScanArgs(CmdArgs args, size_t first, ScanKind kind, ScanArgs* out) {
  keyargs::ArgReader r(args, first);
  while (!r.done()) {
    ScanWord w;
    // Every option takes a value; a dangling word is a syntax error, as is TYPE on a
    // value's scan.
    if (r.left() < 2 || !r.NextOption(kScanWords, &w) ||
        (w == ScanWord::kType && kind != ScanKind::kKeyspace)) {
      r.Fail(errors::kSyntax);
      break;
    }
    if (w == ScanWord::kCount) {
      out->count = r.NextInt();
      if (r.ok() && out->count < 1) r.Fail(errors::kSyntax);
    } else if (w == ScanWord::kMatch) {
      out->pattern = r.Next();
      out->use_pattern = out->pattern != "*";
    } else {
      out->type = r.Next();
    }
  }
  return r.error();
}

}  // namespace ringdb::engine
