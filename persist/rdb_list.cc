#include "persist/rdb_list.h"

#include <memory>
#include <optional>
#include <utility>

#include "persist/rdb_string.h"
#include "persist/rdb_types.h"
#include "persist/ziplist.h"
#include "types/listpack.h"
#include "types/quicklist.h"

namespace ringdb::persist {
namespace {

using types::Listpack;
using types::ListValue;
using types::Quicklist;

// Redis's quicklist node containers (QUICKLIST_NODE_CONTAINER_*).
constexpr uint64_t kContainerPlain = 1;
constexpr uint64_t kContainerPacked = 2;
// A node's element count is a 16-bit field in Redis: a node past it cannot be genuine.
constexpr size_t kMaxNodeElements = 65535;

// Appends one node read from `blob` (a listpack, or a plain node's element) to `list`.
bool AppendNodeBlob(uint64_t container, std::string blob, Quicklist* list) {
  if (container == kContainerPlain) {
    if (!Quicklist::FitsElement(blob.size()) ||
        !Listpack::SafeToAdd(Listpack::kEmptyBytes, Listpack::EntryBytes(blob))) {
      return false;
    }
    Listpack lp;
    lp.Append(blob);
    list->AppendNode(std::move(lp));
    return true;
  }
  if (container != kContainerPacked) return false;
  std::optional<Listpack> lp = Listpack::FromBytes(blob);
  if (!lp || lp->bytes_size() > Listpack::kMaxSafeBytes || lp->size() > kMaxNodeElements) {
    return false;
  }
  if (!lp->empty()) list->AppendNode(std::move(*lp));  // Redis skips empty nodes
  return true;
}

bool ReadQuicklist2(std::string_view in, size_t* pos, Quicklist* list) {
  uint64_t nodes = 0;
  if (!ReadRdbLength(in, pos, &nodes) || nodes == 0) return false;
  for (uint64_t i = 0; i < nodes; ++i) {
    uint64_t container = 0;
    std::string blob;
    if (!ReadRdbLength(in, pos, &container) || !ReadRdbString(in, pos, &blob)) return false;
    if (!AppendNodeBlob(container, std::move(blob), list)) return false;
  }
  return true;
}

// RDB_TYPE_LIST_QUICKLIST: a node count, then each node as a ziplist blob.
bool ReadQuicklistOfZiplists(std::string_view in, size_t* pos, Quicklist* list) {
  uint64_t nodes = 0;
  if (!ReadRdbLength(in, pos, &nodes) || nodes == 0) return false;
  for (uint64_t i = 0; i < nodes; ++i) {
    std::string blob;
    Listpack lp;
    if (!ReadRdbString(in, pos, &blob) || !ZiplistToListpack(blob, &lp)) return false;
    if (lp.size() > kMaxNodeElements) return false;
    if (!lp.empty()) list->AppendNode(std::move(lp));  // Redis skips empty nodes
  }
  return true;
}

// RDB_TYPE_LIST: pushed one by one, so the nodes follow the current fill.
bool ReadPlainList(std::string_view in, size_t* pos, Quicklist* list) {
  uint64_t len = 0;
  if (!ReadRdbLength(in, pos, &len) || len == 0) return false;
  std::string element;
  for (uint64_t i = 0; i < len; ++i) {
    if (!ReadRdbString(in, pos, &element) || !Quicklist::FitsElement(element.size())) {
      return false;
    }
    list->Push(Quicklist::End::kTail, element);
  }
  return true;
}

}  // namespace

void AppendRdbList(const ListValue& value, std::string* out) {
  out->push_back(static_cast<char>(rdb_type::kListQuicklist2));
  const Quicklist& list = value.list();
  AppendRdbLength(list.node_count(), out);
  list.ForEachNode([&](const Listpack& lp) {
    AppendRdbLength(kContainerPacked, out);
    AppendRdbString(lp.bytes(), /*compress=*/true, out);
  });
}

bool IsRdbListType(uint8_t rdb_type) {
  return rdb_type == rdb_type::kList || rdb_type == rdb_type::kListQuicklist ||
         rdb_type == rdb_type::kListQuicklist2;
}

ListValue* ReadRdbList(uint8_t rdb_type, std::string_view in, size_t* pos,
                       const types::EncodingLimits& limits) {
  auto value = std::make_unique<ListValue>(limits);
  Quicklist* list = &value->list();
  bool ok = false;
  switch (rdb_type) {
    case rdb_type::kList: ok = ReadPlainList(in, pos, list); break;
    case rdb_type::kListQuicklist: ok = ReadQuicklistOfZiplists(in, pos, list); break;
    default: ok = ReadQuicklist2(in, pos, list); break;
  }
  if (!ok || value->list().empty()) return nullptr;
  return value.release();
}

}  // namespace ringdb::persist
