#include "analyzer/registry/npm_answer.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "analyzer/util/url.h"

namespace tarsier {
namespace {

namespace fs = std::filesystem;

// "size mtime" of a file, "-" when it does not exist.
std::string file_stamp(const fs::path& path) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) {
    return "-";
  }
  auto time = fs::last_write_time(path, ec);
  if (ec) {
    return "-";
  }
  return std::to_string(size) + " " + std::to_string(time.time_since_epoch().count());
}

std::string find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
    if (access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return "";
}

// The first line, without trailing blanks.
std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find_first_of("\r\n"));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
    line.pop_back();
  }
  return line;
}

void remember(const std::string& file, const std::string& stamp, const std::string& answer) {
  std::error_code ec;
  fs::create_directories(fs::path(file).parent_path(), ec);
  std::string temporary = file + ".tmp" + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << stamp << "registry " << answer << "\n";
    if (!out.flush()) {
      fs::remove(temporary, ec);
      return;
    }
  }
  fs::rename(temporary, file, ec);
  if (ec) {
    fs::remove(temporary, ec);
  }
}

// The remembered answer when `file` starts with `stamp`; "" otherwise.
std::string recall(const std::string& file, const std::string& stamp) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return "";
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string content = text.str();
  if (!content.starts_with(stamp) || content.compare(stamp.size(), 9, "registry ") != 0) {
    return "";
  }
  std::string answer = first_line(content.substr(stamp.size() + 9));
  return is_http_url(answer) ? answer : "";
}

}  // namespace

std::string npm_answer_stamp() {
  std::string npm = find_on_path("npm");
  if (npm.empty()) {
    return "";
  }
  std::error_code ec;
  fs::path real = fs::canonical(npm, ec);
  if (ec) {
    return "";
  }
  std::string stamp = "npm " + real.string() + " " + file_stamp(real) + "\n";
  fs::path package = real.parent_path().parent_path();  // <package>/bin/npm-cli.js
  for (const char* name : {"npmrc", "package.json"}) {
    stamp += (package / name).string() + " " + file_stamp(package / name) + "\n";
  }
  fs::path dir = fs::current_path(ec);
  while (!ec && !dir.empty()) {
    stamp += (dir / ".npmrc").string() + " " + file_stamp(dir / ".npmrc") + "\n";
    if (dir == dir.root_path()) {
      break;
    }
    dir = dir.parent_path();
  }
  return stamp;
}

ProcessOutput ask_npm_registry(long timeout_ms, const std::string& remember_in) {
  std::string stamp = remember_in.empty() ? "" : npm_answer_stamp();
  if (!stamp.empty()) {
    if (std::string answer = recall(remember_in, stamp); !answer.empty()) {
      return ProcessOutput{0, false, answer};
    }
  }
  ProcessOutput out = capture_output({"npm", "config", "get", "registry"}, timeout_ms);
  out.out = first_line(out.out);
  if (!stamp.empty() && out.exit_code == 0 && is_http_url(out.out)) {
    remember(remember_in, stamp, out.out);
  }
  return out;
}

}  // namespace tarsier
