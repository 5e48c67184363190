// List commands that take from one of several lists or move between two: LMOVE,
// RPOPLPUSH, LMPOP, and their blocking forms BLMOVE, BRPOPLPUSH, BLMPOP, with BLPOP and
// BRPOP. A blocking command that finds nothing waits (engine/blocking.h) and runs again
// from the top when a key it waits on is written.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "engine/blocking.h"
#include "engine/client_state.h"
#include "engine/command.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/keys_args.h"
#include "engine/list_ops.h"
#include "types/list_value.h"

namespace ringdb::engine {
namespace {

using keyargs::ArgReader;
using list::End;
using types::ListValue;

// What a blocking command does when nothing could be served: wait, or reply as Redis
// does on a timeout (inside MULTI too): a null array for every blocking list command.
void WaitOrTimeOut(CommandContext& ctx, std::span<const std::string_view> keys,
                   int64_t deadline_ms) {
  switch (blocking::Wait(ctx, keys, deadline_ms)) {
    case blocking::Outcome::kWaiting: return;
    case blocking::Outcome::kTimedOut: return ctx.rb->SendNullArray();
    case blocking::Outcome::kUnblocked: return ctx.rb->SendError(errors::kUnblocked);
  }
}

// ---- LMOVE and friends.

// Replies the moved element; false when `src` was missing (nothing replied then).
bool MoveAndReply(CommandContext& ctx, CmdArgs args, End from, End to) {
  OpResult<std::string> moved = list::OpMove(*ctx.db, args[1], args[2], from, to);
  if (moved.ok()) {
    ctx.rb->SendBulk(*moved);
    return true;
  }
  if (moved.status() == OpStatus::kKeyNotFound) return false;
  ReplyStatus(ctx, moved.status());
  return true;
}

void CmdLMove(CmdArgs args, CommandContext& ctx) {
  End from, to;
  if (!list::ParseEnd(args[3], &from) || !list::ParseEnd(args[4], &to)) {
    return ctx.rb->SendError(errors::kSyntax);
  }
  if (!MoveAndReply(ctx, args, from, to)) ctx.rb->SendNull();
}

void CmdRPopLPush(CmdArgs args, CommandContext& ctx) {
  if (!MoveAndReply(ctx, args, End::kTail, End::kHead)) ctx.rb->SendNull();
}

void BlockingMove(CmdArgs args, CommandContext& ctx, End from, End to,
                  std::string_view timeout) {
  int64_t deadline = 0;
  if (std::string err = blocking::Deadline(ctx, timeout, &deadline); !err.empty()) {
    return ctx.rb->SendError(err);
  }
  // Only the source decides whether to wait; a retry finding either key of another type
  // waits on, as Redis leaves such a client blocked.
  const std::string_view keys[] = {args[1]};
  if (blocking::YieldsToEarlier(ctx)) return WaitOrTimeOut(ctx, keys, deadline);
  OpResult<ListValue*> src = ctx.db->FindValue<ListValue>(args[1]);
  const bool retry = blocking::IsRetry(ctx);
  if (src.ok() && retry) {
    OpResult<ListValue*> dst = ctx.db->FindValue<ListValue>(args[2]);
    if (dst.status() == OpStatus::kWrongType) src = OpStatus::kKeyNotFound;
  }
  if (src.ok()) {
    MoveAndReply(ctx, args, from, to);
    return;
  }
  if (src.status() == OpStatus::kWrongType && !retry) return ReplyStatus(ctx, src.status());
  // Inside MULTI Redis answers a nil string here, not the timeout's null array.
  if (ctx.client->in_exec) return ctx.rb->SendNull();
  WaitOrTimeOut(ctx, keys, deadline);
}

void CmdBLMove(CmdArgs args, CommandContext& ctx) {
  End from, to;
  if (!list::ParseEnd(args[3], &from) || !list::ParseEnd(args[4], &to)) {
    return ctx.rb->SendError(errors::kSyntax);
  }
  BlockingMove(args, ctx, from, to, args[5]);
}

void CmdBRPopLPush(CmdArgs args, CommandContext& ctx) {
  BlockingMove(args, ctx, End::kTail, End::kHead, args[3]);
}

// ---- Pops from the first non-empty of several lists.

// Pops up to `count` from the first non-empty list of `keys` and replies; false when all
// are empty or missing (nothing replied). A retry skips keys of another type.
// `nested`: reply [key, [elements...]] (LMPOP), else [key, element] (BLPOP).
bool PopFirst(CommandContext& ctx, std::span<const std::string_view> keys, End end,
              size_t count, bool nested) {
  for (std::string_view key : keys) {
    OpResult<std::vector<std::string>> popped = list::OpPop(*ctx.db, key, end, count);
    if (!popped.ok()) {
      if (popped.status() == OpStatus::kKeyNotFound) continue;
      if (blocking::IsRetry(ctx)) continue;
      ReplyStatus(ctx, popped.status());
      return true;
    }
    ctx.rb->SendArrayLen(2);
    ctx.rb->SendBulk(key);
    if (nested) {
      list::ReplyElements(ctx, *popped);
    } else {
      ctx.rb->SendBulk(popped->front());
    }
    return true;
  }
  return false;
}

// BLPOP key... timeout / BRPOP key... timeout.
void BlockingPop(CmdArgs args, CommandContext& ctx, End end) {
  int64_t deadline = 0;
  if (std::string err = blocking::Deadline(ctx, args.back(), &deadline); !err.empty()) {
    return ctx.rb->SendError(err);
  }
  const CmdArgs keys = args.subspan(1, args.size() - 2);
  if (!blocking::YieldsToEarlier(ctx) && PopFirst(ctx, keys, end, 1, false)) return;
  WaitOrTimeOut(ctx, keys, deadline);
}

void CmdBLPop(CmdArgs args, CommandContext& ctx) { BlockingPop(args, ctx, End::kHead); }
void CmdBRPop(CmdArgs args, CommandContext& ctx) { BlockingPop(args, ctx, End::kTail); }

struct MPopArgs {
  CmdArgs keys;
  End end = End::kHead;
  size_t count = 1;
};

// numkeys key... LEFT|RIGHT [COUNT count] from args[first] on (Redis's
// lmpopGenericCommand); false with the error in *error.
bool ParseMPop(CmdArgs args, size_t first, MPopArgs* out, std::string* error) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  ArgReader r(args, first);
  const int64_t numkeys = r.NextInt(1, kMax, errors::kNumkeysNotPositive);
  if (r.ok() && static_cast<uint64_t>(numkeys) >= r.left()) r.Fail(errors::kSyntax);
  if (!r.ok()) {
    *error = r.error();
    return false;
  }
  out->keys = args.subspan(first + 1, static_cast<size_t>(numkeys));
  ArgReader rest(args, first + 1 + static_cast<size_t>(numkeys));
  if (!list::ParseEnd(rest.Next(), &out->end)) rest.Fail(errors::kSyntax);
  bool has_count = false;
  while (!rest.done()) {
    std::string_view opt = rest.Next();
    if (has_count || !keyargs::EqualsNoCase(opt, "count") || rest.left() == 0) {
      rest.Fail(errors::kSyntax);
      break;
    }
    has_count = true;
    out->count = static_cast<size_t>(rest.NextInt(1, kMax, errors::kCountNotPositive));
  }
  if (!rest.ok()) *error = rest.error();
  return rest.ok();
}

void CmdLMPop(CmdArgs args, CommandContext& ctx) {
  MPopArgs m;
  std::string error;
  if (!ParseMPop(args, 1, &m, &error)) return ctx.rb->SendError(error);
  if (!PopFirst(ctx, m.keys, m.end, m.count, true)) ctx.rb->SendNullArray();
}

void CmdBLMPop(CmdArgs args, CommandContext& ctx) {
  MPopArgs m;
  std::string error;
  if (!ParseMPop(args, 2, &m, &error)) return ctx.rb->SendError(error);
  int64_t deadline = 0;
  if (std::string err = blocking::Deadline(ctx, args[1], &deadline); !err.empty()) {
    return ctx.rb->SendError(err);
  }
  if (!blocking::YieldsToEarlier(ctx) && PopFirst(ctx, m.keys, m.end, m.count, true)) return;
  WaitOrTimeOut(ctx, m.keys, deadline);
}

}  // namespace

void RegisterListMoveFamily(CommandRegistry* r) {
  r->Register("lmove", &CmdLMove);
  r->Register("rpoplpush", &CmdRPopLPush);
  r->Register("lmpop", &CmdLMPop);
  r->Register("blmove", &CmdBLMove);
  r->Register("brpoplpush", &CmdBRPopLPush);
  r->Register("blpop", &CmdBLPop);
  r->Register("brpop", &CmdBRPop);
  r->Register("blmpop", &CmdBLMPop);
}

}  // namespace ringdb::engine
