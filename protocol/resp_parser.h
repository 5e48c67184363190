// Incremental parser for client requests: RESP multibulk ("*2\r\n$3\r\nGET\r\n...")
// and inline commands ("GET key\r\n"), with Redis 7.0's limits and error texts.
//
// The parser reads the unconsumed bytes of a connection's input, which always start
// at the first byte of the request being parsed. It keeps offsets, not pointers, so
// the caller may move or grow its buffer between calls; work already done is not
// repeated (a 512 MB bulk or a 1M-argument array arriving in small pieces costs
// linear time, not quadratic).
//
// Thread: one parser per connection, used by the connection's thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ringdb::protocol {

struct ParserLimits {
  int64_t max_bulk_len = 512ll * 1024 * 1024;   // proto-max-bulk-len
  int64_t max_multibulk_len = 2147483647;  // Redis 7.0 refuses counts above INT_MAX
  size_t max_inline_len = 64 * 1024;            // PROTO_INLINE_MAX_SIZE
};

enum class ParseStatus {
  kCommand,   // one complete request; see args() and consumed()
  kEmpty,     // a request with no arguments (blank inline line, "*0"): skip consumed() bytes
  kNeedMore,  // incomplete: call again once more bytes arrive
  kError,     // protocol error: reply "-ERR Protocol error: <error()>" and close
};

class RespParser {
 public:
  explicit RespParser(const ParserLimits& limits = {}) : limits_(limits) {}

  // Parses the request at the front of `input`. After kCommand, args() views point
  // into `input` (or, for inline requests with quotes/escapes, into the parser's own
  // storage) and stay valid until the next Parse() or Reset().
  ParseStatus Parse(std::string_view input);

  const std::vector<std::string_view>& args() const { return args_; }
  // Bytes of `input` the last kCommand/kEmpty request occupied.
  size_t consumed() const { return consumed_; }
  // After kError: Redis's message without the "ERR Protocol error: " prefix, e.g.
  // "invalid multibulk length" or "expected '$', got 'x'".
  std::string_view error() const { return error_; }
  // After kNeedMore: a lower bound on the bytes `input` must hold before parsing can
  // progress (0 if unknown). Lets the caller size its buffer and skip useless calls.
  size_t bytes_needed() const { return bytes_needed_; }

  // Forgets a partially parsed request (connection reset).
  void Reset();

 private:
  ParseStatus ParseInline(std::string_view input);
  ParseStatus ParseMultibulk(std::string_view input);
  // Finds the end of the "*<n>" or "$<len>" line starting at pos_: on kCommand, *cr is the
  // offset of its '\r', and the byte after it is present. Otherwise kNeedMore, or kError with
  // `too_big_error` once the line has outgrown max_inline_len.
  ParseStatus FindCountLine(std::string_view input, std::string_view too_big_error, size_t* cr);
  // The fast path for the count line at pos_ when it is plain "<c>[1-9][0-9]*\r" with
  // the byte after '\r' present (nearly every request): its value, with *cr set.
  // -1 sends the caller down the general path, which has every edge case.
  int64_t QuickCount(std::string_view input, size_t* cr) const;
  // Offset of the first `stop` byte at or after scan_pos_, or npos. Like Redis's strchr on
  // its NUL-terminated query buffer, the search gives up at a NUL byte.
  size_t FindStop(std::string_view input, char stop);
  ParseStatus Fail(std::string_view message);
  // Forgets the request in progress but keeps args_ (valid until the next Parse()).
  void ResetRequest();

  ParserLimits limits_;
  std::vector<std::string_view> args_;
  // Resumable state for a multibulk request: (offset, length) of parsed bulks within input.
  std::vector<std::pair<size_t, size_t>> offsets_;
  std::vector<std::string> inline_storage_;
  int64_t expected_args_ = -1;  // array length once its line is read, else -1
  int64_t bulk_len_ = -1;       // length of the bulk being read once its line is read, else -1
  size_t pos_ = 0;              // start of the first unparsed line or bulk
  size_t scan_pos_ = 0;         // bytes before this were searched for the line end already
  bool hit_nul_ = false;        // the current line has a NUL before its end: never completes
  size_t consumed_ = 0;
  size_t bytes_needed_ = 0;
  std::string error_;
};

}  // namespace ringdb::protocol
