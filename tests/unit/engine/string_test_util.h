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

// Replaces the string entry at `key` (db 0) with a list, so that string commands meet
// a key of another type. Until the list commands exist the list is a placeholder
// value: only for WRONGTYPE paths, nothing may read it as a list.
inline void TEST_RelabelAsList(Server& server, std::string_view key) {
  Slot& slot = server.keyspace().slot(types::KeySlot(key));
  types::KeyTable* table = slot.table(0);
  ASSERT_NE(table, nullptr);
  const uint64_t hash = types::KeyTable::Hash(key);
  types::Entry* e = table->Find(key, hash);
  ASSERT_NE(e, nullptr);
  types::Entry* list = types::Entry::NewObject(key, types::ValueType::kList,
                                               new types::ListValue, types::kNoExpire);
  table->Repoint(list, hash);
  types::Entry::Destroy(e);
  ASSERT_EQ(list->type(), types::ValueType::kList);
}

}  // namespace ringdb::engine
