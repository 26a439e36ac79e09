#include <catch2/catch.hpp>

#include "analyzer/fetch/http_client.h"
#include "analyzer/registry/npm_client.h"
#include "analyzer/util/integrity.h"
#include "tests/support/locate.h"
#include "tests/support/pack.h"
#include "tests/support/registry_server.h"

using namespace tarsier;
using namespace tarsier::test;

namespace {

NpmConfig config_for(const RegistryServer& server) {
  NpmConfig c;
  c.registry = server.base_url();
  c.where = "test";
  return c;
}

PackageRef ref(const std::string& name, const std::string& version,
               const std::string& integrity = "", const std::string& resolved = "") {
  PackageRef p;
  p.name = name;
  p.version = version;
  p.integrity = integrity;
  p.resolved = resolved;
  return p;
}

FetchOptions fast_options() {
  FetchOptions o;
  o.timeout_ms = 3000;
  o.retries = 1;
  o.backoff_ms = 10;
  return o;
}

// What the scanner does: metadata if asked for, then locate, then download and verify.
struct Located {
  std::vector<ArchiveDownload> downloads;
  std::string error;
  bool fetched_metadata = false;
};

Located locate_via(const NpmClient& client, HttpClient& http, const PackageRef& p) {
  Located out;
  std::optional<std::string> metadata;
  if (auto request = client.metadata_request(p)) {
    out.fetched_metadata = true;
    FetchResult r = http.fetch(*request);
    if (!r.ok()) {
      out.error = r.error;
      return out;
    }
    metadata = std::move(r.body);
  }
  out.downloads = locate_or_why(client, p, metadata ? &*metadata : nullptr, &out.error);
  return out;
}

}  // namespace

TEST_CASE("NpmClient: lockfile integrity needs no metadata", "[registry][npm_client]") {
  RegistryServer server;
  std::string tarball = pack_npm_files({{"package.json", "{\"name\":\"left-pad\"}"}});
  std::string integrity = server.publish("left-pad", "1.3.0", tarball);
  NpmClient client(config_for(server));
  HttpClient http(fast_options());

  // No `resolved` (npm's omit-lockfile-registry-resolved): the URL is built from the registry.
  Located l = locate_via(client, http, ref("left-pad", "1.3.0", integrity));
  REQUIRE(l.error.empty());
  REQUIRE_FALSE(l.fetched_metadata);
  REQUIRE(l.downloads.size() == 1);
  const ArchiveDownload& d = l.downloads[0];
  REQUIRE(d.request.url == server.base_url() + "left-pad/-/left-pad-1.3.0.tgz");
  REQUIRE(d.integrity == integrity);
  REQUIRE(d.integrity_source == "lockfile");
  REQUIRE(d.kind == ArchiveKind::npm_tarball);
  REQUIRE(d.file_name == "left-pad-1.3.0.tgz");
  FetchResult r = http.fetch(d.request);
  REQUIRE(r.ok());
  REQUIRE(check_integrity(d.integrity, r.body, nullptr) == IntegrityCheck::match);
  REQUIRE(server.request_count("/left-pad") == 0);

  // With `resolved`, that URL is used as is.
  std::string resolved = server.base_url() + "left-pad/-/left-pad-1.3.0.tgz";
  l = locate_via(client, http, ref("left-pad", "1.3.0", integrity, resolved));
  REQUIRE_FALSE(l.fetched_metadata);
  REQUIRE(l.downloads.at(0).request.url == resolved);
}

TEST_CASE("NpmClient: packument gives URL and integrity", "[registry][npm_client]") {
  RegistryServer server;
  std::string v1 = pack_npm_files({{"index.js", "module.exports = 1;\n"}});
  std::string v2 = pack_npm_files({{"index.js", "module.exports = 2;\n"}});
  std::string i1 = server.publish("@corp/tool", "1.0.0", v1);
  std::string i2 = server.publish("@corp/tool", "2.0.0", v2);
  NpmClient client(config_for(server));
  HttpClient http(fast_options());

  SECTION("no integrity in the lockfile") {
    Located l = locate_via(client, http, ref("@corp/tool", "1.0.0"));
    REQUIRE(l.error.empty());
    REQUIRE(l.fetched_metadata);
    REQUIRE(server.request_count("/@corp%2ftool") == 1);
    REQUIRE(l.downloads.at(0).integrity == i1);
    REQUIRE(l.downloads[0].integrity_source == "registry");
    REQUIRE(l.downloads[0].request.url == server.base_url() + "@corp/tool/-/tool-1.0.0.tgz");
    FetchResult r = http.fetch(l.downloads[0].request);
    REQUIRE(check_integrity(l.downloads[0].integrity, r.body, nullptr) == IntegrityCheck::match);
  }
  SECTION("empty version means dist-tags.latest") {
    Located l = locate_via(client, http, ref("@corp/tool", ""));
    REQUIRE(l.error.empty());
    REQUIRE(l.downloads.at(0).integrity == i2);
    REQUIRE(l.downloads[0].file_name == "tool-2.0.0.tgz");
    server.set_latest("@corp/tool", "1.0.0");
    l = locate_via(client, http, ref("@corp/tool", ""));
    REQUIRE(l.downloads.at(0).integrity == i1);
  }
  SECTION("the registry also answers /@scope/name") {
    FetchResult r = http.fetch(FetchRequest{server.base_url() + "@corp/tool", {}, {}});
    REQUIRE(r.ok());
    REQUIRE(r.body.find("\"2.0.0\"") != std::string::npos);
    REQUIRE(server.request_count("/@corp/tool") == 1);
  }
  SECTION("a version missing from the packument is a clear error") {
    Located l = locate_via(client, http, ref("@corp/tool", "9.9.9"));
    REQUIRE(l.downloads.empty());
    REQUIRE(l.error.find("@corp/tool@9.9.9: version not found in the registry") == 0);
  }
  SECTION("an unknown package fails at the metadata request") {
    Located l = locate_via(client, http, ref("nonexistent", "1.0.0"));
    REQUIRE(l.error == "HTTP 404 for " + server.base_url() + "nonexistent");
  }
}

TEST_CASE("NpmClient: dist.shasum when dist.integrity is absent", "[registry][npm_client]") {
  RegistryServer server;
  std::string tarball = pack_npm_files({{"a.js", "1"}});
  std::string sha1 = hex_digest("sha1", tarball);
  server.serve("/old",
               "{\"name\":\"old\",\"dist-tags\":{\"latest\":\"0.1.0\"},\"versions\":{"
               "\"0.1.0\":{\"dist\":{\"tarball\":\"" +
                   server.base_url() + "old/-/old-0.1.0.tgz\",\"shasum\":\"" + sha1 + "\"}}}}",
               "application/json");
  NpmClient client(config_for(server));
  HttpClient http(fast_options());
  Located l = locate_via(client, http, ref("old", "0.1.0"));
  REQUIRE(l.error.empty());
  REQUIRE(l.downloads.at(0).integrity == sri_digest("sha1", tarball));
  REQUIRE(l.downloads[0].integrity_source == "registry");
}

TEST_CASE("NpmClient: bad packuments give clear errors", "[registry][npm_client]") {
  NpmConfig c;
  c.registry = "http://registry.example.test/";
  NpmClient client(c);
  PackageRef p = ref("pkg", "1.0.0");
  std::string error;
  std::string broken = "{\n  \"versions\": [,\n}";
  REQUIRE(locate_or_why(client, p, &broken, &error).empty());
  REQUIRE(error.starts_with("http://registry.example.test/pkg:2:16: expected a JSON packument: "));

  std::string no_dist = R"({"versions":{"1.0.0":{}}})";
  REQUIRE(locate_or_why(client, p, &no_dist, &error).empty());
  REQUIRE(error.find("no dist") != std::string::npos);

  std::string bad_url =
      R"({"versions":{"1.0.0":{"dist":{"tarball":"file:///etc/passwd","integrity":"sha1-x"}}}})";
  REQUIRE(locate_or_why(client, p, &bad_url, &error).empty());
  REQUIRE(error.find("dist.tarball is not an http(s) URL") != std::string::npos);

  std::string no_hash =
      R"({"versions":{"1.0.0":{"dist":{"tarball":"http://registry.example.test/p.tgz"}}}})";
  REQUIRE(locate_or_why(client, p, &no_hash, &error).empty());
  REQUIRE(error.find("no dist.integrity or dist.shasum") != std::string::npos);

  std::string no_latest = R"({"versions":{}})";
  REQUIRE(locate_or_why(client, ref("pkg", ""), &no_latest, &error).empty());
  REQUIRE(error.find("dist-tags.latest") != std::string::npos);

  std::string not_object = "[1,2,3]";
  REQUIRE(locate_or_why(client, p, &not_object, &error).empty());
  REQUIRE(error.find("version not found") != std::string::npos);
}

TEST_CASE("NpmClient: names, sources and yarn's sha1 fragment", "[registry][npm_client]") {
  NpmConfig c;
  c.registry = "http://registry.example.test/";
  NpmClient client(c);
  std::string error;
  for (const char* bad : {"", "../etc", "@scope", "@/x", "a/b", "@s/../x", "a b", "x\n"}) {
    INFO(bad);
    REQUIRE_FALSE(is_valid_npm_name(bad));
    REQUIRE_FALSE(client.metadata_request(ref(bad, "1.0.0")));
    REQUIRE(locate_or_why(client, ref(bad, "1.0.0"), nullptr, &error).empty());
    REQUIRE(error.find("is not a valid npm package name") != std::string::npos);
  }
  REQUIRE(is_valid_npm_name("@types/node"));
  REQUIRE(is_valid_npm_name("JSONStream"));

  PackageRef git = ref("dep", "1.0.0");
  git.source = "git";
  git.resolved = "git+ssh://git@example.invalid/dep.git#abc";
  REQUIRE_FALSE(client.metadata_request(git));
  REQUIRE(locate_or_why(client, git, nullptr, &error).empty());
  REQUIRE(error == "dep@1.0.0: a git dependency is not downloaded from a registry");

  std::string sha1 = hex_digest("sha1", "bytes");
  PackageRef yarn = ref("dep", "1.0.0", "", "http://mirror.example.test/dep-1.0.0.tgz#" + sha1);
  REQUIRE_FALSE(client.metadata_request(yarn));
  auto d = locate_or_why(client, yarn, nullptr, &error);
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].integrity == sri_digest("sha1", "bytes"));
  REQUIRE(d[0].integrity_source == "lockfile");
  REQUIRE(d[0].request.url == "http://mirror.example.test/dep-1.0.0.tgz");

  // An unsupported lockfile hash (yarn berry's cache checksum) means asking the registry.
  REQUIRE(client.metadata_request(ref("dep", "1.0.0", "10c0/abcdef")));
}

TEST_CASE("NpmClient sends credentials only to their host", "[registry][npm_client]") {
  RegistryServer server;
  RegistryServer other;  // serves the tarball on another port: another host prefix
  std::string tarball = pack_npm_files({{"index.js", "1"}});
  std::string integrity = sri_sha512(tarball);
  other.serve("/private/-/private-1.0.0.tgz", tarball);
  server.serve("/private",
               "{\"dist-tags\":{\"latest\":\"1.0.0\"},\"versions\":{\"1.0.0\":{\"dist\":{"
               "\"tarball\":\"" +
                   other.base_url() +
                   "private/-/private-1.0.0.tgz\","
                   "\"integrity\":\"" +
                   integrity + "\"}}}}",
               "application/json");
  NpmConfig c = config_for(server);
  c.auth["//127.0.0.1:" + std::to_string(server.port()) + "/"] = RegistryAuth{"secret-token", ""};
  NpmClient client(c);
  HttpClient http(fast_options());
  Located l = locate_via(client, http, ref("private", "1.0.0"));
  REQUIRE(l.error.empty());
  auto sent = server.last_request_headers("/private");
  REQUIRE(std::count(sent.begin(), sent.end(), "authorization: Bearer secret-token") == 1);
  REQUIRE(l.downloads.at(0).request.headers.empty());
  FetchResult r = http.fetch(l.downloads[0].request);
  REQUIRE(r.ok());
  for (const auto& h : other.last_request_headers("/private/-/private-1.0.0.tgz")) {
    REQUIRE(h.find("authorization") == std::string::npos);
  }
  // The same tarball on the credential's host gets the header.
  auto same_host = locate_or_why(
      client, ref("private", "1.0.0", integrity, server.base_url() + "private/-/private-1.0.0.tgz"),
      nullptr, &l.error);
  REQUIRE(same_host.at(0).request.headers ==
          std::vector<std::string>{"Authorization: Bearer secret-token"});
}

TEST_CASE("NpmClient: replace-registry-host for lockfile URLs", "[registry][npm_client]") {
  NpmConfig c;
  c.registry = "http://mirror.example.test/npm/";
  c.scope_registry["@corp"] = "http://corp.example.test/";
  std::string sha = sri_sha512("x");
  PackageRef foreign =
      ref("lodash", "4.17.21", sha, "https://public.example.invalid/lodash/-/lodash-4.17.21.tgz");
  PackageRef odd_path = ref("lodash", "4.17.21", sha, "https://cdn.example.invalid/lodash.tgz");
  PackageRef scoped = ref("@corp/tool", "1.0.0", sha,
                          "https://public.example.invalid/@corp%2ftool/-/tool-1.0.0.tgz");
  PackageRef known =
      ref("@corp/tool", "1.0.0", sha, "http://corp.example.test/@corp/tool/-/tool-1.0.0.tgz");
  std::string error;

  SECTION("npmjs (default): unknown hosts at the conventional path use the registry") {
    NpmClient client(c);
    REQUIRE(client.download_url(foreign) ==
            "http://mirror.example.test/npm/lodash/-/lodash-4.17.21.tgz");
    REQUIRE(client.download_url(odd_path) == "https://cdn.example.invalid/lodash.tgz");
    REQUIRE(client.download_url(scoped) == "http://corp.example.test/@corp/tool/-/tool-1.0.0.tgz");
    REQUIRE(client.download_url(known) == known.resolved);
    auto d = locate_or_why(client, foreign, nullptr, &error);
    REQUIRE(d.at(0).request.url == "http://mirror.example.test/npm/lodash/-/lodash-4.17.21.tgz");
    REQUIRE(d[0].integrity == sha);
  }
  SECTION("a host the credentials mention is kept") {
    c.auth["//public.example.invalid/"] = RegistryAuth{"t", ""};
    NpmClient client(c);
    REQUIRE(client.download_url(foreign) == foreign.resolved);
  }
  SECTION("never") {
    c.replace_registry_host = "never";
    NpmClient client(c);
    REQUIRE(client.download_url(foreign) == foreign.resolved);
  }
  SECTION("always") {
    c.replace_registry_host = "always";
    c.auth["//public.example.invalid/"] = RegistryAuth{"t", ""};
    NpmClient client(c);
    REQUIRE(client.download_url(foreign) ==
            "http://mirror.example.test/npm/lodash/-/lodash-4.17.21.tgz");
    REQUIRE(client.download_url(odd_path) == odd_path.resolved);
  }
  SECTION("a named host") {
    c.replace_registry_host = "Public.Example.Invalid";
    NpmClient client(c);
    REQUIRE(client.download_url(foreign) ==
            "http://mirror.example.test/npm/lodash/-/lodash-4.17.21.tgz");
    c.replace_registry_host = "other.example.invalid";
    NpmClient other(c);
    REQUIRE(other.download_url(foreign) == foreign.resolved);
  }
}

TEST_CASE("NpmClient passes one normalised SRI token", "[registry][npm_client]") {
  NpmConfig c;
  c.registry = "http://registry.example.test/";
  NpmClient client(c);
  std::string both = sri_digest("sha1", "x") + " " + sri_sha512("x");
  std::string error;
  auto d = locate_or_why(client, ref("a", "1.0.0", both), nullptr, &error);
  REQUIRE(d.at(0).integrity == sri_sha512("x"));
}
