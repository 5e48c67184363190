// Sorted-set pops: ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms BZPOPMIN,
// BZPOPMAX, BZMPOP (engine/blocking.h). Parsed and answered as Redis 7.0's
// genericZpopCommand and zmpopGenericCommand, RESP2 and RESP3 shapes included.
// Registered by RegisterZSetFamily.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "engine/blocking.h"
#include "engine/command.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/zset_args.h"
#include "types/ascii.h"
#include "types/number_format.h"
#include "types/zset_value.h"

namespace ringdb::engine {
namespace {

using types::ZSetValue;
using zset::Element;

// Removes up to `count` elements from the low end (or the high end when `max`) of the
// set at `key`, deleting the key once empty; they come back lowest (highest) first.
std::vector<Element> OpPop(DbAccess& db, std::string_view key, ZSetValue* z, bool max,
                           int64_t count) {
  const size_t n = static_cast<uint64_t>(count) < z->size() ? count : z->size();
  std::vector<Element> out;
  out.reserve(n);
  z->WalkFrom(max ? z->size() - 1 : 0, max, [&](std::string_view m, double s) {
    out.push_back({std::string(m), s});
    return out.size() < n;
  });
  z->RemoveRanks(max ? z->size() - n : 0, n);
  db.ValueEdited(key, z->empty());
  return out;
}

// The first key of `keys` holding a set: WRONGTYPE on a key of another type met
// first, except on a blocking retry, which skips it as Redis keeps such a client
// blocked. Null `*z` when none.
OpStatus FirstZSet(CommandContext& ctx, CmdArgs keys, bool skip_wrong_type, size_t* index,
                   ZSetValue** z) {
  *z = nullptr;
  for (size_t i = 0; i < keys.size(); ++i) {
    OpResult<ZSetValue*> found = ctx.db->FindValue<ZSetValue>(keys[i]);
    if (found.status() == OpStatus::kKeyNotFound) continue;
    if (!found.ok()) {
      if (skip_wrong_type) continue;
      return found.status();
    }
    *index = i;
    *z = *found;
    return OpStatus::kOk;
  }
  return OpStatus::kOk;
}

// Pairs: RESP3 nests [member, score] arrays (and ZMPOP nests them in RESP2 too).
void ReplyPopped(protocol::ReplyBuilder* rb, const std::vector<Element>& elements, bool nested) {
  rb->SendArrayLen(nested ? elements.size() : 2 * elements.size());
  for (const Element& e : elements) {
    if (nested) rb->SendArrayLen(2);
    rb->SendBulk(e.member);
    rb->SendDouble(e.score);
  }
}

// ---- ZPOPMIN / ZPOPMAX ----

void ReplyZPop(CmdArgs args, CommandContext& ctx, bool max) {
  if (args.size() > 3) return ctx.rb->SendError(errors::kSyntax);
  int64_t count = -1;  // no count argument
  if (args.size() == 3) {
    // Redis's getPositiveLongFromObjectOrReply: one message for both failures.
    if (!types::ParseInt64(args[2], &count) || count < 0) {
      return ctx.rb->SendError(errors::kMustBePositive);
    }
  }
  OpResult<ZSetValue*> z = ctx.db->FindValue<ZSetValue>(args[1]);
  if (z.status() == OpStatus::kWrongType) return ctx.rb->SendError(errors::kWrongType);
  if (!z.ok() || count == 0) return ctx.rb->SendArrayLen(0);
  std::vector<Element> popped = OpPop(*ctx.db, args[1], *z, max, count < 0 ? 1 : count);
  ReplyPopped(ctx.rb, popped, ctx.rb->resp_version() >= 3 && count != -1);
}

void CmdZPopMin(CmdArgs args, CommandContext& ctx) { ReplyZPop(args, ctx, false); }
void CmdZPopMax(CmdArgs args, CommandContext& ctx) { ReplyZPop(args, ctx, true); }

// ---- ZMPOP / BZMPOP ----

struct MPopArgs {
  CmdArgs keys;
  bool max = false;
  int64_t count = 1;
};

// Parses numkeys key... MIN|MAX [COUNT n] from args[numkeys_index]. Empty: ok.
std::string_view ParseMPop(CmdArgs args, size_t numkeys_index, MPopArgs* out) {
  int64_t numkeys = 0;
  if (!types::ParseInt64(args[numkeys_index], &numkeys) || numkeys < 1) {
    return errors::kNumkeysNotPositive;
  }
  const size_t where = numkeys_index + 1;
  if (static_cast<uint64_t>(numkeys) >= args.size() - where) return errors::kSyntax;
  out->keys = args.subspan(where, static_cast<size_t>(numkeys));
  std::string_view dir = args[where + numkeys];
  if (types::EqualsNoCase(dir, "min")) {
    out->max = false;
  } else if (types::EqualsNoCase(dir, "max")) {
    out->max = true;
  } else {
    return errors::kSyntax;
  }
  bool have_count = false;
  for (size_t j = where + numkeys + 1; j < args.size(); ++j) {
    if (!have_count && types::EqualsNoCase(args[j], "count") && j + 1 < args.size()) {
      ++j;
      if (!types::ParseInt64(args[j], &out->count) || out->count < 1) {
        return errors::kCountNotPositive;
      }
      have_count = true;
    } else {
      return errors::kSyntax;
    }
  }
  return {};
}

// Pops from the first non-empty set of `keys` and replies; false (nothing replied)
// when none holds one.
bool ServeMPop(CommandContext& ctx, const MPopArgs& a, bool retry) {
  size_t index = 0;
  ZSetValue* z = nullptr;
  if (OpStatus st = FirstZSet(ctx, a.keys, retry, &index, &z); st != OpStatus::kOk) {
    ctx.rb->SendError(errors::StatusMessage(st));
    return true;
  }
  if (z == nullptr) return false;
  std::vector<Element> popped = OpPop(*ctx.db, a.keys[index], z, a.max, a.count);
  ctx.rb->SendArrayLen(2);
  ctx.rb->SendBulk(a.keys[index]);
  ReplyPopped(ctx.rb, popped, true);
  return true;
}

void CmdZMPop(CmdArgs args, CommandContext& ctx) {
  MPopArgs a;
  if (std::string_view err = ParseMPop(args, 1, &a); !err.empty()) return ctx.rb->SendError(err);
  if (!ServeMPop(ctx, a, false)) ctx.rb->SendNullArray();
}

// What a blocking command does when nothing was served: wait, or answer the end of it.
void WaitOrReply(CommandContext& ctx, CmdArgs keys, int64_t deadline_ms) {
  switch (blocking::Wait(ctx, keys, deadline_ms)) {
    case blocking::Outcome::kWaiting: return;
    case blocking::Outcome::kTimedOut: return ctx.rb->SendNullArray();
    case blocking::Outcome::kUnblocked: return ctx.rb->SendError(errors::kUnblocked);
  }
}

void CmdBZMPop(CmdArgs args, CommandContext& ctx) {
  int64_t deadline_ms = 0;
  if (std::string err = blocking::Deadline(ctx, args[1], &deadline_ms); !err.empty()) {
    return ctx.rb->SendError(err);
  }
  MPopArgs a;
  if (std::string_view err = ParseMPop(args, 2, &a); !err.empty()) return ctx.rb->SendError(err);
  if (!blocking::YieldsToEarlier(ctx) && ServeMPop(ctx, a, blocking::IsRetry(ctx))) return;
  WaitOrReply(ctx, a.keys, deadline_ms);
}

// ---- BZPOPMIN / BZPOPMAX key... timeout ----

void ReplyBZPop(CmdArgs args, CommandContext& ctx, bool max) {
  int64_t deadline_ms = 0;
  if (std::string err = blocking::Deadline(ctx, args.back(), &deadline_ms); !err.empty()) {
    return ctx.rb->SendError(err);
  }
  CmdArgs keys = args.subspan(1, args.size() - 2);
  // Served in the order clients blocked: a woken waiter ahead of this one goes first.
  if (blocking::YieldsToEarlier(ctx)) return WaitOrReply(ctx, keys, deadline_ms);
  size_t index = 0;
  ZSetValue* z = nullptr;
  if (OpStatus st = FirstZSet(ctx, keys, blocking::IsRetry(ctx), &index, &z);
      st != OpStatus::kOk) {
    return ctx.rb->SendError(errors::StatusMessage(st));
  }
  if (z == nullptr) return WaitOrReply(ctx, keys, deadline_ms);
  std::vector<Element> popped = OpPop(*ctx.db, keys[index], z, max, 1);
  ctx.rb->SendArrayLen(3);
  ctx.rb->SendBulk(keys[index]);
  ctx.rb->SendBulk(popped[0].member);
  ctx.rb->SendDouble(popped[0].score);
}

void CmdBZPopMin(CmdArgs args, CommandContext& ctx) { ReplyBZPop(args, ctx, false); }
void CmdBZPopMax(CmdArgs args, CommandContext& ctx) { ReplyBZPop(args, ctx, true); }

}  // namespace

void RegisterZSetPopFamily(CommandRegistry* r) {
  r->Register("zpopmin", &CmdZPopMin);
  r->Register("zpopmax", &CmdZPopMax);
  r->Register("zmpop", &CmdZMPop);
  r->Register("bzpopmin", &CmdBZPopMin);
  r->Register("bzpopmax", &CmdBZPopMax);
  r->Register("bzmpop", &CmdBZMPop);
}

}  // namespace ringdb::engine
