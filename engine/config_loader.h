// Loading the configuration at start-up: a TOML file, a redis.conf file, and the command line
// in redis-server's style. Everything lands in the one table of engine/config.h.
//
//   ringdb-server [configfile] [--directive value ...] [-v|--version] [-h|--help]
//
// A file whose name ends in ".toml" is TOML; any other file uses redis.conf syntax
// ("directive arg1 arg2", # comments, quotes as Redis's sdssplitargs, "include" of other
// files). Command-line options are applied after the file, so they win. An unknown directive
// or a bad value stops start-up with a message naming the file, the line, the directive and
// the reason; a directive Redis knows but ringdb ignores only adds a warning.
//
// Thread: call from main() before any other thread reads the configuration.
#ifndef RINGDB_ENGINE_CONFIG_LOADER_H_
#define RINGDB_ENGINE_CONFIG_LOADER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringdb::engine {

struct ConfigLoadResult {
  // Non-empty: start-up must stop; print it to stderr and exit(1). Several lines, like
  // Redis's "*** FATAL CONFIG FILE ERROR ***" report.
  std::string error;
  // Directives accepted but not acted on, and similar notes; log them once logging is up.
  std::vector<std::string> warnings;
  // Absolute path of the configuration file given, "" if none (also stored with
  // SetConfigFilePath for CONFIG REWRITE).
  std::string config_file;
  bool show_version = false;  // -v / --version: print the version and exit(0)
  bool show_help = false;     // -h / --help: print CommandLineUsage() and exit(0)

  bool ok() const { return error.empty(); }
};

inline constexpr std::string_view kRingdbVersion = "0.1.0";

enum class LoadOutcome : uint8_t {
  kRun,          // configuration loaded: start the server
  kExitSuccess,  // --version or --help was printed: exit(0)
  kError,        // *error holds the report: print it to stderr and exit(1)
};
// What main() calls: LoadConfigFromCommandLine, then prints the version or usage to stdout
// and each warning to stderr (logging is not up yet).
LoadOutcome LoadConfiguration(int argc, const char* const* argv, std::string* error);

// Parses argv as redis-server does and loads the file it names (if any), then the options.
// Values are applied to the global configuration as they are read.
ConfigLoadResult LoadConfigFromCommandLine(int argc, const char* const* argv);

// Loads one file into the global configuration (format chosen by the file name).
ConfigLoadResult LoadConfigFile(const std::string& path);

// Loads configuration text; `source` names it in messages and, for redis.conf, is where
// relative includes are resolved from (the working directory, as Redis does).
ConfigLoadResult LoadRedisConfText(std::string_view text, std::string_view source);
ConfigLoadResult LoadTomlText(std::string_view text, std::string_view source);

std::string CommandLineUsage(std::string_view program);

// Splits one redis.conf line into arguments as Redis's sdssplitargs does: "double quotes"
// with \n \r \t \b \a \\ \" \xHH escapes, 'single quotes' with \' only. nullopt when quotes
// are unbalanced or a closing quote is not followed by a space.
std::optional<std::vector<std::string>> SplitConfigLine(std::string_view line);

}  // namespace ringdb::engine

#endif  // RINGDB_ENGINE_CONFIG_LOADER_H_
