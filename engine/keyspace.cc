#include "engine/keyspace.h"

#include <utility>

namespace ringdb::engine {

Slot::~Slot() { delete[] others_; }

types::KeyTable& Slot::MutableTable(int db, int num_dbs) {
  if (db == 0) return db0_;
  if (others_ == nullptr) others_ = new types::KeyTable[num_dbs - 1];
  return others_[db - 1];
}

std::vector<Watch>& Slot::MutableWatches() {
  if (!watches_) watches_ = std::make_unique<std::vector<Watch>>();
  return *watches_;
}

void Slot::DropWatchesIfEmpty() {
  if (watches_ && watches_->empty()) watches_.reset();
}

std::vector<Waiter>& Slot::MutableWaiters() {
  if (!waiters_) waiters_ = std::make_unique<std::vector<Waiter>>();
  return *waiters_;
}

void Slot::DropWaitersIfEmpty() {
  if (waiters_ && waiters_->empty()) waiters_.reset();
}

void Slot::SwapDbs(int a, int b, int num_dbs) {
  if (a == b) return;
  if (others_ == nullptr) {
    // Databases 1.. are all empty here: only a swap with a non-empty db 0 changes anything.
    if ((a != 0 && b != 0) || db0_.size() == 0) return;
    others_ = new types::KeyTable[num_dbs - 1];
  }
  std::swap(*table(a), *table(b));
}

Keyspace::Keyspace(int num_dbs) : num_dbs_(num_dbs), slots_(new Slot[kNumSlots]) {}

Keyspace::~Keyspace() = default;

void Keyspace::LockAll() {
  for (int i = 0; i < kNumSlots; ++i) slots_[i].lock().lock();
}

void Keyspace::UnlockAll() {
  for (int i = kNumSlots - 1; i >= 0; --i) slots_[i].lock().unlock();
}

size_t Keyspace::DbSize(int db) {
  size_t n = 0;
  for (int i = 0; i < kNumSlots; ++i) {
    Slot& s = slots_[i];
    s.lock().lock();
    if (auto* t = s.table(db)) n += t->size();
    s.lock().unlock();
  }
  return n;
}

void Keyspace::DbStats(int db, size_t* keys, size_t* volatile_keys, int64_t now_ms,
                       int64_t* avg_ttl_ms) {
  size_t n = 0, v = 0;
  int64_t ttl_sum = 0;
  for (int i = 0; i < kNumSlots; ++i) {
    Slot& s = slots_[i];
    s.lock().lock();
    if (auto* t = s.table(db)) {
      n += t->size();
      if (s.volatile_keys() > 0) {
        t->ForEach([&](types::Entry* e) {
          if (!e->has_expire()) return;
          ++v;
          int64_t ttl = e->expire_ms() - now_ms;
          ttl_sum += ttl > 0 ? ttl : 0;
        });
      }
    }
    s.lock().unlock();
  }
  *keys = n;
  *volatile_keys = v;
  *avg_ttl_ms = v ? ttl_sum / static_cast<int64_t>(v) : 0;
}

}  // namespace ringdb::engine
