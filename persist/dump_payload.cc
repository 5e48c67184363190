#include "persist/dump_payload.h"

#include "persist/byte_order.h"
#include "persist/crc64.h"

namespace ringdb::persist {
namespace {

constexpr size_t kFooterBytes = 10;  // version (2) + CRC-64 (8)

}  // namespace

std::string DumpValue(const types::Entry& e) {
  std::string out;
  out.reserve((e.is_string() ? e.str().size() : 0) + 16);
  AppendRdbValue(e, &out);
  AppendLittleEndian(kRdbVersion, 2, &out);
  AppendLittleEndian(Crc64(0, out), 8, &out);
  return out;
}

PayloadStatus RestoreValue(std::string_view payload, const types::EncodingLimits& limits,
                           RdbValue* value) {
  if (payload.size() < kFooterBytes) return PayloadStatus::kVersionOrChecksum;
  const std::string_view footer = payload.substr(payload.size() - kFooterBytes);
  if (ReadLittleEndian(footer, 2) > kRdbVersion) return PayloadStatus::kVersionOrChecksum;
  const std::string_view checked = payload.substr(0, payload.size() - 8);
  if (ReadLittleEndian(footer.substr(2), 8) != Crc64(0, checked)) {
    return PayloadStatus::kVersionOrChecksum;
  }
  // Like Redis, the value is read from the whole payload, footer included: a value
  // whose length runs into the footer is read from it, not refused.
  size_t pos = 0;
  if (!ReadRdbValue(payload, &pos, limits, value)) return PayloadStatus::kBadFormat;
  return PayloadStatus::kOk;
}

}  // namespace ringdb::persist
