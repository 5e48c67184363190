// Set commands on one key, and SMOVE: SADD, SREM, SCARD, SISMEMBER, SMISMEMBER,
// SMEMBERS, SRANDMEMBER, SPOP, SMOVE, SSCAN, as Redis 7.0's t_set.c. Intersections,
// unions and differences live in set_algebra_family.cc; RegisterSetFamily registers both.
#include <array>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/command.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/keys_args.h"
#include "engine/scan_args.h"
#include "engine/set_members.h"
#include "types/set_value.h"

namespace ringdb::engine {
namespace {

using types::SetMember;
using types::SetValue;

// The set at `key`, or null when missing; kWrongType when of another type.
OpResult<SetValue*> FindSet(DbAccess& db, std::string_view key, LookupMode mode) {
  OpResult<SetValue*> set = db.FindValue<SetValue>(key, mode);
  if (set.status() == OpStatus::kKeyNotFound) return static_cast<SetValue*>(nullptr);
  return set;
}

// ---- SADD, SREM, SCARD, SISMEMBER, SMISMEMBER, SMEMBERS --------------------------------

OpResult<int64_t> OpSAdd(DbAccess& db, std::string_view key, CmdArgs members) {
  OpResult<SetValue*> found = FindSet(db, key, LookupMode::kWrite);
  if (!found.ok()) return found.status();
  const int64_t max_intset = MaxIntsetEntries();
  SetValue* set = *found;
  if (set == nullptr) {
    // A new key holds at least its first member, so it is stored whole.
    auto fresh = new SetValue;
    int64_t added = 0;
    for (std::string_view m : members) added += fresh->Add(m, max_intset) ? 1 : 0;
    db.StoreValue(key, fresh);
    return added;
  }
  int64_t added = 0;
  for (std::string_view m : members) added += set->Add(m, max_intset) ? 1 : 0;
  if (added > 0) db.MarkModified(key);
  return added;
}

void CmdSAdd(CmdArgs args, CommandContext& ctx) {
  OpResult<int64_t> n = OpSAdd(*ctx.db, args[1], args.subspan(2));
  if (!n.ok()) return ReplyStatus(ctx, n.status());
  ctx.rb->SendLong(*n);
}

OpResult<int64_t> OpSRem(DbAccess& db, std::string_view key, CmdArgs members) {
  OpResult<SetValue*> set = db.FindValue<SetValue>(key);
  if (!set.ok()) return set.status();
  int64_t removed = 0;
  for (std::string_view m : members) {
    removed += (*set)->Remove(m) ? 1 : 0;
    if ((*set)->empty()) break;
  }
  if (removed > 0) db.ValueEdited(key, (*set)->empty());
  return removed;
}

void CmdSRem(CmdArgs args, CommandContext& ctx) {
  OpResult<int64_t> n = OpSRem(*ctx.db, args[1], args.subspan(2));
  if (n.status() == OpStatus::kKeyNotFound) return ctx.rb->SendLong(0);
  if (!n.ok()) return ReplyStatus(ctx, n.status());
  ctx.rb->SendLong(*n);
}

void CmdSCard(CmdArgs args, CommandContext& ctx) {
  OpResult<SetValue*> set = FindSet(*ctx.db, args[1], LookupMode::kRead);
  if (!set.ok()) return ReplyStatus(ctx, set.status());
  ctx.rb->SendLong(*set == nullptr ? 0 : static_cast<int64_t>((*set)->size()));
}

void CmdSIsMember(CmdArgs args, CommandContext& ctx) {
  OpResult<SetValue*> set = FindSet(*ctx.db, args[1], LookupMode::kRead);
  if (!set.ok()) return ReplyStatus(ctx, set.status());
  ctx.rb->SendLong(*set != nullptr && (*set)->Contains(args[2]) ? 1 : 0);
}

void CmdSMIsMember(CmdArgs args, CommandContext& ctx) {
  OpResult<SetValue*> set = FindSet(*ctx.db, args[1], LookupMode::kRead);
  if (!set.ok()) return ReplyStatus(ctx, set.status());
  ctx.rb->SendArrayLen(args.size() - 2);
  for (size_t i = 2; i < args.size(); ++i) {
    ctx.rb->SendLong(*set != nullptr && (*set)->Contains(args[i]) ? 1 : 0);
  }
}

// A whole set as RESP3 replies it: a set type (an empty one for a missing key).
void SendWholeSet(protocol::ReplyBuilder* rb, const SetValue* set) {
  if (set == nullptr) return rb->SendSetLen(0);
  rb->SendSetLen(set->size());
  set->ForEach([&](const SetMember& m) { SendMember(rb, m); });
}

void CmdSMembers(CmdArgs args, CommandContext& ctx) {
  OpResult<SetValue*> set = FindSet(*ctx.db, args[1], LookupMode::kRead);
  if (!set.ok()) return ReplyStatus(ctx, set.status());
  SendWholeSet(ctx.rb, *set);
}

// ---- SRANDMEMBER ----------------------------------------------------------------------

void CmdSRandMember(CmdArgs args, CommandContext& ctx) {
  if (args.size() > 3) return ctx.rb->SendError(errors::kSyntax);
  if (args.size() == 2) {
    OpResult<SetValue*> set = FindSet(*ctx.db, args[1], LookupMode::kRead);
    if (!set.ok()) return ReplyStatus(ctx, set.status());
    if (*set == nullptr) return ctx.rb->SendNull();
    return SendMember(ctx.rb, (*set)->Random(SetRng()()));
  }
  // The count is checked before the key, and -LONG_MIN is refused as Redis refuses it.
  int64_t count;
  if (!types::ParseInt64(args[2], &count)) return ctx.rb->SendError(errors::kNotInteger);
  if (count == std::numeric_limits<int64_t>::min()) {
    return ctx.rb->SendError(errors::kCountOutOfLongRange);
  }
  OpResult<SetValue*> found = FindSet(*ctx.db, args[1], LookupMode::kRead);
  if (!found.ok()) return ReplyStatus(ctx, found.status());
  const SetValue* set = *found;
  if (set == nullptr || count == 0) return ctx.rb->SendArrayLen(0);
  std::mt19937_64& rng = SetRng();
  // A negative count may repeat members: independent draws, as many as asked.
  if (count < 0 || count == 1) {
    const uint64_t n = count < 0 ? 0 - static_cast<uint64_t>(count) : 1;
    ctx.rb->SendArrayLen(n);
    for (uint64_t i = 0; i < n; ++i) SendMember(ctx.rb, set->Random(rng()));
    return;
  }
  // Distinct members, replied as an array (not a set) even in RESP3, as Redis 7.0 does.
  if (static_cast<uint64_t>(count) >= set->size()) {
    ctx.rb->SendArrayLen(set->size());
    set->ForEach([&](const SetMember& m) { SendMember(ctx.rb, m); });
    return;
  }
  std::vector<SetMember> picked = set->RandomDistinct(static_cast<size_t>(count), rng);
  ctx.rb->SendArrayLen(picked.size());
  for (const SetMember& m : picked) SendMember(ctx.rb, m);
}

// ---- SPOP -----------------------------------------------------------------------------

// What SPOP with a count took out of the set: whole members in `taken`, or a few
// copied out in `few` (one of the two is empty).
struct Popped {
  SetValue taken;
  std::vector<std::string> few;
};

// Redis's SPOP_MOVE_STRATEGY_MUL: past this ratio of popped to kept members, the
// kept ones are moved into a new set instead of popping the others one by one.
constexpr uint64_t kSpopMoveStrategyMul = 5;

OpResult<std::string> OpSPop(DbAccess& db, std::string_view key) {
  OpResult<SetValue*> set = db.FindValue<SetValue>(key);
  if (!set.ok()) return set.status();
  std::string member = (*set)->PopRandom(SetRng()());
  db.ValueEdited(key, (*set)->empty());
  return member;
}

OpResult<Popped> OpSPopCount(DbAccess& db, std::string_view key, uint64_t count) {
  OpResult<SetValue*> found = db.FindValue<SetValue>(key);
  if (!found.ok()) return found.status();
  SetValue* set = *found;
  Popped out;
  const uint64_t size = set->size();
  if (count >= size) {
    out.taken = std::exchange(*set, SetValue{});
    db.Delete(key);
    return out;
  }
  std::mt19937_64& rng = SetRng();
  const uint64_t remaining = size - count;
  if (remaining * kSpopMoveStrategyMul > count) {
    out.few.reserve(count);
    for (uint64_t i = 0; i < count; ++i) out.few.push_back(set->PopRandom(rng()));
  } else {
    // The kept members go to a new set, which takes the encoding Redis's new set would
    // (an intset again, if they are few integers); the old one holds what was popped.
    SetValue kept;
    const int64_t max_intset = MaxIntsetEntries();
    for (uint64_t i = 0; i < remaining; ++i) kept.Add(set->PopRandom(rng()), max_intset);
    out.taken = std::exchange(*set, std::move(kept));
  }
  db.MarkModified(key);
  return out;
}

void CmdSPop(CmdArgs args, CommandContext& ctx) {
  if (args.size() > 3) return ctx.rb->SendError(errors::kSyntax);
  if (args.size() == 2) {
    OpResult<std::string> member = OpSPop(*ctx.db, args[1]);
    if (member.status() == OpStatus::kKeyNotFound) return ctx.rb->SendNull();
    if (!member.ok()) return ReplyStatus(ctx, member.status());
    return ctx.rb->SendBulk(*member);
  }
  int64_t count;
  if (!types::ParseInt64(args[2], &count) || count < 0) {
    return ctx.rb->SendError(errors::kMustBePositive);
  }
  if (count == 0) {
    OpResult<SetValue*> set = ctx.db->FindValue<SetValue>(args[1]);
    if (!set.ok() && set.status() != OpStatus::kKeyNotFound) return ReplyStatus(ctx, set.status());
    return ctx.rb->SendSetLen(0);
  }
  OpResult<Popped> popped = OpSPopCount(*ctx.db, args[1], static_cast<uint64_t>(count));
  if (popped.status() == OpStatus::kKeyNotFound) return ctx.rb->SendSetLen(0);
  if (!popped.ok()) return ReplyStatus(ctx, popped.status());
  if (popped->few.empty()) return SendWholeSet(ctx.rb, &popped->taken);
  ctx.rb->SendSetLen(popped->few.size());
  for (const std::string& m : popped->few) ctx.rb->SendBulk(m);
}

// ---- SMOVE ----------------------------------------------------------------------------

// 1 when `member` was moved (or, with source == destination, is there), else 0.
OpResult<int64_t> OpSMove(DbAccess& db, std::string_view src, std::string_view dst,
                          std::string_view member) {
  OpResult<SetValue*> from = FindSet(db, src, LookupMode::kWrite);
  if (from.ok() && *from == nullptr) return 0;  // a missing source wins over a bad dest
  if (!from.ok()) return from.status();
  OpResult<SetValue*> to = FindSet(db, dst, LookupMode::kWrite);
  if (!to.ok()) return to.status();
  if (*from == *to) return (*from)->Contains(member) ? 1 : 0;
  if (!(*from)->Remove(member)) return 0;
  db.ValueEdited(src, (*from)->empty());
  const int64_t max_intset = MaxIntsetEntries();
  if (*to == nullptr) {
    auto fresh = new SetValue;
    fresh->Add(member, max_intset);
    db.StoreValue(dst, fresh);
  } else if ((*to)->Add(member, max_intset)) {
    db.MarkModified(dst);
  }
  return 1;
}

void CmdSMove(CmdArgs args, CommandContext& ctx) {
  OpResult<int64_t> n = OpSMove(*ctx.db, args[1], args[2], args[3]);
  if (!n.ok()) return ReplyStatus(ctx, n.status());
  ctx.rb->SendLong(*n);
}

// ---- SSCAN ----------------------------------------------------------------------------

void CmdSScan(CmdArgs args, CommandContext& ctx) {
  uint64_t cursor = 0;
  if (!ParseScanCursor(args[2], &cursor)) return ctx.rb->SendError(errors::kInvalidCursor);
  OpResult<SetValue*> found = FindSet(*ctx.db, args[1], LookupMode::kRead);
  if (!found.ok()) return ReplyStatus(ctx, found.status());
  // A missing key answers an empty scan before the options are even parsed, as Redis.
  const SetValue* set = *found;
  ScanArgs opts;
  std::string err;
  if (set != nullptr) err = ParseScanArgs(args, 3, ScanKind::kValue, &opts);
  if (!err.empty()) return ctx.rb->SendError(err);
  std::vector<SetMember> members;
  uint64_t next = 0;
  if (set != nullptr) {
    next = set->Scan(cursor, opts.count, [&](const SetMember& m) {
      std::array<char, types::kInt64BufSize> buf;
      if (opts.Matches(m.Text(buf))) members.push_back(m);
    });
  }
  ctx.rb->SendArrayLen(2);
  ctx.rb->SendBulk(std::to_string(next));
  ctx.rb->SendArrayLen(members.size());
  for (const SetMember& m : members) SendMember(ctx.rb, m);
}

}  // namespace

void RegisterSetFamily(CommandRegistry* r) {
  r->Register("sadd", &CmdSAdd);
  r->Register("srem", &CmdSRem);
  r->Register("scard", &CmdSCard);
  r->Register("sismember", &CmdSIsMember);
  r->Register("smismember", &CmdSMIsMember);
  r->Register("smembers", &CmdSMembers);
  r->Register("srandmember", &CmdSRandMember);
  r->Register("spop", &CmdSPop);
  r->Register("smove", &CmdSMove);
  r->Register("sscan", &CmdSScan);
  // Intersections, unions and differences, split out by sub-feature.
  RegisterSetAlgebraFamily(r);
}

}  // namespace ringdb::engine
