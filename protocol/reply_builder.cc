#include "protocol/reply_builder.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace ringdb::protocol {
namespace {

// Room for a type byte, a 20-digit signed 64-bit integer and "\r\n".
constexpr size_t kHeaderMax = 1 + 20 + 2;
// %.17g of any double fits well within this ("-1.2345678901234567e-308").
constexpr size_t kDoubleMax = 32;

// Appends "<prefix><n>\r\n", the shape of every length header and integer reply.
template <typename Int>
void AppendHeader(std::string* out, char prefix, Int n) {
  char buf[kHeaderMax];
  buf[0] = prefix;
  char* end = std::to_chars(buf + 1, buf + sizeof(buf) - 2, n).ptr;
  *end++ = '\r';
  *end++ = '\n';
  out->append(buf, static_cast<size_t>(end - buf));
}

void AppendBulk(std::string* out, std::string_view s) {
  AppendHeader(out, '$', s.size());
  out->append(s);
  out->append("\r\n", 2);
}

// Redis formats doubles with "%.17g"; to_chars with the same precision and the general
// format is specified to print the same characters, without printf's locale and parsing.
std::string_view FormatDouble(double d, char (&buf)[kDoubleMax]) {
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  const auto res = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::general, 17);
  return std::string_view(buf, static_cast<size_t>(res.ptr - buf));
}

}  // namespace

void ReplyBuilder::SendOk() {
  if (muted_) return;
  out_->append("+OK\r\n", 5);
}

void ReplyBuilder::SendSimpleString(std::string_view s) {
  if (muted_) return;
  out_->push_back('+');
  out_->append(s);
  out_->append("\r\n", 2);
}

void ReplyBuilder::SendError(std::string_view msg) {
  if (muted_) return;
  // Callers pass "ERR ..."; tolerate one that already carries the '-' rather than send "--".
  if (!msg.empty() && msg.front() == '-') msg.remove_prefix(1);
  out_->push_back('-');
  const size_t start = out_->size();
  out_->append(msg);
  // A CR or LF would end the error line early and desynchronize the client.
  for (size_t i = start; i < out_->size(); ++i) {
    char& c = (*out_)[i];
    if (c == '\r' || c == '\n') c = ' ';
  }
  out_->append("\r\n", 2);
}

void ReplyBuilder::SendLong(int64_t n) {
  if (muted_) return;
  AppendHeader(out_, ':', n);
}

void ReplyBuilder::SendBulk(std::string_view s) {
  if (muted_) return;
  AppendBulk(out_, s);
}

void ReplyBuilder::SendNull() {
  if (muted_) return;
  if (resp_ >= 3) {
    out_->append("_\r\n", 3);
  } else {
    out_->append("$-1\r\n", 5);
  }
}

void ReplyBuilder::SendNullArray() {
  if (muted_) return;
  if (resp_ >= 3) {
    out_->append("_\r\n", 3);
  } else {
    out_->append("*-1\r\n", 5);
  }
}

void ReplyBuilder::SendArrayLen(size_t n) {
  if (muted_) return;
  AppendHeader(out_, '*', n);
}

void ReplyBuilder::SendMapLen(size_t n) {
  if (muted_) return;
  if (resp_ >= 3) {
    AppendHeader(out_, '%', n);
  } else {
    AppendHeader(out_, '*', n * 2);
  }
}

void ReplyBuilder::SendSetLen(size_t n) {
  if (muted_) return;
  AppendHeader(out_, resp_ >= 3 ? '~' : '*', n);
}

void ReplyBuilder::SendPushLen(size_t n) {
  if (muted_) return;
  AppendHeader(out_, resp_ >= 3 ? '>' : '*', n);
}

void ReplyBuilder::SendDouble(double d) {
  if (muted_) return;
  char buf[kDoubleMax];
  const std::string_view text = FormatDouble(d, buf);
  if (resp_ >= 3) {
    out_->push_back(',');
    out_->append(text);
    out_->append("\r\n", 2);
  } else {
    AppendBulk(out_, text);
  }
}

void ReplyBuilder::SendBool(bool b) {
  if (muted_) return;
  if (resp_ >= 3) {
    out_->append(b ? "#t\r\n" : "#f\r\n", 4);
  } else {
    out_->append(b ? ":1\r\n" : ":0\r\n", 4);
  }
}

void ReplyBuilder::SendVerbatim(std::string_view s, std::string_view fmt) {
  if (muted_) return;
  if (resp_ < 3) {
    AppendBulk(out_, s);
    return;
  }
  AppendHeader(out_, '=', s.size() + 4);
  out_->append(fmt.substr(0, 3));
  // Keep the announced length honest even if a caller passes a short format name.
  out_->append(3 - std::min<size_t>(fmt.size(), 3), ' ');
  out_->push_back(':');
  out_->append(s);
  out_->append("\r\n", 2);
}

void ReplyBuilder::SendRaw(std::string_view bytes) {
  if (muted_) return;
  out_->append(bytes);
}

}  // namespace ringdb::protocol
