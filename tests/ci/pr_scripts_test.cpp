// The pull-request workflow as ci/action.yml runs it: ci/pr/diff.sh on a throwaway git
// repository whose two commits change a lockfile, against the local registry; then
// ci/pr/comment.sh against a local stand-in for the GitHub REST API.
#include <catch2/catch.hpp>

#include <mutex>
#include <nlohmann/json.hpp>

#include "tests/support/http_server.h"
#include "tests/support/json_schema.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier::test;
using nlohmann::json;

namespace {

std::string lockfile(const std::vector<std::pair<std::string, std::string>>& entries,
                     const RegistryServer& server) {
  json packages = json::object();
  packages[""] = {{"name", "demo"}, {"version", "1.0.0"}};
  for (const auto& [name, version] : entries) {
    packages["node_modules/" + name] = {
        {"version", version},
        {"resolved", server.base_url() + tarball_path(name, version).substr(1)}};
  }
  return json{{"name", "demo"}, {"lockfileVersion", 3}, {"packages", packages}}.dump(2) + "\n";
}

void git(const TempDir& repo, std::vector<std::string> args) {
  args.insert(args.begin(), "git");
  auto run = run_process(args, isolated_env(repo.path()), repo.path() + "/project");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
}

void require_valid(const std::string& schema_path, const std::string& text) {
  std::string error;
  auto schema = JsonSchema::load(source_path(schema_path), &error);
  INFO(error);
  REQUIRE(schema.has_value());
  auto errors = schema->validate_text(text);
  for (const auto& e : errors) {
    UNSCOPED_INFO(e);
  }
  REQUIRE(errors.empty());
}

}  // namespace

TEST_CASE("ci/pr/diff.sh writes the diff, SARIF and Markdown of a lockfile change", "[ci][e2e]") {
  RegistryServer server;
  server.publish_dir("tiny-pad", "1.0.0", source_path("fixtures/packages/tiny-pad"));
  // The update of tiny-pad brings the code of a package that talks to the network.
  server.publish_dir("tiny-pad", "1.1.0", source_path("fixtures/packages/fetchy"));
  server.publish_dir("evil-setup", "0.0.1", source_path("fixtures/packages/evil-setup"));

  TempDir repo;
  repo.write("project/package-lock.json", lockfile({{"tiny-pad", "1.0.0"}}, server));
  git(repo, {"init", "-q"});
  git(repo, {"-c", "user.name=t", "-c", "user.email=t@example.invalid", "add", "."});
  git(repo, {"-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "1"});
  repo.write("project/package-lock.json",
             lockfile({{"tiny-pad", "1.1.0"}, {"evil-setup", "0.0.1"}}, server));
  git(repo,
      {"-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-a", "-m", "2"});

  std::string out = repo.path() + "/report";
  auto env = isolated_env(repo.path());
  env["TARSIER"] = tarsier_binary();
  env["OUT_DIR"] = out;
  env["TARSIER_ARGS"] = "--registry " + server.base_url() + " --db " + repo.path() + "/risk.db";
  auto run = run_process({"bash", source_path("ci/pr/diff.sh"), "HEAD~1", "package-lock.json"}, env,
                         repo.path() + "/project");
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 1);  // evil-setup adds an install-time threat
  CHECK(read_text_file(out + "/exit-code") == "1\n");
  CHECK(run.out.find("evil-setup") != std::string::npos);  // the text report is printed

  std::string diff_json = read_text_file(out + "/diff.json");
  require_valid("analyzer/diff/diff-report.schema.json", diff_json);
  json diff = json::parse(diff_json);
  CHECK(diff["summary"]["added"] == 1);
  CHECK(diff["summary"]["changed"] == 1);

  std::string sarif_text = read_text_file(out + "/tarsier.sarif");
  require_valid("analyzer/report/sarif-2.1.0-subset.schema.json", sarif_text);
  json sarif = json::parse(sarif_text);
  bool evil_result = false;
  for (const auto& result : sarif["runs"][0]["results"]) {
    std::string package = result["properties"]["package"];
    evil_result = evil_result || package.find("evil-setup") != std::string::npos;
    // Anchored to the lockfile as the repository names it.
    CHECK(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
          "package-lock.json");
  }
  CHECK(evil_result);

  std::string markdown = read_text_file(out + "/comment.md");
  CHECK(markdown.find("evil-setup") != std::string::npos);
  // The verdict leads; tiny-pad's update adds nothing at fail-on and is folded.
  CHECK(markdown.find("### tarsier: 1 change adds risk at or above high") != std::string::npos);
  auto folded = markdown.find("<details><summary>Other changes (");
  REQUIRE(folded != std::string::npos);
  CHECK(markdown.find("<code>tiny-pad</code>", folded) != std::string::npos);
  CHECK(markdown.size() < 60000);
}

TEST_CASE("ci/pr/comment.sh creates one comment, then updates it", "[ci][e2e]") {
  std::mutex mutex;
  std::vector<HttpRequest> seen;
  bool have_comment = false;
  HttpServer api([&](const HttpRequest& request) {
    std::lock_guard lock(mutex);
    seen.push_back(request);
    HttpReply reply;
    reply.content_type = "application/json";
    if (request.method == "GET" && request.path == "/repos/o/r/issues/7/comments") {
      json list = json::array({{{"id", 5}, {"body", "an unrelated comment"}}});
      if (have_comment) {
        list.push_back({{"id", 42}, {"body", "<!-- tarsier-pr-comment -->\nold"}});
      }
      reply.body = list.dump();
    } else if (request.method == "POST" && request.path == "/repos/o/r/issues/7/comments") {
      have_comment = true;
      reply.status = 201;
      reply.body = R"({"id": 42})";
    } else if (request.method == "PATCH" && request.path == "/repos/o/r/issues/comments/42") {
      reply.body = R"({"id": 42})";
    } else {
      reply.status = 404;
      reply.body = "{}";
    }
    return reply;
  });

  TempDir dir;
  std::string markdown = dir.write("comment.md", "### tarsier\n| `evil-setup` | \"high\" |\n");
  auto env = isolated_env(dir.path());
  env["GITHUB_TOKEN"] = "test-token";
  env["GITHUB_REPOSITORY"] = "o/r";
  env["PR_NUMBER"] = "7";
  env["GITHUB_API_URL"] = "http://127.0.0.1:" + std::to_string(api.port());
  for (const char* expected : {"POST", "PATCH"}) {
    auto run = run_process({"bash", source_path("ci/pr/comment.sh"), markdown}, env, dir.path());
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == 0);
    std::lock_guard lock(mutex);
    REQUIRE(seen.size() >= 2);
    const HttpRequest& write = seen.back();
    CHECK(write.method == expected);
    json body = json::parse(write.body);
    CHECK(body["body"] == "<!-- tarsier-pr-comment -->\n" + read_text_file(markdown));
    bool authorised = false;
    for (const auto& header : write.headers) {
      authorised = authorised || header == "authorization: Bearer test-token";
    }
    CHECK(authorised);
    seen.clear();
  }
}

TEST_CASE("ci/action.yml runs the scripts the tests exercise", "[ci]") {
  std::string action = read_text_file(source_path("ci/action.yml"));
  CHECK(action.find("\"$GITHUB_ACTION_PATH/setup\"") != std::string::npos);
  CHECK(action.find("\"$GITHUB_ACTION_PATH/pr/diff.sh\"") != std::string::npos);
  CHECK(action.find("\"$GITHUB_ACTION_PATH/pr/comment.sh\"") != std::string::npos);
  CHECK(action.find("upload-sarif") != std::string::npos);
}
