// libFuzzer target for RESTORE's payload reader (persist/dump_payload.h), which takes
// bytes straight from clients. Each input is read as a whole payload and, re-signed
// with a valid footer, as a body, so the value decoder is reached past the checksum.
//
// Invariants: no crash or sanitizer report; whatever reads as a value dumps back to a
// payload that reads as a value dumping to as many bytes. Not to the same bytes: a
// hash table lists its members in an order that depends on the order they were
// inserted in, so each restore of a hashtable set or hash may reverse some of them.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "persist/crc64.h"
#include "persist/dump_payload.h"
#include "types/entry.h"

namespace ringdb::persist {
namespace {

// The payload of what `payload` restores to, or empty if it restores to nothing.
std::string Redumped(std::string_view payload) {
  RdbValue value;
  if (RestoreValue(payload, {}, &value) != PayloadStatus::kOk) return {};
  types::Entry* e = value.TakeEntry("k", types::kNoExpire);
  std::string out = DumpValue(*e);
  types::Entry::Destroy(e);
  return out;
}

void CheckRoundTrip(std::string_view payload) {
  const std::string once = Redumped(payload);
  if (!once.empty() && Redumped(once).size() != once.size()) abort();
}

std::string Signed(std::string_view body) {
  std::string p(body);
  p.push_back(static_cast<char>(kRdbVersion & 0xFF));
  p.push_back(static_cast<char>(kRdbVersion >> 8));
  const uint64_t sum = Crc64(0, p);
  for (int i = 0; i < 8; ++i) p.push_back(static_cast<char>(sum >> (8 * i)));
  return p;
}

}  // namespace
}  // namespace ringdb::persist

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  ringdb::persist::CheckRoundTrip(in);
  ringdb::persist::CheckRoundTrip(ringdb::persist::Signed(in));
  return 0;
}
