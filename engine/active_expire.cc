#include "engine/active_expire.h"

#include <string>
#include <vector>

#include "engine/clock.h"
#include "engine/db_access.h"
#include "engine/keyspace.h"

namespace ringdb::engine {

int64_t ActiveExpirer::ExpireSlot(uint16_t slot_id, int64_t now_ms) {
  // Most slots of most servers hold no volatile key: skip them without the lock.
  if (keyspace_->slot(slot_id).volatile_keys() == 0) return 0;
  std::vector<std::string> expired;
  int64_t deleted = 0;
  DbAccess access(keyspace_, 0, now_ms);
  access.VisitSlot(slot_id, [&](Slot& s) {
    if (s.volatile_keys() == 0 || !s.has_tables()) return;
    for (int db = 0; db < keyspace_->num_dbs(); ++db) {
      types::KeyTable* table = s.table(db);
      if (table == nullptr || table->size() == 0) continue;
      expired.clear();
      table->ForEach([&](types::Entry* e) {
        if (e->has_expire() && e->expire_ms() <= now_ms) expired.emplace_back(e->key());
      });
      access.set_db(db);
      // Find() applies lazy expiry: the same deletion path, stats and WATCH touch.
      for (const std::string& key : expired) {
        if (access.Find(key, LookupMode::kNoTouch) == nullptr) ++deleted;
      }
    }
  });
  return deleted;
}

int64_t ActiveExpirer::RunCycle(int64_t budget_us, int thread_count) {
  int count = thread_count > index_ ? thread_count : index_ + 1;
  int64_t start = NowUs();
  int64_t deleted = 0;
  int visited = 0;
  // One full pass over this thread's slots at most per cycle.
  int share = (kNumSlots + count - 1) / count;
  for (int i = 0; i < share; ++i) {
    deleted += ExpireSlot(static_cast<uint16_t>(cursor_), start / 1000);
    cursor_ += count;
    if (cursor_ >= kNumSlots) cursor_ = index_;
    // Reading the clock every few slots keeps its cost negligible.
    if (++visited % 16 == 0 && NowUs() - start > budget_us) break;
  }
  return deleted;
}

}  // namespace ringdb::engine
