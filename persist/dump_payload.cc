#include "persist/dump_payload.h"

#include "persist/byte_order.h"
#include "persist/crc64.h"
#include "persist/rdb_string.h"

namespace ringdb::persist {
namespace {

constexpr uint8_t kRdbTypeString = 0;
constexpr size_t kFooterBytes = 10;  // version (2) + CRC-64 (8)

}  // namespace

std::string DumpString(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 16);
  out.push_back(static_cast<char>(kRdbTypeString));
  AppendRdbString(value, /*compress=*/true, &out);
  AppendLittleEndian(kRdbVersion, 2, &out);
  AppendLittleEndian(Crc64(0, out), 8, &out);
  return out;
}

PayloadStatus RestoreString(std::string_view payload, std::string* value) {
  if (payload.size() < kFooterBytes) return PayloadStatus::kVersionOrChecksum;
  const std::string_view footer = payload.substr(payload.size() - kFooterBytes);
  if (ReadLittleEndian(footer, 2) > kRdbVersion) return PayloadStatus::kVersionOrChecksum;
  const std::string_view checked = payload.substr(0, payload.size() - 8);
  if (ReadLittleEndian(footer.substr(2), 8) != Crc64(0, checked)) {
    return PayloadStatus::kVersionOrChecksum;
  }
  // Like Redis, the value is read from the whole payload, footer included: a value
  // whose length runs into the footer is read from it, not refused.
  if (static_cast<uint8_t>(payload[0]) != kRdbTypeString) return PayloadStatus::kBadFormat;
  size_t pos = 1;
  if (!ReadRdbString(payload, &pos, value)) return PayloadStatus::kBadFormat;
  return PayloadStatus::kOk;
}

}  // namespace ringdb::persist
