// Start-up configuration: redis.conf and TOML files and the command line, all turned into
// one ordered list of directives and applied through the table of engine/config.h.
#include "engine/config_loader.h"

#include <glob.h>
#include <strings.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "engine/config.h"

namespace ringdb::engine {
namespace {

constexpr int kMaxIncludeDepth = 16;                       // include loops stop here
constexpr std::streamsize kMaxConfigFileBytes = 64 << 20;  // a config file is small

struct Directive {
  std::string name;
  std::vector<std::string> args;
  std::string source;  // file path, or "" for the command line
  int line = 0;        // 1-based line in `source`
  std::string raw;     // as written, for the error report
};

std::string FatalError(const Directive& d, std::string_view reason) {
  std::string msg = "\n*** FATAL CONFIG FILE ERROR (ringdb) ***\n";
  if (d.source.empty()) {
    msg += "Reading the command line\n";
  } else {
    msg +=
        "Reading the configuration file " + d.source + ", at line " + std::to_string(d.line) + "\n";
  }
  msg += ">>> '" + d.raw + "'\n";
  if (!d.name.empty()) msg += d.name + ": ";
  msg.append(reason);
  return msg;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string ToLower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::optional<std::string> ReadFile(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "Fatal error, can't open config file '" + path + "': " + strerror(errno);
    return std::nullopt;
  }
  std::string text;
  char chunk[64 * 1024];
  while (in.read(chunk, sizeof(chunk)) || in.gcount() > 0) {
    text.append(chunk, static_cast<size_t>(in.gcount()));
    if (text.size() > static_cast<size_t>(kMaxConfigFileBytes)) {
      *error = "Fatal error, config file '" + path + "' is larger than 64 MiB";
      return std::nullopt;
    }
  }
  return text;
}

class DirectiveCollector {
 public:
  explicit DirectiveCollector(ConfigLoadResult* result) : result_(result) {}

  bool CollectFile(const std::string& path);
  bool CollectRedisConf(std::string_view text, const std::string& source);
  bool CollectToml(std::string_view text, const std::string& source);
  bool CollectCommandLine(int first, int argc, const char* const* argv);

  std::vector<Directive>& directives() { return directives_; }

 private:
  bool Include(const Directive& d, const std::string& pattern);
  bool TomlValueToArgs(const toml::node& node, bool multi_arg, Directive* d);

  ConfigLoadResult* result_;
  std::vector<Directive> directives_;
  int depth_ = 0;
};

bool DirectiveCollector::CollectFile(const std::string& path) {
  if (depth_ >= kMaxIncludeDepth) {
    result_->error = "Fatal error, includes nest deeper than " + std::to_string(kMaxIncludeDepth) +
                     " files at '" + path + "'";
    return false;
  }
  const std::optional<std::string> text = ReadFile(path, &result_->error);
  if (!text) return false;
  ++depth_;
  const bool ok =
      EndsWith(path, ".toml") ? CollectToml(*text, path) : CollectRedisConf(*text, path);
  --depth_;
  return ok;
}

// As Redis: a pattern with wildcards may match nothing; a plain path must open.
bool DirectiveCollector::Include(const Directive& d, const std::string& pattern) {
  if (pattern.find_first_of("*?[") == std::string::npos) return CollectFile(pattern);
  glob_t g{};
  const int rc = glob(pattern.c_str(), 0, nullptr, &g);
  bool ok = true;
  if (rc == 0) {
    for (size_t i = 0; ok && i < g.gl_pathc; ++i) ok = CollectFile(g.gl_pathv[i]);
  } else if (rc != GLOB_NOMATCH) {
    result_->error = FatalError(d, "can't expand the include pattern");
    ok = false;
  }
  globfree(&g);
  return ok;
}

bool DirectiveCollector::CollectRedisConf(std::string_view text, const std::string& source) {
  std::istringstream lines{std::string(text)};
  std::string raw;
  int line_number = 0;
  while (std::getline(lines, raw)) {
    ++line_number;
    Directive d;
    d.source = source;
    d.line = line_number;
    d.raw = Trim(raw);
    if (d.raw.empty() || d.raw[0] == '#') continue;
    std::optional<std::vector<std::string>> args = SplitConfigLine(d.raw);
    if (!args) {
      result_->error = FatalError(d, "Unbalanced quotes in configuration line");
      return false;
    }
    if (args->empty()) continue;
    d.name = ToLower((*args)[0]);
    d.args.assign(args->begin() + 1, args->end());
    if (d.name == "include" && d.args.size() == 1) {
      if (!Include(d, d.args[0])) return false;
      continue;
    }
    directives_.push_back(std::move(d));
  }
  return true;
}

// TOML values become redis.conf-style words: booleans yes/no, numbers in decimal, strings
// split on whitespace for multi-word settings, arrays flattened.
bool DirectiveCollector::TomlValueToArgs(const toml::node& node, bool multi_arg, Directive* d) {
  if (const auto* s = node.as_string()) {
    if (!multi_arg) {
      d->args.push_back(s->get());
      return true;
    }
    std::istringstream words(s->get());
    for (std::string w; words >> w;) d->args.push_back(w);
    return true;
  }
  if (const auto* i = node.as_integer()) {
    d->args.push_back(std::to_string(i->get()));
    return true;
  }
  if (const auto* b = node.as_boolean()) {
    d->args.push_back(b->get() ? "yes" : "no");
    return true;
  }
  if (const auto* f = node.as_floating_point()) {
    std::ostringstream out;
    out << f->get();
    d->args.push_back(out.str());
    return true;
  }
  if (const auto* a = node.as_array()) {
    if (!multi_arg && a->size() != 1) {
      result_->error = FatalError(*d, "expects a single value, not an array");
      return false;
    }
    for (const toml::node& element : *a) {
      if (element.is_array() || element.is_table()) {
        result_->error = FatalError(*d, "nested arrays and tables are not supported");
        return false;
      }
      if (!TomlValueToArgs(element, multi_arg, d)) return false;
    }
    return true;
  }
  result_->error = FatalError(*d,
                              "unsupported TOML value type (use a string, number, "
                              "boolean or array)");
  return false;
}

bool DirectiveCollector::CollectToml(std::string_view text, const std::string& source) {
  std::vector<std::string> lines;
  {
    std::istringstream in{std::string(text)};
    for (std::string l; std::getline(in, l);) lines.push_back(Trim(l));
  }
  toml::table table;
  try {
    table = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    Directive d;
    d.source = source;
    d.line = static_cast<int>(e.source().begin.line);
    d.raw = d.line >= 1 && static_cast<size_t>(d.line) <= lines.size() ? lines[d.line - 1] : "";
    result_->error =
        FatalError(d, std::string("TOML syntax error: ") + std::string(e.description()));
    return false;
  }
  std::vector<Directive> found;
  for (const auto& [key, node] : table) {
    Directive d;
    d.source = source;
    d.line = static_cast<int>(key.source().begin.line);
    d.raw = d.line >= 1 && static_cast<size_t>(d.line) <= lines.size() ? lines[d.line - 1] : "";
    d.name = ToLower(std::string(key.str()));
    const ConfigSpec* spec = FindConfig(d.name);
    const bool multi_arg = d.name == "include" || (spec != nullptr && spec->Is(kConfigMultiArg));
    if (!TomlValueToArgs(node, multi_arg, &d)) return false;
    found.push_back(std::move(d));
  }
  // toml::table is ordered by key; apply in file order so later lines win as in redis.conf.
  std::sort(found.begin(), found.end(),
            [](const Directive& a, const Directive& b) { return a.line < b.line; });
  for (Directive& d : found) {
    if (d.name != "include") {
      directives_.push_back(std::move(d));
      continue;
    }
    for (const std::string& path : d.args) {
      if (!Include(d, path)) return false;
    }
  }
  return true;
}

// "--name value value --name2 value": each "--" word opens a directive, the words after it
// are its arguments (Redis's rule: "--save" with no words means save "").
bool DirectiveCollector::CollectCommandLine(int first, int argc, const char* const* argv) {
  for (int j = first; j < argc; ++j) {
    const std::string_view word = argv[j];
    if (word.size() > 2 && word.substr(0, 2) == "--") {
      Directive d;
      d.name = ToLower(std::string(word.substr(2)));
      d.raw = std::string(word);
      directives_.push_back(std::move(d));
      continue;
    }
    if (directives_.empty() || !directives_.back().source.empty()) {
      Directive d;
      d.raw = std::string(word);
      result_->error = FatalError(d, "a value must follow a --directive");
      return false;
    }
    directives_.back().args.emplace_back(word);
    directives_.back().raw.append(" ").append(word);
  }
  return true;
}

bool IsDeprecatedNoop(const Directive& d) {
  return d.args.size() == 1 &&
         (d.name == "list-max-ziplist-entries" || d.name == "list-max-ziplist-value" ||
          d.name == "lua-replicate-commands");
}

// Redis directives outside the table. They change security or behaviour, so ringdb refuses
// them rather than starting without what they asked for.
bool IsUnsupportedRedisDirective(const std::string& name) {
  return name == "rename-command" || name == "user" || name == "loadmodule" || name == "sentinel";
}

std::string Where(const Directive& d) {
  return d.source.empty() ? "the command line" : d.source + ":" + std::to_string(d.line);
}

// Applies directives in order. "save" lines accumulate (file and command line together, as
// in Redis), and a save "" clears what came before.
void ApplyDirectives(const std::vector<Directive>& directives, ConfigLoadResult* result) {
  const ConfigSpec& save_spec = ConfigSpecOf(ConfigId::kSave);
  std::optional<std::vector<std::string>> save_args;
  for (const Directive& d : directives) {
    if (IsDeprecatedNoop(d)) {
      result->warnings.push_back("'" + d.name + "' is deprecated and has no effect (" + Where(d) +
                                 ")");
      continue;
    }
    if (IsUnsupportedRedisDirective(d.name)) {
      result->error = FatalError(d, "directive not supported by ringdb");
      return;
    }
    const ConfigSpec* spec = FindConfig(d.name);
    if (spec == nullptr) {
      result->error = FatalError(d, "unknown directive");
      return;
    }
    if (!spec->Is(kConfigMultiArg) && d.args.size() != 1) {
      result->error = FatalError(d, "wrong number of arguments");
      return;
    }
    std::vector<std::string> args = d.args;
    if (spec->Is(kConfigMultiArg) && args.size() == 1 && !args[0].empty()) {
      // As Redis: one word of a multi-word setting is split again, so --save "900 1" and
      // save "900 1" work.
      std::optional<std::vector<std::string>> split = SplitConfigLine(args[0]);
      if (!split) {
        result->error = FatalError(d, "Unbalanced quotes in configuration line");
        return;
      }
      args = std::move(*split);
    }
    if (spec == &save_spec) {
      ConfigValue check;
      const std::string err = ConfigParseValue(save_spec, args, {}, &check);
      if (!err.empty()) {
        result->error = FatalError(d, err);
        return;
      }
      if (!save_args || check.text.empty()) save_args.emplace();
      std::vector<std::string> words = SplitConfigSetValue(check.text);
      save_args->insert(save_args->end(), words.begin(), words.end());
      continue;
    }
    const std::string err = ConfigApplyDirective(*spec, args);
    if (!err.empty()) {
      result->error = FatalError(d, err);
      return;
    }
    if (spec->Is(kConfigIgnored) && ConfigValueText(*spec) != ConfigDefaultText(*spec)) {
      // Appended piecewise: g++ 12 warns falsely (-Wrestrict) on "lit" + std::string.
      std::string warning = "'";
      warning.append(spec->name)
          .append("' is a Redis setting that ringdb does not use; ignoring it (")
          .append(Where(d))
          .append(")");
      result->warnings.push_back(std::move(warning));
    }
  }
  if (save_args) ConfigApplyDirective(save_spec, *save_args);
}

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads a quoted part of a word starting at line[*p] (the opening quote) and appends it to
// `word`, leaving *p after the closing quote. False when the quote is not closed or the
// closing quote is followed by something other than a space (sdssplitargs's rules).
bool ReadQuoted(std::string_view line, size_t* p, std::string* word) {
  const char quote = line[*p];
  size_t i = *p + 1;
  for (; i < line.size() && line[i] != quote; ++i) {
    const char next = i + 1 < line.size() ? line[i + 1] : '\0';
    if (quote == '\'') {
      if (line[i] == '\\' && next == '\'') ++i;
      *word += line[i];
      continue;
    }
    if (line[i] != '\\' || next == '\0') {
      *word += line[i];
    } else if (next == 'x' && i + 3 < line.size() && HexDigit(line[i + 2]) >= 0 &&
               HexDigit(line[i + 3]) >= 0) {
      *word += static_cast<char>(HexDigit(line[i + 2]) * 16 + HexDigit(line[i + 3]));
      i += 3;
    } else {
      ++i;
      switch (line[i]) {
        case 'n':
          *word += '\n';
          break;
        case 'r':
          *word += '\r';
          break;
        case 't':
          *word += '\t';
          break;
        case 'b':
          *word += '\b';
          break;
        case 'a':
          *word += '\a';
          break;
        default:
          *word += line[i];
          break;
      }
    }
  }
  if (i >= line.size()) return false;
  if (i + 1 < line.size() && !IsSpace(line[i + 1])) return false;
  *p = i + 1;
  return true;
}

std::string AbsolutePath(const std::string& path) {
  char* resolved = realpath(path.c_str(), nullptr);
  if (resolved == nullptr) return path;
  std::string out = resolved;
  free(resolved);
  return out;
}

}  // namespace

std::optional<std::vector<std::string>> SplitConfigLine(std::string_view line) {
  std::vector<std::string> out;
  size_t p = 0;
  while (true) {
    while (p < line.size() && IsSpace(line[p])) ++p;
    if (p >= line.size()) return out;
    std::string word;
    while (p < line.size() && !IsSpace(line[p])) {
      const char c = line[p];
      if (c == '"' || c == '\'') {
        if (!ReadQuoted(line, &p, &word)) return std::nullopt;
        break;
      }
      word += c;
      ++p;
    }
    out.push_back(std::move(word));
  }
}

ConfigLoadResult LoadConfigFile(const std::string& path) {
  ConfigLoadResult result;
  DirectiveCollector collector(&result);
  if (collector.CollectFile(path)) ApplyDirectives(collector.directives(), &result);
  return result;
}

ConfigLoadResult LoadRedisConfText(std::string_view text, std::string_view source) {
  ConfigLoadResult result;
  DirectiveCollector collector(&result);
  if (collector.CollectRedisConf(text, std::string(source))) {
    ApplyDirectives(collector.directives(), &result);
  }
  return result;
}

ConfigLoadResult LoadTomlText(std::string_view text, std::string_view source) {
  ConfigLoadResult result;
  DirectiveCollector collector(&result);
  if (collector.CollectToml(text, std::string(source))) {
    ApplyDirectives(collector.directives(), &result);
  }
  return result;
}

ConfigLoadResult LoadConfigFromCommandLine(int argc, const char* const* argv) {
  ConfigLoadResult result;
  for (int j = 1; j < argc; ++j) {
    const std::string_view a = argv[j];
    if (a == "-v" || a == "--version") result.show_version = true;
    if (a == "-h" || a == "--help") result.show_help = true;
  }
  if (result.show_version || result.show_help) return result;
  DirectiveCollector collector(&result);
  int first = 1;
  if (argc >= 2 && argv[1][0] != '-') {
    result.config_file = AbsolutePath(argv[1]);
    if (!collector.CollectFile(argv[1])) return result;
    first = 2;
  }
  if (!collector.CollectCommandLine(first, argc, argv)) return result;
  ApplyDirectives(collector.directives(), &result);
  if (result.ok()) SetConfigFilePath(result.config_file);
  return result;
}

LoadOutcome LoadConfiguration(int argc, const char* const* argv, std::string* error) {
  const ConfigLoadResult result = LoadConfigFromCommandLine(argc, argv);
  if (result.show_version) {
    printf("ringdb v=%s (Redis 7.0 compatible)\n", std::string(kRingdbVersion).c_str());
    return LoadOutcome::kExitSuccess;
  }
  if (result.show_help) {
    fputs(CommandLineUsage(argc > 0 ? argv[0] : "ringdb-server").c_str(), stdout);
    return LoadOutcome::kExitSuccess;
  }
  for (const std::string& w : result.warnings) fprintf(stderr, "ringdb: warning: %s\n", w.c_str());
  if (!result.ok()) {
    *error = result.error;
    return LoadOutcome::kError;
  }
  return LoadOutcome::kRun;
}

std::string CommandLineUsage(std::string_view program) {
  std::string p(program);
  return "Usage: " + p +
         " [/path/to/ringdb.toml | /path/to/redis.conf] [options]\n"
         "       " +
         p +
         " -v or --version\n"
         "       " +
         p +
         " -h or --help\n\n"
         "Options are redis.conf directives with two dashes; a value may be several words:\n"
         "       " +
         p +
         " --port 6380\n"
         "       " +
         p +
         " /etc/ringdb/ringdb.toml --loglevel verbose --save \"900 1\"\n"
         "       " +
         p + " --supervised systemd --save \"\"\n";
}

}  // namespace ringdb::engine
