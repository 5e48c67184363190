#include "engine/list_ops.h"

#include "engine/config.h"
#include "types/ascii.h"

namespace ringdb::engine::list {

using types::ListValue;
using types::Quicklist;

bool ParseEnd(std::string_view arg, End* end) {
  if (types::EqualsNoCase(arg, "left")) {
    *end = End::kHead;
    return true;
  }
  if (types::EqualsNoCase(arg, "right")) {
    *end = End::kTail;
    return true;
  }
  return false;
}

namespace {

// The list at `key`, created empty (not yet stored) when missing; *created tells.
OpResult<ListValue*> FindOrNew(DbAccess& db, std::string_view key, bool* created) {
  OpResult<ListValue*> found = db.FindValue<ListValue>(key);
  *created = false;
  if (found.ok() || found.status() != OpStatus::kKeyNotFound) return found;
  *created = true;
  return new ListValue(CurrentEncodingLimits());
}

}  // namespace

OpResult<size_t> OpPush(DbAccess& db, std::string_view key, CmdArgs values, End end,
                        bool only_if_exists) {
  for (std::string_view v : values) {
    // Redis would keep such an element in a node of its own (a "plain" node).
    if (!Quicklist::FitsElement(v.size())) return OpStatus::kStringTooLong;
  }
  bool created = false;
  OpResult<ListValue*> found = only_if_exists ? db.FindValue<ListValue>(key)
                                              : FindOrNew(db, key, &created);
  if (!found.ok()) {
    if (found.status() == OpStatus::kKeyNotFound) return size_t{0};
    return found.status();
  }
  Quicklist& list = (*found)->list();
  for (std::string_view v : values) list.Push(end, v);
  if (created) {
    db.StoreValue(key, *found);
  } else {
    db.MarkModified(key);
  }
  return list.size();
}

OpResult<std::vector<std::string>> OpPop(DbAccess& db, std::string_view key, End end,
                                         size_t count) {
  OpResult<ListValue*> found = db.FindValue<ListValue>(key);
  if (!found.ok()) return found.status();
  Quicklist& list = (*found)->list();
  std::vector<std::string> out;
  const size_t n = std::min(count, list.size());
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back(list.Pop(end));
  if (n > 0) db.ValueEdited(key, list.empty());
  return out;
}

OpResult<std::string> OpMove(DbAccess& db, std::string_view src, std::string_view dst,
                             End from, End to) {
  OpResult<ListValue*> source = db.FindValue<ListValue>(src);
  if (!source.ok()) return source.status();
  bool created = false;
  OpResult<ListValue*> target = FindOrNew(db, dst, &created);
  if (!target.ok()) return target.status();
  std::string value = (*source)->list().Pop(from);
  (*target)->list().Push(to, value);
  // The same key as source and destination is one list: it never empties here.
  if (created) {
    db.StoreValue(dst, *target);
  } else {
    db.MarkModified(dst);
  }
  if (*source != *target) db.ValueEdited(src, (*source)->list().empty());
  return value;
}

void ReplyElements(CommandContext& ctx, const std::vector<std::string>& elements) {
  ctx.rb->SendArrayLen(elements.size());
  for (const std::string& e : elements) ctx.rb->SendBulk(e);
}

}  // namespace ringdb::engine::list
