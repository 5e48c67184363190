// The keyspace: 16384 slots (Redis Cluster's key mapping), each with its own lock and,
// per database, its own compact table. A command locks the slots of its keys in
// ascending order, runs, and unlocks: no thread owns data, any thread may enter any
// slot, and deadlock is impossible because every locker orders the same way.
//
// Work that cannot name its keys (FLUSHALL, SWAPDB) locks every slot: the exclusive
// barrier, which costs nothing on the data path.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/slot_lock.h"
#include "types/key_table.h"

namespace ringdb::engine {

inline constexpr int kNumSlots = 16384;
inline constexpr int kMaxDatabases = 1 << 16;

// Set by any writer of a watched key; read by EXEC.
struct WatchFlag {
  std::atomic<bool> dirty{false};
};

struct Watch {
  int db;
  std::string key;
  std::shared_ptr<WatchFlag> flag;
};

struct BlockToken;  // engine/blocking.h

// A client blocked on a key (BLPOP and the like), in the key's slot; waiters of a key
// are kept in the order they blocked.
struct Waiter {
  int db;
  std::string key;
  std::shared_ptr<BlockToken> token;
};

// One slot. Everything but lock() requires the lock to be held.
class Slot {
 public:
  Slot() = default;
  ~Slot();
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

  SlotLock& lock() { return lock_; }

  // The table of `db`, or nullptr if this slot never held a key in that database
  // (database 0's table is always there, possibly empty).
  types::KeyTable* table(int db) { return db == 0 ? &db0_ : other_table(db); }
  const types::KeyTable* table(int db) const {
    return db == 0 ? &db0_ : const_cast<Slot*>(this)->other_table(db);
  }
  // Prefetches the cell where a lookup of `hash` in `db` starts; safe without the
  // lock (see KeyTable::PrefetchUnlocked). Database 0 only: reaching the others
  // would read others_ unlocked.
  void PrefetchCell(int db, uint64_t hash) const {
    if (db == 0) db0_.PrefetchUnlocked(hash);
  }
  // Prefetches the entry a lookup of `hash` in `db` compares first (with the lock).
  void PrefetchEntry(int db, uint64_t hash) const {
    if (const types::KeyTable* t = table(db)) t->PrefetchEntry(hash);
  }
  // The table of `db`, created (for databases 1.. together) on first use.
  types::KeyTable& MutableTable(int db, int num_dbs);
  // Whether this slot may hold a key: database 0 holds one, or the others were
  // created (a cheap skip for walkers).
  bool has_tables() const { return db0_.size() != 0 || others_ != nullptr; }

  // Keys with an expiry in this slot, all databases. Written under the lock; read
  // without it by the active cycle, which skips a slot at zero without locking it (a
  // stale zero only defers that slot to the next pass).
  uint32_t volatile_keys() const { return volatile_keys_.load(std::memory_order_relaxed); }
  void AddVolatile(int delta) {
    volatile_keys_.store(volatile_keys_.load(std::memory_order_relaxed) + delta,
                         std::memory_order_relaxed);
  }

  std::vector<Watch>* watches() { return watches_.get(); }
  std::vector<Watch>& MutableWatches();
  void DropWatchesIfEmpty();

  std::vector<Waiter>* waiters() { return waiters_.get(); }
  std::vector<Waiter>& MutableWaiters();
  void DropWaitersIfEmpty();

  // Swaps databases a and b of this slot (SWAPDB).
  void SwapDbs(int a, int b, int num_dbs);

 private:
  types::KeyTable* other_table(int db) { return others_ ? &others_[db - 1] : nullptr; }

  SlotLock lock_;
  std::atomic<uint32_t> volatile_keys_{0};
  // Database 0 inline: most deployments use only it, and a separate allocation per
  // touched slot cost ~5 MB (16384 x 320 B) whatever the key count.
  types::KeyTable db0_;
  types::KeyTable* others_ = nullptr;  // databases 1..num_dbs-1
  std::unique_ptr<std::vector<Watch>> watches_;
  std::unique_ptr<std::vector<Waiter>> waiters_;
};

class Keyspace {
 public:
  explicit Keyspace(int num_dbs);
  ~Keyspace();

  int num_dbs() const { return num_dbs_; }
  Slot& slot(uint16_t id) { return slots_[id]; }

  // The exclusive barrier: every slot, ascending.
  void LockAll();
  void UnlockAll();

  // Keys in `db`. Locks each slot briefly.
  size_t DbSize(int db);
  // Keys with an expiry in `db`, and the sum of their TTLs, for INFO keyspace.
  void DbStats(int db, size_t* keys, size_t* volatile_keys, int64_t now_ms,
               int64_t* avg_ttl_ms);

 private:
  int num_dbs_;
  std::unique_ptr<Slot[]> slots_;
};

}  // namespace ringdb::engine
