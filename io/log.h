// Server log lines in Redis's format ("pid:M 12 Jan 2024 10:00:00.123 * message"),
// written to stdout for journald (Redis's default with an empty logfile).
//
// Thread: any. Each line is written with one write(2), so lines never interleave.
#pragma once

#include <string_view>

namespace ringdb::io {

// Redis's levels, in order; the marks are '.', '-', '*', '#'.
enum class LogLevel { kDebug = 0, kVerbose, kNotice, kWarning };

// Lines below `level` are dropped (config `loglevel`).
void SetLogLevel(LogLevel level);
void Log(LogLevel level, std::string_view message);

inline void LogWarning(std::string_view message) { Log(LogLevel::kWarning, message); }
inline void LogNotice(std::string_view message) { Log(LogLevel::kNotice, message); }
inline void LogVerbose(std::string_view message) { Log(LogLevel::kVerbose, message); }

}  // namespace ringdb::io
