// List commands on one key: pushes and pops at the ends, reads and edits by index or
// value. Moves between lists and the blocking commands live in list_move_family.cc;
// RegisterListFamily registers both.
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "engine/command.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/keys_args.h"
#include "engine/list_ops.h"
#include "types/list_value.h"
#include "types/number_format.h"
#include "types/quicklist.h"

namespace ringdb::engine {
namespace {

using keyargs::ArgReader;
using list::End;
using types::ListValue;
using types::Quicklist;

// The list at `key` for reading; false after replying `missing` (a missing key) or an
// error.
template <typename Missing>
bool FindList(CommandContext& ctx, std::string_view key, LookupMode mode, ListValue** out,
              Missing&& missing) {
  OpResult<ListValue*> found = ctx.db->FindValue<ListValue>(key, mode);
  if (found.ok()) {
    *out = *found;
    return true;
  }
  if (found.status() == OpStatus::kKeyNotFound) {
    missing();
  } else {
    ReplyStatus(ctx, found.status());
  }
  return false;
}

void Push(CmdArgs args, CommandContext& ctx, End end, bool only_if_exists) {
  OpResult<size_t> len = list::OpPush(*ctx.db, args[1], args.subspan(2), end, only_if_exists);
  if (!len.ok()) return ReplyStatus(ctx, len.status());
  ctx.rb->SendLong(static_cast<int64_t>(*len));
}

void CmdLPush(CmdArgs args, CommandContext& ctx) { Push(args, ctx, End::kHead, false); }
void CmdRPush(CmdArgs args, CommandContext& ctx) { Push(args, ctx, End::kTail, false); }
void CmdLPushX(CmdArgs args, CommandContext& ctx) { Push(args, ctx, End::kHead, true); }
void CmdRPushX(CmdArgs args, CommandContext& ctx) { Push(args, ctx, End::kTail, true); }

// LPOP key [count] / RPOP key [count]: without a count one element or nil; with one an
// array, nil (a null array) when the key is missing.
void Pop(CmdArgs args, CommandContext& ctx, End end) {
  if (args.size() > 3) return ctx.rb->SendError(errors::WrongArity(args[0]));
  const bool has_count = args.size() == 3;
  int64_t count = 1;
  if (has_count) {
    ArgReader r(args, 2);
    count = r.NextInt(0, std::numeric_limits<int64_t>::max(), errors::kMustBePositive);
    if (!r.ok()) return ctx.rb->SendError(r.error());
  }
  OpResult<ListValue*> found = ctx.db->FindValue<ListValue>(args[1]);
  if (!found.ok()) {
    if (found.status() != OpStatus::kKeyNotFound) return ReplyStatus(ctx, found.status());
    return has_count ? ctx.rb->SendNullArray() : ctx.rb->SendNull();
  }
  OpResult<std::vector<std::string>> popped =
      list::OpPop(*ctx.db, args[1], end, static_cast<size_t>(count));
  if (!popped.ok()) return ReplyStatus(ctx, popped.status());
  if (has_count) return list::ReplyElements(ctx, *popped);
  ctx.rb->SendBulk(popped->front());
}

void CmdLPop(CmdArgs args, CommandContext& ctx) { Pop(args, ctx, End::kHead); }
void CmdRPop(CmdArgs args, CommandContext& ctx) { Pop(args, ctx, End::kTail); }

void CmdLLen(CmdArgs args, CommandContext& ctx) {
  ListValue* v = nullptr;
  if (!FindList(ctx, args[1], LookupMode::kRead, &v, [&] { ctx.rb->SendLong(0); })) return;
  ctx.rb->SendLong(static_cast<int64_t>(v->list().size()));
}

void CmdLIndex(CmdArgs args, CommandContext& ctx) {
  ListValue* v = nullptr;
  if (!FindList(ctx, args[1], LookupMode::kRead, &v, [&] { ctx.rb->SendNull(); })) return;
  ArgReader r(args, 2);
  const int64_t index = r.NextInt();
  if (!r.ok()) return ctx.rb->SendError(r.error());
  std::string value;
  if (!v->list().Index(index, &value)) return ctx.rb->SendNull();
  ctx.rb->SendBulk(value);
}

OpStatus OpLSet(DbAccess& db, std::string_view key, int64_t index, std::string_view value) {
  if (!Quicklist::FitsElement(value.size())) return OpStatus::kStringTooLong;
  OpResult<ListValue*> found = db.FindValue<ListValue>(key);
  if (!found.ok()) return found.status();
  if (!(*found)->list().Replace(index, value)) return OpStatus::kOutOfRange;
  db.MarkModified(key);
  return OpStatus::kOk;
}

void CmdLSet(CmdArgs args, CommandContext& ctx) {
  // The key is checked before the index, as Redis does.
  ListValue* v = nullptr;
  auto no_key = [&] { ctx.rb->SendError(errors::kNoSuchKey); };
  if (!FindList(ctx, args[1], LookupMode::kWrite, &v, no_key)) return;
  ArgReader r(args, 2);
  const int64_t index = r.NextInt();
  if (!r.ok()) return ctx.rb->SendError(r.error());
  const OpStatus status = OpLSet(*ctx.db, args[1], index, args[3]);
  if (status != OpStatus::kOk) return ReplyStatus(ctx, status);
  ctx.rb->SendOk();
}

// Redis's start/stop normalization for LRANGE and LTRIM: false when the range is empty;
// else [*start, *stop] lies within the list.
bool ClampRange(int64_t len, int64_t* start, int64_t* stop) {
  if (*start < 0) *start += len;
  if (*stop < 0) *stop += len;
  if (*start < 0) *start = 0;
  if (*start > *stop || *start >= len) return false;
  if (*stop >= len) *stop = len - 1;
  return true;
}

void CmdLRange(CmdArgs args, CommandContext& ctx) {
  ArgReader r(args, 2);
  int64_t start = r.NextInt();
  int64_t stop = r.NextInt();
  if (!r.ok()) return ctx.rb->SendError(r.error());
  ListValue* v = nullptr;
  if (!FindList(ctx, args[1], LookupMode::kRead, &v, [&] { ctx.rb->SendArrayLen(0); })) return;
  const Quicklist& list = v->list();
  if (!ClampRange(static_cast<int64_t>(list.size()), &start, &stop)) {
    return ctx.rb->SendArrayLen(0);
  }
  ctx.rb->SendArrayLen(static_cast<size_t>(stop - start + 1));
  std::array<char, types::kInt64BufSize> buf;
  list.ForRange(static_cast<size_t>(start), static_cast<size_t>(stop), false,
                [&](const types::ListpackElement& e) { ctx.rb->SendBulk(e.ToText(buf)); });
}

void OpLTrim(DbAccess& db, std::string_view key, ListValue* v, int64_t start, int64_t stop) {
  Quicklist& list = v->list();
  const auto len = static_cast<int64_t>(list.size());
  int64_t ltrim = len, rtrim = 0;
  if (ClampRange(len, &start, &stop)) {
    ltrim = start;
    rtrim = len - stop - 1;
  }
  list.DeleteRange(0, static_cast<size_t>(ltrim));
  list.DeleteRange(-rtrim, static_cast<size_t>(rtrim));
  // Redis signals the key even when nothing was trimmed.
  db.ValueEdited(key, list.empty());
}

void CmdLTrim(CmdArgs args, CommandContext& ctx) {
  ArgReader r(args, 2);
  const int64_t start = r.NextInt();
  const int64_t stop = r.NextInt();
  if (!r.ok()) return ctx.rb->SendError(r.error());
  ListValue* v = nullptr;
  if (!FindList(ctx, args[1], LookupMode::kWrite, &v, [&] { ctx.rb->SendOk(); })) return;
  OpLTrim(*ctx.db, args[1], v, start, stop);
  ctx.rb->SendOk();
}

void CmdLRem(CmdArgs args, CommandContext& ctx) {
  ArgReader r(args, 2);
  const int64_t count = r.NextInt();
  if (!r.ok()) return ctx.rb->SendError(r.error());
  ListValue* v = nullptr;
  if (!FindList(ctx, args[1], LookupMode::kWrite, &v, [&] { ctx.rb->SendLong(0); })) return;
  // -count without overflow: INT64_MIN asks for 2^63 removals.
  const uint64_t limit = count < 0 ? 0 - static_cast<uint64_t>(count) : count;
  const size_t removed = v->list().Remove(args[3], limit, count < 0);
  if (removed > 0) ctx.db->ValueEdited(args[1], v->list().empty());
  ctx.rb->SendLong(static_cast<int64_t>(removed));
}

void CmdLInsert(CmdArgs args, CommandContext& ctx) {
  bool after = false;
  if (keyargs::EqualsNoCase(args[2], "after")) {
    after = true;
  } else if (!keyargs::EqualsNoCase(args[2], "before")) {
    return ctx.rb->SendError(errors::kSyntax);
  }
  if (!Quicklist::FitsElement(args[4].size())) return ReplyStatus(ctx, OpStatus::kStringTooLong);
  ListValue* v = nullptr;
  if (!FindList(ctx, args[1], LookupMode::kWrite, &v, [&] { ctx.rb->SendLong(0); })) return;
  if (!v->list().InsertAtPivot(args[3], args[4], after)) return ctx.rb->SendLong(-1);
  ctx.db->MarkModified(args[1]);
  ctx.rb->SendLong(static_cast<int64_t>(v->list().size()));
}

struct LPosArgs {
  int64_t rank = 1;
  int64_t count = -1;  // -1: no COUNT given (reply one index, not an array)
  int64_t maxlen = 0;  // 0: scan the whole list
};

// RANK / COUNT / MAXLEN, each allowed again (the last wins), as Redis parses them.
bool ParseLPos(LPosArgs* out, ArgReader* r) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  while (!r->done()) {
    std::string_view opt = r->Next();
    if (r->left() == 0) {
      r->Fail(errors::kSyntax);
    } else if (keyargs::EqualsNoCase(opt, "rank")) {
      std::string_view arg = r->Peek();
      int64_t v = 0;
      if (!types::ParseInt64(arg, &v)) r->Fail(errors::kNotInteger);
      if (v == 0) r->Fail(errors::kLposRankZero);
      r->Next();
      out->rank = v;
    } else if (keyargs::EqualsNoCase(opt, "count")) {
      out->count = r->NextInt(0, kMax, errors::kLposCountNegative);
    } else if (keyargs::EqualsNoCase(opt, "maxlen")) {
      out->maxlen = r->NextInt(0, kMax, errors::kLposMaxlenNegative);
    } else {
      r->Fail(errors::kSyntax);
    }
  }
  return r->ok();
}

// The indexes LPOS reports: matches from the `rank`th on, up to `count` (0: all) of
// them, among the first `maxlen` elements scanned (0: all).
std::vector<int64_t> OpLPos(const Quicklist& list, std::string_view element, const LPosArgs& a) {
  std::vector<int64_t> found;
  const bool from_tail = a.rank < 0;
  // Redis negates a negative rank; INT64_MIN stays negative there, so every match
  // passes it: the same as rank -1.
  const int64_t min = std::numeric_limits<int64_t>::min();
  const uint64_t rank = a.rank == min ? 1 : from_tail ? static_cast<uint64_t>(-a.rank) : a.rank;
  const size_t want = a.count < 0 ? 1 : static_cast<size_t>(a.count);
  uint64_t matches = 0;
  int64_t scanned = 0;
  list.Scan(from_tail, [&](size_t index, const types::ListpackElement& e) {
    if (a.maxlen != 0 && scanned >= a.maxlen) return false;
    ++scanned;
    if (!e.Equals(element) || ++matches < rank) return true;
    found.push_back(static_cast<int64_t>(index));
    return want == 0 || found.size() < want;
  });
  return found;
}

void CmdLPos(CmdArgs args, CommandContext& ctx) {
  LPosArgs a;
  ArgReader r(args, 3);
  if (!ParseLPos(&a, &r)) return ctx.rb->SendError(r.error());
  auto missing = [&] { a.count >= 0 ? ctx.rb->SendArrayLen(0) : ctx.rb->SendNull(); };
  ListValue* v = nullptr;
  if (!FindList(ctx, args[1], LookupMode::kRead, &v, missing)) return;
  const std::vector<int64_t> found = OpLPos(v->list(), args[2], a);
  if (a.count < 0) return found.empty() ? ctx.rb->SendNull() : ctx.rb->SendLong(found[0]);
  ctx.rb->SendArrayLen(found.size());
  for (int64_t i : found) ctx.rb->SendLong(i);
}

}  // namespace

void RegisterListFamily(CommandRegistry* r) {
  r->Register("lpush", &CmdLPush);
  r->Register("rpush", &CmdRPush);
  r->Register("lpushx", &CmdLPushX);
  r->Register("rpushx", &CmdRPushX);
  r->Register("lpop", &CmdLPop);
  r->Register("rpop", &CmdRPop);
  r->Register("llen", &CmdLLen);
  r->Register("lindex", &CmdLIndex);
  r->Register("lset", &CmdLSet);
  r->Register("lrange", &CmdLRange);
  r->Register("ltrim", &CmdLTrim);
  r->Register("lrem", &CmdLRem);
  r->Register("linsert", &CmdLInsert);
  r->Register("lpos", &CmdLPos);
  RegisterListMoveFamily(r);
}

}  // namespace ringdb::engine
