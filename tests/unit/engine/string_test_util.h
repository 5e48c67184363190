// Helpers for the string and bitmap command tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>

#include "engine/keyspace.h"
#include "engine/server.h"
#include "types/entry.h"
#include "types/key_slot.h"
#include "types/key_table.h"
#include "types/list_value.h"

namespace ringdb::engine {

// Replaces the string entry at `key` (db 0) with a list holding that string as its one
// element, so that string commands meet a key of another type.
inline void TEST_RelabelAsList(Server& server, std::string_view key) {
  Slot& slot = server.keyspace().slot(types::KeySlot(key));
  types::KeyTable* table = slot.table(0);
  ASSERT_NE(table, nullptr);
  const uint64_t hash = types::KeyTable::Hash(key);
  types::Entry* e = table->Find(key, hash);
  ASSERT_NE(e, nullptr);
  auto* value = new types::ListValue(types::EncodingLimits{});
  value->list().Push(types::Quicklist::End::kTail, e->str());
  types::Entry* list =
      types::Entry::NewObject(key, types::ValueType::kList, value, types::kNoExpire);
  table->Repoint(list, hash);
  types::Entry::Destroy(e);
  ASSERT_EQ(list->type(), types::ValueType::kList);
}

}  // namespace ringdb::engine
