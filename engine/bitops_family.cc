// Bitmap commands over string values: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP,
// BITFIELD and BITFIELD_RO. The bit algorithms are types/bitops.h; this file parses,
// looks keys up, grows strings and replies.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/command.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/config.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/keys_args.h"
#include "types/bitops.h"
#include "types/entry.h"
#include "types/number_format.h"

namespace ringdb::engine {
namespace {

using types::Encoding;
using types::Entry;
using types::ValueType;

uint64_t MaxBulkLen() { return static_cast<uint64_t>(ConfigInt(ConfigId::kProtoMaxBulkLen)); }

// A string entry at least `min_len` bytes long, created or zero-grown as needed
// (Redis's lookupStringForBitCommand). Its value becomes "raw" either way, as Redis
// unshares it. `*grown` tells whether the key was created or lengthened (a write that
// already invalidated watchers).
OpResult<Entry*> StringForBitWrite(DbAccess& db, std::string_view key, uint64_t min_len,
                                   bool* grown) {
  *grown = false;
  Entry* e = db.Find(key, LookupMode::kWrite);
  if (e == nullptr) {
    Entry* empty = Entry::NewString(key, "", Encoding::kRaw, types::kNoExpire);
    e = Entry::ResizeString(empty, min_len);
    if (e != empty) Entry::Destroy(empty);
    db.Store(e);
    *grown = true;
    return e;
  }
  if (e->type() != ValueType::kString) return OpStatus::kWrongType;
  if (e->str().size() < min_len) {
    *grown = true;
    return db.ResizeString(e, min_len);
  }
  e->set_encoding(Encoding::kRaw);
  return e;
}

std::span<char> Writable(Entry* e) { return {e->mutable_str(), e->str().size()}; }

// ---- SETBIT / GETBIT ----

OpResult<int> OpSetBit(DbAccess& db, std::string_view key, uint64_t offset, int on) {
  bool grown = false;
  OpResult<Entry*> e = StringForBitWrite(db, key, (offset >> 3) + 1, &grown);
  if (!e.ok()) return e.status();
  char* byte = (*e)->mutable_str() + (offset >> 3);
  const unsigned mask = 1u << (7 - (offset & 7));
  int old = (static_cast<unsigned char>(*byte) & mask) ? 1 : 0;
  if (on) {
    *byte = static_cast<char>(static_cast<unsigned char>(*byte) | mask);
  } else {
    *byte = static_cast<char>(static_cast<unsigned char>(*byte) & ~mask);
  }
  if (!grown) db.MarkModified(key);
  return old;
}

void CmdSetBit(CmdArgs args, CommandContext& ctx) {
  uint64_t offset = 0;
  if (!types::ParseBitOffset(args[2], false, 0, MaxBulkLen(), &offset)) {
    return ctx.rb->SendError(errors::kBitOffset);
  }
  int64_t on = 0;
  if (!types::ParseInt64(args[3], &on) || (on & ~int64_t{1}) != 0) {
    return ctx.rb->SendError(errors::kBitValue);
  }
  OpResult<int> res = OpSetBit(*ctx.db, args[1], offset, static_cast<int>(on));
  if (!res.ok()) return ReplyStatus(ctx, res.status());
  ctx.rb->SendLong(*res);
}

void CmdGetBit(CmdArgs args, CommandContext& ctx) {
  uint64_t offset = 0;
  if (!types::ParseBitOffset(args[2], false, 0, MaxBulkLen(), &offset)) {
    return ctx.rb->SendError(errors::kBitOffset);
  }
  OpResult<Entry*> e = ctx.db->FindOfType(args[1], ValueType::kString, LookupMode::kRead);
  if (!e.ok()) {
    if (e.status() == OpStatus::kKeyNotFound) return ctx.rb->SendLong(0);
    return ReplyStatus(ctx, e.status());
  }
  std::string_view s = (*e)->str();
  uint64_t byte = offset >> 3;
  if (byte >= s.size()) return ctx.rb->SendLong(0);
  unsigned v = static_cast<unsigned char>(s[byte]);
  ctx.rb->SendLong((v >> (7 - (offset & 7))) & 1);
}

// ---- BITCOUNT / BITPOS ----

constexpr keyargs::Option<types::BitUnit> kUnitWords[] = {
    {"byte", types::BitUnit::kByte},
    {"bit", types::BitUnit::kBit},
};

// Reads the optional BYTE|BIT word at args[index] into *unit; false if it is another word.
bool ParseUnit(CmdArgs args, size_t index, types::BitUnit* unit) {
  keyargs::ArgReader reader(args, index);
  return reader.NextOption(kUnitWords, unit);
}

void CmdBitCount(CmdArgs args, CommandContext& ctx) {
  // Redis 7.0 looks the key up before parsing the range: a missing key answers 0
  // whatever follows.
  OpResult<Entry*> e = ctx.db->FindOfType(args[1], ValueType::kString, LookupMode::kRead);
  if (!e.ok()) {
    if (e.status() == OpStatus::kKeyNotFound) return ctx.rb->SendLong(0);
    return ReplyStatus(ctx, e.status());
  }
  std::string_view s = (*e)->str();
  if (args.size() == 2) return ctx.rb->SendLong(static_cast<int64_t>(types::PopCount(s)));
  if (args.size() != 4 && args.size() != 5) return ctx.rb->SendError(errors::kSyntax);
  keyargs::ArgReader reader(args, 2);
  int64_t start = reader.NextInt();
  int64_t end = reader.NextInt();
  if (!reader.ok()) return ctx.rb->SendError(reader.error());
  types::BitUnit unit = types::BitUnit::kByte;
  if (args.size() == 5 && !ParseUnit(args, 4, &unit)) return ctx.rb->SendError(errors::kSyntax);
  ctx.rb->SendLong(static_cast<int64_t>(types::BitCountRange(s, start, end, unit)));
}

void CmdBitPos(CmdArgs args, CommandContext& ctx) {
  int64_t bit = 0;
  if (!types::ParseInt64(args[2], &bit)) return ctx.rb->SendError(errors::kNotInteger);
  if (bit != 0 && bit != 1) return ctx.rb->SendError(errors::kBitArgument);
  // A missing key is an endless run of zero bits.
  OpResult<Entry*> e = ctx.db->FindOfType(args[1], ValueType::kString, LookupMode::kRead);
  if (!e.ok()) {
    if (e.status() == OpStatus::kKeyNotFound) return ctx.rb->SendLong(bit ? -1 : 0);
    return ReplyStatus(ctx, e.status());
  }
  if (args.size() > 6) return ctx.rb->SendError(errors::kSyntax);
  std::optional<int64_t> start;
  std::optional<int64_t> end;
  types::BitUnit unit = types::BitUnit::kByte;
  keyargs::ArgReader reader(args, 3);
  if (args.size() >= 4) start = reader.NextInt();
  if (!reader.ok()) return ctx.rb->SendError(reader.error());
  if (args.size() == 6 && !ParseUnit(args, 5, &unit)) return ctx.rb->SendError(errors::kSyntax);
  if (args.size() >= 5) end = reader.NextInt();
  if (!reader.ok()) return ctx.rb->SendError(reader.error());
  ctx.rb->SendLong(types::BitPos((*e)->str(), static_cast<int>(bit), start, end, unit));
}

// ---- BITOP ----

constexpr keyargs::Option<types::BitOpKind> kBitOpWords[] = {
    {"and", types::BitOpKind::kAnd},
    {"or", types::BitOpKind::kOr},
    {"xor", types::BitOpKind::kXor},
    {"not", types::BitOpKind::kNot},
};

// BITOP op dest src...: the result's length; an empty result deletes `dest`.
OpResult<int64_t> OpBitOp(DbAccess& db, types::BitOpKind op, std::string_view dest, CmdArgs srcs) {
  std::vector<std::string_view> values;
  values.reserve(srcs.size());
  for (std::string_view key : srcs) {
    Entry* e = db.Find(key, LookupMode::kRead);
    if (e != nullptr && e->type() != ValueType::kString) return OpStatus::kWrongType;
    values.push_back(e ? e->str() : std::string_view{});
  }
  // Computed before storing: `dest` may also be a source.
  std::string result = types::BitOp(op, values);
  if (result.empty()) {
    db.Delete(dest);
    return int64_t{0};
  }
  db.StoreString(dest, result, Encoding::kRaw, types::kNoExpire);
  return static_cast<int64_t>(result.size());
}

void CmdBitOp(CmdArgs args, CommandContext& ctx) {
  keyargs::ArgReader reader(args, 1);
  types::BitOpKind op;
  if (!reader.NextOption(kBitOpWords, &op)) return ctx.rb->SendError(errors::kSyntax);
  if (op == types::BitOpKind::kNot && args.size() != 4) {
    return ctx.rb->SendError(errors::kBitopNotSingleKey);
  }
  OpResult<int64_t> res = OpBitOp(*ctx.db, op, args[2], args.subspan(3));
  if (!res.ok()) return ReplyStatus(ctx, res.status());
  ctx.rb->SendLong(*res);
}

// ---- BITFIELD / BITFIELD_RO ----

enum class FieldOpKind { kGet, kSet, kIncrBy, kOverflow };

constexpr keyargs::Option<FieldOpKind> kFieldOpWords[] = {
    {"get", FieldOpKind::kGet},
    {"set", FieldOpKind::kSet},
    {"incrby", FieldOpKind::kIncrBy},
    {"overflow", FieldOpKind::kOverflow},
};

constexpr keyargs::Option<types::BitfieldOverflow> kOverflowWords[] = {
    {"wrap", types::BitfieldOverflow::kWrap},
    {"sat", types::BitfieldOverflow::kSat},
    {"fail", types::BitfieldOverflow::kFail},
};

struct FieldOp {
  FieldOpKind kind = FieldOpKind::kGet;
  types::BitfieldType type;
  uint64_t offset = 0;
  int64_t value = 0;  // SET's value, INCRBY's increment
  types::BitfieldOverflow overflow = types::BitfieldOverflow::kWrap;
};

struct FieldOps {
  std::vector<FieldOp> ops;
  bool writes = false;
  uint64_t min_len = 0;  // bytes the string needs for every write
};

// How many arguments must follow an operation word (Redis checks before parsing them).
size_t ArgsAfter(FieldOpKind kind) {
  switch (kind) {
    case FieldOpKind::kOverflow:
      return 1;
    case FieldOpKind::kGet:
      return 2;
    case FieldOpKind::kSet:
    case FieldOpKind::kIncrBy:
      return 3;
  }
  return 3;
}

// Parses one GET/SET/INCRBY after its word into *op; errors latch in `reader`.
void ParseFieldOp(keyargs::ArgReader& reader, FieldOp* op) {
  std::string_view type_arg = reader.Next();
  if (!reader.ok()) return;
  if (!types::ParseBitfieldType(type_arg, &op->type)) return reader.Fail(errors::kBitfieldType);
  std::string_view offset_arg = reader.Next();
  if (!reader.ok()) return;
  if (!types::ParseBitOffset(offset_arg, true, op->type.bits, MaxBulkLen(), &op->offset)) {
    return reader.Fail(errors::kBitOffset);
  }
  if (op->kind != FieldOpKind::kGet) op->value = reader.NextInt();
}

// Parses every operation before anything runs, as Redis does: any error rejects all.
FieldOps ParseFieldOps(keyargs::ArgReader& reader) {
  FieldOps out;
  types::BitfieldOverflow overflow = types::BitfieldOverflow::kWrap;
  while (!reader.done()) {
    FieldOpKind kind = FieldOpKind::kGet;
    bool matched = reader.NextOption(kFieldOpWords, &kind);
    if (!matched || reader.left() < ArgsAfter(kind)) {
      reader.Fail(errors::kSyntax);
      break;
    }
    if (kind == FieldOpKind::kOverflow) {
      if (!reader.NextOption(kOverflowWords, &overflow)) {
        reader.Fail(errors::kBitfieldOverflowType);
        break;
      }
      continue;
    }
    FieldOp op;
    op.kind = kind;
    op.overflow = overflow;
    ParseFieldOp(reader, &op);
    if (!reader.ok()) break;
    if (kind != FieldOpKind::kGet) {
      out.writes = true;
      out.min_len = std::max(out.min_len, types::BitfieldBytesNeeded(op.offset, op.type.bits));
    }
    out.ops.push_back(op);
  }
  return out;
}

// Runs one operation on `data` (the whole string) and replies with its result.
// Returns whether it changed the stored bits.
bool RunFieldOp(CommandContext& ctx, const FieldOp& op, std::string_view data,
                std::span<char> writable) {
  if (op.kind == FieldOpKind::kGet) {
    if (op.type.is_signed) {
      ctx.rb->SendLong(types::GetSignedBitfield(data, op.offset, op.type.bits));
    } else {
      ctx.rb->SendLong(
          static_cast<int64_t>(types::GetUnsignedBitfield(data, op.offset, op.type.bits)));
    }
    return false;
  }
  uint64_t before = types::GetUnsignedBitfield(data, op.offset, op.type.bits);
  std::optional<int64_t> res =
      op.kind == FieldOpKind::kSet
          ? types::BitfieldSet(writable, op.offset, op.type, op.value, op.overflow)
          : types::BitfieldIncrBy(writable, op.offset, op.type, op.value, op.overflow);
  if (!res) {
    ctx.rb->SendNull();  // OVERFLOW FAIL: nothing written
    return false;
  }
  ctx.rb->SendLong(*res);
  return types::GetUnsignedBitfield(data, op.offset, op.type.bits) != before;
}

void BitfieldGeneric(CmdArgs args, CommandContext& ctx, bool read_only) {
  keyargs::ArgReader reader(args, 2);
  FieldOps parsed = ParseFieldOps(reader);
  if (!reader.ok()) return ctx.rb->SendError(reader.error());
  Entry* e = nullptr;
  bool grown = false;
  if (!parsed.writes) {
    OpResult<Entry*> found = ctx.db->FindOfType(args[1], ValueType::kString, LookupMode::kRead);
    if (!found.ok() && found.status() != OpStatus::kKeyNotFound) {
      return ReplyStatus(ctx, found.status());
    }
    if (found.ok()) e = *found;
  } else {
    if (read_only) return ctx.rb->SendError(errors::kBitfieldRoGetOnly);
    OpResult<Entry*> found = StringForBitWrite(*ctx.db, args[1], parsed.min_len, &grown);
    if (!found.ok()) return ReplyStatus(ctx, found.status());
    e = *found;
  }
  ctx.rb->SendArrayLen(parsed.ops.size());
  bool changed = false;
  for (const FieldOp& op : parsed.ops) {
    std::string_view data = e ? e->str() : std::string_view{};
    std::span<char> writable = parsed.writes ? Writable(e) : std::span<char>{};
    changed |= RunFieldOp(ctx, op, data, writable);
  }
  if (changed && !grown) ctx.db->MarkModified(args[1]);
}

void CmdBitfield(CmdArgs args, CommandContext& ctx) { BitfieldGeneric(args, ctx, false); }
void CmdBitfieldRo(CmdArgs args, CommandContext& ctx) { BitfieldGeneric(args, ctx, true); }

}  // namespace

void RegisterBitopsFamily(CommandRegistry* r) {
  r->Register("setbit", &CmdSetBit);
  r->Register("getbit", &CmdGetBit);
  r->Register("bitcount", &CmdBitCount);
  r->Register("bitpos", &CmdBitPos);
  r->Register("bitop", &CmdBitOp);
  r->Register("bitfield", &CmdBitfield);
  r->Register("bitfield_ro", &CmdBitfieldRo);
}

}  // namespace ringdb::engine
