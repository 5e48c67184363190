// Request templates; see request_template.h. Built on the main thread; WriteRequest
// runs on the load threads for every request.
#include "bench/loadgen/request_template.h"

#include <cctype>
#include <cstring>

namespace ringdb::loadgen {
namespace {

constexpr std::string_view kKeyPlaceholder = "__key__";
constexpr std::string_view kDataPlaceholder = "__data__";

struct Builtin {
  const char* name;
  const char* command;
};

// The commands redis-benchmark -t knows that make sense in a mix, with its keys.
constexpr Builtin kBuiltins[] = {
    {"ping", "PING"},
    {"set", "SET key:__key__ __data__"},
    {"get", "GET key:__key__"},
    {"incr", "INCR counter:__key__"},
    {"lpush", "LPUSH mylist __data__"},
    {"rpush", "RPUSH mylist __data__"},
    {"lpop", "LPOP mylist"},
    {"rpop", "RPOP mylist"},
    {"sadd", "SADD myset element:__key__"},
    {"hset", "HSET myhash element:__key__ __data__"},
    {"spop", "SPOP myset"},
    {"zadd", "ZADD myzset 0 element:__key__"},
};

std::vector<std::string_view> Words(std::string_view command) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < command.size()) {
    while (i < command.size() && command[i] == ' ') ++i;
    const size_t start = i;
    while (i < command.size() && command[i] != ' ') ++i;
    if (i > start) words.push_back(command.substr(start, i - start));
  }
  return words;
}

// Expands the placeholders of one word, appending to *out and recording where key
// digits land (as offsets into *out).
void AppendExpandedWord(std::string_view word, size_t data_size, std::string* out,
                        std::vector<uint32_t>* key_offsets) {
  size_t i = 0;
  while (i < word.size()) {
    if (word.substr(i).starts_with(kKeyPlaceholder)) {
      key_offsets->push_back(static_cast<uint32_t>(out->size()));
      out->append(kKeyDigits, '0');
      i += kKeyPlaceholder.size();
    } else if (word.substr(i).starts_with(kDataPlaceholder)) {
      out->append(data_size, 'x');
      i += kDataPlaceholder.size();
    } else {
      out->push_back(word[i++]);
    }
  }
}

}  // namespace

bool BuildTemplate(std::string_view command, size_t data_size, RequestTemplate* out,
                   std::string* error) {
  const std::vector<std::string_view> words = Words(command);
  if (words.empty()) {
    *error = "empty command template";
    return false;
  }
  *out = RequestTemplate{};
  out->text = command;
  for (char c : words[0]) out->label.push_back(static_cast<char>(toupper(c)));
  out->bytes.push_back('*');
  out->bytes += std::to_string(words.size());
  out->bytes += "\r\n";
  for (std::string_view word : words) {
    std::string expanded;
    std::vector<uint32_t> offsets;
    AppendExpandedWord(word, data_size, &expanded, &offsets);
    out->bytes.push_back('$');
    out->bytes += std::to_string(expanded.size());
    out->bytes += "\r\n";
    for (uint32_t offset : offsets) {
      out->key_offsets.push_back(static_cast<uint32_t>(out->bytes.size()) + offset);
    }
    out->bytes += expanded;
    out->bytes += "\r\n";
  }
  return true;
}

size_t WriteRequest(const RequestTemplate& tmpl, uint64_t key, char* dst) {
  memcpy(dst, tmpl.bytes.data(), tmpl.bytes.size());
  if (!tmpl.key_offsets.empty()) {
    char digits[kKeyDigits];
    for (size_t i = kKeyDigits; i-- > 0;) {
      digits[i] = static_cast<char>('0' + key % 10);
      key /= 10;
    }
    for (uint32_t offset : tmpl.key_offsets) memcpy(dst + offset, digits, kKeyDigits);
  }
  return tmpl.bytes.size();
}

const char* BuiltinCommand(std::string_view name) {
  for (const Builtin& builtin : kBuiltins) {
    if (name == builtin.name) return builtin.command;
  }
  return nullptr;
}

std::string BuiltinCommandNames() {
  std::string names;
  for (const Builtin& builtin : kBuiltins) {
    if (!names.empty()) names += ", ";
    names += builtin.name;
  }
  return names;
}

}  // namespace ringdb::loadgen
