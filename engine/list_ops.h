// The data work shared by the list commands (list_family.cc, list_move_family.cc):
// pushes, pops and moves on list keys, under the locks the dispatcher took.
//
// Each keeps Redis 7.0's rules: a new list takes the current list-max-listpack-size and
// list-compress-depth, a list emptied by a pop or move is deleted, and every write marks
// its key modified (WATCH, blocked clients).
//
// Thread: the command's; REQUIRES: the keys' slots are locked.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/command.h"
#include "engine/db_access.h"
#include "engine/op_status.h"
#include "types/list_value.h"
#include "types/quicklist.h"

namespace ringdb::engine::list {

using End = types::Quicklist::End;

// LEFT / RIGHT (case-insensitive), Redis's getListPositionFromObjectOrReply.
bool ParseEnd(std::string_view arg, End* end);

// Pushes `values` in order at `end` of `key`, creating the list unless
// `only_if_exists` (LPUSHX: then 0 when missing). Returns the new length.
OpResult<size_t> OpPush(DbAccess& db, std::string_view key, CmdArgs values, End end,
                        bool only_if_exists);

// Pops up to `count` elements from `end` of `key`; kKeyNotFound when missing.
OpResult<std::vector<std::string>> OpPop(DbAccess& db, std::string_view key, End end,
                                         size_t count);

// Pops one element from `from` of `src` and pushes it at `to` of `dst` (LMOVE).
// kKeyNotFound when `src` is missing; kWrongType when either key is not a list (the
// destination checked before anything moves). Returns the moved element.
OpResult<std::string> OpMove(DbAccess& db, std::string_view src, std::string_view dst,
                             End from, End to);

// Sends elements as a RESP array of bulk strings.
void ReplyElements(CommandContext& ctx, const std::vector<std::string>& elements);

}  // namespace ringdb::engine::list
