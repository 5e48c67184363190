// Serializes replies in RESP2 or RESP3 into a connection's output buffer.
//
// Command code talks only to this class: it never sees a socket. The builder knows
// the negotiated protocol (HELLO 2/3) and renders each logical reply type the way
// Redis 7.0 does for that protocol: a map is a flat array in RESP2, a double is a
// bulk string in RESP2, a null is $-1 / *-1 in RESP2 and _ in RESP3, and so on.
//
// Thread: owned by the connection's thread. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ringdb::protocol {

class ReplyBuilder {
 public:
  // Appends to *out, which must outlive the builder. `resp_version` is 2 or 3.
  explicit ReplyBuilder(std::string* out, int resp_version = 2) : out_(out), resp_(resp_version) {}

  int resp_version() const { return resp_; }
  void set_resp_version(int v) { resp_ = v; }
  std::string* buffer() { return out_; }

  // Replies are dropped (not written) while muted: CLIENT REPLY OFF/SKIP.
  void set_muted(bool muted) { muted_ = muted; }
  bool muted() const { return muted_; }

  // "+OK\r\n".
  void SendOk();
  // "+<s>\r\n". REQUIRES: s has no CR or LF.
  void SendSimpleString(std::string_view s);
  // "-<msg>\r\n". `msg` starts with its error code ("ERR syntax error",
  // "WRONGTYPE Operation ..."). CR/LF inside msg are replaced by spaces, as Redis does.
  void SendError(std::string_view msg);
  // ":<n>\r\n".
  void SendLong(int64_t n);
  // "$<len>\r\n<s>\r\n".
  void SendBulk(std::string_view s);
  // RESP2 "$-1\r\n", RESP3 "_\r\n".
  void SendNull();
  // RESP2 "*-1\r\n", RESP3 "_\r\n" (a missing array, e.g. EXEC aborted by WATCH).
  void SendNullArray();
  // "*<n>\r\n" then n elements follow.
  void SendArrayLen(size_t n);
  // RESP3 "%<n>\r\n" then n key/value pairs; RESP2 "*<2n>\r\n".
  void SendMapLen(size_t n);
  // RESP3 "~<n>\r\n"; RESP2 "*<n>\r\n".
  void SendSetLen(size_t n);
  // RESP3 "><n>\r\n"; RESP2 "*<n>\r\n".
  void SendPushLen(size_t n);
  // RESP3 ",<d>\r\n" with inf/-inf/nan spelled as Redis does; RESP2 a bulk string.
  // Formatting matches Redis's addReplyDouble (%.17g).
  void SendDouble(double d);
  // RESP3 "#t\r\n"/"#f\r\n"; RESP2 ":1\r\n"/":0\r\n".
  void SendBool(bool b);
  // RESP3 "=<len+4>\r\n<fmt>:<s>\r\n"; RESP2 a bulk string. `fmt` is 3 chars ("txt").
  void SendVerbatim(std::string_view s, std::string_view fmt = "txt");
  // A bulk string array of the given items (convenience for the common case).
  template <typename Range>
  void SendBulkArray(const Range& items) {
    size_t n = 0;
    for (const auto& it : items) { (void)it; ++n; }
    SendArrayLen(n);
    for (const auto& it : items) SendBulk(it);
  }
  // Appends raw, already-encoded RESP bytes.
  void SendRaw(std::string_view bytes);

 private:
  std::string* out_;
  int resp_;
  bool muted_ = false;
};

}  // namespace ringdb::protocol
