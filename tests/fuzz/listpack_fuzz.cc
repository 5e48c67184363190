// libFuzzer target for Listpack::FromBytes (types/listpack.h), which takes listpacks
// straight from RESTORE payloads and RDB files, and for everything that then reads or
// edits what it accepted. Each input is tried as a whole listpack and, wrapped in a
// valid header (total bytes right, count unknown) and terminator, as a run of entries,
// so the entry checks are reached without guessing the header.
//
// Invariants: no crash or sanitizer report; an accepted listpack keeps its bytes, reads
// the same forwards and backwards, finds each of its elements, and stays valid through
// a few edits. The allocator is plain malloc here (blocks of exactly the size asked
// for), so ASan sees every byte past the end.
#include <malloc.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "alloc/memory.h"
#include "types/listpack.h"

namespace ringdb::alloc {

void* Allocate(size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) std::abort();
  return p;
}
void Free(void* p) { std::free(p); }
size_t UsableSize(const void* p) {
  return p == nullptr ? 0 : malloc_usable_size(const_cast<void*>(p));
}
size_t GoodSize(size_t size) { return size; }

}  // namespace ringdb::alloc

namespace ringdb::types {
namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

std::vector<std::string> Forward(const Listpack& lp) {
  std::vector<std::string> out;
  lp.ForEach([&](const ListpackElement& e) { out.push_back(e.ToString()); });
  return out;
}

std::vector<std::string> Backward(const Listpack& lp) {
  std::vector<std::string> out;
  for (size_t p = lp.Last(); p != Listpack::kEnd; p = lp.Prev(p)) {
    out.insert(out.begin(), lp.Get(p).ToString());
  }
  return out;
}

void CheckReads(const Listpack& lp, const std::vector<std::string>& want) {
  Check(Listpack::IsValid(lp.bytes()));
  Check(lp.size() == want.size());
  Check(Forward(lp) == want);
  Check(Backward(lp) == want);
}

void Exercise(std::string_view bytes) {
  std::optional<Listpack> parsed = Listpack::FromBytes(bytes);
  if (!parsed) return;
  Listpack& lp = *parsed;
  Check(lp.bytes() == bytes);
  std::vector<std::string> model = Forward(lp);
  CheckReads(lp, model);
  const int64_t n = static_cast<int64_t>(model.size());
  for (int64_t i = 0; i < n && i < 64; ++i) {
    Check(lp.Get(lp.Seek(i)).ToString() == model[i]);
    Check(lp.Get(lp.Seek(i - n)).ToString() == model[i]);
    const size_t found = lp.Find(model[i], lp.First());
    Check(found != Listpack::kEnd && lp.Get(found).Equals(model[i]));
  }
  Check(lp.Seek(n) == Listpack::kEnd && lp.Seek(-n - 1) == Listpack::kEnd);
  // A few edits, each in a different place, checked against the model.
  if (n > 0) {
    lp.Replace(lp.Seek(n / 2), model.back());
    model[n / 2] = model.back();
    lp.Delete(lp.First());
    model.erase(model.begin());
  }
  lp.Append("12345");
  model.push_back("12345");
  lp.InsertBefore(lp.First(), std::string(70, 'x'));
  model.insert(model.begin(), std::string(70, 'x'));
  CheckReads(lp, model);
  const size_t gone = lp.DeleteRange(-2, 3);
  model.resize(model.size() - gone);
  CheckReads(lp, model);
}

std::string Wrapped(std::string_view entries) {
  const size_t total = entries.size() + Listpack::kEmptyBytes;
  std::string s;
  for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>(total >> (8 * i)));
  s.append("\xff\xff");
  s.append(entries);
  s.push_back('\xff');
  return s;
}

}  // namespace
}  // namespace ringdb::types

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  ringdb::types::Exercise(in);
  ringdb::types::Exercise(ringdb::types::Wrapped(in));
  return 0;
}
