#include "tests/support/process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

extern char** environ;

namespace tarsier::test {

namespace fs = std::filesystem;

int spawn_process(const std::vector<std::string>& argv,
                  const std::map<std::string, std::optional<std::string>>& env,
                  const std::string& cwd, const std::string& out_path,
                  const std::string& err_path) {
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) {
      merged[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
  }
  for (const auto& [name, value] : env) {
    if (value) {
      merged[name] = *value;
    } else {
      merged.erase(name);
    }
  }
  std::vector<std::string> env_strings;
  for (const auto& [name, value] : merged) {
    env_strings.push_back(name + "=" + value);
  }
  std::vector<char*> envp;
  for (auto& s : env_strings) {
    envp.push_back(s.data());
  }
  envp.push_back(nullptr);
  // posix_spawn has no chdir action in glibc 2.36's public API, so wrap in `env -C`.
  std::vector<std::string> args;
  if (!cwd.empty()) {
    args = {"/usr/bin/env", "-C", cwd};
  }
  args.insert(args.end(), argv.begin(), argv.end());
  std::vector<char*> argp;
  for (auto& s : args) {
    argp.push_back(s.data());
  }
  argp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argp[0], &actions, nullptr, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

int wait_exit_code(int pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::optional<std::string>>& env,
                          const std::string& cwd) {
  TempDir capture;
  const std::string out_path = capture.path() + "/out";
  const std::string err_path = capture.path() + "/err";
  ProcessResult result;
  int pid = spawn_process(argv, env, cwd, out_path, err_path);
  if (pid < 0) {
    result.err = "posix_spawn failed for " + argv.front();
    return result;
  }
  result.exit_code = wait_exit_code(pid);
  result.out = read_text_file(out_path);
  result.err = read_text_file(err_path);
  return result;
}

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "tarsier-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  m_path = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(m_path, ec);
}

std::string TempDir::write(const std::string& relative, const std::string& content) const {
  fs::path full = fs::path(m_path) / relative;
  fs::create_directories(full.parent_path());
  std::ofstream out(full, std::ios::binary | std::ios::trunc);
  out << content;
  return full.string();
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::map<std::string, std::optional<std::string>> isolated_env(const std::string& root) {
  return {{"HOME", root + "/home"},
          {"XDG_CACHE_HOME", root + "/cache"},
          {"XDG_DATA_HOME", root + "/data"},
          {"XDG_CONFIG_HOME", root + "/config"},
          {"npm_config_registry", std::nullopt},
          {"NPM_CONFIG_REGISTRY", std::nullopt},
          {"npm_config_userconfig", std::nullopt},
          {"npm_config_globalconfig", root + "/no-global-npmrc"},
          {"PIP_CONFIG_FILE", std::nullopt},
          {"PIP_INDEX_URL", std::nullopt},
          {"PIP_EXTRA_INDEX_URL", std::nullopt},
          {"NETRC", std::nullopt}};
}

std::vector<std::string> jsonl_strings(const std::string& path, const std::string& key) {
  std::vector<std::string> out;
  std::istringstream lines(read_text_file(path));
  for (std::string line; std::getline(lines, line);) {
    auto record = nlohmann::json::parse(line, nullptr, false);
    if (record.is_object() && record.contains(key) && record[key].is_string()) {
      out.push_back(record[key].get<std::string>());
    }
  }
  return out;
}

}  // namespace tarsier::test
