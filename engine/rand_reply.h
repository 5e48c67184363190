// What HRANDFIELD and ZRANDMEMBER share: Redis 7.0's hrandfieldWithCountCommand and
// zrandmemberWithCountCommand are one algorithm over pairs (field and value, member
// and score), so the count's parsing, the choice of how to draw and the reply's shape
// live here once; each family supplies its pairs through an adapter.
//
// Thread: the calling command's thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

#include "engine/client_state.h"
#include "engine/command.h"

namespace ringdb::engine {

struct RandArgs {
  uint64_t count = 0;
  bool distinct = true;      // a count >= 0: no repeats
  bool with_values = false;  // WITHVALUES / WITHSCORES
};

// Parses args[2] (the count) and the optional args[3], which must be `with_word`, with
// Redis's errors in its order. Returns the error to reply, or empty.
std::string_view ParseRandArgs(CmdArgs args, std::string_view with_word, RandArgs* out);

// The random source of HRANDFIELD and ZRANDMEMBER: one per thread, so no lock.
std::mt19937_64& RandRng();

// Pairs drawn per batch for a negative count (Redis's *_RANDOM_SAMPLE_LIMIT): bounds
// the scratch memory whatever the count.
inline constexpr size_t kRandomBatch = 1000;
// A negative count asks for any number of repeats: the reply stops growing here and the
// connection closes after it, as Redis closes a client past its output buffer limit.
inline constexpr size_t kMaxRandomReplyBytes = size_t{512} << 20;

// Replies to a count form as Redis does: count 0 an empty array; a negative count (or
// 1) independent draws; a count reaching the size the whole value; else distinct draws.
// RESP2 sends pairs flat, RESP3 as [first, second] arrays.
//
// `v` supplies: `Pick` (one drawn pair); size(); Draw(n, rng, std::vector<Pick>*) and
// DrawDistinct(n, rng, std::vector<Pick>*) (as HashValue::RandomPairs and
// RandomDistinctPairs); ForEachWhole(f), calling f(const Pick&) for every pair in the
// order Redis replies the whole value in; and Send(rb, pick, with_second).
template <typename Adapter>
void SendRandomPairs(CommandContext& ctx, const RandArgs& a, const Adapter& v) {
  using Pick = typename Adapter::Pick;
  protocol::ReplyBuilder* rb = ctx.rb;
  const bool nested = a.with_values && rb->resp_version() > 2;
  auto send_len = [&](uint64_t n) { rb->SendArrayLen(a.with_values && !nested ? 2 * n : n); };
  auto send = [&](const Pick& p) {
    if (nested) rb->SendArrayLen(2);
    v.Send(rb, p, a.with_values);
  };
  if (a.count == 0) return rb->SendArrayLen(0);
  std::vector<Pick> picks;
  if (!a.distinct || a.count == 1) {
    send_len(a.count);
    const size_t start = rb->buffer()->size();
    for (uint64_t left = a.count; left > 0;) {
      const size_t n = left < kRandomBatch ? left : kRandomBatch;
      left -= n;
      picks.clear();
      v.Draw(n, RandRng(), &picks);
      for (const Pick& p : picks) send(p);
      if (rb->buffer()->size() - start > kMaxRandomReplyBytes) return ctx.client->RequestClose();
    }
    return;
  }
  if (a.count >= v.size()) {
    send_len(v.size());
    v.ForEachWhole(send);
    return;
  }
  v.DrawDistinct(a.count, RandRng(), &picks);
  send_len(picks.size());
  for (const Pick& p : picks) send(p);
}

}  // namespace ringdb::engine
