#include "engine/pipeline_prefetch.h"

#include "engine/keyspace.h"
#include "types/key_slot.h"
#include "types/key_table.h"

namespace ringdb::engine {
namespace {

// Reads "<digits>\r\n" at `pos`; advances past it. Redis's request grammar only: a
// request this scanner does not recognise is simply not prefetched (the parser, not
// this, decides what is valid).
bool ReadLength(std::string_view in, size_t* pos, int64_t* out) {
  int64_t v = 0;
  size_t p = *pos;
  size_t start = p;
  while (p < in.size() && in[p] >= '0' && in[p] <= '9' && p - start < 18) {
    v = v * 10 + (in[p] - '0');
    ++p;
  }
  if (p == start || p + 1 >= in.size() || in[p] != '\r' || in[p + 1] != '\n') return false;
  *pos = p + 2;
  *out = v;
  return true;
}

// Parses one complete "*N\r\n($L\r\n<bytes>\r\n){N}" request at *pos; on success
// sets *key to args[1] (empty when N < 2) and advances *pos past the request.
bool ScanRequest(std::string_view in, size_t* pos, std::string_view* key) {
  size_t p = *pos;
  int64_t argc;
  if (p >= in.size() || in[p] != '*') return false;
  ++p;
  if (!ReadLength(in, &p, &argc) || argc < 1 || argc > 1024) return false;
  *key = {};
  for (int64_t i = 0; i < argc; ++i) {
    int64_t len;
    if (p >= in.size() || in[p] != '$') return false;
    ++p;
    if (!ReadLength(in, &p, &len)) return false;
    if (in.size() - p < static_cast<size_t>(len) + 2) return false;
    if (i == 1) *key = in.substr(p, static_cast<size_t>(len));
    p += static_cast<size_t>(len) + 2;
  }
  *pos = p;
  return true;
}

}  // namespace

size_t PipelinePrefetcher::Scan(std::string_view input, Keyspace& keyspace, int db) {
  Clear();
  size_t pos = 0;
  std::string_view key;
  while (count_ < kMaxAhead && ScanRequest(input, &pos, &key)) {
    if (key.data() == nullptr) continue;
    uint16_t slot = types::KeySlot(key);
    __builtin_prefetch(&keyspace.slot(slot), 1, 3);
    hints_[count_++] = Hint{key.data(), key.size(), {slot, types::KeyTable::Hash(key)}};
  }
  // A second pass, so that each slot's line has had the whole batch to arrive before
  // its table's cell pointer is read.
  for (size_t i = 0; i < count_; ++i) {
    keyspace.slot(hints_[i].computed.slot).PrefetchCell(db, hints_[i].computed.hash);
  }
  // A third pass, once the cells are on their way, for the entries they point at:
  // reading a cell needs the slot's lock (a resize may free the cells), so a slot
  // that is busy is skipped rather than waited for.
  for (size_t i = 0; i < count_; ++i) {
    Slot& slot = keyspace.slot(hints_[i].computed.slot);
    if (!slot.lock().try_lock()) continue;
    slot.PrefetchEntry(db, hints_[i].computed.hash);
    slot.lock().unlock();
  }
  return pos;
}

const PipelinePrefetcher::KeyHint* PipelinePrefetcher::HintFor(std::string_view key) {
  // Requests run in the order they were scanned, so the next hint nearly always matches.
  for (size_t i = next_; i < count_; ++i) {
    if (hints_[i].key == key.data() && hints_[i].len == key.size()) {
      next_ = i + 1;
      return &hints_[i].computed;
    }
  }
  return nullptr;
}

}  // namespace ringdb::engine
