// libFuzzer target for RespParser. Each input is parsed three times: whole, split at
// pseudo-random points as a socket would deliver it, and a byte at a time; the runs must
// agree. Every parsed command is also re-encoded with ReplyBuilder and parsed back.
//
// Invariants: no crash or sanitizer report; consumed() <= input size and > 0 for a request;
// arguments of a multibulk request lie inside the input; bytes_needed() is 0 or more than
// the input holds; all runs give the same commands, empties, error and (unless they fail)
// leftover bytes. The one legitimate difference, as in Redis, is a line-length limit
// ("too big ...") that trips while a long line is still arriving: then the split run's
// commands are a prefix of the whole run's.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/reply_builder.h"
#include "protocol/resp_parser.h"

namespace ringdb::protocol {
namespace {

struct Outcome {
  std::vector<std::vector<std::string>> commands;
  int empties = 0;
  std::string error;
  bool failed = false;
  std::string leftover;
};

void Check(bool ok) {
  if (!ok) std::abort();
}

void RoundTrip(const std::vector<std::string_view>& args) {
  std::string wire;
  ReplyBuilder rb(&wire, 2);
  rb.SendBulkArray(args);
  RespParser p;
  Check(p.Parse(wire) == ParseStatus::kCommand);
  Check(p.consumed() == wire.size());
  Check(p.args().size() == args.size());
  for (size_t i = 0; i < args.size(); ++i) Check(p.args()[i] == args[i]);
}

// Parses every complete request in *buf, dropping consumed bytes. False after an error.
bool Drain(RespParser& parser, std::string* buf, Outcome* out) {
  while (true) {
    const ParseStatus st = parser.Parse(*buf);
    if (st == ParseStatus::kNeedMore) {
      Check(parser.bytes_needed() == 0 || parser.bytes_needed() > buf->size());
      return true;
    }
    if (st == ParseStatus::kError) {
      Check(!parser.error().empty());
      out->failed = true;
      out->error = std::string(parser.error());
      return false;
    }
    Check(parser.consumed() > 0 && parser.consumed() <= buf->size());
    if (st == ParseStatus::kEmpty) {
      Check(parser.args().empty());
      ++out->empties;
    } else {
      Check(!parser.args().empty());
      std::vector<std::string> copy;
      for (std::string_view a : parser.args()) {
        if ((*buf)[0] == '*') {
          Check(a.data() >= buf->data() && a.data() + a.size() <= buf->data() + buf->size());
        }
        copy.emplace_back(a);
      }
      RoundTrip(parser.args());
      out->commands.push_back(std::move(copy));
    }
    buf->erase(0, parser.consumed());
  }
}

// `cuts` is empty for one whole read; otherwise read sizes, cycled.
Outcome Run(std::string_view data, const std::vector<size_t>& cuts, const ParserLimits& lim) {
  RespParser parser(lim);
  Outcome out;
  std::string buf;
  size_t off = 0;
  for (size_t i = 0; off < data.size(); ++i) {
    const size_t n = cuts.empty() ? data.size() : cuts[i % cuts.size()];
    buf.append(data.substr(off, n));
    off += n;
    if (!Drain(parser, &buf, &out)) break;
  }
  out.leftover = buf;
  return out;
}

bool IsPrefix(const Outcome& a, const Outcome& b) {
  if (a.commands.size() > b.commands.size()) return false;
  for (size_t i = 0; i < a.commands.size(); ++i) {
    if (a.commands[i] != b.commands[i]) return false;
  }
  return true;
}

void Compare(const Outcome& whole, const Outcome& split) {
  const bool limit_hit = split.error.find("too big") != std::string::npos ||
                         whole.error.find("too big") != std::string::npos;
  if (limit_hit) {
    Check(IsPrefix(split, whole));
    return;
  }
  Check(whole.commands == split.commands);
  Check(whole.empties == split.empties);
  Check(whole.failed == split.failed);
  Check(whole.error == split.error);
  // After an error the connection closes: how much had arrived by then does not matter.
  if (!whole.failed) Check(whole.leftover == split.leftover);
}

}  // namespace
}  // namespace ringdb::protocol

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ringdb::protocol;
  if (size < 2) return 0;
  // The first two bytes choose the read sizes and the limits; the rest is the stream.
  const uint8_t seed = data[0];
  const bool small_limits = data[1] & 1;
  std::string_view stream(reinterpret_cast<const char*>(data) + 2, size - 2);

  ParserLimits lim;
  if (small_limits) {
    // Small limits let short inputs reach every limit's error path.
    lim.max_bulk_len = 16 + (data[1] >> 1) % 64;
    lim.max_multibulk_len = 1 + (data[1] >> 1) % 16;
    lim.max_inline_len = 8 + (data[1] >> 1) % 64;
  }
  std::vector<size_t> cuts;
  uint32_t x = seed * 2654435761u + 1;
  for (int i = 0; i < 8; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    cuts.push_back(1 + x % (seed % 4 == 0 ? 3 : 40));
  }
  const Outcome whole = Run(stream, {}, lim);
  const Outcome split = Run(stream, cuts, lim);
  const Outcome bytewise = Run(stream, {1}, lim);
  Compare(whole, split);
  Compare(whole, bytewise);
  return 0;
}
