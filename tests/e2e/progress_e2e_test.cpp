// End-to-end: the progress display on a terminal (standard error on a pseudo-terminal) and its
// absence on a pipe.
#include <fcntl.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/support/pack.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;

namespace {

// Runs argv with standard error on a pseudo-terminal; returns what the terminal received.
std::string run_on_terminal(const std::vector<std::string>& argv,
                            const std::map<std::string, std::optional<std::string>>& env) {
  int master = -1, slave = -1;
  REQUIRE(openpty(&master, &slave, nullptr, nullptr, nullptr) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(slave, STDERR_FILENO);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    close(master);
    for (const auto& [name, value] : env) {
      value ? setenv(name.c_str(), value->c_str(), 1) : unsetenv(name.c_str());
    }
    std::vector<char*> args;
    for (const auto& a : argv) {
      args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(slave);
  std::string seen;
  char buffer[4096];
  for (;;) {
    ssize_t n = read(master, buffer, sizeof buffer);
    if (n <= 0) {
      break;  // EIO once the child closed its end
    }
    seen.append(buffer, static_cast<size_t>(n));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  close(master);
  return seen;
}

}  // namespace

TEST_CASE("progress on a terminal shows phases and counts that only go up", "[e2e][progress]") {
  RegistryServer registry;
  TempDir dir;
  nlohmann::json packages = {{"", {{"name", "app"}}}};
  for (int i = 0; i < 6; ++i) {
    std::string name = "p" + std::to_string(i);
    std::string integrity = registry.publish(
        name, "1.0.0",
        pack_npm_files({{"package.json", "{\"name\":\"" + name + "\"}"},
                        {"index.js", "module.exports = " + std::to_string(i) + ";\n"}}));
    packages["node_modules/" + name] = {{"version", "1.0.0"}, {"integrity", integrity}};
  }
  std::string lock = dir.write(
      "app/package-lock.json",
      nlohmann::json({{"name", "app"}, {"lockfileVersion", 3}, {"packages", packages}}).dump());
  auto env = isolated_env(dir.path());
  std::string shown = run_on_terminal(
      {tarsier_binary(), "scan", "--verbose", "--registry", registry.base_url(), lock}, env);
  INFO(shown);
  CHECK(shown.find("[download]") != std::string::npos);
  CHECK(shown.find("[record] 6/6 packages") != std::string::npos);
  CHECK(shown.find(" elapsed") != std::string::npos);
  CHECK(shown.find("slowest:") != std::string::npos);
  std::regex count(R"((\d+)/6 packages)");
  int last = 0;
  for (auto it = std::sregex_iterator(shown.begin(), shown.end(), count);
       it != std::sregex_iterator(); ++it) {
    int now = std::stoi((*it)[1]);
    CHECK(now >= last);
    last = now;
  }
  CHECK(last == 6);

  // Not a terminal: nothing.
  auto piped =
      run_process({tarsier_binary(), "scan", "--registry", registry.base_url(), lock}, env);
  CHECK(piped.err.find("packages,") == std::string::npos);
}
