// The tool's own log (`--log-format text|json`, every command): one line per event on standard
// error, with the UTC time, a level, the event name and, when they apply, the package, the
// duration in milliseconds and counts, so a scan in CI or a watch daemon can be followed by the
// log tools people already run. Off unless a format is chosen; the commands' own messages and
// reports are unchanged either way. Safe to call from several threads.
//
//   text: 2026-01-02T03:04:05.678Z info scan-finished duration_ms=812 packages=3 failed=0
//   json: {"ts":"2026-01-02T03:04:05.678Z","level":"info","event":"scan-finished",
//          "duration_ms":812,"counts":{"packages":3,"failed":0}}
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tarsier {

enum class LogFormat { off, text, json };

// "text" or "json"; nullopt otherwise.
std::optional<LogFormat> parse_log_format(std::string_view text);

struct LogEvent {
  std::string level = "info";  // info, warning, error
  std::string event;           // e.g. "scan-finished", "package-analysed"
  std::string package;         // "ecosystem:name@version" ("" = none)
  std::optional<int64_t> duration_ms;
  std::vector<std::pair<std::string, int64_t>> counts;
  std::vector<std::pair<std::string, std::string>> fields;  // other text fields
};

// Chooses the format and the stream (standard error by default) for the rest of the process.
void set_log_format(LogFormat format, std::ostream* out = nullptr);
LogFormat log_format();

// Writes one line; nothing when the log is off.
void log_event(const LogEvent& event);

// One line as `format` writes it, without the newline (at `ts`).
std::string format_log_line(LogFormat format, const std::string& ts, const LogEvent& event);

}  // namespace tarsier
