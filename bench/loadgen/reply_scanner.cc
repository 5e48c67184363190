// Incremental RESP reply scanner; see reply_scanner.h. Runs on the load thread that
// owns the connection, once per receive completion.
#include "bench/loadgen/reply_scanner.h"

#include <cstring>

namespace ringdb::loadgen {
namespace {

// Lengths and counts past this are not RESP a server would send (Redis caps bulk
// strings at 512 MiB); refusing them keeps the arithmetic far from overflow.
constexpr int64_t kMaxNumber = int64_t{1} << 40;

bool IsAggregate(char type) {
  return type == '*' || type == '%' || type == '~' || type == '>' || type == '|';
}

}  // namespace

bool ReplyScanner::Fail() {
  failed_ = true;
  return false;
}

bool ReplyScanner::BeginValue(char type) {
  type_ = type;
  negative_ = false;
  number_ = 0;
  switch (type) {
    case '-':
    case '+':
    case ':':
    case '_':
    case '#':
    case ',':
    case '(':
      state_ = State::kLine;
      break;
    case '!':
    case '$':
    case '=':
    case '*':
    case '%':
    case '~':
    case '>':
    case '|':
      state_ = State::kNumber;
      break;
    default:
      return Fail();
  }
  if (depth_ == 0) top_error_ = type == '-' || type == '!';
  return true;
}

bool ReplyScanner::FinishNumber(Counts* counts) {
  if (!IsAggregate(type_)) {
    if (negative_) {  // $-1: the RESP2 null
      CompleteValue(counts);
    } else {
      payload_left_ = static_cast<uint64_t>(number_) + 2;
      state_ = State::kPayload;
    }
    return true;
  }
  if (negative_) {  // *-1: the RESP2 null array
    CompleteValue(counts);
    return true;
  }
  const bool pairs = type_ == '%' || type_ == '|';
  const int64_t elements = pairs ? number_ * 2 : number_;
  const bool top_push = type_ == '>' && depth_ == 0;
  if (elements == 0) {
    if (top_push) {
      ++counts->pushes;
      state_ = State::kType;
    } else if (type_ == '|') {
      state_ = State::kType;
    } else {
      CompleteValue(counts);
    }
    return true;
  }
  if (depth_ == kMaxDepth) return Fail();
  stack_[depth_++] = Frame{elements, top_push, type_ == '|'};
  state_ = State::kType;
  return true;
}

void ReplyScanner::CompleteValue(Counts* counts) {
  state_ = State::kType;
  while (depth_ > 0) {
    Frame& frame = stack_[depth_ - 1];
    if (--frame.remaining > 0) return;
    --depth_;
    // An attribute annotates the value after it; it is not an element of its parent.
    if (frame.attribute) return;
    if (frame.push) {
      ++counts->pushes;
      return;
    }
  }
  ++counts->replies;
  if (top_error_) ++counts->errors;
  top_error_ = false;
}

bool ReplyScanner::Feed(const char* data, size_t len, Counts* counts) {
  if (failed_) return false;
  size_t i = 0;
  while (i < len) {
    switch (state_) {
      case State::kType:
        if (!BeginValue(data[i++])) return false;
        break;
      case State::kLine: {
        const void* lf = memchr(data + i, '\n', len - i);
        if (lf == nullptr) return true;
        i = static_cast<size_t>(static_cast<const char*>(lf) - data) + 1;
        CompleteValue(counts);
        break;
      }
      case State::kNumber: {
        const char c = data[i++];
        if (c >= '0' && c <= '9') {
          number_ = number_ * 10 + (c - '0');
          if (number_ > kMaxNumber) return Fail();
        } else if (c == '-' && number_ == 0 && !negative_) {
          negative_ = true;
        } else if (c == '\r') {
          state_ = State::kNumberLf;
        } else {
          return Fail();
        }
        break;
      }
      case State::kNumberLf:
        if (data[i++] != '\n') return Fail();
        if (!FinishNumber(counts)) return false;
        break;
      case State::kPayload: {
        const uint64_t take = payload_left_ < len - i ? payload_left_ : len - i;
        payload_left_ -= take;
        i += take;
        if (payload_left_ == 0) CompleteValue(counts);
        break;
      }
    }
  }
  return true;
}

}  // namespace ringdb::loadgen
