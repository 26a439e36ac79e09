#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>

#include "analyzer/registry/npm_answer.h"
#include "analyzer/registry/npm_config.h"
#include "analyzer/registry/npmrc.h"
#include "analyzer/util/base64.h"
#include "tests/support/process.h"

using namespace tarsier;
using tarsier::test::TempDir;

namespace {

NpmConfigSources pinned(std::vector<std::string> files = {}) {
  NpmConfigSources s;
  s.ask_npm = false;
  s.npmrc_files = std::move(files);
  return s;
}

std::optional<std::string> fake_env(const std::string& name) {
  if (name == "TOKEN") {
    return "s3cret";
  }
  if (name == "EMPTY") {
    return "";
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("npmrc syntax: comments, quotes, inline comments, sections", "[registry][npmrc]") {
  auto entries = parse_npmrc(
      "; a comment\n"
      "# another\n"
      "registry = http://registry.example.test/npm/  ; trailing comment\n"
      "quoted=\"a;b#c\"\n"
      "single='x y'\n"
      "escaped=a\\;b\n"
      "flag\n"
      "list[]=1\n"
      "\r\n"
      "[section]\n"
      "hidden=1\n",
      fake_env);
  REQUIRE(entries.size() == 4);
  REQUIRE(entries[0].key == "registry");
  REQUIRE(entries[0].value == "http://registry.example.test/npm/");
  REQUIRE(entries[0].line == 3);
  REQUIRE(entries[0].column == 12);
  REQUIRE(entries[1].value == "a;b#c");
  REQUIRE(entries[2].value == "x y");
  REQUIRE(entries[3].value == "a;b");
}

TEST_CASE("npmrc ${VAR} expansion follows npm", "[registry][npmrc]") {
  REQUIRE(expand_npmrc_env("token=${TOKEN}", fake_env) == "token=s3cret");
  REQUIRE(expand_npmrc_env("${MISSING}", fake_env) == "${MISSING}");
  REQUIRE(expand_npmrc_env("a${MISSING?}b", fake_env) == "ab");
  REQUIRE(expand_npmrc_env("\\${TOKEN}", fake_env) == "${TOKEN}");
  REQUIRE(expand_npmrc_env("\\\\${TOKEN}", fake_env) == "\\s3cret");
  REQUIRE(expand_npmrc_env("${EMPTY}x", fake_env) == "x");
  REQUIRE(expand_npmrc_env("${unterminated", fake_env) == "${unterminated");
  REQUIRE(expand_npmrc_env("$${TOKEN}}", fake_env) == "$s3cret}");
}

TEST_CASE("registry precedence: cli, env, project, user, global", "[registry][npm_config]") {
  TempDir dir;
  std::string project = dir.write("project/.npmrc", "registry=http://project.example.test/\n");
  std::string user = dir.write("user/.npmrc", "registry=http://user.example.test\n");
  std::string global = dir.write("global/npmrc", "registry=http://global.example.test/\n");

  auto s = pinned({project, user, global});
  s.cli_registry = "http://cli.example.test/";
  s.env_registry = "http://env.example.test/";
  auto c = load_npm_config(s);
  REQUIRE(c);
  REQUIRE(c->registry == "http://cli.example.test/");
  REQUIRE(c->where == "--registry");

  s.cli_registry.clear();
  c = load_npm_config(s);
  REQUIRE(c->registry == "http://env.example.test/");

  s.env_registry.clear();
  c = load_npm_config(s);
  REQUIRE(c->registry == "http://project.example.test/");
  REQUIRE(c->where == project + ":1");

  c = load_npm_config(pinned({user, global}));
  REQUIRE(c->registry == "http://user.example.test/");  // a trailing '/' is added

  c = load_npm_config(pinned({global}));
  REQUIRE(c->registry == "http://global.example.test/");

  // A missing file is skipped, an unset registry is an error that says how to fix it.
  auto unset = load_npm_config(pinned({dir.path() + "/nope"}));
  REQUIRE_FALSE(unset);
  CHECK(unset.error().kind == ErrorKind::not_found);
  std::string error = unset.error().str();
  REQUIRE(error.find("--registry") != std::string::npos);
  REQUIRE(error.find("npm_config_registry") != std::string::npos);
  REQUIRE(error.find(".npmrc") != std::string::npos);
}

TEST_CASE("bad registry values are reported with their location", "[registry][npm_config]") {
  TempDir dir;
  std::string project = dir.write(".npmrc", "\nregistry=ftp://x.example.test/\n");
  std::string user = dir.write("user", "registry=http://user.example.test/\n");
  auto c = load_npm_config(pinned({project, user}));
  REQUIRE(c);  // the good entry in the next file is still used
  REQUIRE(c->registry == "http://user.example.test/");
  REQUIRE(c->warnings.size() == 1);
  REQUIRE(c->warnings[0] == project + ":2:10: expected an http(s) URL for registry");

  auto s = pinned();
  s.cli_registry = "not a url";
  auto bad = load_npm_config(s);
  REQUIRE_FALSE(bad);
  REQUIRE(bad.error().str() ==
          "--registry: expected an http(s) URL for the npm registry, got 'not a url'");
  s.cli_registry = "https://user:hunter2@registry.example.test:99999 /";
  bad = load_npm_config(s);
  REQUIRE_FALSE(bad);
  REQUIRE(bad.error().str().find("hunter2") == std::string::npos);
}

TEST_CASE("scope registries and scoped URLs", "[registry][npm_config]") {
  TempDir dir;
  std::string project = dir.write(".npmrc",
                                  "registry=http://main.example.test/\n"
                                  "@corp:registry=http://corp.example.test:8080/npm\n");
  std::string user = dir.write("user",
                               "@corp:registry=http://ignored.example.test/\n"
                               "@other:registry=http://other.example.test/\n");
  auto c = load_npm_config(pinned({project, user}));
  REQUIRE(c);
  REQUIRE(c->scope_registry.at("@corp") == "http://corp.example.test:8080/npm/");
  REQUIRE(c->registry_for("@corp/tool") == "http://corp.example.test:8080/npm/");
  REQUIRE(c->registry_for("@other/x") == "http://other.example.test/");
  REQUIRE(c->registry_for("@nobody/x") == "http://main.example.test/");
  REQUIRE(c->registry_for("lodash") == "http://main.example.test/");
  REQUIRE(c->packument_url("@corp/tool") == "http://corp.example.test:8080/npm/@corp%2ftool");
  REQUIRE(c->packument_url("lodash") == "http://main.example.test/lodash");
  REQUIRE(c->tarball_url("@corp/tool", "1.0.0") ==
          "http://corp.example.test:8080/npm/@corp/tool/-/tool-1.0.0.tgz");
  REQUIRE(c->tarball_url("lodash", "4.17.21") ==
          "http://main.example.test/lodash/-/lodash-4.17.21.tgz");
  // Characters that would change the URL's meaning are escaped.
  REQUIRE(c->packument_url("a b?c") == "http://main.example.test/a%20b%3fc");
}

TEST_CASE("credentials go only to the matching host prefix", "[registry][npm_config]") {
  TempDir dir;
  std::string password64 = base64_encode("pw");
  std::string project = dir.write(".npmrc",
                                  "registry=http://main.example.test/\n"
                                  "//main.example.test/:_authToken=${TOKEN_FOR_TEST}\n"
                                  "//Corp.Example.Test:8080/npm/:_authToken=corp-token\n"
                                  "//corp.example.test:8080/npm/private/:_auth=" +
                                      base64_encode("u:p") +
                                      "\n"
                                      "//basic.example.test/:username=alice\n"
                                      "//basic.example.test/:_password=\"" +
                                      password64 +
                                      "\"\n"
                                      "//broken.example.test/:username=bob\n"
                                      "//broken.example.test/:_password=not*base64\n");
  setenv("TOKEN_FOR_TEST", "main-token", 1);
  auto c = load_npm_config(pinned({project}));
  unsetenv("TOKEN_FOR_TEST");
  REQUIRE(c);

  REQUIRE(c->auth_header_for("http://main.example.test/lodash") ==
          std::optional<std::string>("Authorization: Bearer main-token"));
  REQUIRE(c->auth_header_for("https://main.example.test/a/-/a-1.tgz") ==
          std::optional<std::string>("Authorization: Bearer main-token"));
  REQUIRE(c->auth_header_for("http://corp.example.test:8080/npm/@x%2fy") ==
          std::optional<std::string>("Authorization: Bearer corp-token"));
  // The longest prefix wins.
  REQUIRE(c->auth_header_for("http://corp.example.test:8080/npm/private/p/-/p-1.tgz") ==
          std::optional<std::string>("Authorization: Basic " + base64_encode("u:p")));
  REQUIRE(c->auth_header_for("http://basic.example.test/x") ==
          std::optional<std::string>("Authorization: Basic " + base64_encode("alice:pw")));
  // Other hosts, other ports, or a path outside the prefix get nothing.
  REQUIRE_FALSE(c->auth_header_for("http://evil.example.test/lodash"));
  REQUIRE_FALSE(c->auth_header_for("http://main.example.test.evil.test/lodash"));
  REQUIRE_FALSE(c->auth_header_for("http://corp.example.test:9090/npm/x"));
  REQUIRE_FALSE(c->auth_header_for("http://corp.example.test:8080/other/x"));
  REQUIRE_FALSE(c->auth_header_for("file:///main.example.test/x"));
  REQUIRE_FALSE(c->auth_header_for("http://broken.example.test/x"));

  // The broken _password is reported without any credential value.
  REQUIRE(c->warnings.size() == 1);
  REQUIRE(c->warnings[0].find(":8:") != std::string::npos);
  REQUIRE(c->warnings[0].find("not*base64") == std::string::npos);
  REQUIRE(c->warnings[0].find("bob") == std::string::npos);
}

TEST_CASE("replace-registry-host comes from the environment, then .npmrc",
          "[registry][npm_config]") {
  TempDir dir;
  std::string project = dir.write(".npmrc",
                                  "registry=http://r.example.test/\n"
                                  "replace-registry-host=never\n");
  std::string user = dir.write("user", "replace-registry-host=always\n");
  auto s = pinned({project, user});
  REQUIRE(load_npm_config(s)->replace_registry_host == "never");
  s.replace_registry_host = "always";
  REQUIRE(load_npm_config(s)->replace_registry_host == "always");
  REQUIRE(load_npm_config(pinned({dir.write("x", "registry=http://r.example.test/\n")}))
              ->replace_registry_host == "npmjs");
}

TEST_CASE("registry_auth_key normalises like npm's nerf-dart", "[registry][npm_config]") {
  REQUIRE(registry_auth_key("https://Registry.Example.Test:443/npm/pkg") ==
          "//registry.example.test/npm/");
  REQUIRE(registry_auth_key("http://registry.example.test:80") == "//registry.example.test/");
  REQUIRE(registry_auth_key("http://u:p@h.example.test:8080/a/b?c=/d#e") ==
          "//h.example.test:8080/a/");
  REQUIRE(registry_auth_key("git+ssh://h.example.test/x") == "");
}

TEST_CASE("default npmrc files follow npm's environment variables", "[registry][npm_config]") {
  TempDir dir;
  std::string project = dir.write("p/.npmrc", "registry=http://p.example.test/\n");
  std::string user = dir.write("u.npmrc", "registry=http://u.example.test/\n");
  std::string global = dir.write("g.npmrc", "registry=http://g.example.test/\n");
  setenv("npm_config_userconfig", user.c_str(), 1);
  setenv("npm_config_globalconfig", global.c_str(), 1);
  setenv("npm_config_registry", "http://env.example.test/", 1);
  auto files = default_npmrc_files(dir.path() + "/p");
  auto sources = default_npm_config_sources(dir.path() + "/p", "");
  unsetenv("npm_config_userconfig");
  unsetenv("npm_config_globalconfig");
  unsetenv("npm_config_registry");
  REQUIRE(files == std::vector<std::string>{project, user, global});
  REQUIRE(sources.env_registry == "http://env.example.test/");
  REQUIRE(sources.npmrc_files == files);
  // A project without .npmrc contributes nothing.
  setenv("npm_config_userconfig", (dir.path() + "/missing").c_str(), 1);
  setenv("npm_config_globalconfig", global.c_str(), 1);
  files = default_npmrc_files(dir.path() + "/none");
  unsetenv("npm_config_userconfig");
  unsetenv("npm_config_globalconfig");
  REQUIRE(files == std::vector<std::string>{global});
}

TEST_CASE("the last resort asks `npm config get registry`", "[registry][npm_config]") {
  TempDir dir;
  std::string npm = dir.write("bin/npm",
                              "#!/bin/sh\n"
                              "[ \"$1 $2 $3\" = \"config get registry\" ] || exit 3\n"
                              "echo 'http://from-npm.example.test/'\n");
  chmod(npm.c_str(), 0755);
  std::string slow = dir.write("slow/npm", "#!/bin/sh\nexec /bin/sleep 5\n");
  chmod(slow.c_str(), 0755);
  const char* old_path = std::getenv("PATH");
  std::string saved = old_path ? old_path : "";

  auto s = pinned();
  s.ask_npm = true;
  setenv("PATH", (dir.path() + "/bin").c_str(), 1);
  auto c = load_npm_config(s);
  // An .npmrc entry still wins over asking npm.
  std::string npmrc = dir.write(".npmrc", "registry=http://file.example.test/\n");
  s.npmrc_files = {npmrc};
  auto from_file = load_npm_config(s);

  s.npmrc_files.clear();
  s.npm_timeout_ms = 200;
  setenv("PATH", (dir.path() + "/slow").c_str(), 1);
  auto start = std::chrono::steady_clock::now();
  auto hung = load_npm_config(s);
  auto took = std::chrono::steady_clock::now() - start;
  setenv("PATH", (dir.path() + "/nothing-here").c_str(), 1);
  auto missing = load_npm_config(s);
  setenv("PATH", saved.c_str(), 1);

  REQUIRE(c);
  REQUIRE(c->registry == "http://from-npm.example.test/");
  REQUIRE(c->where == "npm config get registry");
  REQUIRE(from_file->registry == "http://file.example.test/");
  REQUIRE_FALSE(hung);
  REQUIRE(took < std::chrono::milliseconds(2000));
  REQUIRE(hung.error().str().find("no npm registry configured") == 0);
  REQUIRE(hung.error().str().find("gave no answer within 200 ms") != std::string::npos);
  REQUIRE_FALSE(missing);
  REQUIRE(missing.error().str().find("no npm registry configured") == 0);
  REQUIRE(missing.error().str().find("gave no answer") == std::string::npos);
}

TEST_CASE("npm's answer is remembered until npm or an .npmrc changes", "[registry][npm_config]") {
  TempDir dir;
  std::string calls = dir.path() + "/calls";
  auto write_npm = [&](const std::string& url) {
    std::string npm =
        dir.write("bin/npm", "#!/bin/sh\necho asked >> '" + calls + "'\necho '" + url + "'\n");
    chmod(npm.c_str(), 0755);
    return npm;
  };
  write_npm("http://first.example.test/");
  const char* old_path = std::getenv("PATH");
  std::string saved = old_path ? old_path : "";
  setenv("PATH", (dir.path() + "/bin").c_str(), 1);

  auto s = pinned();
  s.ask_npm = true;
  s.npm_answer_file = dir.path() + "/cache/npm-default-registry";
  auto first = load_npm_config(s);
  auto second = load_npm_config(s);
  std::string asked_once = tarsier::test::read_text_file(calls);
  // A changed npm (another size) is asked again; so is any npm when nothing is remembered.
  write_npm("http://second.example.test/long/");
  auto after_change = load_npm_config(s);
  auto again = load_npm_config(s);
  std::string asked_after_change = tarsier::test::read_text_file(calls);
  s.npm_answer_file.clear();
  auto unremembered = load_npm_config(s);
  std::string asked_unremembered = tarsier::test::read_text_file(calls);
  // A corrupted file is not trusted.
  dir.write("cache/npm-default-registry", npm_answer_stamp() + "registry file:///etc/passwd\n");
  s.npm_answer_file = dir.path() + "/cache/npm-default-registry";
  auto after_corruption = load_npm_config(s);
  std::string asked_after_corruption = tarsier::test::read_text_file(calls);
  setenv("PATH", saved.c_str(), 1);

  REQUIRE(first);
  REQUIRE(first->registry == "http://first.example.test/");
  REQUIRE(second);
  REQUIRE(second->registry == "http://first.example.test/");
  REQUIRE(second->where == "npm config get registry");
  REQUIRE(asked_once == "asked\n");
  REQUIRE(after_change->registry == "http://second.example.test/long/");
  REQUIRE(again->registry == "http://second.example.test/long/");
  REQUIRE(asked_after_change == "asked\nasked\n");
  REQUIRE(unremembered->registry == "http://second.example.test/long/");
  REQUIRE(asked_unremembered == "asked\nasked\nasked\n");
  REQUIRE(after_corruption->registry == "http://second.example.test/long/");
  REQUIRE(asked_after_corruption == "asked\nasked\nasked\nasked\n");
}
