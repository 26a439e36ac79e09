// The JSON-lines alert sink (standard output or an appended file) and the alert's JSON form.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "analyzer/monitor/alert_sink.h"

namespace tarsier {

namespace {

bool file_contains(const std::string& path, const std::string& needle) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

Result<void> append_synced(const std::string& path, const std::string& line) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return make_error(ErrorKind::io, path + ": cannot open: " + std::strerror(errno));
  }
  size_t written = 0;
  while (written < line.size()) {
    ssize_t n = ::write(fd, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      std::string why = std::strerror(errno);
      ::close(fd);
      return make_error(ErrorKind::io, path + ": cannot write: " + why);
    }
    written += static_cast<size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  std::string why = synced ? "" : std::strerror(errno);
  ::close(fd);
  if (!synced) {
    return make_error(ErrorKind::io, path + ": cannot sync: " + why);
  }
  return {};
}

class JsonLinesSink : public AlertSink {
 public:
  explicit JsonLinesSink(std::string path) : m_path(std::move(path)), m_id("jsonl:" + m_path) {}

  const std::string& id() const override { return m_id; }

  Result<void> deliver(const AlertRecord& alert) override {
    std::string line = alert_json(alert).dump() + "\n";
    if (m_path == "-") {
      std::cout << line << std::flush;
      if (!std::cout) {
        return make_error(ErrorKind::io, "");
      }
      return {};
    }
    std::string key = nlohmann::json(alert.dedup_key).dump();
    if (file_contains(m_path, "\"key\":" + key)) {
      return {};
    }
    return append_synced(m_path, line);
  }

 private:
  std::string m_path;
  std::string m_id;
};

}  // namespace

nlohmann::json alert_json(const AlertRecord& alert) {
  auto evidence = nlohmann::json::parse(alert.evidence, nullptr, false);
  return {{"id", alert.id},
          {"key", alert.dedup_key},
          {"raised_at", alert.raised_at},
          {"type", alert.type},
          {"severity", to_string(alert.severity)},
          {"ecosystem", alert.ecosystem},
          {"name", alert.name},
          {"version", alert.version},
          {"previous_version", alert.previous_version},
          {"message", alert.message},
          {"evidence", evidence.is_discarded() ? nlohmann::json::object() : evidence}};
}

std::unique_ptr<AlertSink> make_jsonl_sink(const std::string& path) {
  return std::make_unique<JsonLinesSink>(path);
}

}  // namespace tarsier
