// The registry fault matrix: one table, each fault injected into one package's answer on the
// local test registry, through the real binary with a real risk database and archive cache.
// Every row: that package fails with its reason, the other package is analysed, nothing of the
// failed package is cached, the exit code says incomplete (or findings), and the .npmrc token
// appears in no output and no database byte.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

#include "tests/support/pack_python.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

const std::string k_token = "npm_s3cr3tT0kenValue";

struct FaultCase {
  std::string name;
  std::function<void(RegistryServer&, RegistryServer&, const std::string&)> inject;
  std::string reason;  // in the failed package's error
  int exit_code = 3;
  bool tampered = false;  // an integrity-mismatch finding instead of an error
};

// A TCP port on 127.0.0.1 with nothing listening.
int closed_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

std::vector<FaultCase> fault_cases() {
  using S = RegistryServer;
  auto fault = [](Fault f, int delay_ms = 0) {
    return [f, delay_ms](S& server, S&, const std::string& path) {
      server.inject(path, {f, -1, 1, delay_ms});
    };
  };
  auto status = [](int code) {
    return [code](S& server, S&, const std::string& path) {
      server.serve(path, "denied", "text/plain", code);
    };
  };
  return {
      {"500", fault(Fault::server_error), "HTTP 500"},
      {"503 with Retry-After",
       [](S& server, S&, const std::string& path) {
         server.serve_reply(path, HttpReply{503, "text/plain", "busy", {"Retry-After: 1"}});
       },
       "HTTP 503"},
      {"429", fault(Fault::too_many_requests), "HTTP 429"},
      {"404", fault(Fault::not_found), "HTTP 404"},
      {"401", status(401), "HTTP 401"},
      {"403", status(403), "HTTP 403"},
      {"truncated body", fault(Fault::truncated), "before the whole body arrived"},
      {"stalled body", fault(Fault::stalled, 5000), "stalled"},
      {"wrong integrity", fault(Fault::wrong_bytes), "", 1, true},
      {"HTML instead of the archive", fault(Fault::html), "HTML page instead of an archive"},
      {"connection reset", fault(Fault::reset), ""},
      {"redirect loop", [](S& server, S&, const std::string& path) { server.redirect(path, path); },
       "too many redirects"},
      {"redirect to a non-http URL",
       [](S& server, S&, const std::string& path) { server.redirect(path, "file:///etc/passwd"); },
       "refused a redirect"},
      {"connection refused",
       [](S& server, S&, const std::string& path) {
         server.redirect(path, "http://127.0.0.1:" + std::to_string(closed_port()) + path);
       },
       ""},
      {"redirect to another host",
       [](S& server, S& other, const std::string& path) {
         other.serve(path, "<!DOCTYPE html><html>elsewhere</html>", "text/html");
         server.redirect(path, "http://localhost:" + std::to_string(other.port()) + path);
       },
       "HTML page instead of an archive"},
  };
}

std::string read_all(const std::string& path) {
  return std::filesystem::exists(path) ? read_text_file(path) : "";
}

int cached_archives(const std::string& cache_dir) {
  int count = 0;
  if (!std::filesystem::exists(cache_dir)) {
    return 0;
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(cache_dir)) {
    count +=
        entry.is_regular_file() && entry.path().string().find("/metadata/") == std::string::npos;
  }
  return count;
}

}  // namespace

TEST_CASE("registry fault matrix (npm)", "[hardening][e2e][faults]") {
  for (const auto& fault : fault_cases()) {
    DYNAMIC_SECTION(fault.name) {
      RegistryServer server;
      RegistryServer other;
      TempDir dir;
      json packages = {{"", {{"name", "demo"}}}};
      for (auto [name, version] : {std::pair{"tiny-pad", "1.0.0"}, {"fetchy", "2.1.0"}}) {
        std::string integrity = server.publish_dir(
            name, version, source_path(std::string("fixtures/packages/") + name));
        packages[std::string("node_modules/") + name] = {
            {"version", version},
            {"resolved", server.base_url().substr(0, server.base_url().size() - 1) +
                             tarball_path(name, version)},
            {"integrity", integrity}};
      }
      std::string lock =
          dir.write("project/package-lock.json",
                    json{{"name", "demo"}, {"lockfileVersion", 3}, {"packages", packages}}.dump());
      std::string host = server.base_url().substr(5);  // "//127.0.0.1:PORT/"
      dir.write("project/.npmrc",
                "registry=" + server.base_url() + "\n" + host + ":_authToken=" + k_token + "\n");
      fault.inject(server, other, tarball_path("fetchy", "2.1.0"));

      std::string db = dir.path() + "/risk.db";
      auto run = run_process({tarsier_binary(), "scan", "-q", "--format", "json", "--db", db,
                              "--retries", "1", "--timeout", "4", lock},
                             isolated_env(dir.path()));
      INFO(run.out << run.err);
      CHECK(run.exit_code == fault.exit_code);
      json report = json::parse(run.out);
      for (const auto& p : report["packages"]) {
        if (p["name"] == "tiny-pad") {
          CHECK(p["error"].is_null());
        } else if (fault.tampered) {
          CHECK(p["risk"] == "critical");
          CHECK(p.dump().find("integrity-mismatch") != std::string::npos);
        } else {
          REQUIRE(p["error"].is_string());
          CHECK(p["error"].get<std::string>().find(fault.reason) != std::string::npos);
        }
      }
      CHECK(cached_archives(dir.path() + "/cache") == 1);  // tiny-pad only
      for (const std::string& text :
           {run.out, run.err, read_all(db), read_all(db + "-wal"), read_all(db + "-journal")}) {
        CHECK(text.find(k_token) == std::string::npos);
      }
      for (const auto& header : other.last_request_headers(tarball_path("fetchy", "2.1.0"))) {
        CHECK(header.find("authorization") == std::string::npos);  // credentials never follow
      }
    }
  }
}

TEST_CASE("registry fault matrix (PyPI)", "[hardening][e2e][faults]") {
  const std::string password = "pyP4ssw0rdSecret";
  for (const auto& fault : fault_cases()) {
    DYNAMIC_SECTION(fault.name) {
      RegistryServer server;
      RegistryServer other;
      TempDir dir;
      std::string requirements;
      std::string failing_path;
      std::string failing_sha;
      for (auto [name, fixture] :
           {std::pair{"tidy-strings", "tidy-strings"}, {"env-beacon", "env-beacon"}}) {
        FileList files = read_tree(source_path(std::string("fixtures/pypi/") + fixture));
        std::string wheel = pack_wheel(name, "1.0.0", files);
        std::string file = wheel_file_name(name, "1.0.0");
        std::string sha = sha256_hex(wheel);
        server.serve("/packages/" + file, wheel);
        server.serve(std::string("/simple/") + name + "/",
                     "<!DOCTYPE html><html><body><a href=\"../../packages/" + file +
                         "#sha256=" + sha + "\">" + file + "</a></body></html>",
                     "text/html");
        requirements += std::string(name) + "==1.0.0 --hash=sha256:" + sha + "\n";
        if (std::string(name) == "env-beacon") {
          failing_path = "/packages/" + file;
          failing_sha = sha;
        }
      }
      std::string lock = dir.write("project/requirements.txt", requirements);
      fault.inject(server, other, failing_path);
      std::string index = "http://user:" + password + "@" + server.base_url().substr(7) + "simple/";
      std::string db = dir.path() + "/risk.db";
      auto run = run_process({tarsier_binary(), "scan", "-q", "--format", "json", "--db", db,
                              "--retries", "1", "--timeout", "4", "--index-url", index, lock},
                             isolated_env(dir.path()));
      INFO(run.out << run.err);
      CHECK(run.exit_code == fault.exit_code);
      json report = json::parse(run.out);
      for (const auto& p : report["packages"]) {
        if (p["name"] == "tidy-strings") {
          CHECK(p["error"].is_null());
        } else if (fault.tampered) {
          CHECK(p["risk"] == "critical");
        } else {
          REQUIRE(p["error"].is_string());
          CHECK(p["error"].get<std::string>().find(fault.reason) != std::string::npos);
        }
      }
      for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
        CHECK(entry.path().filename() != failing_sha);  // the failed wheel is never cached
      }
      for (const std::string& text :
           {run.out, run.err, read_all(db), read_all(db + "-wal"), read_all(db + "-journal")}) {
        CHECK(text.find(password) == std::string::npos);
      }
      for (const auto& header : other.last_request_headers(failing_path)) {
        CHECK(header.find("authorization") == std::string::npos);
      }
    }
  }
}
