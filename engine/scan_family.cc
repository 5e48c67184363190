// Commands that walk the keyspace or act on whole databases: KEYS, SCAN, RANDOMKEY,
// DBSIZE, SWAPDB, FLUSHDB, FLUSHALL.
//
// Walking commands visit slots one at a time through DbAccess::VisitSlot, so each slot
// is locked only while it is read and the walk works inside EXEC too. SWAPDB and the
// flushes are registered with kOptLockAll: every slot is already locked for them.
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/blocking.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/keys_args.h"
#include "engine/scan_args.h"
#include "engine/stats.h"
#include "types/entry.h"

namespace ringdb::engine {
namespace {

using types::Entry;
using types::KeyTable;

bool Accepts(const ScanArgs& f, const Entry& e) {
  if (!f.Matches(e.key())) return false;
  return f.type.empty() || keyargs::EqualsNoCase(f.type, types::TypeName(e.type()));
}

// Appends the live keys of the selected db's table segment at `*position` in `slot`
// that pass `f`, deletes the expired ones met on the way (as Redis's KEYS and SCAN do)
// and moves `*position` on (0: the slot is done). Returns how many keys the segment
// held before filtering: what SCAN's COUNT measures.
size_t CollectSegmentKeys(DbAccess& db, Slot& slot, const ScanArgs& f, size_t* position,
                          std::vector<std::string>* out) {
  KeyTable* table = slot.table(db.db());
  if (table == nullptr || table->size() == 0) {
    *position = 0;
    return 0;
  }
  size_t examined = 0;
  int64_t now_ms = db.now_ms();
  std::vector<std::string> expired;
  *position = table->ForEachInSegment(*position, [&](Entry* e) {
    ++examined;
    if (e->has_expire() && e->expire_ms() <= now_ms) {
      expired.emplace_back(e->key());
    } else if (Accepts(f, *e)) {
      out->emplace_back(e->key());
    }
  });
  // Find() applies lazy expiry: the one deletion path, with its stats and WATCH touch.
  // Deleting moves no entry to another segment, so `*position` stays valid.
  for (const std::string& key : expired) (void)db.Find(key, LookupMode::kNoTouch);
  return examined;
}

// ---- KEYS, SCAN ----------------------------------------------------------------------------

void CmdKeys(CmdArgs args, CommandContext& ctx) {
  ScanArgs f;
  f.pattern = args[1];
  f.use_pattern = args[1] != "*";
  std::vector<std::string> keys;
  for (int id = 0; id < kNumSlots; ++id) {
    ctx.db->VisitSlot(static_cast<uint16_t>(id), [&](Slot& s) {
      size_t position = 0;
      do CollectSegmentKeys(*ctx.db, s, f, &position, &keys);
      while (position != 0);
    });
  }
  ctx.rb->SendBulkArray(keys);
}

// Slots a SCAN call may visit per unit of COUNT: bounds the empty slots one call walks
// in a sparse keyspace (Redis's maxiterations = count * 10).
constexpr int64_t kScanSlotsPerCount = 10;

// The cursor is the slot to resume from plus, times kNumSlots, the position of the
// segment to resume from in that slot's table (see KeyTable::ForEachInSegment), so a
// huge slot (keys sharing a hash tag) is returned a segment at a time. Whole segments
// go out at once: a key present for the whole scan is returned at least once. 0 when
// the walk is done.
void CmdScan(CmdArgs args, CommandContext& ctx) {
  uint64_t cursor = 0;
  if (!ParseScanCursor(args[1], &cursor)) return ctx.rb->SendError(errors::kInvalidCursor);
  ScanArgs opts;
  if (std::string err = ParseScanArgs(args, 2, ScanKind::kKeyspace, &opts); !err.empty()) {
    return ctx.rb->SendError(err);
  }
  std::vector<std::string> keys;
  uint64_t slot = cursor % kNumSlots;
  size_t position = cursor / kNumSlots;
  int64_t examined = 0;
  int64_t max_slots = opts.count > kNumSlots ? kNumSlots : opts.count * kScanSlotsPerCount;
  for (int64_t visited = 0; slot < kNumSlots && examined < opts.count && visited < max_slots;
       ++visited) {
    ctx.db->VisitSlot(static_cast<uint16_t>(slot), [&](Slot& s) {
      do {
        examined += static_cast<int64_t>(CollectSegmentKeys(*ctx.db, s, opts, &position, &keys));
      } while (position != 0 && examined < opts.count);
    });
    if (position == 0) ++slot;
  }
  uint64_t next = slot >= kNumSlots ? 0 : slot + position * kNumSlots;
  ctx.rb->SendArrayLen(2);
  ctx.rb->SendBulk(std::to_string(next));
  ctx.rb->SendBulkArray(keys);
}

// ---- RANDOMKEY, DBSIZE ---------------------------------------------------------------------

// A live key of the selected db in slot `id` picked near `rnd`, deleting expired keys
// it lands on; nullopt if the slot has none.
std::optional<std::string> PickFromSlot(DbAccess& db, uint16_t id, uint64_t rnd) {
  std::optional<std::string> key;
  db.VisitSlot(id, [&](Slot& s) {
    KeyTable* table = s.table(db.db());
    // Each round either returns or deletes one expired key: bounded by the size.
    while (table != nullptr && table->size() > 0) {
      Entry* e = table->EntryNear(rnd);
      if (!e->has_expire() || e->expire_ms() > db.now_ms()) {
        key.emplace(e->key());
        return;
      }
      std::string expired(e->key());
      (void)db.Find(expired, LookupMode::kNoTouch);
      rnd = rnd * 6364136223846793005ULL + 1442695040888963407ULL;
    }
  });
  return key;
}

// Random slots first (cheap when the keyspace is dense), then a walk from a random
// slot so a sparse keyspace still finds its keys and an empty one answers null.
constexpr int kRandomSlotTries = 64;

std::optional<std::string> OpRandomKey(DbAccess& db) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  for (int i = 0; i < kRandomSlotTries; ++i) {
    auto key = PickFromSlot(db, static_cast<uint16_t>(rng() % kNumSlots), rng());
    if (key) return key;
  }
  uint64_t start = rng() % kNumSlots;
  for (uint64_t i = 0; i < kNumSlots; ++i) {
    auto key = PickFromSlot(db, static_cast<uint16_t>((start + i) % kNumSlots), rng());
    if (key) return key;
  }
  return std::nullopt;
}

void CmdRandomKey(CmdArgs args, CommandContext& ctx) {
  std::optional<std::string> key = OpRandomKey(*ctx.db);
  if (!key) return ctx.rb->SendNull();
  ctx.rb->SendBulk(*key);
}

void CmdDbSize(CmdArgs args, CommandContext& ctx) {
  int64_t n = 0;
  for (int id = 0; id < kNumSlots; ++id) {
    ctx.db->VisitSlot(static_cast<uint16_t>(id), [&](Slot& s) {
      if (KeyTable* t = s.table(ctx.db->db())) n += static_cast<int64_t>(t->size());
    });
  }
  ctx.rb->SendLong(n);
}

// ---- SWAPDB, FLUSHDB, FLUSHALL (every slot locked) ----------------------------------------

void CmdSwapDb(CmdArgs args, CommandContext& ctx) {
  keyargs::ArgReader r(args, 1);
  constexpr int64_t kMin = std::numeric_limits<int32_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
  int64_t a = r.NextInt(kMin, kMax, errors::kInvalidFirstDb);
  int64_t b = r.NextInt(kMin, kMax, errors::kInvalidSecondDb);
  int num_dbs = ctx.db->keyspace().num_dbs();
  if (r.ok() && (a < 0 || a >= num_dbs || b < 0 || b >= num_dbs)) {
    r.Fail(errors::kDbIndexOutOfRange);
  }
  if (!r.ok()) return ctx.rb->SendError(r.error());
  if (a != b) {
    for (int id = 0; id < kNumSlots; ++id) {
      ctx.db->VisitSlot(static_cast<uint16_t>(id), [&](Slot& s) {
        // A watcher is dirty if its key exists in its db before or after the swap.
        TouchAllWatchedKeys(s, static_cast<int>(a));
        TouchAllWatchedKeys(s, static_cast<int>(b));
        s.SwapDbs(static_cast<int>(a), static_cast<int>(b), ctx.db->keyspace().num_dbs());
        TouchAllWatchedKeys(s, static_cast<int>(a));
        TouchAllWatchedKeys(s, static_cast<int>(b));
        blocking::WakeAll(s);  // a key its clients wait on may exist now
      });
    }
  }
  ctx.rb->SendOk();
}

// Empties `db` in `slot`, keeping the slot's volatile-key count (all dbs) exact.
// Returns the keys removed.
int64_t FlushSlotDb(Slot& slot, int db) {
  KeyTable* table = slot.table(db);
  if (table == nullptr || table->size() == 0) return 0;
  TouchAllWatchedKeys(slot, db);
  if (slot.volatile_keys() > 0) {
    int volatile_here = 0;
    table->ForEach([&](Entry* e) { volatile_here += e->has_expire() ? 1 : 0; });
    slot.AddVolatile(-volatile_here);
  }
  int64_t removed = static_cast<int64_t>(table->size());
  table->Clear();
  return removed;
}

// FLUSHDB / FLUSHALL take nothing or one of ASYNC / SYNC; both free synchronously (a
// slot's table is small, and every slot is locked anyway).
bool ParseFlushMode(CmdArgs args, CommandContext& ctx) {
  if (args.size() == 1 || (args.size() == 2 && (keyargs::EqualsNoCase(args[1], "async") ||
                                                keyargs::EqualsNoCase(args[1], "sync")))) {
    return true;
  }
  ctx.rb->SendError(errors::kSyntax);
  return false;
}

int64_t FlushDbs(CommandContext& ctx, int first, int last) {
  int64_t removed = 0;
  for (int id = 0; id < kNumSlots; ++id) {
    ctx.db->VisitSlot(static_cast<uint16_t>(id), [&](Slot& s) {
      if (!s.has_tables()) return;
      for (int db = first; db <= last; ++db) removed += FlushSlotDb(s, db);
    });
  }
  return removed;
}

void CmdFlushDb(CmdArgs args, CommandContext& ctx) {
  if (!ParseFlushMode(args, ctx)) return;
  int db = ctx.db->db();
  ThreadStats::Add(LocalStats().dirty, FlushDbs(ctx, db, db));
  ctx.rb->SendOk();
}

void CmdFlushAll(CmdArgs args, CommandContext& ctx) {
  if (!ParseFlushMode(args, ctx)) return;
  int64_t removed = FlushDbs(ctx, 0, ctx.db->keyspace().num_dbs() - 1);
  // Redis counts FLUSHALL itself as one more change, so a save point always sees it.
  ThreadStats::Add(LocalStats().dirty, removed + 1);
  ctx.rb->SendOk();
}

}  // namespace

void RegisterScanFamily(CommandRegistry* r) {
  r->Register("keys", &CmdKeys, kOptWalksKeyspace);
  r->Register("scan", &CmdScan, kOptWalksKeyspace);
  r->Register("randomkey", &CmdRandomKey, kOptWalksKeyspace);
  r->Register("dbsize", &CmdDbSize, kOptWalksKeyspace);
  r->Register("swapdb", &CmdSwapDb, kOptLockAll);
  r->Register("flushdb", &CmdFlushDb, kOptLockAll);
  r->Register("flushall", &CmdFlushAll, kOptLockAll);
}

}  // namespace ringdb::engine
