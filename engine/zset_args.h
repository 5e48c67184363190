// What the sorted-set commands share: score ranges ("1.5", "(1.5", "-inf") and lex
// ranges ("[a", "(a", "-", "+") parsed as Redis 7.0's zslParseRange and
// zslParseLexRange do, turned into the "before the range" predicates that
// ZSetValue::CountBefore takes, and the replies of (member, score) lists.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/reply_builder.h"
#include "types/skiplist.h"
#include "types/zset_value.h"

namespace ringdb::engine::zset {

struct ScoreRange {
  double min = 0, max = 0;
  bool min_ex = false, max_ex = false;
};

// Redis's zslParseRange: strtod over the text after an optional '(' up to its NUL
// (so "" reads as 0 and "1e999" as inf); NaN is rejected. False: "min or max is not a
// float".
bool ParseScoreRange(std::string_view min, std::string_view max, ScoreRange* out);

struct LexRange {
  std::string min, max;  // without the '[' / '(' prefix
  bool min_ex = false, max_ex = false;
  bool min_inf = false;  // "-": before every member
  bool max_inf = false;  // "+": after every member
};

// Redis's zslParseLexRange. False: "min or max not valid string range item".
bool ParseLexRange(std::string_view min, std::string_view max, LexRange* out);

// The ranks [first, end) of the elements inside the range.
std::pair<size_t, size_t> RanksIn(const types::ZSetValue& z, const ScoreRange& r);

// Lex ranges are walked as Redis walks them. Over members that share one score (what
// lex ranges are for) that is the slice of members inside the range. Over mixed
// scores Redis promises nothing but does something definite, which this copies: the
// walk starts at the first member inside the range (the last, in reverse), found by a
// linear scan in a listpack and by descent in a skiplist, and goes on while members
// stay within the far bound (max; min in reverse), never checking the near one again.
//
// The rank the walk starts at, or nullopt when Redis finds none.
std::optional<size_t> LexStart(const types::ZSetValue& z, const LexRange& r, bool reverse);
// Whether `member` is within the far bound of the walk.
bool LexWithinFar(const LexRange& r, std::string_view member, bool reverse);
// The ranks [first, end) a forward walk covers: what ZLEXCOUNT counts and
// ZREMRANGEBYLEX removes.
std::pair<size_t, size_t> RanksIn(const types::ZSetValue& z, const LexRange& r);

// A copied element, owned (replies are built after the walk, from copies).
struct Element {
  std::string member;
  double score;
};

// Replies with members, and scores when `with_scores`: RESP2 a flat array of bulk
// strings, RESP3 an array of [member, double] pairs (Redis 7.0's ZRANGE WITHSCORES).
// `elements`: a sized range of anything with .member and .score (Element,
// types::ScoredMember).
template <typename Elements>
void ReplyElements(protocol::ReplyBuilder* rb, const Elements& elements, bool with_scores) {
  const bool pairs = with_scores && rb->resp_version() >= 3;
  rb->SendArrayLen(with_scores && !pairs ? 2 * elements.size() : elements.size());
  for (const auto& e : elements) {
    if (pairs) rb->SendArrayLen(2);
    rb->SendBulk(e.member);
    if (with_scores) rb->SendDouble(e.score);
  }
}

}  // namespace ringdb::engine::zset
