#include "engine/active_expire.h"

#include <string>
#include <vector>

#include "engine/clock.h"
#include "engine/db_access.h"
#include "engine/keyspace.h"

namespace ringdb::engine {

ActiveExpirer::Effort ActiveExpirer::EffortFor(int active_expire_effort) {
  // Redis: effort 0-9 over the config's 1-10; 20 keys a round plus 5 per step, 10%
  // stale accepted minus 1 per step.
  const int e = active_expire_effort < 1 ? 0 : active_expire_effort > 10 ? 9
                                                 : active_expire_effort - 1;
  return {20 + 20 / 4 * e, 10 - e};
}

ActiveExpirer::StepResult ActiveExpirer::ExpireStep(uint16_t slot_id, int64_t now_ms) {
  StepResult result;
  std::vector<std::string> expired;
  DbAccess access(keyspace_, 0, now_ms);
  access.VisitSlot(slot_id, [&](Slot& s) {
    const int dbs = s.volatile_keys() == 0 || !s.has_tables() ? 0 : keyspace_->num_dbs();
    while (db_ < dbs && result.visited < kStepKeys) {
      const types::KeyTable* table = s.table(db_);
      if (table == nullptr || table->size() == 0) {
        ++db_;
        segment_ = 0;
        continue;
      }
      expired.clear();
      segment_ = table->ForEachInSegment(segment_, [&](types::Entry* e) {
        ++result.visited;
        if (!e->has_expire()) return;
        ++result.examined;
        if (e->expire_ms() <= now_ms) expired.emplace_back(e->key());
      });
      access.set_db(db_);
      if (segment_ == 0) ++db_;
      // Find() applies lazy expiry: the same deletion path, stats and WATCH touch.
      for (const std::string& key : expired) {
        if (access.Find(key, LookupMode::kNoTouch) == nullptr) ++result.deleted;
      }
    }
    result.slot_done = db_ >= dbs;
  });
  return result;
}

void ActiveExpirer::NextSlot(int thread_count) {
  cursor_ += thread_count;
  if (cursor_ >= kNumSlots) cursor_ = index_;
  db_ = 0;
  segment_ = 0;
}

int64_t ActiveExpirer::RunCycle(int64_t budget_us, int thread_count, Effort effort) {
  const int count = thread_count > index_ ? thread_count : index_ + 1;
  const int64_t start = NowUs();
  // One full pass over this thread's slots at most per cycle.
  const int share = (kNumSlots + count - 1) / count;
  const int slots = share < kMaxSlotsPerCycle ? share : kMaxSlotsPerCycle;
  int64_t deleted = 0;
  int64_t round_visited = 0, round_examined = 0, round_deleted = 0;
  for (int i = 0; i < slots;) {
    const uint16_t slot = static_cast<uint16_t>(cursor_);
    // Most slots of most servers hold no volatile key: skip them without the lock.
    if (keyspace_->slot(slot).volatile_keys() == 0) {
      NextSlot(count);
      ++i;
      continue;
    }
    const StepResult r = ExpireStep(slot, start / 1000);
    if (r.slot_done) {
      NextSlot(count);
      ++i;
    }
    deleted += r.deleted;
    round_examined += r.examined;
    round_deleted += r.deleted;
    round_visited += r.visited;
    // A round also ends after a step's worth of keys, TTL or not: a huge slot of
    // persistent keys holding a few volatile ones is not swept whole every cycle.
    const bool round_over =
        round_examined >= effort.keys_per_loop || round_visited >= kStepKeys;
    if (!round_over) continue;
    if (round_deleted * 100 <= round_examined * effort.acceptable_stale_percent) break;
    round_visited = round_examined = round_deleted = 0;
    // The clock is cheap next to a round's lookups or a step's walk.
    if (NowUs() - start > budget_us) break;
  }
  return deleted;
}

}  // namespace ringdb::engine
