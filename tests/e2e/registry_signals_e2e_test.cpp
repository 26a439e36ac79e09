// End-to-end: `scan --registry-signals` compares each locked version's registry metadata (full
// npm packument, PyPI JSON API) served by the local test registry with the lockfile, the
// version's earlier releases and the archive's own package.json. Every signal has a package
// that raises it and packages that do not.
#include <catch2/catch.hpp>

#include <chrono>
#include <nlohmann/json.hpp>

#include "analyzer/util/utc_time.h"
#include "tests/support/pack.h"
#include "tests/support/pack_python.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

std::string days_ago(double days);

VersionMeta meta_of(const std::string& publisher, std::vector<std::string> maintainers,
                    const std::string& published_at) {
  VersionMeta meta;
  meta.publisher = publisher;
  meta.maintainers = std::move(maintainers);
  meta.published_at = published_at;
  return meta;
}

std::string days_ago(double days) {
  auto age = std::chrono::duration_cast<std::chrono::system_clock::duration>(
      std::chrono::duration<double, std::ratio<86400>>(days));
  return tarsier::utc_iso(std::chrono::system_clock::now() - age);
}

std::string repo_of(const std::string& name) {
  return R"({"repository": {"type": "git", "url": "git+https://github.com/example/)" + name +
         R"(.git"}})";
}

struct Locked {
  std::string name, version, integrity;
};

struct Project {
  RegistryServer server;
  TempDir dir;
  std::vector<Locked> locked;

  // Publishes `name@version` whose archive's package.json adds `manifest_extra` (JSON members)
  // and, unless `lock` is false, locks it.
  std::string publish(const std::string& name, const std::string& version, VersionMeta meta,
                      const std::string& manifest_extra = "", bool lock = true) {
    json manifest = {{"name", name}, {"version", version}};
    if (!manifest_extra.empty()) {
      manifest.merge_patch(json::parse(manifest_extra));
    }
    if (meta.manifest_json.empty()) {
      meta.manifest_json = repo_of(name);
    }
    std::string integrity = server.publish(
        name, version,
        pack_npm_files({{"package.json", manifest.dump(2)}, {"index.js", "module.exports = 1;\n"}}),
        meta);
    if (lock) {
      locked.push_back({name, version, integrity});
    }
    return integrity;
  }

  std::string lockfile() const {
    json packages = json::object();
    packages[""] = {{"name", "demo"}, {"version", "1.0.0"}};
    for (const auto& e : locked) {
      packages["node_modules/" + e.name] = {{"version", e.version}, {"integrity", e.integrity}};
    }
    return json{{"name", "demo"}, {"lockfileVersion", 3}, {"packages", packages}}.dump(2);
  }

  ProcessResult scan(std::vector<std::string> extra) const {
    std::string lock = dir.write("project/package-lock.json", lockfile());
    std::vector<std::string> args = {
        tarsier_binary(), "scan", "-q",      lock,        "--registry", server.base_url(),
        "--format",       "json", "--no-db", "--retries", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_process(args, isolated_env(dir.path()));
  }
};

std::vector<std::string> rules_of(const json& report, const std::string& name) {
  std::vector<std::string> rules;
  for (const auto& p : report.at("packages")) {
    if (p.at("name") == name) {
      for (const auto& f : p.at("findings")) {
        rules.push_back(f.at("rule"));
      }
      return rules;
    }
  }
  FAIL("no package " << name);
  return rules;
}

bool has(const json& report, const std::string& name, const std::string& rule) {
  auto rules = rules_of(report, name);
  return std::find(rules.begin(), rules.end(), rule) != rules.end();
}

std::string message_of(const json& report, const std::string& name, const std::string& rule) {
  for (const auto& p : report.at("packages")) {
    for (const auto& f : p.at("findings")) {
      if (p.at("name") == name && f.at("rule") == rule) {
        return f.at("message").get<std::string>() + " [" + f.at("severity").get<std::string>() +
               "]";
      }
    }
  }
  return "";
}

const std::vector<std::string> k_signal_rules = {
    "release-age",        "version-unpublished",
    "deprecated-version", "yanked-version",
    "publisher-change",   "dependency-added-in-patch",
    "repository-missing", "repository-mismatch",
    "manifest-confusion", "registry-metadata-unavailable"};

// Publishes one package per signal plus a plain old one that raises none.
void publish_all(Project& p) {
  VersionMeta old = meta_of("alice", {"alice"}, days_ago(400));
  p.publish("plain-pad", "1.0.0", old);

  VersionMeta fresh = old;
  fresh.published_at = days_ago(1.0 / 24);
  p.publish("fresh-pad", "1.0.0", fresh);

  VersionMeta earlier = old;
  p.publish("taken-over", "1.0.0", earlier, "", false);
  earlier.published_at = days_ago(300);
  p.publish("taken-over", "1.0.1", earlier, "", false);
  VersionMeta stranger = meta_of("mallory", {"alice", "mallory"}, days_ago(10));
  p.publish("taken-over", "1.0.2", stranger);

  VersionMeta base = old;
  base.published_at = days_ago(200);
  p.publish("patch-deps", "2.0.0", base, "", false);
  VersionMeta with_dep = old;
  with_dep.published_at = days_ago(100);
  with_dep.dependencies = {"plain-pad"};
  p.publish("patch-deps", "2.0.1", with_dep, R"({"dependencies": {"plain-pad": "^1.0.0"}})");

  VersionMeta deprecated = old;
  deprecated.manifest_json =
      R"({"deprecated": "use plain-pad instead", "repository": "github:example/old-api"})";
  p.publish("old-api", "1.0.0", deprecated);

  VersionMeta no_repo = old;
  no_repo.manifest_json = "{}";
  p.publish("no-repo", "1.0.0", no_repo);
  VersionMeta borrowed = old;
  borrowed.manifest_json = R"({"repository": "github:lodash/lodash"})";
  p.publish("quick-merge", "1.0.0", borrowed);

  // The archive runs a postinstall script the registry's manifest does not show.
  p.publish("confused", "1.0.0", old, R"({"scripts": {"postinstall": "node index.js"}})");

  // Locked at a version the registry no longer lists.
  p.publish("gone", "1.0.0", old, "", false);
  p.locked.push_back({"gone", "1.0.1", p.locked.front().integrity});
}

}  // namespace

TEST_CASE("registry signals: each one is raised by its package and by no other",
          "[e2e][registry-signals]") {
  Project p;
  publish_all(p);
  auto run = p.scan({"--registry-signals", "--cache-dir", p.dir.path() + "/cache"});
  INFO(run.out << run.err);
  json report = json::parse(run.out);

  const std::map<std::string, std::string> expected = {
      {"fresh-pad", "release-age"},
      {"taken-over", "publisher-change"},
      {"patch-deps", "dependency-added-in-patch"},
      {"old-api", "deprecated-version"},
      {"no-repo", "repository-missing"},
      {"quick-merge", "repository-mismatch"},
      {"confused", "manifest-confusion"},
      {"gone", "version-unpublished"},
  };
  for (const auto& [name, rule] : expected) {
    INFO(name);
    CHECK(has(report, name, rule));
  }
  // Negative cases: the plain package raises no signal, and each package only its own.
  for (const auto& rule : k_signal_rules) {
    INFO(rule);
    CHECK_FALSE(has(report, "plain-pad", rule));
    for (const auto& [name, own] : expected) {
      if (own != rule) {
        INFO(name);
        CHECK_FALSE(has(report, name, rule));
      }
    }
  }
  CHECK(message_of(report, "fresh-pad", "release-age").ends_with("[low]"));
  CHECK(message_of(report, "taken-over", "publisher-change").find("'mallory'") !=
        std::string::npos);
  CHECK(message_of(report, "patch-deps", "dependency-added-in-patch").find("plain-pad@^1.0.0") !=
        std::string::npos);
  CHECK(message_of(report, "old-api", "deprecated-version").find("use plain-pad instead") !=
        std::string::npos);
  CHECK(message_of(report, "confused", "manifest-confusion")
            .find("scripts postinstall only in the archive") != std::string::npos);
  // One full packument per name, even for names locked twice or published several times.
  CHECK(p.server.request_count("/taken-over") == 1);

  SECTION("without the option no metadata is asked for") {
    auto plain = p.scan({"--cache-dir", p.dir.path() + "/cache2"});
    json second = json::parse(plain.out);
    for (const auto& rule : k_signal_rules) {
      CHECK_FALSE(has(second, "fresh-pad", rule));
      CHECK_FALSE(has(second, "confused", rule));
    }
    CHECK(p.server.request_count("/taken-over") == 1);
  }
}

TEST_CASE("a minimum release age fails the gate on younger versions only",
          "[e2e][registry-signals]") {
  Project p;
  VersionMeta old = meta_of("alice", {"alice"}, days_ago(400));
  p.publish("plain-pad", "1.0.0", old);
  VersionMeta fresh = old;
  fresh.published_at = days_ago(1.0 / 24);
  p.publish("fresh-pad", "1.0.0", fresh);

  auto gated = p.scan({"--min-release-age", "2d"});
  INFO(gated.out << gated.err);
  CHECK(gated.exit_code == 1);
  json report = json::parse(gated.out);
  CHECK(message_of(report, "fresh-pad", "release-age").ends_with("[high]"));
  CHECK(message_of(report, "fresh-pad", "release-age").find("less than --min-release-age 2d") !=
        std::string::npos);
  CHECK_FALSE(has(report, "plain-pad", "release-age"));

  auto shorter = p.scan({"--min-release-age", "30m"});
  CHECK(shorter.exit_code == 0);
  CHECK_FALSE(has(json::parse(shorter.out), "fresh-pad", "release-age"));

  // The policy key does the same; the command line wins over it.
  p.dir.write("project/.tarsier.yml", "min-release-age: 3d\n");
  CHECK(p.scan({}).exit_code == 1);
  CHECK(p.scan({"--min-release-age", "10m"}).exit_code == 0);

  CHECK(p.scan({"--min-release-age", "soon"}).exit_code == 2);
}

TEST_CASE("registry signals offline use cached metadata and say when there is none",
          "[e2e][registry-signals]") {
  Project p;
  VersionMeta fresh = meta_of("alice", {}, days_ago(0.5));
  p.publish("fresh-pad", "1.0.0", fresh);
  // A malformed answer is reported with its position, and the rest of the scan goes on.
  p.publish("broken-meta", "1.0.0", fresh);
  p.server.serve("/broken-meta", "{\"versions\": [1,", "application/json");

  std::string cache = p.dir.path() + "/cache";
  auto online = p.scan({"--registry-signals", "--cache-dir", cache});
  INFO(online.out << online.err);
  json first = json::parse(online.out);
  CHECK(has(first, "fresh-pad", "release-age"));
  std::string broken = message_of(first, "broken-meta", "registry-metadata-unavailable");
  CHECK(broken.find("/broken-meta:1:") != std::string::npos);
  CHECK(rules_of(first, "broken-meta").size() == 1);

  auto offline = p.scan({"--registry-signals", "--offline", "--cache-dir", cache});
  json second = json::parse(offline.out);
  CHECK(has(second, "fresh-pad", "release-age"));
  CHECK_FALSE(has(second, "fresh-pad", "registry-metadata-unavailable"));

  auto empty = p.scan({"--min-release-age", "1h", "--offline", "--cache-dir", cache + "-empty"});
  json third = json::parse(empty.out);
  std::string why = message_of(third, "fresh-pad", "registry-metadata-unavailable");
  CHECK(why.find("offline and the registry metadata is not cached") != std::string::npos);
  CHECK(why.ends_with("[high]"));  // a gate that could not be checked does not pass
  CHECK(empty.exit_code == 1);
}

TEST_CASE("registry signals read the PyPI JSON API: yanked and young releases",
          "[e2e][registry-signals][pypi]") {
  RegistryServer server;
  TempDir dir;
  std::string requirements;
  for (const auto& [name, yanked] : {std::pair{"tidy-strings", false}, {"env-beacon", true}}) {
    FileList files = read_tree(source_path(std::string("fixtures/pypi/") + name));
    std::string wheel = pack_wheel(name, "2.1.0", files);
    std::string file = wheel_file_name(name, "2.1.0");
    std::string sha = sha256_hex(wheel);
    server.serve("/packages/" + file, wheel);
    server.serve(std::string("/simple/") + name + "/",
                 "<html><body><a href=\"../../packages/" + file + "#sha256=" + sha + "\">" + file +
                     "</a></body></html>",
                 "text/html");
    json release = {{"upload_time_iso_8601", yanked ? days_ago(0.2) : days_ago(300)},
                    {"yanked", yanked},
                    {"yanked_reason", yanked ? json("broken build") : json(nullptr)}};
    json doc = {
        {"info",
         {{"name", name},
          {"version", "2.1.0"},
          {"project_urls", {{"Source", std::string("https://github.com/example/") + name}}}}},
        {"releases",
         {{"2.0.0", json::array({{{"upload_time_iso_8601", days_ago(400)}}})},
          {"2.1.0", json::array({release})}}}};
    server.serve(std::string("/pypi/") + name + "/json", doc.dump(), "application/json");
    requirements += std::string(name) + "==2.1 --hash=sha256:" + sha + "\n";
  }
  std::string lock = dir.write("project/requirements.txt", requirements);
  auto run = run_process(
      {tarsier_binary(), "scan", "-q", lock, "--index-url", server.base_url() + "simple/",
       "--format", "json", "--no-db", "--registry-signals", "--retries", "0"},
      isolated_env(dir.path()));
  INFO(run.out << run.err);
  json report = json::parse(run.out);
  CHECK(has(report, "env-beacon", "yanked-version"));
  CHECK(message_of(report, "env-beacon", "yanked-version").find("broken build") !=
        std::string::npos);
  CHECK(has(report, "env-beacon", "release-age"));
  for (const auto& rule : k_signal_rules) {
    INFO(rule);
    CHECK_FALSE(has(report, "tidy-strings", rule));
  }
  CHECK(server.request_count("/pypi/tidy-strings/json") == 1);
}
