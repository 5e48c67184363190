#include "protocol/resp_parser.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace ringdb::protocol {
namespace {

constexpr size_t kNpos = std::string_view::npos;
// Redis sizes argv for at most this many arguments up front; a client announcing a
// billion arguments must not make us allocate for them before they arrive.
constexpr int64_t kMaxArgsReserve = 1024;

// Redis's string2ll: strict decimal, optional '-', no '+', no spaces, no leading zeros.
bool ParseStrictInt(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() > 20) return false;
  if (s.size() == 1 && s[0] == '0') {
    *out = 0;
    return true;
  }
  size_t i = 0;
  const bool negative = s[0] == '-';
  if (negative && ++i == s.size()) return false;
  if (s[i] < '1' || s[i] > '9') return false;
  uint64_t v = 0;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    const uint64_t digit = static_cast<uint64_t>(s[i] - '0');
    if (v > kMax / 10 || v * 10 > kMax - digit) return false;
    v = v * 10 + digit;
  }
  constexpr uint64_t kMaxPositive = std::numeric_limits<int64_t>::max();
  if (negative) {
    if (v > kMaxPositive + 1) return false;
    *out = v == kMaxPositive + 1 ? std::numeric_limits<int64_t>::min()
                                 : -static_cast<int64_t>(v);
    return true;
  }
  if (v > kMaxPositive) return false;
  *out = static_cast<int64_t>(v);
  return true;
}

// isspace() in the C locale, which is what sdssplitargs skips between arguments.
bool IsCSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Splits one inline request line exactly as Redis's sdssplitargs does. An argument that is
// a contiguous run of the line (the common case: no escapes, quotes only around it) stays a
// view into the line; the rest are built in `storage`, so only they cost a copy.
class InlineSplitter {
 public:
  InlineSplitter(std::string_view line, std::vector<std::string>* storage)
      : line_(line), storage_(storage) {}

  // False for unbalanced quotes (or a closing quote followed by a non-space).
  bool Split(std::vector<std::string_view>* args) {
    size_t i = 0;
    while (true) {
      while (i < line_.size() && IsCSpace(line_[i])) ++i;
      if (i == line_.size()) break;
      token_ = Token{i, 0, -1};
      if (!ReadToken(&i)) return false;
      tokens_.push_back(token_);
    }
    // Views are taken only now: `storage` no longer grows, so they cannot dangle.
    args->reserve(tokens_.size());
    for (const Token& t : tokens_) {
      args->push_back(t.owned < 0 ? line_.substr(t.start, t.len)
                                  : std::string_view((*storage_)[t.owned]));
    }
    return true;
  }

 private:
  struct Token {
    size_t start;
    size_t len;
    int owned;  // index into storage_, or -1 while the token is line_[start, start+len)
  };

  // The line holds no NUL (the line search stops at one), so '\0' marks its end, as in C.
  char At(size_t i) const { return i < line_.size() ? line_[i] : '\0'; }

  bool ReadToken(size_t* pos) {
    size_t i = *pos;
    bool in_double = false;
    bool in_single = false;
    bool done = false;
    while (!done) {
      const char c = At(i);
      if (in_double) {
        if (!DoubleQuoted(&i, &done)) return false;
      } else if (in_single) {
        if (c == '\\' && At(i + 1) == '\'') {
          AppendAt(++i);
        } else if (c == '\'') {
          if (i + 1 < line_.size() && !IsCSpace(line_[i + 1])) return false;
          done = true;
        } else if (c == '\0') {
          return false;
        } else {
          AppendAt(i);
        }
      } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\0') {
        // Deliberately not \v or \f: sdssplitargs ends a bare word only at these.
        done = true;
      } else if (c == '"') {
        in_double = true;
      } else if (c == '\'') {
        in_single = true;
      } else {
        AppendAt(i);
      }
      if (i < line_.size()) ++i;
    }
    *pos = i;
    return true;
  }

  bool DoubleQuoted(size_t* pos, bool* done) {
    size_t& i = *pos;
    const char c = At(i);
    if (c == '\\' && At(i + 1) == 'x' && HexValue(At(i + 2)) >= 0 && HexValue(At(i + 3)) >= 0) {
      AppendByte(static_cast<char>(HexValue(At(i + 2)) * 16 + HexValue(At(i + 3))));
      i += 3;
    } else if (c == '\\' && i + 1 < line_.size()) {
      ++i;
      switch (line_[i]) {
        case 'n': AppendByte('\n'); break;
        case 'r': AppendByte('\r'); break;
        case 't': AppendByte('\t'); break;
        case 'b': AppendByte('\b'); break;
        case 'a': AppendByte('\a'); break;
        default: AppendAt(i); break;
      }
    } else if (c == '"') {
      if (i + 1 < line_.size() && !IsCSpace(line_[i + 1])) return false;
      *done = true;
    } else if (c == '\0') {
      return false;
    } else {
      AppendAt(i);
    }
    return true;
  }

  // Appends line_[i]; the token stays a view while its bytes are contiguous in the line.
  void AppendAt(size_t i) {
    if (token_.owned < 0 && (token_.len == 0 || token_.start + token_.len == i)) {
      if (token_.len == 0) token_.start = i;
      ++token_.len;
      return;
    }
    Own().push_back(line_[i]);
  }

  void AppendByte(char b) { Own().push_back(b); }

  std::string& Own() {
    if (token_.owned < 0) {
      token_.owned = static_cast<int>(storage_->size());
      storage_->emplace_back(line_.substr(token_.start, token_.len));
    }
    return (*storage_)[token_.owned];
  }

  std::string_view line_;
  std::vector<std::string>* storage_;
  std::vector<Token> tokens_;
  Token token_{0, 0, -1};
};

}  // namespace

ParseStatus RespParser::Parse(std::string_view input) {
  args_.clear();
  inline_storage_.clear();
  consumed_ = 0;
  bytes_needed_ = 0;
  error_.clear();
  // A caller that hands back less than before has dropped our request: start over rather
  // than read past its end.
  if (pos_ > input.size() || scan_pos_ > input.size()) ResetRequest();
  if (input.empty()) return ParseStatus::kNeedMore;
  return input[0] == '*' ? ParseMultibulk(input) : ParseInline(input);
}

ParseStatus RespParser::ParseInline(std::string_view input) {
  const size_t newline = FindStop(input, '\n');
  if (newline == kNpos) {
    if (input.size() > limits_.max_inline_len) return Fail("too big inline request");
    return ParseStatus::kNeedMore;
  }
  size_t end = newline;
  if (end > 0 && input[end - 1] == '\r') --end;
  if (!InlineSplitter(input.substr(0, end), &inline_storage_).Split(&args_)) {
    args_.clear();
    return Fail("unbalanced quotes in request");
  }
  consumed_ = newline + 1;
  ResetRequest();
  return args_.empty() ? ParseStatus::kEmpty : ParseStatus::kCommand;
}

ParseStatus RespParser::ParseMultibulk(std::string_view input) {
  size_t cr = 0;
  if (expected_args_ < 0) {
    int64_t n = QuickCount(input, &cr);
    if (n < 0) {
      const ParseStatus st = FindCountLine(input, "too big mbulk count string", &cr);
      if (st != ParseStatus::kCommand) return st;
      if (!ParseStrictInt(input.substr(pos_ + 1, cr - pos_ - 1), &n)) {
        return Fail("invalid multibulk length");
      }
    }
    if (n > limits_.max_multibulk_len) return Fail("invalid multibulk length");
    // Like Redis, the byte after '\r' is skipped unchecked.
    pos_ = scan_pos_ = cr + 2;
    if (n <= 0) {
      consumed_ = pos_;
      ResetRequest();
      return ParseStatus::kEmpty;
    }
    expected_args_ = n;
    offsets_.reserve(static_cast<size_t>(std::min(n, kMaxArgsReserve)));
  }
  while (static_cast<int64_t>(offsets_.size()) < expected_args_) {
    if (bulk_len_ < 0) {
      int64_t len = pos_ < input.size() && input[pos_] == '$' ? QuickCount(input, &cr) : -1;
      if (len < 0) {
        const ParseStatus st = FindCountLine(input, "too big bulk count string", &cr);
        if (st != ParseStatus::kCommand) return st;
        const char first = input[pos_];
        if (first != '$') {
          // Redis maps CR/LF in error texts to spaces so the reply stays one line.
          const char shown = (first == '\r' || first == '\n') ? ' ' : first;
          return Fail(std::string("expected '$', got '") + shown + "'");
        }
        if (!ParseStrictInt(input.substr(pos_ + 1, cr - pos_ - 1), &len) || len < 0) {
          return Fail("invalid bulk length");
        }
      }
      if (len > limits_.max_bulk_len) return Fail("invalid bulk length");
      bulk_len_ = len;
      pos_ = scan_pos_ = cr + 2;
    }
    // Redis does not check that the two bytes after the payload are "\r\n" either.
    const size_t end = pos_ + static_cast<size_t>(bulk_len_) + 2;
    if (input.size() < end) {
      bytes_needed_ = end;
      return ParseStatus::kNeedMore;
    }
    offsets_.emplace_back(pos_, static_cast<size_t>(bulk_len_));
    pos_ = scan_pos_ = end;
    bulk_len_ = -1;
  }
  args_.reserve(offsets_.size());
  for (const auto& [offset, len] : offsets_) args_.push_back(input.substr(offset, len));
  consumed_ = pos_;
  ResetRequest();
  return ParseStatus::kCommand;
}

int64_t RespParser::QuickCount(std::string_view input, size_t* cr) const {
  // 18 digits cannot overflow; longer counts take the general path.
  constexpr size_t kMaxDigits = 18;
  size_t p = pos_ + 1;
  if (p >= input.size() || input[p] < '1' || input[p] > '9') return -1;
  int64_t v = 0;
  for (; p < input.size() && input[p] >= '0' && input[p] <= '9'; ++p) {
    if (p - pos_ > kMaxDigits) return -1;
    v = v * 10 + (input[p] - '0');
  }
  // Digits are never '\r' or NUL, so this is the '\r' FindStop would find.
  if (p + 1 >= input.size() || input[p] != '\r') return -1;
  *cr = p;
  return v;
}

ParseStatus RespParser::FindCountLine(std::string_view input, std::string_view too_big_error,
                                      size_t* cr) {
  const size_t found = FindStop(input, '\r');
  if (found == kNpos) {
    if (input.size() - pos_ > limits_.max_inline_len) return Fail(too_big_error);
    return ParseStatus::kNeedMore;
  }
  if (found + 1 >= input.size()) return ParseStatus::kNeedMore;
  *cr = found;
  return ParseStatus::kCommand;
}

size_t RespParser::FindStop(std::string_view input, char stop) {
  if (hit_nul_ || scan_pos_ >= input.size()) return kNpos;
  const char* base = input.data();
  const size_t len = input.size() - scan_pos_;
  const auto* hit = static_cast<const char*>(std::memchr(base + scan_pos_, stop, len));
  const size_t end = hit != nullptr ? static_cast<size_t>(hit - base) : input.size();
  if (std::memchr(base + scan_pos_, '\0', end - scan_pos_) != nullptr) {
    // Redis searches with strchr, which stops at the NUL: this line can never end, and
    // only the length limit will close the connection.
    hit_nul_ = true;
    return kNpos;
  }
  // Remember the progress so a line arriving a byte at a time is scanned once.
  scan_pos_ = end;
  return hit != nullptr ? end : kNpos;
}

ParseStatus RespParser::Fail(std::string_view message) {
  error_.assign(message);
  ResetRequest();
  return ParseStatus::kError;
}

void RespParser::ResetRequest() {
  expected_args_ = -1;
  bulk_len_ = -1;
  pos_ = 0;
  scan_pos_ = 0;
  hit_nul_ = false;
  offsets_.clear();
}

void RespParser::Reset() {
  ResetRequest();
  args_.clear();
  inline_storage_.clear();
  consumed_ = 0;
  bytes_needed_ = 0;
  error_.clear();
}

}  // namespace ringdb::protocol
