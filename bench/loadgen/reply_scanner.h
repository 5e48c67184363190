// Incremental RESP2/RESP3 reply scanner: counts complete top-level replies and error
// replies without copying or building values, so a receive buffer can be scanned in
// place and handed straight back to the kernel. State carries across Feed() calls, so
// a reply may be split at any byte.
//
// Counted as a reply: any top-level value except an out-of-band push ('>'), which is
// counted apart; an attribute ('|') is a prefix of the value it annotates, not a reply.
// Counted as an error: a top-level simple error ('-') or blob error ('!').
// Not supported (a protocol error): RESP3 streamed strings and aggregates ("$?", "*?"),
// which Redis never sends.
//
// Thread: one scanner per connection, used by that connection's load thread.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ringdb::loadgen {

class ReplyScanner {
 public:
  // Nesting deeper than this is treated as a protocol error.
  static constexpr int kMaxDepth = 32;

  struct Counts {
    uint64_t replies = 0;
    uint64_t errors = 0;  // a subset of replies
    uint64_t pushes = 0;
  };

  // Scans `len` bytes. Adds what completed to *counts. Returns false, and stays
  // failed, on bytes that are not RESP.
  bool Feed(const char* data, size_t len, Counts* counts);
  bool failed() const { return failed_; }

 private:
  enum class State : uint8_t {
    kType,      // expecting a type byte
    kLine,      // inside a line whose content does not matter, up to its LF
    kNumber,    // inside a length or count line
    kNumberLf,  // saw the CR of a length or count line
    kPayload,   // inside a blob's bytes and its CRLF
  };

  struct Frame {
    int64_t remaining;  // elements still to come
    bool push;          // top-level push: complete it counts as a push
    bool attribute;     // completes without counting as a value
  };

  bool BeginValue(char type);
  bool FinishNumber(Counts* counts);
  void CompleteValue(Counts* counts);
  bool Fail();

  State state_ = State::kType;
  char type_ = 0;  // type byte of the value being read
  bool negative_ = false;
  int64_t number_ = 0;
  uint64_t payload_left_ = 0;  // bytes of blob + CRLF still to skip
  bool top_error_ = false;     // the current top-level value is an error
  Frame stack_[kMaxDepth];
  int depth_ = 0;
  bool failed_ = false;
};

}  // namespace ringdb::loadgen
