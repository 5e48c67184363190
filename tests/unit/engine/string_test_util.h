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

namespace ringdb::engine {

// Relabels the string entry at `key` (db 0) as a list, so that string commands meet a
// key of another type before the list commands exist. Relies on entry.h's documented
// layout: the first byte holds the type in its low nibble. Only for WRONGTYPE paths:
// nothing may read the value as a list.
inline void TEST_RelabelAsList(Server& server, std::string_view key) {
  Slot& slot = server.keyspace().slot(types::KeySlot(key));
  types::KeyTable* table = slot.table(0);
  ASSERT_NE(table, nullptr);
  types::Entry* e = table->Find(key, types::KeyTable::Hash(key));
  ASSERT_NE(e, nullptr);
  auto* first = reinterpret_cast<uint8_t*>(e);
  *first = static_cast<uint8_t>((*first & 0xF0) | static_cast<uint8_t>(types::ValueType::kList));
  ASSERT_EQ(e->type(), types::ValueType::kList);
}

}  // namespace ringdb::engine
