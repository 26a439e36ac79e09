// A risk database that cannot be written costs the record, never the report: a read-only
// database (file or folder) and a full disk each give a clear error on standard error and in
// the report's warnings, exit code 3, the whole report, and a database that is still
// consistent. The read-only folder is a read-only bind mount and the full disk a small tmpfs,
// both in a private mount namespace (permissions alone do not stop root).
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/db_samples.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

// `unshare` arguments that give a private mount namespace here (as root or through a user
// namespace), or empty when the system allows neither.
std::vector<std::string> namespace_prefix() {
  static const std::vector<std::string> prefix = [] {
    for (std::vector<std::string> candidate :
         {std::vector<std::string>{"/usr/bin/unshare", "--user", "--map-root-user", "--mount"},
          std::vector<std::string>{"/usr/bin/unshare", "--mount"}}) {
      std::vector<std::string> probe = candidate;
      probe.insert(probe.end(), {"/bin/sh", "-c", "mount -t tmpfs -o size=64k none /mnt"});
      if (run_process(probe).exit_code == 0) {
        return candidate;
      }
    }
    return std::vector<std::string>{};
  }();
  return prefix;
}

// Whether the kernel gives this process a private mount namespace (as root, or through a user
// namespace), asked in a forked child.
bool kernel_offers_mount_namespace() {
  pid_t pid = fork();
  if (pid == 0) {
    _exit(unshare(CLONE_NEWNS) == 0 || unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0 ? 0 : 1);
  }
  int status = 0;
  return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0;
}

// True when the tests below can run. Where the kernel offers mount namespaces they must: a
// missing or failing `unshare` then fails the test. Only where the kernel refuses them is the
// test left out, and says so.
bool have_mount_namespace(const std::string& untested) {
  if (!namespace_prefix().empty()) {
    return true;
  }
  INFO("the kernel offers mount namespaces, but /usr/bin/unshare could not mount a tmpfs");
  REQUIRE_FALSE(kernel_offers_mount_namespace());
  WARN("the kernel refuses private mount namespaces here: " + untested + " not tested");
  return false;
}

struct Project {
  RegistryServer server;
  TempDir dir;
  std::string lock;
  std::string db_dir;

  Project() : db_dir(dir.path() + "/data") {
    std::filesystem::create_directories(db_dir);
    json packages = {{"", {{"name", "demo"}}}};
    for (auto [name, version] : {std::pair{"tiny-pad", "1.0.0"}, {"fetchy", "2.1.0"}}) {
      std::string integrity =
          server.publish_dir(name, version, source_path(std::string("fixtures/packages/") + name));
      packages[std::string("node_modules/") + name] = {
          {"version", version},
          {"resolved", server.base_url() + tarball_path(name, version).substr(1)},
          {"integrity", integrity}};
    }
    lock = dir.write("project/package-lock.json",
                     json{{"name", "demo"}, {"lockfileVersion", 3}, {"packages", packages}}.dump());
    dir.write("project/.npmrc", "registry=" + server.base_url() + "\n");
  }

  // Runs `scan --format json --db DB LOCK`, after `setup` (shell code; $D is the database
  // folder) in a private mount namespace when `setup` is not empty.
  ProcessResult scan(const std::string& db, const std::string& setup = "") const {
    std::vector<std::string> argv;
    if (!setup.empty()) {
      argv = namespace_prefix();
      argv.insert(argv.end(), {"/bin/sh", "-c", setup, "sh", db_dir});
    }
    argv.insert(argv.end(), {tarsier_binary(), "scan", "-q", "--format", "json", "--db", db,
                             "--fail-on", "critical", lock});
    return run_process(argv, isolated_env(dir.path()));
  }

  // Runs `diff --format json --db DB BASE LOCK` (BASE: the same project without packages) in a
  // private mount namespace after `setup`, as scan() does.
  ProcessResult diff(const std::string& db, const std::string& setup) const {
    std::string base = dir.write(
        "base/package-lock.json",
        json{{"name", "demo"}, {"lockfileVersion", 3}, {"packages", {{"", {{"name", "demo"}}}}}}
            .dump());
    std::vector<std::string> argv = namespace_prefix();
    argv.insert(argv.end(), {"/bin/sh", "-c", setup, "sh", db_dir});
    argv.insert(argv.end(), {tarsier_binary(), "diff", "-q", "--format", "json", "--db", db,
                             "--fail-on", "critical", base, lock});
    return run_process(argv, isolated_env(dir.path()));
  }
};

// The report is whole: both packages analysed, and the database problem among its warnings.
void check_report_kept(const ProcessResult& run, const std::string& expected_error) {
  INFO(run.out << run.err);
  CHECK(run.exit_code == 3);
  CHECK(run.err.find("tarsier scan: risk database") != std::string::npos);
  CHECK(run.err.find(expected_error) != std::string::npos);
  json report = json::parse(run.out);
  REQUIRE(report["packages"].size() == 2);
  for (const auto& package : report["packages"]) {
    CHECK(package["error"].is_null());
  }
  CHECK(report["exit_code"] == 3);
  CHECK(report["warnings"].dump().find("risk database") != std::string::npos);
}

}  // namespace

TEST_CASE("a read-only risk database costs the record, not the report", "[hardening][db]") {
  if (!have_mount_namespace("read-only database")) {
    return;
  }
  Project project;
  std::string db = project.db_dir + "/risk.db";
  REQUIRE(project.scan(db).exit_code == 0);
  CHECK(query_db(db, "SELECT count(*) FROM scans") == "1\n");

  SECTION("the database's folder is read-only") {
    auto run = project.scan(db, "mount --bind -o ro \"$1\" \"$1\" && shift && exec \"$@\"");
    check_report_kept(run, "readonly");
  }
  SECTION("a new database in a read-only folder") {
    auto run = project.scan(project.db_dir + "/new/risk.db",
                            "mount --bind -o ro \"$1\" \"$1\" && shift && exec \"$@\"");
    check_report_kept(run, "cannot create directory");
  }
  CHECK(query_db(db, "PRAGMA integrity_check") == "ok\n");
  CHECK(query_db(db, "SELECT count(*) FROM scans") == "1\n");
  CHECK(query_db(db, "SELECT count(*) FROM scans WHERE finished_at IS NULL") == "0\n");
}

TEST_CASE("diff reports a risk database it cannot write and keeps the report", "[hardening][db]") {
  if (!have_mount_namespace("read-only database")) {
    return;
  }
  Project project;
  std::string db = project.db_dir + "/risk.db";
  REQUIRE(project.scan(db).exit_code == 0);
  auto run = project.diff(db, "mount --bind -o ro \"$1\" \"$1\" && shift && exec \"$@\"");
  INFO(run.out << run.err);
  CHECK(run.exit_code == 3);
  CHECK(run.err.find("tarsier diff: warning: risk database") != std::string::npos);
  json report = json::parse(run.out);
  CHECK(report["summary"]["added"] == 2);
  CHECK(report["warnings"].dump().find("risk database") != std::string::npos);
  CHECK(query_db(db, "SELECT count(*) FROM scans") == "1\n");
}

TEST_CASE("a full disk costs the record, not the report, and leaves the database consistent",
          "[hardening][db]") {
  if (!have_mount_namespace("full disk")) {
    return;
  }
  Project project;
  std::string db = project.db_dir + "/risk.db";
  REQUIRE(project.scan(db).exit_code == 0);
  std::string seed = project.dir.path() + "/seed";
  std::filesystem::create_directories(seed);
  std::filesystem::copy_file(db, seed + "/risk.db");

  // A 1 MiB tmpfs over the database folder holding a copy of the database, filled up but for
  // `room` bytes; after the scan the database files are copied out to be checked.
  for (int room : {0, 16 * 1024, 64 * 1024}) {
    DYNAMIC_SECTION("free space: " << room << " bytes") {
      std::string setup = "mount -t tmpfs -o size=1m none \"$1\" && cp " + seed +
                          "/risk.db \"$1\"/ && head -c $((1024 * 1024 - " + std::to_string(room) +
                          " - $(du -b \"$1\"/risk.db | cut -f1))) /dev/zero > \"$1\"/fill "
                          "2>/dev/null; d=\"$1\"; shift; \"$@\"; code=$?; rm -f \"$d\"/fill; cp "
                          "\"$d\"/risk.db* " +
                          seed + "/out/ && exit $code";
      std::filesystem::create_directories(seed + "/out");
      auto run = project.scan(db, setup);
      check_report_kept(run, "full");
      std::string out = seed + "/out/risk.db";
      CHECK(query_db(out, "PRAGMA integrity_check") == "ok\n");
      // The earlier scan is intact; the failed one is finished (exit code 3) or left unfinished.
      CHECK(query_db(out, "SELECT exit_code FROM scans WHERE id = 1") == "0\n");
      CHECK(query_db(out,
                     "SELECT count(*) FROM scans WHERE id > 1 AND finished_at IS NOT NULL "
                     "AND exit_code != 3") == "0\n");
      std::filesystem::remove_all(seed + "/out");
    }
  }
}
