// Commands as prebuilt RESP request bytes. A template is encoded once at start-up;
// each request is a memcpy of its bytes plus the key number written in place at the
// recorded offsets, so the hot path never allocates or formats a whole command.
//
// Thread: templates are built on the main thread and read by all load threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ringdb::loadgen {

// A key number is written as this many zero-padded decimal digits, redis-benchmark's
// width for __rand_int__, so every request of a template has the same length.
constexpr size_t kKeyDigits = 12;

struct RequestTemplate {
  std::string label;  // the command name, upper-cased, for reports
  std::string text;   // the template as given, for reports
  std::string bytes;  // the RESP request with '0' digits where keys go
  std::vector<uint32_t> key_offsets;
};

// Encodes `command` (words split at spaces) as a RESP array. Inside a word, every
// "__key__" becomes a kKeyDigits-digit key number (the same one for every occurrence
// in one request) and every "__data__" becomes data_size 'x' bytes. Returns false
// with a sentence in *error for an empty command.
bool BuildTemplate(std::string_view command, size_t data_size, RequestTemplate* out,
                   std::string* error);

// Writes one request of `tmpl` with key number `key` at dst, returning the bytes
// written. REQUIRES: dst has tmpl.bytes.size() bytes of room.
size_t WriteRequest(const RequestTemplate& tmpl, uint64_t key, char* dst);

// The template behind a redis-benchmark style test name ("set", "get", ...), or
// nullptr for an unknown name.
const char* BuiltinCommand(std::string_view name);
// The known test names, comma-separated, for help and error text.
std::string BuiltinCommandNames();

}  // namespace ringdb::loadgen
