// Set algebra: SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE,
// as Redis 7.0's sinterGenericCommand and sunionDiffGenericCommand: the same error
// order (every key's type is checked, even after a missing one), the same algorithm
// choices where they show (the order of replied members), and results built as Redis
// builds them, starting from an intset, so a STORE's destination takes the encoding
// Redis would give it.
//
// The dispatcher has locked every key's slot (ascending order) for the whole call.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/command.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/keys_args.h"
#include "engine/set_members.h"
#include "types/set_value.h"

namespace ringdb::engine {
namespace {

using types::SetMember;
using types::SetValue;

// The sets at `keys`, null for a missing key; kWrongType if any holds another type.
OpResult<std::vector<const SetValue*>> FindSets(DbAccess& db, CmdArgs keys) {
  OpResult<std::vector<types::Entry*>> entries =
      db.FindEach(keys, [](types::ValueType t) { return t == SetValue::kType; });
  if (!entries.ok()) return entries.status();
  std::vector<const SetValue*> sets;
  sets.reserve(keys.size());
  for (types::Entry* e : *entries) sets.push_back(e ? e->value<SetValue>() : nullptr);
  return sets;
}

bool AnyMissing(const std::vector<const SetValue*>& sets) {
  return std::find(sets.begin(), sets.end(), nullptr) != sets.end();
}

// Calls f(member) for each member of every set, in the order of the smallest set, until
// `limit` members were found (0: no limit). REQUIRES: no set is null.
template <typename F>
void ForEachCommon(std::vector<const SetValue*> sets, size_t limit, F&& f) {
  std::sort(sets.begin(), sets.end(),
            [](const SetValue* a, const SetValue* b) { return a->size() < b->size(); });
  size_t found = 0;
  sets[0]->ForEach([&](const SetMember& m) {
    if (limit != 0 && found >= limit) return;  // ForEach cannot stop; skip cheaply
    for (size_t j = 1; j < sets.size(); ++j) {
      if (!sets[j]->Contains(m)) return;
    }
    ++found;
    f(m);
  });
}

void SendResult(protocol::ReplyBuilder* rb, const SetValue& result) {
  rb->SendSetLen(result.size());
  result.ForEach([&](const SetMember& m) { SendMember(rb, m); });
}

// ---- SINTER, SINTERSTORE, SINTERCARD --------------------------------------------------

// SINTER's members, viewing into the sets: valid while the command runs.
OpResult<std::vector<SetMember>> OpSInter(DbAccess& db, CmdArgs keys) {
  OpResult<std::vector<const SetValue*>> sets = FindSets(db, keys);
  if (!sets.ok()) return sets.status();
  std::vector<SetMember> out;
  if (AnyMissing(*sets)) return out;  // intersecting with an empty set
  ForEachCommon(*sets, 0, [&](const SetMember& m) { out.push_back(m); });
  return out;
}

void CmdSInter(CmdArgs args, CommandContext& ctx) {
  OpResult<std::vector<SetMember>> members = OpSInter(*ctx.db, args.subspan(1));
  if (!members.ok()) return ReplyStatus(ctx, members.status());
  ctx.rb->SendSetLen(members->size());
  for (const SetMember& m : *members) SendMember(ctx.rb, m);
}

OpResult<int64_t> OpSInterStore(DbAccess& db, std::string_view dst, CmdArgs keys) {
  OpResult<std::vector<const SetValue*>> sets = FindSets(db, keys);
  if (!sets.ok()) return sets.status();
  SetValue result;
  if (!AnyMissing(*sets)) {
    const int64_t max_intset = MaxIntsetEntries();
    ForEachCommon(*sets, 0, [&](const SetMember& m) { result.Add(m, max_intset); });
  }
  return db.StoreResult(dst, new SetValue(std::move(result)));
}

void CmdSInterStore(CmdArgs args, CommandContext& ctx) {
  OpResult<int64_t> n = OpSInterStore(*ctx.db, args[1], args.subspan(2));
  if (!n.ok()) return ReplyStatus(ctx, n.status());
  ctx.rb->SendLong(*n);
}

OpResult<int64_t> OpSInterCard(DbAccess& db, CmdArgs keys, size_t limit) {
  OpResult<std::vector<const SetValue*>> sets = FindSets(db, keys);
  if (!sets.ok()) return sets.status();
  int64_t n = 0;
  if (!AnyMissing(*sets)) ForEachCommon(*sets, limit, [&](const SetMember&) { ++n; });
  return n;
}

enum class CardWord : uint8_t { kLimit };
constexpr keyargs::Option<CardWord> kCardWords[] = {{"limit", CardWord::kLimit}};

// SINTERCARD numkeys key [key ...] [LIMIT limit], with Redis's own error texts.
void CmdSInterCard(CmdArgs args, CommandContext& ctx) {
  keyargs::ArgReader r(args, 1);
  const int64_t numkeys = r.NextInt(1, INT64_MAX, errors::kNumkeysNotPositive);
  if (!r.ok()) return ctx.rb->SendError(r.error());
  if (numkeys > static_cast<int64_t>(args.size()) - 2) {
    return ctx.rb->SendError(errors::kNumKeysTooMany);
  }
  keyargs::ArgReader opts(args, 2 + static_cast<size_t>(numkeys));
  int64_t limit = 0;
  while (!opts.done()) {
    CardWord w;
    if (opts.left() < 2 || !opts.NextOption(kCardWords, &w)) {
      opts.Fail(errors::kSyntax);
      break;
    }
    limit = opts.NextInt(0, INT64_MAX, errors::kLimitNegative);
  }
  if (!opts.ok()) return ctx.rb->SendError(opts.error());
  OpResult<int64_t> n = OpSInterCard(*ctx.db, args.subspan(2, static_cast<size_t>(numkeys)),
                                     static_cast<size_t>(limit));
  if (!n.ok()) return ReplyStatus(ctx, n.status());
  ctx.rb->SendLong(*n);
}

// ---- SUNION, SDIFF and their STOREs ----------------------------------------------------

SetValue Union(const std::vector<const SetValue*>& sets) {
  SetValue result;
  const int64_t max_intset = MaxIntsetEntries();
  for (const SetValue* set : sets) {
    if (set != nullptr) set->ForEach([&](const SetMember& m) { result.Add(m, max_intset); });
  }
  return result;
}

// Redis's choice between its two SDIFF algorithms: walking the first set and probing
// the others (half the work it is charged, as it stops early on common members), or
// adding the first set and removing every other one.
bool ProbeOthers(const std::vector<const SetValue*>& sets) {
  int64_t probe_work = 0, remove_work = 0;
  for (const SetValue* set : sets) {
    if (set == nullptr) continue;
    probe_work += static_cast<int64_t>(sets[0]->size());
    remove_work += static_cast<int64_t>(set->size());
  }
  return probe_work / 2 <= remove_work;
}

SetValue Diff(std::vector<const SetValue*> sets) {
  SetValue result;
  if (sets[0] == nullptr) return result;
  // The first set minus itself (a key named twice) is empty.
  if (std::find(sets.begin() + 1, sets.end(), sets[0]) != sets.end()) return result;
  const int64_t max_intset = MaxIntsetEntries();
  if (ProbeOthers(sets)) {
    // Largest first: a member in common is found sooner.
    std::sort(sets.begin() + 1, sets.end(), [](const SetValue* a, const SetValue* b) {
      return (a == nullptr ? 0 : a->size()) > (b == nullptr ? 0 : b->size());
    });
    sets[0]->ForEach([&](const SetMember& m) {
      for (size_t j = 1; j < sets.size(); ++j) {
        if (sets[j] != nullptr && sets[j]->Contains(m)) return;
      }
      result.Add(m, max_intset);
    });
    return result;
  }
  sets[0]->ForEach([&](const SetMember& m) { result.Add(m, max_intset); });
  for (size_t j = 1; j < sets.size() && !result.empty(); ++j) {
    if (sets[j] == nullptr) continue;
    sets[j]->ForEach([&](const SetMember& m) {
      std::array<char, types::kInt64BufSize> buf;
      result.Remove(m.Text(buf));
    });
  }
  return result;
}

enum class SetOp : uint8_t { kUnion, kDiff };

OpResult<SetValue> OpUnionOrDiff(DbAccess& db, CmdArgs keys, SetOp op) {
  OpResult<std::vector<const SetValue*>> sets = FindSets(db, keys);
  if (!sets.ok()) return sets.status();
  return op == SetOp::kUnion ? Union(*sets) : Diff(std::move(*sets));
}

void UnionOrDiff(CmdArgs args, CommandContext& ctx, SetOp op) {
  OpResult<SetValue> result = OpUnionOrDiff(*ctx.db, args.subspan(1), op);
  if (!result.ok()) return ReplyStatus(ctx, result.status());
  SendResult(ctx.rb, *result);
}

void UnionOrDiffStore(CmdArgs args, CommandContext& ctx, SetOp op) {
  OpResult<SetValue> result = OpUnionOrDiff(*ctx.db, args.subspan(2), op);
  if (!result.ok()) return ReplyStatus(ctx, result.status());
  ctx.rb->SendLong(ctx.db->StoreResult(args[1], new SetValue(std::move(*result))));
}

void CmdSUnion(CmdArgs args, CommandContext& ctx) { UnionOrDiff(args, ctx, SetOp::kUnion); }
void CmdSDiff(CmdArgs args, CommandContext& ctx) { UnionOrDiff(args, ctx, SetOp::kDiff); }
void CmdSUnionStore(CmdArgs args, CommandContext& ctx) {
  UnionOrDiffStore(args, ctx, SetOp::kUnion);
}
void CmdSDiffStore(CmdArgs args, CommandContext& ctx) {
  UnionOrDiffStore(args, ctx, SetOp::kDiff);
}

}  // namespace

void RegisterSetAlgebraFamily(CommandRegistry* r) {
  r->Register("sinter", &CmdSInter);
  r->Register("sinterstore", &CmdSInterStore);
  r->Register("sintercard", &CmdSInterCard);
  r->Register("sunion", &CmdSUnion);
  r->Register("sunionstore", &CmdSUnionStore);
  r->Register("sdiff", &CmdSDiff);
  r->Register("sdiffstore", &CmdSDiffStore);
}

}  // namespace ringdb::engine
