#include "analyzer/registry/pip_config.h"

#include <catch2/catch.hpp>

#include "analyzer/registry/netrc.h"
#include "tests/support/process.h"

using namespace tarsier;
using tarsier::test::TempDir;

namespace {

PipConfig load(const PipConfigSources& sources, std::string* error = nullptr) {
  std::string ignored;
  auto config = load_pip_config(sources);
  if (!config) {
    *(error ? error : &ignored) = config.error().str();
    return PipConfig{};
  }
  return std::move(*config);
}

bool mentions(const std::vector<std::string>& texts, const std::string& needle) {
  for (const auto& t : texts) {
    if (t.find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("pip config defaults to pip's own index", "[pip-config]") {
  std::string error;
  PipConfig config = load({}, &error);
  CHECK(error.empty());
  CHECK(config.index_url == std::string(k_default_pip_index));
  CHECK(config.where == "default");
  CHECK(config.extra_index_urls.empty());
  CHECK(config.project_url("Django_REST.framework") ==
        std::string(k_default_pip_index) + "django-rest-framework/");
}

TEST_CASE("pip config precedence: CLI, environment, files", "[pip-config]") {
  TempDir dir;
  std::string user = dir.write("user/pip.conf",
                               "[global]\n"
                               "index-url = https://user.example.test/simple\n"
                               "extra-index-url =\n"
                               "    https://extra1.example.test/simple/\n"
                               "    https://extra2.example.test/simple/\n");
  std::string global = dir.write("etc/pip.conf",
                                 "[global]\nindex_url=https://global.example.test/simple/\n"
                                 "timeout = 60\n");
  PipConfigSources sources;
  sources.config_files = {dir.path() + "/missing.conf", user, global};

  PipConfig from_files = load(sources);
  CHECK(from_files.index_url == "https://user.example.test/simple/");
  CHECK(from_files.where == user + ":2:13");
  CHECK(from_files.extra_index_urls ==
        std::vector<std::string>{"https://extra1.example.test/simple/",
                                 "https://extra2.example.test/simple/"});

  sources.env_index_url = "https://env.example.test/pypi/simple";
  sources.env_extra_index_url = "";
  PipConfig from_env = load(sources);
  CHECK(from_env.index_url == "https://env.example.test/pypi/simple/");
  CHECK(from_env.where == "PIP_INDEX_URL");
  CHECK(from_env.extra_index_urls.empty());  // PIP_EXTRA_INDEX_URL replaces the files' list

  sources.cli_index_url = "http://127.0.0.1:8080/simple/";
  PipConfig from_cli = load(sources);
  CHECK(from_cli.index_url == "http://127.0.0.1:8080/simple/");
  CHECK(from_cli.where == "--index-url");

  // Only the global file: the underscore spelling is the same key.
  sources = {};
  sources.config_files = {global};
  CHECK(load(sources).index_url == "https://global.example.test/simple/");
}

TEST_CASE("pip config: [install] overrides [global] from any file", "[pip-config]") {
  TempDir dir;
  std::string first = dir.write("a.conf", "[global]\nindex-url = https://a.example.test/s/\n");
  std::string second = dir.write("b.conf",
                                 "[install]\nindex-url = https://b.example.test/s/\n"
                                 "[download]\nindex-url = https://c.example.test/\n");
  PipConfigSources sources;
  sources.config_files = {first, second};
  CHECK(load(sources).index_url == "https://b.example.test/s/");
}

TEST_CASE("pip config: malformed files give located warnings and keep good values",
          "[pip-config]") {
  TempDir dir;
  std::string path = dir.write("pip.conf",
                               "orphan = 1\n"
                               "[global\n"
                               "[global]\n"
                               "this line has no separator\n"
                               "; comment\n"
                               "# comment\n"
                               "index-url: https://ok.example.test/simple\n");
  PipConfigSources sources;
  sources.config_files = {path};
  PipConfig config = load(sources);
  CHECK(config.index_url == "https://ok.example.test/simple/");
  CHECK(mentions(config.warnings, path + ":1:1: expected a [section] header"));
  CHECK(mentions(config.warnings, path + ":2:1: expected ']'"));
  CHECK(mentions(config.warnings, path + ":4:1: expected 'key = value'"));
}

TEST_CASE("pip config: a non-http index is an error without credentials", "[pip-config]") {
  PipConfigSources sources;
  sources.env_index_url = "ftp://user:s3cret@mirror.example.test/simple";
  std::string error;
  PipConfig config = load(sources, &error);
  CHECK(config.index_url.empty());
  CHECK(load_pip_config(sources).error().kind == ErrorKind::invalid);
  CHECK(error.find("PIP_INDEX_URL") != std::string::npos);
  CHECK(error.find("not an http(s) URL") != std::string::npos);
  CHECK(error.find("s3cret") == std::string::npos);
  CHECK(error.find("user") == std::string::npos);

  sources = {};
  sources.env_extra_index_url = "/local/path https://token:pw@extra.example.test/simple";
  config = load(sources, &error);
  CHECK(config.extra_index_urls == std::vector<std::string>{"https://extra.example.test/simple/"});
  CHECK(mentions(config.warnings, "'/local/path' ignored"));
  CHECK_FALSE(mentions(config.warnings, "pw"));
}

TEST_CASE("pip config: URL credentials apply to their host only", "[pip-config]") {
  PipConfigSources sources;
  sources.cli_index_url = "https://al%40ice:p%3Ass@Private.Example.Test:443/simple";
  PipConfig config = load(sources);
  CHECK(config.index_url == "https://Private.Example.Test:443/simple/");
  CHECK(config.index_url.find("p%3Ass") == std::string::npos);
  // base64("al@ice:p:ss")
  CHECK(config.auth_header_for("https://private.example.test/simple/x/") ==
        std::optional<std::string>("Authorization: Basic YWxAaWNlOnA6c3M="));
  CHECK_FALSE(config.auth_header_for("https://files.example.test/x.whl"));
  CHECK_FALSE(config.auth_header_for("https://private.example.test:8443/simple/"));
  CHECK_FALSE(config.auth_header_for("http://private.example.test/simple/"));

  sources.cli_index_url = "https://only-token@tok.example.test/simple/";
  CHECK(load(sources).auth_header_for("https://tok.example.test/") ==
        std::optional<std::string>("Authorization: Basic b25seS10b2tlbjo="));
}

TEST_CASE("pip config: netrc credentials", "[pip-config]") {
  TempDir dir;
  std::string netrc = dir.write(".netrc",
                                "# credentials\n"
                                "machine idx.example.test login alice password \"s3 cret\"\n"
                                "macdef init\n  cd /\n  ls\n\n"
                                "machine files.example.test\n  login bob\n  password hunter2\n"
                                "default login anon password anonpw\n");
  PipConfigSources sources;
  sources.cli_index_url = "https://idx.example.test/simple/";
  sources.netrc_file = netrc;
  PipConfig config = load(sources);
  CHECK(config.warnings.empty());
  CHECK(config.auth_header_for("https://IDX.example.test/simple/a/") ==
        std::optional<std::string>("Authorization: Basic YWxpY2U6czMgY3JldA=="));
  CHECK(config.auth_header_for("https://files.example.test/a.whl") ==
        std::optional<std::string>("Authorization: Basic Ym9iOmh1bnRlcjI="));
  // `default` never goes to a host that is not a configured index.
  CHECK_FALSE(config.auth_header_for("https://elsewhere.example.test/a.whl"));

  // URL credentials win over netrc for the same host.
  sources.cli_index_url = "https://u:p@idx.example.test/simple/";
  CHECK(load(sources).auth_header_for("https://idx.example.test/") ==
        std::optional<std::string>("Authorization: Basic dTpw"));

  // The `default` entry serves a configured index without its own entry.
  sources.cli_index_url = "https://other-index.example.test/simple/";
  CHECK(load(sources).auth_header_for("https://other-index.example.test/simple/x/") ==
        std::optional<std::string>("Authorization: Basic YW5vbjphbm9ucHc="));
}

TEST_CASE("parse_netrc tolerates malformed files without leaking values", "[pip-config]") {
  NetrcFile file = parse_netrc(
      "login stray-secret\nmachine a.example.test login x password y\n"
      "bogus\nmachine",
      "/home/u/.netrc");
  REQUIRE(file.entries.size() == 1);
  CHECK(file.lookup("A.EXAMPLE.TEST")->password == "y");
  CHECK_FALSE(file.lookup("b.example.test"));
  REQUIRE(file.warnings.size() == 3);
  CHECK(file.warnings[0].rfind("/home/u/.netrc:1:1: expected 'machine' or 'default'", 0) == 0);
  CHECK(file.warnings[1].rfind("/home/u/.netrc:3:1:", 0) == 0);
  CHECK(file.warnings[2].find("expected a host name") != std::string::npos);
  for (const auto& w : file.warnings) {
    CHECK(w.find("stray-secret") == std::string::npos);
  }
  CHECK(parse_netrc("", "x").entries.empty());
  CHECK(parse_netrc("machine \"unterminated", "x").entries.size() == 1);
}

TEST_CASE("url_host_key", "[pip-config]") {
  CHECK(url_host_key("https://U:P@Host.Example.Test:443/x") == "host.example.test");
  CHECK(url_host_key("http://host.example.test:80") == "host.example.test");
  CHECK(url_host_key("http://127.0.0.1:8080/simple/") == "127.0.0.1:8080");
  CHECK(url_host_key("file:///etc/passwd").empty());
}
