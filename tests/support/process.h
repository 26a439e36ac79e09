// Runs a program (normally build/tarsier) the way a user would, with a controlled environment,
// and captures its exit code and output. Used by end-to-end tests.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tarsier::test {

struct ProcessResult {
  int exit_code = -1;  // -1 when it did not exit normally
  std::string out;
  std::string err;
};

// `env` overrides the inherited environment: a value sets the variable, nullopt removes it.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::optional<std::string>>& env = {},
                          const std::string& cwd = "");

// Starts a program with stdin from /dev/null and stdout/stderr written to the given files; the
// process id, or -1 when it could not be started.
int spawn_process(const std::vector<std::string>& argv,
                  const std::map<std::string, std::optional<std::string>>& env,
                  const std::string& cwd, const std::string& out_path, const std::string& err_path);
// Waits for a started process: its exit code, -1 when it did not exit normally (a signal).
int wait_exit_code(int pid);

// A private temporary directory, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return m_path; }
  // Writes `content` to path()/relative (creating folders) and returns the full path.
  std::string write(const std::string& relative, const std::string& content) const;

 private:
  std::string m_path;
};

// An environment isolated from the user's for running tarsier under `root`: its own HOME,
// cache and data folders, no npm or pip configuration from the environment or global files.
std::map<std::string, std::optional<std::string>> isolated_env(const std::string& root);

// Reads a whole file; "" when it cannot be read.
std::string read_text_file(const std::string& path);

// The string field `key` of every line of a JSON Lines file, in order; lines that are not
// JSON objects with that string field are skipped.
std::vector<std::string> jsonl_strings(const std::string& path, const std::string& key);

}  // namespace tarsier::test
