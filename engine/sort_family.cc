// SORT and SORT_RO, as Redis 7.0's sortCommandGeneric: the same option parsing and
// first error, the same LIMIT clamping, numbers read with strtod, ALPHA compared with
// strcoll (the server's LC_COLLATE, set at start-up as Redis does) unless the result
// is stored, BY and GET patterns resolved as its lookupKeyByPattern resolves them, and
// the same quirks where they show (a sorted set is converted to its skiplist encoding,
// even by SORT_RO; BY without '*' keeps the native order; a set stored that way is
// sorted ALPHA instead, so the result does not depend on the set's layout).
//
// Ties keep the order the elements were collected in (glibc's qsort, which Redis
// calls, is a stable merge sort). For BY with LIMIT both servers sort only the part
// they output, Redis with a partial quicksort of its own, so there elements that
// compare equal may come out in different orders.
//
// Locking: the sorted key and the STORE destination are declared keys. A BY or GET
// pattern that can name other keys makes the run take the exclusive barrier
// (SortReadsOtherKeys), since those keys are only known from the data.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/command.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/config.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "types/ascii.h"
#include "types/hash_value.h"
#include "types/list_value.h"
#include "types/number_format.h"
#include "types/set_value.h"
#include "types/zset_value.h"

namespace ringdb::engine {
namespace {

using types::EqualsNoCase;

struct SortOptions {
  bool desc = false;
  bool alpha = false;
  int64_t limit_start = 0;
  int64_t limit_count = -1;
  std::optional<std::string_view> by;
  bool dontsort = false;  // BY without '*': keep the native order
  std::optional<std::string_view> store;
  std::vector<std::string_view> gets;
};

// What C string functions see of an argument: the bytes before its first NUL.
std::string_view CPart(std::string_view s) { return s.substr(0, s.find('\0')); }

// Parses the options from args[2] on; returns the error to reply, or empty.
std::string_view ParseSortOptions(CmdArgs args, bool readonly, SortOptions* o) {
  for (size_t j = 2; j < args.size(); ++j) {
    const size_t left = args.size() - j - 1;
    const std::string_view a = args[j];
    if (EqualsNoCase(a, "asc")) {
      o->desc = false;
    } else if (EqualsNoCase(a, "desc")) {
      o->desc = true;
    } else if (EqualsNoCase(a, "alpha")) {
      o->alpha = true;
    } else if (EqualsNoCase(a, "limit") && left >= 2) {
      if (!types::ParseInt64(args[j + 1], &o->limit_start) ||
          !types::ParseInt64(args[j + 2], &o->limit_count)) {
        return errors::kNotInteger;
      }
      j += 2;
    } else if (!readonly && EqualsNoCase(a, "store") && left >= 1) {
      o->store = args[++j];
    } else if (EqualsNoCase(a, "by") && left >= 1) {
      o->by = args[++j];
      o->dontsort = CPart(*o->by).find('*') == std::string_view::npos;
    } else if (EqualsNoCase(a, "get") && left >= 1) {
      o->gets.push_back(args[++j]);
    } else {
      return errors::kSyntax;
    }
  }
  return {};
}

bool IsElementItself(std::string_view pattern) {
  return !pattern.empty() && pattern[0] == '#' && (pattern.size() == 1 || pattern[1] == '\0');
}

// Whether resolving `pattern` can read a key: it is not "#" and has a '*'.
bool PatternReadsKeys(std::string_view pattern) {
  return !IsElementItself(pattern) && CPart(pattern).find('*') != std::string_view::npos;
}

bool SortReadsOtherKeys(CmdArgs args) {
  SortOptions o;
  // Options past a parse error are never acted on: the command fails first.
  (void)ParseSortOptions(args, EqualsNoCase(args[0], "sort_ro"), &o);
  if (o.by && !o.dontsort) return true;
  return std::any_of(o.gets.begin(), o.gets.end(), PatternReadsKeys);
}

// Redis's lookupKeyByPattern: "#" stands for the element; otherwise the first '*' is
// replaced by the element to name a string key, or, with "->field" after the '*', a
// hash key and its field. nullopt when there is no '*', or no such string or field.
std::optional<std::string> LookupByPattern(DbAccess& db, std::string_view pattern,
                                           std::string_view element) {
  if (IsElementItself(pattern)) return std::string(element);
  const std::string_view c = CPart(pattern);
  const size_t star = c.find('*');
  if (star == std::string_view::npos) return std::nullopt;
  const size_t arrow = c.find("->", star + 1);
  const bool has_field = arrow != std::string_view::npos && arrow + 2 < pattern.size() &&
                         pattern[arrow + 2] != '\0';
  const size_t field_len = has_field ? pattern.size() - arrow - 2 : 0;
  const size_t postfix_len = pattern.size() - star - 1 - (has_field ? field_len + 2 : 0);
  std::string key;
  key.reserve(star + element.size() + postfix_len);
  key.append(pattern.substr(0, star)).append(element).append(pattern.substr(star + 1, postfix_len));
  types::Entry* e = db.Find(key, LookupMode::kRead);
  if (e == nullptr) return std::nullopt;
  if (!has_field) {
    if (!e->is_string()) return std::nullopt;
    return std::string(e->str());
  }
  if (e->type() != types::ValueType::kHash) return std::nullopt;
  types::HashValue::TextBuf buf;
  std::optional<std::string_view> v =
      e->value<types::HashValue>()->Get(pattern.substr(arrow + 2), buf);
  if (!v) return std::nullopt;
  return std::string(*v);
}

struct Item {
  explicit Item(std::string e) : element(std::move(e)) {}
  std::string element;
  double score = 0;
  std::optional<std::string> by;  // ALPHA with BY: the value sorted by, if found
};

// Redis's strtod check: the whole text (up to a NUL) a number, not out of range, not NaN.
bool ReadScore(const std::string& text, double* score) {
  char* end = nullptr;
  errno = 0;
  *score = std::strtod(text.c_str(), &end);
  return *end == '\0' && errno != ERANGE && !std::isnan(*score);
}

// Redis's sortCompare, before DESC flips it (its compareStringObjects is a byte
// comparison, as std::string::compare).
int CompareItems(const Item& a, const Item& b, const SortOptions& o) {
  if (!o.alpha) {
    if (a.score != b.score) return a.score > b.score ? 1 : -1;
    return a.element.compare(b.element);
  }
  const bool stored = o.store.has_value();
  if (o.by) {
    if (!a.by || !b.by) return a.by == b.by ? 0 : (a.by ? 1 : -1);
    return stored ? a.by->compare(*b.by) : std::strcoll(a.by->c_str(), b.by->c_str());
  }
  return stored ? a.element.compare(b.element)
                : std::strcoll(a.element.c_str(), b.element.c_str());
}

// The elements of `value` to sort, and the [start, end] range of them to output, as
// Redis loads its vector.
std::vector<Item> Collect(types::Entry* value, const SortOptions& o, int64_t* start,
                          int64_t* end) {
  std::vector<Item> items;
  const types::ValueType type = value ? value->type() : types::ValueType::kList;
  int64_t len = 0;
  if (value != nullptr) {
    switch (type) {
      case types::ValueType::kList: len = value->value<types::ListValue>()->list().size(); break;
      case types::ValueType::kSet: len = value->value<types::SetValue>()->size(); break;
      default: len = value->value<types::ZSetValue>()->size(); break;
    }
  }
  *start = o.limit_start < 0 ? 0 : o.limit_start;
  // 128 bits: LIMIT's two longs may add past int64, where Redis's own sum overflows.
  __int128 last = o.limit_count < 0 ? len - 1 : static_cast<__int128>(*start) + o.limit_count - 1;
  if (*start >= len) {
    *start = len - 1;
    last = len - 2;
  }
  *end = last >= len ? len - 1 : static_cast<int64_t>(last);
  if (value == nullptr) return items;
  // Redis converts a listpack sorted set to a skiplist, whatever it then loads, even
  // for SORT_RO.
  if (type == types::ValueType::kZSet) value->value<types::ZSetValue>()->ConvertToSkiplist();

  // Kept unsorted, a list or sorted set loads only [from, to]: the output, then 0-based.
  const bool ranged = o.dontsort && type != types::ValueType::kSet;
  const int64_t from = *start, to = *end;
  if (ranged) {
    *start = 0;
    *end = to - from;
    if (to < from) return items;
  }
  std::array<char, types::kInt64BufSize> buf;
  if (type == types::ValueType::kList) {
    const types::Quicklist& list = value->value<types::ListValue>()->list();
    size_t first = 0, stop = list.size() - 1;
    if (ranged) {
      first = o.desc ? len - 1 - to : from;
      stop = o.desc ? len - 1 - from : to;
    }
    list.ForRange(first, stop, ranged && o.desc, [&](const types::ListpackElement& e) {
      items.emplace_back(std::string(e.ToText(buf)));
    });
  } else if (type == types::ValueType::kSet) {
    value->value<types::SetValue>()->ForEach(
        [&](const types::SetMember& m) { items.emplace_back(m.ToString()); });
  } else {
    const types::ZSetValue* zset = value->value<types::ZSetValue>();
    size_t want = ranged ? static_cast<size_t>(to - from + 1) : zset->size();
    const size_t rank = !ranged ? 0 : o.desc ? len - 1 - from : from;
    zset->WalkFrom(rank, ranged && o.desc, [&](std::string_view member, double) {
      items.emplace_back(std::string(member));
      return --want > 0;
    });
  }
  return items;
}

// Loads each item's sort key; false when a number cannot be read (Redis still sorts,
// but replies only the error).
bool LoadScores(DbAccess& db, const SortOptions& o, std::vector<Item>* items) {
  bool numbers_ok = true;
  for (Item& item : *items) {
    std::optional<std::string> by;
    if (o.by) {
      by = LookupByPattern(db, *o.by, item.element);
      if (!by) continue;
    }
    if (o.alpha) {
      if (o.by) item.by = std::move(by);
    } else if (!ReadScore(o.by ? *by : item.element, &item.score)) {
      numbers_ok = false;
    }
  }
  return numbers_ok;
}

void SortGeneric(CmdArgs args, CommandContext& ctx, bool readonly) {
  SortOptions o;
  if (std::string_view err = ParseSortOptions(args, readonly, &o); !err.empty()) {
    return ctx.rb->SendError(err);
  }
  DbAccess& db = *ctx.db;
  types::Entry* value = db.Find(args[1], LookupMode::kRead);
  if (value != nullptr && value->type() != types::ValueType::kList &&
      value->type() != types::ValueType::kSet && value->type() != types::ValueType::kZSet) {
    return ReplyStatus(ctx, OpStatus::kWrongType);
  }
  if (o.dontsort && value != nullptr && value->type() == types::ValueType::kSet && o.store) {
    // A set's native order is its layout: sort what is stored so it does not depend on it.
    o.dontsort = false;
    o.alpha = true;
    o.by.reset();
  }
  int64_t start = 0, end = 0;
  std::vector<Item> items = Collect(value, o, &start, &end);
  if (!o.dontsort) {
    if (!LoadScores(db, o, &items)) {
      return ctx.rb->SendError("ERR One or more scores can't be converted into double");
    }
    auto before = [&o](const Item& a, const Item& b) {
      const int c = CompareItems(a, b, o);
      return o.desc ? c > 0 : c < 0;
    };
    const auto n = static_cast<int64_t>(items.size());
    if (o.by && end >= 0 && (start != 0 || end != n - 1)) {
      // As Redis's partial sort for BY with LIMIT: only the first end+1 in order.
      std::partial_sort(items.begin(), items.begin() + end + 1, items.end(), before);
    } else {
      std::stable_sort(items.begin(), items.end(), before);
    }
  }
  // Each output value, in order: the element itself, or each GET's (nullopt: none).
  auto for_each_output = [&](auto&& f) {
    for (int64_t j = start; j <= end; ++j) {
      const std::string& element = items[j].element;
      if (o.gets.empty()) f(std::optional<std::string>(element));
      for (std::string_view pattern : o.gets) f(LookupByPattern(db, pattern, element));
    }
  };
  if (!o.store) {
    const size_t per_item = o.gets.empty() ? 1 : o.gets.size();
    ctx.rb->SendArrayLen(per_item * static_cast<size_t>(end - start + 1));
    for_each_output([&](const std::optional<std::string>& v) {
      if (v) {
        ctx.rb->SendBulk(*v);
      } else {
        ctx.rb->SendNull();
      }
    });
    return;
  }
  auto* list = new types::ListValue(CurrentEncodingLimits());
  bool fits = true;
  for_each_output([&](const std::optional<std::string>& v) {
    const std::string_view text = v ? std::string_view(*v) : std::string_view();
    if (!types::Quicklist::FitsElement(text.size())) fits = false;
    if (fits) list->list().Push(types::Quicklist::End::kTail, text);
  });
  if (!fits) {
    delete list;
    return ReplyStatus(ctx, OpStatus::kStringTooLong);
  }
  ctx.rb->SendLong(db.StoreResult(*o.store, list));
}

void CmdSort(CmdArgs args, CommandContext& ctx) { SortGeneric(args, ctx, false); }
void CmdSortRo(CmdArgs args, CommandContext& ctx) { SortGeneric(args, ctx, true); }

}  // namespace

void RegisterSortFamily(CommandRegistry* r) {
  r->Register("sort", &CmdSort, kOptNone, &SortReadsOtherKeys);
  r->Register("sort_ro", &CmdSortRo, kOptNone, &SortReadsOtherKeys);
}

}  // namespace ringdb::engine
