#include <catch2/catch.hpp>

#include "parsers/common/hashes.h"
#include "parsers/common/sources.h"
#include "parsers/signals.h"

using namespace tarsier;

namespace {
bool has_rule(const std::vector<Finding>& findings, const std::string& rule) {
  for (const auto& finding : findings) {
    if (finding.rule == rule) {
      return true;
    }
  }
  return false;
}
}  // namespace

TEST_CASE("lockfile signals: non-registry sources, install scripts, foreign hosts",
          "[parsers][signals]") {
  PackageRef plain;
  plain.name = "ms";
  plain.version = "2.1.3";
  plain.resolved = "https://registry.example.test/ms/-/ms-2.1.3.tgz";
  CHECK(lockfile_findings(plain, "https://registry.example.test/").empty());

  auto foreign = lockfile_findings(plain, "https://mirror.example.test/npm/");
  REQUIRE(foreign.size() == 1);
  CHECK(foreign[0].rule == "registry-host-mismatch");
  CHECK(foreign[0].capability == "source");

  PackageRef git = plain;
  git.source = "git";
  git.resolved = "git+https://user:secret@git.example.test/x.git#abc";
  git.has_install_script = true;
  git.lockfile = "package-lock.json";
  git.line = 12;
  auto findings = lockfile_findings(git, "https://registry.example.test/");
  CHECK(has_rule(findings, "non-registry-dependency"));
  CHECK(has_rule(findings, "lockfile-install-script"));
  CHECK_FALSE(has_rule(findings, "registry-host-mismatch"));
  for (const auto& finding : findings) {
    CHECK(finding.message.find("secret") == std::string::npos);
    CHECK(finding.message.find("package-lock.json:12") != std::string::npos);
  }
  PackageRef workspace = plain;
  workspace.source = "workspace";
  CHECK(lockfile_findings(workspace, "").empty());
}

TEST_CASE("sources and hashes helpers", "[parsers][signals]") {
  CHECK(source_of_url("git+ssh://git@git.example.test/a.git#x") == "git");
  CHECK(source_of_url("github:user/repo") == "git");
  CHECK(source_of_url("https://git.example.test/a.git#commit=1") == "git");
  CHECK(source_of_url("file:../x") == "file");
  CHECK(source_of_url("https://downloads.example.test/x.tgz") == "http");
  CHECK(source_of_url("1.2.3").empty());
  CHECK(is_npm_registry_tarball("https://r.example.test/@s/n/-/n-1.0.0.tgz", "@s/n"));
  CHECK(is_npm_registry_tarball("https://r.example.test/@s%2fn/-/n-1.0.0.tgz", "@s/n"));
  CHECK_FALSE(is_npm_registry_tarball("https://r.example.test/other/-/n-1.0.0.tgz", "n"));
  CHECK(host_of_url("https://u:p@Host.Example.Test:8443/x") == "host.example.test");
  CHECK(strip_url_credentials("https://u:p@h.example.test/x@y") == "https://h.example.test/x@y");
  CHECK(sri_from_hex_digest("sha256:" + std::string(64, '0')) ==
        "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  CHECK(sri_from_hex_digest("sha256:abc").empty());
  std::string list;
  append_sri(&list, "sha1-a");
  append_sri(&list, "sha1-a");
  append_sri(&list, "sha256-b");
  CHECK(list == "sha1-a sha256-b");
}
