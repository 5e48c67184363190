// String commands that edit or read part of a value: APPEND, STRLEN, the INCR/DECR
// family, INCRBYFLOAT, GETRANGE/SUBSTR and SETRANGE. Registered by RegisterStringFamily.
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

#include "engine/command.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/config.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/keys_args.h"
#include "types/entry.h"
#include "types/number_format.h"

namespace ringdb::engine {
namespace {

using types::Encoding;
using types::Entry;
using types::ValueType;

uint64_t MaxStringLen() { return static_cast<uint64_t>(ConfigInt(ConfigId::kProtoMaxBulkLen)); }

// Redis's checkStringLength: whether a string of `base + extra` bytes is allowed.
bool StringLengthAllowed(uint64_t base, uint64_t extra) {
  uint64_t total = base + extra;
  return total >= base && total <= MaxStringLen();
}

// ---- APPEND / STRLEN ----

OpResult<int64_t> OpAppend(DbAccess& db, std::string_view key, std::string_view tail) {
  Entry* e = db.Find(key, LookupMode::kWrite);
  if (e == nullptr) {
    // A new key takes the encoding SET would give it.
    db.StoreString(key, tail, types::ChooseStringEncoding(tail), types::kNoExpire);
    return static_cast<int64_t>(tail.size());
  }
  if (e->type() != ValueType::kString) return OpStatus::kWrongType;
  size_t old_len = e->str().size();
  if (!StringLengthAllowed(old_len, tail.size())) return OpStatus::kStringTooLong;
  // Resizing (even by zero bytes) makes the value "raw", as Redis's unsharing does.
  e = db.ResizeString(e, old_len + tail.size());
  if (!tail.empty()) std::memcpy(e->mutable_str() + old_len, tail.data(), tail.size());
  return static_cast<int64_t>(e->str().size());
}

void CmdAppend(CmdArgs args, CommandContext& ctx) {
  OpResult<int64_t> res = OpAppend(*ctx.db, args[1], args[2]);
  if (!res.ok()) return ReplyStatus(ctx, res.status());
  ctx.rb->SendLong(*res);
}

void CmdStrLen(CmdArgs args, CommandContext& ctx) {
  OpResult<Entry*> e = ctx.db->FindOfType(args[1], ValueType::kString, LookupMode::kRead);
  if (e.ok()) return ctx.rb->SendLong(static_cast<int64_t>((*e)->str().size()));
  if (e.status() == OpStatus::kKeyNotFound) return ctx.rb->SendLong(0);
  ReplyStatus(ctx, e.status());
}

// ---- Counters ----

// Stores `text` as the key's new value, keeping an existing key's expiry.
void StoreCounter(DbAccess& db, std::string_view key, Entry* existing, std::string_view text,
                  Encoding enc) {
  if (existing != nullptr) {
    db.ReplaceString(existing, text, enc);
  } else {
    db.StoreString(key, text, enc, types::kNoExpire);
  }
}

OpResult<int64_t> OpIncrBy(DbAccess& db, std::string_view key, int64_t incr) {
  Entry* e = db.Find(key, LookupMode::kWrite);
  if (e != nullptr && e->type() != ValueType::kString) return OpStatus::kWrongType;
  int64_t value = 0;
  if (e != nullptr && !types::ParseInt64(e->str(), &value)) return OpStatus::kNotAnInteger;
  int64_t result = 0;
  if (__builtin_add_overflow(value, incr, &result)) return OpStatus::kOverflow;
  std::array<char, types::kInt64BufSize> buf;
  StoreCounter(db, key, e, types::Int64ToChars(result, buf), Encoding::kInt);
  return result;
}

void ReplyIncr(CommandContext& ctx, std::string_view key, int64_t incr) {
  OpResult<int64_t> res = OpIncrBy(*ctx.db, key, incr);
  if (!res.ok()) return ReplyStatus(ctx, res.status());
  ctx.rb->SendLong(*res);
}

void CmdIncr(CmdArgs args, CommandContext& ctx) { ReplyIncr(ctx, args[1], 1); }
void CmdDecr(CmdArgs args, CommandContext& ctx) { ReplyIncr(ctx, args[1], -1); }

void CmdIncrBy(CmdArgs args, CommandContext& ctx) {
  int64_t incr = 0;
  if (!types::ParseInt64(args[2], &incr)) return ctx.rb->SendError(errors::kNotInteger);
  ReplyIncr(ctx, args[1], incr);
}

void CmdDecrBy(CmdArgs args, CommandContext& ctx) {
  int64_t decr = 0;
  if (!types::ParseInt64(args[2], &decr)) return ctx.rb->SendError(errors::kNotInteger);
  // Negating INT64_MIN overflows: refused before the key is even looked at.
  if (decr == std::numeric_limits<int64_t>::min()) {
    return ctx.rb->SendError(errors::kDecrementOverflow);
  }
  ReplyIncr(ctx, args[1], -decr);
}

// INCRBYFLOAT: the new value's text (Redis's human-friendly long double format).
OpResult<std::string> OpIncrByFloat(DbAccess& db, std::string_view key, std::string_view incr_arg) {
  Entry* e = db.Find(key, LookupMode::kWrite);
  if (e != nullptr && e->type() != ValueType::kString) return OpStatus::kWrongType;
  long double value = 0;
  long double incr = 0;
  if (e != nullptr && !types::ParseLongDouble(e->str(), &value)) return OpStatus::kNotAFloat;
  if (!types::ParseLongDouble(incr_arg, &incr)) return OpStatus::kNotAFloat;
  value += incr;
  if (std::isnan(value) || std::isinf(value)) return OpStatus::kNanOrInfinity;
  std::string text = types::FormatLongDouble(value, true);
  // Redis builds the result with createStringObject: embstr or raw, never int.
  Encoding enc = text.size() <= types::kEmbstrSizeLimit ? Encoding::kEmbstr : Encoding::kRaw;
  StoreCounter(db, key, e, text, enc);
  return text;
}

void CmdIncrByFloat(CmdArgs args, CommandContext& ctx) {
  OpResult<std::string> res = OpIncrByFloat(*ctx.db, args[1], args[2]);
  if (!res.ok()) return ReplyStatus(ctx, res.status());
  ctx.rb->SendBulk(*res);
}

// ---- GETRANGE / SETRANGE ----

// The bytes [start, end] of `s` with Redis's GETRANGE index rules.
std::string_view Range(std::string_view s, int64_t start, int64_t end) {
  int64_t len = static_cast<int64_t>(s.size());
  if (start < 0 && end < 0 && start > end) return {};
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len == 0) return {};
  return s.substr(static_cast<size_t>(start), static_cast<size_t>(end - start + 1));
}

void CmdGetRange(CmdArgs args, CommandContext& ctx) {
  keyargs::ArgReader reader(args, 2);
  int64_t start = reader.NextInt();
  int64_t end = reader.NextInt();
  if (!reader.ok()) return ctx.rb->SendError(reader.error());
  OpResult<Entry*> e = ctx.db->FindOfType(args[1], ValueType::kString, LookupMode::kRead);
  if (e.ok()) return ctx.rb->SendBulk(Range((*e)->str(), start, end));
  if (e.status() == OpStatus::kKeyNotFound) return ctx.rb->SendBulk("");
  ReplyStatus(ctx, e.status());
}

// SETRANGE: the value's length afterwards. An empty `part` changes nothing and creates
// no key.
OpResult<int64_t> OpSetRange(DbAccess& db, std::string_view key, uint64_t offset,
                             std::string_view part) {
  Entry* e = db.Find(key, LookupMode::kWrite);
  if (e != nullptr && e->type() != ValueType::kString) return OpStatus::kWrongType;
  size_t old_len = e ? e->str().size() : 0;
  if (part.empty()) return static_cast<int64_t>(old_len);
  if (!StringLengthAllowed(offset, part.size())) return OpStatus::kStringTooLong;
  size_t need = static_cast<size_t>(offset) + part.size();
  if (e == nullptr) {
    // Grown before it is stored, so the new key is one write.
    Entry* empty = Entry::NewString(key, "", Encoding::kRaw, types::kNoExpire);
    e = Entry::ResizeString(empty, need);
    if (e != empty) Entry::Destroy(empty);
    db.Store(e);
  } else if (need > old_len) {
    e = db.ResizeString(e, need);
  } else {
    e->set_encoding(Encoding::kRaw);
    db.MarkModified(key);
  }
  std::memcpy(e->mutable_str() + offset, part.data(), part.size());
  return static_cast<int64_t>(e->str().size());
}

void CmdSetRange(CmdArgs args, CommandContext& ctx) {
  int64_t offset = 0;
  if (!types::ParseInt64(args[2], &offset)) return ctx.rb->SendError(errors::kNotInteger);
  if (offset < 0) return ctx.rb->SendError(errors::kOffsetOutOfRange);
  OpResult<int64_t> res = OpSetRange(*ctx.db, args[1], static_cast<uint64_t>(offset), args[3]);
  if (!res.ok()) return ReplyStatus(ctx, res.status());
  ctx.rb->SendLong(*res);
}

}  // namespace

void RegisterStringEditFamily(CommandRegistry* r) {
  r->Register("append", &CmdAppend);
  r->Register("strlen", &CmdStrLen);
  r->Register("incr", &CmdIncr);
  r->Register("decr", &CmdDecr);
  r->Register("incrby", &CmdIncrBy);
  r->Register("decrby", &CmdDecrBy);
  r->Register("incrbyfloat", &CmdIncrByFloat);
  r->Register("getrange", &CmdGetRange);
  r->Register("substr", &CmdGetRange);
  r->Register("setrange", &CmdSetRange);
}

}  // namespace ringdb::engine
