#include "engine/db_access.h"

#include <algorithm>
#include <cassert>

#include "engine/blocking.h"
#include "engine/clock.h"
#include "engine/stats.h"
#include "types/key_slot.h"

namespace ringdb::engine {

using types::Entry;
using types::KeyTable;

Slot& DbAccess::SlotOf(std::string_view key, uint16_t* id) {
  // A key that is not the hint's is not recorded as one: it may live in an entry
  // that the command frees.
  const uint16_t s = MatchesHint(key) ? hint_slot_ : types::KeySlot(key);
  AssertLocked(s);
  if (id) *id = s;
  return keyspace_->slot(s);
}

uint64_t DbAccess::HashOf(std::string_view key) {
  if (!MatchesHint(key)) return KeyTable::Hash(key);
  if (!hint_has_hash_) {
    hint_hash_ = KeyTable::Hash(key);
    hint_has_hash_ = true;
  }
  return hint_hash_;
}

bool DbAccess::HoldsSlot(uint16_t slot) const {
  if (all_locked_) return true;
  return locked_slots_ != nullptr &&
         std::binary_search(locked_slots_->begin(), locked_slots_->end(), slot);
}

void DbAccess::AssertLocked(uint16_t slot) const {
#ifndef NDEBUG
  assert(HoldsSlot(slot) || visiting_ == slot);
#else
  (void)slot;
#endif
}

void DbAccess::Touched(Slot& slot, std::string_view key) {
  ThreadStats::Add(LocalStats().dirty, 1);
  if (slot.waiters() != nullptr) blocking::WakeFirst(slot, db_, key);
  std::vector<Watch>* watches = slot.watches();
  if (watches == nullptr) return;
  for (Watch& w : *watches) {
    if (w.db == db_ && w.key == key) w.flag->dirty.store(true, std::memory_order_relaxed);
  }
}

Entry* DbAccess::Find(std::string_view key, LookupMode mode) {
  Slot& slot = SlotOf(key);
  KeyTable* table = slot.table(db_);
  uint64_t hash = HashOf(key);
  Entry* e = table ? table->Find(key, hash) : nullptr;
  if (e != nullptr && e->has_expire() && e->expire_ms() <= now_ms_) {
    if (!keep_expired_) {
      table->Erase(key, hash);
      slot.AddVolatile(-1);
      ThreadStats::Add(LocalStats().expired_keys, 1);
      Touched(slot, key);
      Entry::Destroy(e);
    }
    e = nullptr;
  }
  if (mode == LookupMode::kRead || mode == LookupMode::kReadNoTouch) {
    ThreadStats::Add(e ? LocalStats().keyspace_hits : LocalStats().keyspace_misses, 1);
  }
  if (e != nullptr && (mode == LookupMode::kRead || mode == LookupMode::kWrite)) {
    e->set_lru(LruClock(now_ms_));
  }
  return e;
}

OpResult<Entry*> DbAccess::FindOfType(std::string_view key, types::ValueType type,
                                      LookupMode mode) {
  Entry* e = Find(key, mode);
  if (e == nullptr) return OpStatus::kKeyNotFound;
  if (e->type() != type) return OpStatus::kWrongType;
  return e;
}

int DbAccess::Replacing(const Entry* old) {
  if (old == nullptr || !old->has_expire()) return 0;
  // Replacing an expired entry is its lazy expiry (a writer that did not look first).
  if (old->expire_ms() <= now_ms_ && !keep_expired_) {
    ThreadStats::Add(LocalStats().expired_keys, 1);
  }
  return 1;
}

template <typename Build>
void DbAccess::Put(std::string_view key, Build&& build) {
  Slot& slot = SlotOf(key);
  int volatile_delta = 0;
  Entry* stored = nullptr;
  KeyTable& table = slot.MutableTable(db_, keyspace_->num_dbs());
  Entry* old = table.Emplace(key, HashOf(key), [&](Entry* old) {
    volatile_delta -= Replacing(old);  // before build may overwrite it in place
    return stored = build(old);
  });
  stored->set_lru(LruClock(now_ms_));
  if (stored->has_expire()) ++volatile_delta;
  slot.AddVolatile(volatile_delta);
  if (old != nullptr && old != stored) Entry::Destroy(old);
  Touched(slot, key);
}

void DbAccess::Store(Entry* e) {
  Put(e->key(), [e](Entry*) { return e; });
}

void DbAccess::StoreString(std::string_view key, std::string_view value, types::Encoding enc,
                           int64_t expire_ms) {
  Put(key, [&](Entry* old) {
    if (old != nullptr && Entry::AssignString(old, value, enc, expire_ms)) return old;
    return Entry::NewString(key, value, enc, expire_ms);
  });
}

Entry* DbAccess::Detach(std::string_view key) {
  if (Find(key, LookupMode::kNoTouch) == nullptr) return nullptr;
  Slot& slot = SlotOf(key);
  Entry* e = slot.table(db_)->Erase(key, HashOf(key));
  if (e->has_expire()) slot.AddVolatile(-1);
  Touched(slot, key);
  return e;
}

bool DbAccess::Delete(std::string_view key) {
  Entry* e = Detach(key);
  if (e == nullptr) return false;
  Entry::Destroy(e);
  return true;
}

Entry* DbAccess::Repoint(Entry* old, Entry* e) {
  Slot& slot = SlotOf(e->key());
  if (e != old) {
    // The cell still points at `old`, whose key equals e's: found by key, then freed.
    slot.table(db_)->Repoint(e, HashOf(e->key()));
    slot.AddVolatile((e->has_expire() ? 1 : 0) - (old->has_expire() ? 1 : 0));
    Entry::Destroy(old);
  }
  Touched(slot, e->key());
  return e;
}

Entry* DbAccess::SetExpire(Entry* e, int64_t expire_ms) {
  return Repoint(e, Entry::WithExpire(e, expire_ms));
}

Entry* DbAccess::ResizeString(Entry* e, size_t len) {
  return Repoint(e, Entry::ResizeString(e, len));
}

Entry* DbAccess::ReplaceString(Entry* e, std::string_view value, types::Encoding enc) {
  return Repoint(e, Entry::ReplaceString(e, value, enc));
}

void DbAccess::MarkModified(std::string_view key) { Touched(SlotOf(key), key); }

void TouchAllWatchedKeys(Slot& slot, int db) {
  std::vector<Watch>* watches = slot.watches();
  if (watches == nullptr) return;
  KeyTable* table = slot.table(db);
  for (Watch& w : *watches) {
    if (w.db != db || table == nullptr) continue;
    if (table->Find(w.key, KeyTable::Hash(w.key)) != nullptr) {
      w.flag->dirty.store(true, std::memory_order_relaxed);
    }
  }
}

}  // namespace ringdb::engine
