// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN]: the command's parsing and
// reply shapes; the algorithm is types/lcs.h. Registered by RegisterStringFamily.
#include <cstdint>
#include <string_view>

#include "engine/command.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/config.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/keys_args.h"
#include "types/entry.h"
#include "types/lcs.h"

namespace ringdb::engine {
namespace {

using types::Entry;
using types::ValueType;

struct LcsArgs {
  bool len = false;
  bool idx = false;
  bool with_match_len = false;
  int64_t min_match_len = 0;
};

enum class LcsWord { kLen, kIdx, kWithMatchLen, kMinMatchLen };
constexpr keyargs::Option<LcsWord> kLcsWords[] = {
    {"len", LcsWord::kLen},
    {"idx", LcsWord::kIdx},
    {"withmatchlen", LcsWord::kWithMatchLen},
    {"minmatchlen", LcsWord::kMinMatchLen},
};

// Parses the options after the two keys; the reader latches the first error.
LcsArgs ParseLcsArgs(keyargs::ArgReader& reader) {
  LcsArgs out;
  while (!reader.done()) {
    LcsWord word;
    // MINMATCHLEN without a value is a syntax error, like an unknown word.
    bool matched =
        reader.NextOption(kLcsWords, &word) && (word != LcsWord::kMinMatchLen || reader.left() > 0);
    if (!matched) {
      reader.Fail(errors::kSyntax);
      break;
    }
    switch (word) {
      case LcsWord::kLen:
        out.len = true;
        break;
      case LcsWord::kIdx:
        out.idx = true;
        break;
      case LcsWord::kWithMatchLen:
        out.with_match_len = true;
        break;
      case LcsWord::kMinMatchLen:
        out.min_match_len = reader.NextInt();
        if (out.min_match_len < 0) out.min_match_len = 0;
        break;
    }
  }
  if (reader.ok() && out.len && out.idx) reader.Fail(errors::kLcsLenAndIdx);
  return out;
}

std::string_view SizeCheckError(types::LcsSizeCheck check) {
  switch (check) {
    case types::LcsSizeCheck::kOk:
      return "";
    case types::LcsSizeCheck::kStringTooLong:
      return errors::kLcsTooLong;
    case types::LcsSizeCheck::kExceedsMaxBulkLen:
      return errors::kLcsExceedsMaxBulkLen;
    case types::LcsSizeCheck::kTooBigToAllocate:
      return errors::kLcsAllocFailed;
  }
  return errors::kLcsAllocFailed;
}

void ReplyMatches(CommandContext& ctx, const types::LcsResult& res, bool with_match_len) {
  protocol::ReplyBuilder& rb = *ctx.rb;
  rb.SendMapLen(2);
  rb.SendBulk("matches");
  rb.SendArrayLen(res.matches.size());
  for (const types::LcsMatch& m : res.matches) {
    rb.SendArrayLen(with_match_len ? 3 : 2);
    rb.SendArrayLen(2);
    rb.SendLong(m.a_start);
    rb.SendLong(m.a_end);
    rb.SendArrayLen(2);
    rb.SendLong(m.b_start);
    rb.SendLong(m.b_end);
    if (with_match_len) rb.SendLong(m.len);
  }
  rb.SendBulk("len");
  rb.SendLong(res.len);
}

// The value of a string key for LCS: missing keys read as empty; false for other types.
bool LcsOperand(DbAccess& db, std::string_view key, std::string_view* out) {
  Entry* e = db.Find(key, LookupMode::kRead);
  if (e == nullptr) {
    *out = {};
    return true;
  }
  if (e->type() != ValueType::kString) return false;
  *out = e->str();
  return true;
}

void CmdLcs(CmdArgs args, CommandContext& ctx) {
  std::string_view a;
  std::string_view b;
  // Both lookups happen before the type check, as in Redis.
  bool a_ok = LcsOperand(*ctx.db, args[1], &a);
  bool b_ok = LcsOperand(*ctx.db, args[2], &b);
  if (!a_ok || !b_ok) return ctx.rb->SendError(errors::kLcsNotStrings);
  keyargs::ArgReader reader(args, 3);
  LcsArgs opts = ParseLcsArgs(reader);
  if (!reader.ok()) return ctx.rb->SendError(reader.error());
  uint64_t max_bulk = static_cast<uint64_t>(ConfigInt(ConfigId::kProtoMaxBulkLen));
  types::LcsSizeCheck check = types::CheckLcsSize(a.size(), b.size(), max_bulk);
  if (check != types::LcsSizeCheck::kOk) return ctx.rb->SendError(SizeCheckError(check));

  types::LcsOptions lcs_opts;
  lcs_opts.want_subsequence = !opts.idx && !opts.len;
  lcs_opts.want_matches = opts.idx;
  // Lengths are at most UINT32_MAX - 2 here, so a larger minimum keeps nothing.
  lcs_opts.min_match_len =
      static_cast<uint32_t>(opts.min_match_len > UINT32_MAX ? UINT32_MAX : opts.min_match_len);
  types::LcsResult res = types::ComputeLcs(a, b, lcs_opts);
  if (opts.idx) return ReplyMatches(ctx, res, opts.with_match_len);
  if (opts.len) return ctx.rb->SendLong(res.len);
  ctx.rb->SendBulk(res.subsequence);
}

}  // namespace

void RegisterLcsFamily(CommandRegistry* r) { r->Register("lcs", &CmdLcs); }

}  // namespace ringdb::engine
