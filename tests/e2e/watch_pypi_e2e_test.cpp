// End-to-end: `tarsier watch` (the real binary) on a requirements.txt against a local Python
// package index (PEP 503 pages, the JSON API and the files on 127.0.0.1): a release published
// while watching is analysed and compared with the locked one; a release that starts running
// subprocesses raises exactly one alert, a benign one raises none.

#include <catch2/catch.hpp>

#include <csignal>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "tests/support/background_process.h"
#include "tests/support/db_samples.h"
#include "tests/support/pack_python.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

const char* k_name = "tidy-strings";

// tidy-strings with a module reading a setting from the environment (risk low), the locked
// release.
FileList locked_files() {
  FileList files = read_tree(source_path("fixtures/pypi/tidy-strings"));
  files.emplace_back("tidy_strings/config.py",
                     "import os\n\n\ndef width():\n    return os.getenv(\"TIDY_WIDTH\")\n");
  return files;
}

// A release that also runs a command: one capability the locked one lacks, the same risk.
FileList with_subprocess(FileList files) {
  files.emplace_back("tidy_strings/shell.py",
                     "import subprocess\n\n\ndef branch():\n"
                     "    return subprocess.run([\"git\", \"branch\"], capture_output=True)\n");
  return files;
}

// An index serving every published release of tidy-strings as sdist and wheel: the Simple page
// (/simple/tidy-strings/), the JSON API (/pypi/tidy-strings/json) and the files (/packages/).
class WatchedIndex {
 public:
  RegistryServer server;

  std::string publish(const std::string& version, const FileList& files) {
    std::string wheel = pack_wheel(k_name, version, files);
    std::string sdist = pack_sdist(k_name, version, files);
    m_links += link(wheel_file_name(k_name, version), wheel);
    m_links += link(sdist_file_name(k_name, version), sdist);
    m_releases[version] = json::array({{{"upload_time_iso_8601", "2026-01-01T00:00:00Z"},
                                        {"filename", wheel_file_name(k_name, version)}}});
    server.serve(std::string("/simple/") + k_name + "/",
                 "<html><body>" + m_links + "</body></html>", "text/html");
    json doc = {{"info", {{"name", k_name}, {"version", version}}}, {"releases", m_releases}};
    server.serve(std::string("/pypi/") + k_name + "/json", doc.dump(), "application/json");
    return sha256_hex(wheel);
  }

 private:
  std::string link(const std::string& file, const std::string& bytes) {
    server.serve("/packages/" + file, bytes);
    return "<a href=\"../../packages/" + file + "#sha256=" + sha256_hex(bytes) + "\">" + file +
           "</a>\n";
  }

  std::string m_links;
  json m_releases = json::object();
};

struct PypiWatch {
  WatchedIndex index;
  TempDir dir;
  FileList files = locked_files();
  std::string lockfile;

  PypiWatch() {
    std::string sha = index.publish("2.1.0", files);
    lockfile = dir.write("project/requirements.txt",
                         std::string(k_name) + "==2.1.0 --hash=sha256:" + sha + "\n");
  }

  std::string db() const { return dir.path() + "/risk.db"; }
  std::string jsonl() const { return dir.path() + "/alerts.jsonl"; }

  std::vector<std::string> args(std::vector<std::string> extra) const {
    std::vector<std::string> argv = {tarsier_binary(),
                                     "watch",
                                     lockfile,
                                     "--index-url",
                                     index.server.base_url() + "simple/",
                                     "--db",
                                     db(),
                                     "--interval",
                                     "1s",
                                     "--alert-jsonl",
                                     jsonl(),
                                     "--no-policy"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  }

  std::string query(const std::string& sql) const { return tarsier::test::try_query_db(db(), sql); }

  std::vector<std::string> jsonl_keys() const {
    return tarsier::test::jsonl_strings(jsonl(), "key");
  }
};

}  // namespace

TEST_CASE("watch on a Python lockfile: a release that runs commands alerts exactly once",
          "[e2e][watch][pypi]") {
  PypiWatch box;
  BackgroundProcess watch(box.args({}), isolated_env(box.dir.path()));
  REQUIRE(watch.started());
  REQUIRE(wait_until(
      [&] {
        return box.query("SELECT count(*) FROM analyses") == "1\n" &&
               box.query("SELECT count(*) FROM watch_targets WHERE ok_at IS NOT NULL") == "1\n";
      },
      60000));
  CHECK(box.query("SELECT count(*) FROM alerts") == "0\n");

  box.index.publish("2.2.0", with_subprocess(box.files));
  bool alerted = wait_until([&] { return !box.jsonl_keys().empty(); }, 60000);
  // When no alert comes, what the watcher said (or why it stopped) is the diagnosis.
  INFO("exit status: " << watch.wait(0) << "; standard error:\n" << watch.err());
  REQUIRE(alerted);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // a few more rounds
  watch.signal(SIGTERM);
  CHECK(watch.wait(20000) == 0);
  INFO(watch.out() << watch.err());
  CHECK(box.query("SELECT dedup_key FROM alerts") ==
        "new-capability:pypi:tidy-strings@2.2.0:shell\n");
  CHECK(box.jsonl_keys() ==
        std::vector<std::string>{"new-capability:pypi:tidy-strings@2.2.0:shell"});
  CHECK(box.query("SELECT version, state FROM registry_versions ORDER BY version") ==
        "2.1.0|history\n2.2.0|done\n");
  CHECK(watch.out().find("pypi:tidy-strings@2.2.0") != std::string::npos);
}

TEST_CASE("watch --once on a Python lockfile: a benign release raises no alert",
          "[e2e][watch][pypi]") {
  PypiWatch box;
  auto env = isolated_env(box.dir.path());
  ProcessResult first = run_process(box.args({"--once"}), env);
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  FileList files = box.files;
  files.emplace_back("tidy_strings/pad.py",
                     "def pad(text, width):\n    return text.ljust(width)\n");
  box.index.publish("2.1.1", files);
  ProcessResult second = run_process(box.args({"--once"}), env);
  INFO(second.out << second.err);
  CHECK(second.exit_code == 0);
  CHECK(second.out.find("1 new version(s), 0 alert(s)") != std::string::npos);
  CHECK(box.query("SELECT count(*) FROM alerts") == "0\n");
  CHECK(read_text_file(box.jsonl()).empty());
  CHECK(box.query("SELECT count(*) FROM analyses") == "2\n");
}
