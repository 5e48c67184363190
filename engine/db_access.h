// A command's view of the keyspace: one selected database, with the slots of the
// command's keys locked by the dispatcher for the whole call.
//
// Every write goes through here, so WATCH invalidation, the dirty counter and the
// volatile-key counts can never be forgotten by a command. Lookups apply lazy expiry
// with the clock read once when the command started.
//
// Thread: the calling command's thread. REQUIRES for every method taking a key: that
// key's slot is locked by this command (checked in debug builds).
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include "engine/keyspace.h"
#include "engine/op_status.h"
#include "types/entry.h"

namespace ringdb::engine {

enum class LookupMode {
  kRead,         // counts keyspace hits/misses, refreshes the LRU clock
  kReadNoTouch,  // counts hits/misses only (EXISTS, TYPE, TTL: Redis's NOTOUCH reads)
  kWrite,        // refreshes the LRU clock
  kNoTouch,      // neither (OBJECT, internal probes)
};

class DbAccess {
 public:
  DbAccess(Keyspace* keyspace, int db, int64_t now_ms)
      : keyspace_(keyspace), db_(db), now_ms_(now_ms) {}

  Keyspace& keyspace() { return *keyspace_; }
  int db() const { return db_; }
  // SELECT inside MULTI, COPY ... DB, MOVE: the slot locks cover every database.
  void set_db(int db) { db_ = db; }
  int64_t now_ms() const { return now_ms_; }
  // The slots the dispatcher locked for this command (sorted), or all of them.
  void set_locked_slots(const std::vector<uint16_t>* slots, bool all) {
    locked_slots_ = slots;
    all_locked_ = all;
  }
  bool HoldsSlot(uint16_t slot) const;
  // During CLIENT PAUSE an expired key reads as missing but stays stored, as in
  // Redis: a paused server must not write, not even the deletion of a key.
  void set_keep_expired(bool keep) { keep_expired_ = keep; }
  // Tells SlotOf (and, when `hash` is given, HashOf) what the dispatcher or the
  // pipeline prefetcher already computed for this key, so a command hashes each key
  // once. A lookup of equal bytes elsewhere (an entry's copy of the key, as Store
  // passes) matches too. REQUIRES: `key` stays valid while this DbAccess lives (it is
  // an argument of the request being run).
  void set_key_hint(std::string_view key, uint16_t slot, const uint64_t* hash) {
    hint_key_ = key.data();
    hint_len_ = key.size();
    hint_slot_ = slot;
    hint_has_hash_ = hash != nullptr;
    if (hash != nullptr) hint_hash_ = *hash;
  }

  // Runs f(Slot&) with slot `id` locked: by this command already, or just for the
  // call. Commands that walk the keyspace (KEYS, SCAN, DBSIZE) use this, so they work
  // alone and inside EXEC (which may already hold some of the slots).
  template <typename F>
  void VisitSlot(uint16_t id, F&& f) {
    Slot& slot = keyspace_->slot(id);
    if (HoldsSlot(id)) {
      f(slot);
      return;
    }
    slot.lock().lock();
    visiting_ = id;
    f(slot);
    visiting_ = -1;
    slot.lock().unlock();
  }

  // The live entry for `key`, or nullptr. Deletes it first if it has expired (unless
  // set_keep_expired).
  types::Entry* Find(std::string_view key, LookupMode mode = LookupMode::kWrite);
  // As Find, but kKeyNotFound when missing and kWrongType when of another type.
  OpResult<types::Entry*> FindOfType(std::string_view key, types::ValueType type,
                                     LookupMode mode = LookupMode::kWrite);

  // The value object of `key` if it holds a T (types/object.h): kKeyNotFound when
  // missing, kWrongType when of another type. The pointer is valid while the command
  // runs and the key is neither deleted nor replaced.
  template <typename T>
  OpResult<T*> FindValue(std::string_view key, LookupMode mode = LookupMode::kWrite) {
    OpResult<types::Entry*> e = FindOfType(key, T::kType, mode);
    if (!e.ok()) return e.status();
    return (*e)->template value<T>();
  }
  // Stores `value` (owned) as a new key `key` without expiry, replacing what is there,
  // and returns it.
  template <typename T>
  T* StoreValue(std::string_view key, T* value) {
    Store(types::Entry::NewObject(key, T::kType, value, types::kNoExpire));
    return value;
  }
  // The entries at `keys` for reading, null for a missing key, looked up in order as
  // Redis's multi-key reads do (SUNION, ZUNION...): kWrongType as soon as one holds a
  // type that accepts(ValueType) refuses, even after a missing key.
  template <typename Accepts>
  OpResult<std::vector<types::Entry*>> FindEach(std::span<const std::string_view> keys,
                                                Accepts&& accepts) {
    std::vector<types::Entry*> found;
    found.reserve(keys.size());
    for (std::string_view key : keys) {
      types::Entry* e = Find(key, LookupMode::kRead);
      if (e != nullptr && !accepts(e->type())) return OpStatus::kWrongType;
      found.push_back(e);
    }
    return found;
  }
  // Stores a STORE command's result (owned) at `key`, replacing what is there, or
  // deletes `key` and the result when it is empty (Redis keeps no empty collection);
  // returns the result's size.
  template <typename T>
  int64_t StoreResult(std::string_view key, T* result) {
    if (result->empty()) {
      delete result;
      Delete(key);
      return 0;
    }
    const auto size = static_cast<int64_t>(result->size());
    StoreValue(key, result);
    return size;
  }
  // Every edit of a value object in place ends here: the key is deleted when the edit
  // left it empty (Redis never keeps an empty collection), else recorded as modified.
  void ValueEdited(std::string_view key, bool now_empty) {
    if (now_empty) {
      Delete(key);
    } else {
      MarkModified(key);
    }
  }

  // Stores `e` (owned) under its key, destroying any entry it replaces.
  void Store(types::Entry* e);
  // Stores a string value under `key`: as Store(Entry::NewString(...)), but a string
  // entry already there whose block fits is overwritten in place (no allocation).
  void StoreString(std::string_view key, std::string_view value, types::Encoding enc,
                   int64_t expire_ms);
  // Deletes `key`; false if it did not exist (or had expired).
  bool Delete(std::string_view key);
  // Removes `key` and hands its entry to the caller (RENAME, MOVE); nullptr if absent.
  types::Entry* Detach(std::string_view key);

  // Sets or clears (kNoExpire) the expiry of a stored entry; returns its new address.
  types::Entry* SetExpire(types::Entry* e, int64_t expire_ms);
  // Resizes a stored string entry (see Entry::ResizeString); returns its new address.
  types::Entry* ResizeString(types::Entry* e, size_t len);
  // Replaces the value of a stored string entry, keeping its expiry.
  types::Entry* ReplaceString(types::Entry* e, std::string_view value, types::Encoding enc);
  // Records an in-place modification of `key`'s value (SETRANGE, SETBIT, ...).
  void MarkModified(std::string_view key);

 private:
  // Stores build(old) under `key` with one probe (old: the entry there or nullptr;
  // build may return it, edited in place), keeping the expiry count and stats.
  template <typename Build>
  void Put(std::string_view key, Build&& build);
  // Accounts for `old` (may be null) leaving the table: the lazy-expiry stat if it had
  // expired. Returns 1 if it had an expiry (the slot's volatile count drops), else 0.
  int Replacing(const types::Entry* old);
  Slot& SlotOf(std::string_view key, uint16_t* id = nullptr);
  // types::KeyTable::Hash(key), from the hint when it names these bytes.
  uint64_t HashOf(std::string_view key);
  bool MatchesHint(std::string_view key) const {
    return key.size() == hint_len_ && hint_key_ != nullptr &&
           (key.data() == hint_key_ || std::memcmp(key.data(), hint_key_, hint_len_) == 0);
  }
  void AssertLocked(uint16_t slot) const;
  // WATCH invalidation and the dirty counter, for any write to `key`.
  void Touched(Slot& slot, std::string_view key);
  // Makes the table point at `e`, the result of an Entry method applied to the
  // stored `old`; destroys `old` if the block moved.
  types::Entry* Repoint(types::Entry* old, types::Entry* e);

  Keyspace* keyspace_;
  int db_;
  int64_t now_ms_;
  const std::vector<uint16_t>* locked_slots_ = nullptr;
  bool all_locked_ = false;
  bool keep_expired_ = false;
  int visiting_ = -1;  // the slot VisitSlot locked, if any
  const char* hint_key_ = nullptr;  // see set_key_hint
  size_t hint_len_ = 0;
  uint16_t hint_slot_ = 0;
  bool hint_has_hash_ = false;
  uint64_t hint_hash_ = 0;
};

// Marks every watcher of `db` in `slot` whose key exists there as dirty (FLUSHDB,
// FLUSHALL, SWAPDB). REQUIRES: slot locked.
void TouchAllWatchedKeys(Slot& slot, int db);

}  // namespace ringdb::engine
