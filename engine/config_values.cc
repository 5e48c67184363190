// Parsing and rendering of configuration values: the typed rows and the special multi-word
// settings. Error strings are Redis 7.0's, since clients and tests match on them.
#include <cerrno>
#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

#include "engine/config.h"
#include "types/ascii.h"

namespace ringdb::engine {
namespace {

using types::EqualsNoCase;

std::string Join(std::span<const std::string> words) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

// strtoll over the whole word, as Redis uses for save and output-buffer seconds.
std::optional<int64_t> ParseWholeLongLong(const std::string& word, int base = 10) {
  if (word.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const long long v = strtoll(word.c_str(), &end, base);
  if (errno != 0 || *end != '\0') return std::nullopt;
  return v;
}

std::string BoundsError(const ConfigSpec& spec) {
  char buf[128];
  if (spec.type == ConfigType::kOctal) {
    snprintf(buf, sizeof(buf), "argument must be between %" PRIo64 " and %" PRIo64 " inclusive",
             spec.min, spec.max);
  } else {
    snprintf(buf, sizeof(buf), "argument must be between %" PRId64 " and %" PRId64 " inclusive",
             spec.min, spec.max);
  }
  return buf;
}

std::string ParseNumeric(const ConfigSpec& spec, const std::string& word, int64_t* out) {
  std::optional<int64_t> v;
  switch (spec.type) {
    case ConfigType::kInt:
      v = ParseStrictInt(word);
      if (!v) return "argument couldn't be parsed into an integer";
      break;
    case ConfigType::kMemory:
      v = ParseMemorySize(word);
      if (!v) return "argument must be a memory value";
      break;
    case ConfigType::kMemoryOrPercent:
      v = ParseMemorySize(word);
      if (!v && word.size() > 1 && word.back() == '%') {
        v = ParseStrictInt(std::string_view(word).substr(0, word.size() - 1));
        if (v && *v >= 0) {
          v = -*v;  // percentages are stored negative, as Redis does
        } else {
          v.reset();
        }
      }
      if (!v) return "argument must be a memory or percent value";
      if (*v < spec.min) return "percentage argument must be less or equal to 100";
      break;
    default:  // kOctal
      v = ParseWholeLongLong(word, 8);
      if (!v) return "argument couldn't be parsed as an octal number";
      break;
  }
  if (*v < spec.min || *v > spec.max) return BoundsError(spec);
  *out = *v;
  return "";
}

std::string ParseEnum(const ConfigSpec& spec, const std::string& word, int64_t* out) {
  for (size_t i = 0; i < spec.enum_names.size(); ++i) {
    if (EqualsNoCase(spec.enum_names[i], word)) {
      *out = static_cast<int64_t>(i);
      return "";
    }
  }
  std::string err = "argument(s) must be one of the following: ";
  for (size_t i = 0; i < spec.enum_names.size(); ++i) {
    if (i > 0) err += ", ";
    err += spec.enum_names[i];
  }
  return err;
}

// A single "" stands for "no values" (save "", bind "").
std::span<const std::string> DropLoneEmpty(std::span<const std::string> args) {
  if (args.size() == 1 && args[0].empty()) return {};
  return args;
}

std::string ParseSave(std::span<const std::string> args, ConfigValue* out) {
  args = DropLoneEmpty(args);
  if (args.size() % 2 != 0) return "Invalid save parameters";
  std::string text;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::optional<int64_t> v = ParseWholeLongLong(args[i]);
    if (!v || (i % 2 == 0 && *v < 1) || (i % 2 == 1 && *v < 0)) return "Invalid save parameters";
    if (!text.empty()) text += ' ';
    text += std::to_string(*v);
  }
  out->text = std::move(text);
  return "";
}

std::string ParseBind(std::span<const std::string> args, ConfigValue* out) {
  constexpr size_t kMaxBindAddresses = 16;  // Redis's CONFIG_BINDADDR_MAX
  if (args.size() > kMaxBindAddresses) return "Too many bind addresses specified.";
  out->text = Join(DropLoneEmpty(args));
  return "";
}

// Output-buffer groups are "<class> <hard> <soft> <seconds>"; only the classes given change.
std::string ParseOutputBufferLimit(std::span<const std::string> args, const ConfigValue& current,
                                   ConfigValue* out) {
  if (args.size() % 4 != 0) return "Wrong number of arguments in buffer limit configuration.";
  constexpr std::string_view kClassNames[] = {"normal", "slave", "pubsub"};
  std::vector<std::string> words = SplitConfigSetValue(current.text);
  if (words.size() != 12) words = SplitConfigSetValue("normal 0 0 0 slave 0 0 0 pubsub 0 0 0");
  std::vector<std::string> updated = words;
  for (size_t g = 0; g < args.size(); g += 4) {
    int cls = -1;
    if (EqualsNoCase(args[g], "normal")) cls = 0;
    if (EqualsNoCase(args[g], "slave") || EqualsNoCase(args[g], "replica")) cls = 1;
    if (EqualsNoCase(args[g], "pubsub")) cls = 2;
    if (cls < 0) return "Invalid client class specified in buffer limit configuration.";
    const std::optional<int64_t> hard = ParseMemorySize(args[g + 1]);
    const std::optional<int64_t> soft = ParseMemorySize(args[g + 2]);
    const std::optional<int64_t> seconds = ParseWholeLongLong(args[g + 3]);
    if (!hard || !soft || !seconds || *seconds < 0) {
      return "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
    }
    updated[cls * 4] = kClassNames[cls];
    updated[cls * 4 + 1] = std::to_string(*hard);
    updated[cls * 4 + 2] = std::to_string(*soft);
    updated[cls * 4 + 3] = std::to_string(*seconds);
  }
  out->text = Join(updated);
  return "";
}

// Flag letters in the order Redis renders them.
struct NotifyLetter {
  char letter;
  int64_t flag;
};
constexpr NotifyLetter kNotifyClassLetters[] = {
    {'g', kNotifyGeneric}, {'$', kNotifyString}, {'l', kNotifyList},    {'s', kNotifySet},
    {'h', kNotifyHash},    {'z', kNotifyZset},   {'x', kNotifyExpired}, {'e', kNotifyEvicted},
    {'t', kNotifyStream},  {'d', kNotifyModule}};
constexpr NotifyLetter kNotifyTailLetters[] = {
    {'K', kNotifyKeyspace}, {'E', kNotifyKeyevent}, {'m', kNotifyKeyMiss}, {'n', kNotifyNew}};

std::string RenderNotifyFlags(int64_t flags) {
  std::string out;
  if ((flags & kNotifyAll) == kNotifyAll) {
    out += 'A';
  } else {
    for (const NotifyLetter& l : kNotifyClassLetters) {
      if (flags & l.flag) out += l.letter;
    }
  }
  for (const NotifyLetter& l : kNotifyTailLetters) {
    if (flags & l.flag) out += l.letter;
  }
  return out;
}

std::string ParseNotify(std::span<const std::string> args, ConfigValue* out) {
  if (args.size() != 1) return "wrong number of arguments";
  int64_t flags = 0;
  for (char c : args[0]) {
    int64_t flag = c == 'A' ? kNotifyAll : 0;
    for (const NotifyLetter& l : kNotifyClassLetters) flag |= (l.letter == c ? l.flag : 0);
    for (const NotifyLetter& l : kNotifyTailLetters) flag |= (l.letter == c ? l.flag : 0);
    if (flag == 0) return "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
    flags |= flag;
  }
  out->number = flags;
  out->text = RenderNotifyFlags(flags);
  return "";
}

std::string ParseReplicaOf(std::span<const std::string> args, ConfigValue* out) {
  args = DropLoneEmpty(args);
  if (args.empty()) {  // the default: no master
    out->text.clear();
    return "";
  }
  if (args.size() != 2) return "wrong number of arguments";
  if (EqualsNoCase(args[0], "no") && EqualsNoCase(args[1], "one")) {
    out->text.clear();
    return "";
  }
  const std::optional<int64_t> port = ParseWholeLongLong(args[1]);
  if (!port || *port < 0 || *port > 65535) return "Invalid master port";
  out->text = args[0] + " " + std::to_string(*port);
  return "";
}

std::string ParseOomValues(std::span<const std::string> args, ConfigValue* out) {
  if (args.size() != 3) return "wrong number of arguments";
  std::string text;
  for (const std::string& a : args) {
    const std::optional<int64_t> v = ParseWholeLongLong(a);
    if (!v || *v < -2000 || *v > 2000) {
      return "Invalid oom-score-adj-values, elements must be between -2000 and 2000.";
    }
    if (!text.empty()) text += ' ';
    text += std::to_string(*v);
  }
  out->text = std::move(text);
  return "";
}

std::string ParsePercentiles(std::span<const std::string> args, ConfigValue* out) {
  std::string text;
  for (const std::string& a : DropLoneEmpty(args)) {
    char* end = nullptr;
    const double v = strtod(a.c_str(), &end);
    if (a.empty() || *end != '\0') return "Invalid latency-tracking-info-percentiles parameters";
    if (v < 0.0 || v > 100.0) {
      return "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
    }
    // "%f" with the trailing zeros trimmed, as Redis shows them: 99.9, 50.
    char buf[64];
    snprintf(buf, sizeof(buf), "%f", v);
    std::string s = buf;
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
    if (!text.empty()) text += ' ';
    text += s;
  }
  out->text = std::move(text);
  return "";
}

std::string ParseSpecial(const ConfigSpec& spec, std::span<const std::string> args,
                         const ConfigValue& current, ConfigValue* out) {
  switch (spec.special) {
    case ConfigSpecial::kSave:
      return ParseSave(args, out);
    case ConfigSpecial::kBind:
      return ParseBind(args, out);
    case ConfigSpecial::kClientOutputBufferLimit:
      return ParseOutputBufferLimit(args, current, out);
    case ConfigSpecial::kNotifyKeyspaceEvents:
      return ParseNotify(args, out);
    case ConfigSpecial::kReplicaOf:
      return ParseReplicaOf(args, out);
    case ConfigSpecial::kOomScoreAdjValues:
      return ParseOomValues(args, out);
    case ConfigSpecial::kLatencyPercentiles:
      return ParsePercentiles(args, out);
    case ConfigSpecial::kNone:
      break;
  }
  return "unsupported setting";
}

}  // namespace

std::optional<int64_t> ParseStrictInt(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  size_t i = text[0] == '-' ? 1 : 0;
  if (i == text.size()) return std::nullopt;
  // "0" alone is fine; "-0", "01" and "+1" are not (Redis's string2ll).
  if (text[i] == '0' && (text.size() > 1)) return std::nullopt;
  int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<int64_t> ParseMemorySize(std::string_view text) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  // Redis's memtoull reads "" and "gb" as 0; ringdb wants at least one digit.
  if (digits == 0) return std::nullopt;
  const std::string_view unit = text.substr(digits);
  uint64_t mul = 0;
  if (unit.empty() || EqualsNoCase(unit, "b")) mul = 1;
  if (EqualsNoCase(unit, "k")) mul = 1000;
  if (EqualsNoCase(unit, "kb")) mul = 1024;
  if (EqualsNoCase(unit, "m")) mul = 1000 * 1000;
  if (EqualsNoCase(unit, "mb")) mul = 1024 * 1024;
  if (EqualsNoCase(unit, "g")) mul = 1000ull * 1000 * 1000;
  if (EqualsNoCase(unit, "gb")) mul = 1024ull * 1024 * 1024;
  if (mul == 0) return std::nullopt;
  uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + digits, v);
  if (ec != std::errc()) return std::nullopt;
  constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
  if (v > kMax / mul) return std::nullopt;
  return static_cast<int64_t>(v * mul);
}

std::string FormatMemorySize(int64_t bytes) {
  constexpr int64_t kGb = 1024 * 1024 * 1024;
  constexpr int64_t kMb = 1024 * 1024;
  constexpr int64_t kKb = 1024;
  if (bytes != 0 && bytes % kGb == 0) return std::to_string(bytes / kGb) + "gb";
  if (bytes != 0 && bytes % kMb == 0) return std::to_string(bytes / kMb) + "mb";
  if (bytes != 0 && bytes % kKb == 0) return std::to_string(bytes / kKb) + "kb";
  return std::to_string(bytes);
}

std::vector<std::string> SplitConfigSetValue(std::string_view value) {
  std::vector<std::string> words;
  if (value.empty()) return words;
  size_t start = 0;
  while (true) {
    const size_t space = value.find(' ', start);
    words.emplace_back(value.substr(start, space - start));
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  return words;
}

std::string ConfigRenderNumber(const ConfigSpec& spec, int64_t number) {
  switch (spec.type) {
    case ConfigType::kBool:
      return number ? "yes" : "no";
    case ConfigType::kEnum:
      if (number >= 0 && static_cast<size_t>(number) < spec.enum_names.size()) {
        return std::string(spec.enum_names[number]);
      }
      return "unknown";
    case ConfigType::kMemoryOrPercent:
      return number < 0 ? std::to_string(-number) + "%" : std::to_string(number);
    case ConfigType::kOctal: {
      char buf[32];
      snprintf(buf, sizeof(buf), "%" PRIo64, number);
      return buf;
    }
    default:
      return std::to_string(number);
  }
}

std::string ConfigParseValue(const ConfigSpec& spec, std::span<const std::string> args,
                             const ConfigValue& current, ConfigValue* out) {
  std::string err;
  if (spec.type == ConfigType::kSpecial) {
    err = ParseSpecial(spec, args, current, out);
  } else if (args.size() != 1) {
    err = "wrong number of arguments";
  } else if (spec.type == ConfigType::kBool) {
    if (EqualsNoCase(args[0], "yes")) {
      out->number = 1;
    } else if (EqualsNoCase(args[0], "no")) {
      out->number = 0;
    } else {
      err = "argument must be 'yes' or 'no'";
    }
  } else if (spec.type == ConfigType::kEnum) {
    err = ParseEnum(spec, args[0], &out->number);
  } else if (spec.type == ConfigType::kString) {
    out->text = args[0];
  } else {
    err = ParseNumeric(spec, args[0], &out->number);
  }
  if (err.empty() && spec.check != nullptr) err = spec.check(out);
  return err;
}

}  // namespace ringdb::engine
