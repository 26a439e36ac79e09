#include "analyzer/util/event_log.h"

#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "analyzer/util/json_text.h"
#include "analyzer/util/utc_time.h"

namespace tarsier {

namespace {

struct LogState {
  std::mutex mutex;
  LogFormat format = LogFormat::off;
  std::ostream* out = &std::cerr;
};

LogState& state() {
  static LogState s;
  return s;
}

// A text value as is when it is one plain word, else JSON-quoted.
std::string text_value(const std::string& value) {
  bool plain = !value.empty();
  for (char c : value) {
    if (c == ' ' || c == '"' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      plain = false;
    }
  }
  return plain ? value : json_text(nlohmann::json(value));
}

std::string text_line(const std::string& ts, const LogEvent& e) {
  std::string line = ts + " " + e.level + " " + e.event;
  if (!e.package.empty()) {
    line += " package=" + text_value(e.package);
  }
  if (e.duration_ms) {
    line += " duration_ms=" + std::to_string(*e.duration_ms);
  }
  for (const auto& [name, count] : e.counts) {
    line += " " + name + "=" + std::to_string(count);
  }
  for (const auto& [name, value] : e.fields) {
    line += " " + name + "=" + text_value(value);
  }
  return line;
}

std::string json_line(const std::string& ts, const LogEvent& e) {
  nlohmann::json object = {{"ts", ts}, {"level", e.level}, {"event", e.event}};
  if (!e.package.empty()) {
    object["package"] = e.package;
  }
  if (e.duration_ms) {
    object["duration_ms"] = *e.duration_ms;
  }
  if (!e.counts.empty()) {
    nlohmann::json counts = nlohmann::json::object();
    for (const auto& [name, count] : e.counts) {
      counts[name] = count;
    }
    object["counts"] = counts;
  }
  for (const auto& [name, value] : e.fields) {
    object[name] = value;
  }
  return json_text(object);
}

}  // namespace

std::optional<LogFormat> parse_log_format(std::string_view text) {
  if (text == "text") {
    return LogFormat::text;
  }
  if (text == "json") {
    return LogFormat::json;
  }
  return std::nullopt;
}

void set_log_format(LogFormat format, std::ostream* out) {
  std::lock_guard<std::mutex> lock(state().mutex);
  state().format = format;
  state().out = out != nullptr ? out : &std::cerr;
}

LogFormat log_format() {
  std::lock_guard<std::mutex> lock(state().mutex);
  return state().format;
}

std::string format_log_line(LogFormat format, const std::string& ts, const LogEvent& event) {
  return format == LogFormat::json ? json_line(ts, event) : text_line(ts, event);
}

void log_event(const LogEvent& event) {
  LogState& s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  if (s.format == LogFormat::off) {
    return;
  }
  *s.out << format_log_line(s.format, utc_iso(std::chrono::system_clock::now()), event) << "\n";
  s.out->flush();
}

}  // namespace tarsier
