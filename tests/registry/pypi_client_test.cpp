#include "analyzer/registry/pypi_client.h"

#include <catch2/catch.hpp>

#include "analyzer/archive/archive_reader.h"
#include "analyzer/fetch/http_client.h"
#include "analyzer/util/integrity.h"
#include "tests/support/locate.h"
#include "tests/support/pack_python.h"
#include "tests/support/paths.h"
#include "tests/support/registry_server.h"

using namespace tarsier;
using test::locate_or_why;

namespace {

const std::string k_index = "https://idx.example.test/simple/";
const std::string k_sdist_hex(64, '1');
const std::string k_wheel_hex(64, '2');
const std::string k_native_hex(64, '3');
const std::string k_other_hex(64, '4');

std::string sri(const std::string& hex) {
  return normalize_integrity("sha256:" + hex);
}

PypiClient make_client(const std::string& index = "https://u:pw@idx.example.test/simple") {
  PipConfigSources sources;
  sources.cli_index_url = index;
  auto config = load_pip_config(sources);
  REQUIRE(config);
  return PypiClient(std::move(*config));
}

PackageRef pkg(const std::string& name, const std::string& version,
               const std::string& integrity = "") {
  PackageRef p;
  p.ecosystem = "pypi";
  p.name = name;
  p.version = version;
  p.integrity = integrity;
  return p;
}

// A PEP 691 page for Demo_Pkg: 1.0 (sdist, native wheel, pure wheel), 1.1rc1, 0.9 (yanked 2.0).
std::string json_page() {
  return R"({"meta": {"api-version": "1.0"}, "name": "demo-pkg", "files": [
    {"filename": "demo_pkg-0.9.tar.gz", "url": "../../f/demo_pkg-0.9.tar.gz",
     "hashes": {"sha256": ")" +
         k_other_hex + R"("}},
    {"filename": "demo_pkg-1.0-cp311-cp311-manylinux_2_17_x86_64.whl",
     "url": "https://files.example.test/n.whl", "hashes": {"sha256": ")" +
         k_native_hex + R"("}},
    {"filename": "demo_pkg-1.0.tar.gz", "url": "../../f/demo_pkg-1.0.tar.gz",
     "hashes": {"sha256": ")" +
         k_sdist_hex + R"("}},
    {"filename": "demo_pkg-1.0-py3-none-any.whl", "url": "https://files.example.test/p.whl",
     "hashes": {"sha256": ")" +
         k_wheel_hex + R"("}},
    {"filename": "demo_pkg-1.1rc1.tar.gz", "url": "/f/rc.tar.gz", "hashes": {}},
    {"filename": "demo_pkg-2.0.tar.gz", "url": "/f/2.tar.gz", "hashes": {}, "yanked": true}
  ]})";
}

}  // namespace

TEST_CASE("PypiClient asks the index for the normalised project page", "[pypi-client]") {
  PypiClient client = make_client();
  auto request = client.metadata_request(pkg("Demo_Pkg", "1.0"));
  REQUIRE(request);
  CHECK(request->url == k_index + "demo-pkg/");
  CHECK(std::find(request->headers.begin(), request->headers.end(),
                  "Accept: application/vnd.pypi.simple.v1+json, text/html;q=0.01") !=
        request->headers.end());
  CHECK(std::find(request->headers.begin(), request->headers.end(),
                  "Authorization: Basic dTpwdw==") != request->headers.end());

  // Invalid names and non-index sources need no page.
  CHECK_FALSE(client.metadata_request(pkg("../etc/passwd", "1.0")));
  PackageRef git = pkg("demo", "1.0");
  git.source = "git";
  git.resolved = "git+https://example.invalid/x.git";
  CHECK_FALSE(client.metadata_request(git));
  std::string error;
  CHECK(locate_or_why(client, git, nullptr, &error).empty());
  CHECK(error.find("git dependency") != std::string::npos);
}

TEST_CASE("PypiClient picks the sdist and the pure wheel with index hashes", "[pypi-client]") {
  PypiClient client = make_client();
  std::string page = json_page();
  std::string error;
  auto downloads = locate_or_why(client, pkg("demo.pkg", "v1.0.0"), &page, &error);
  INFO(error);
  REQUIRE(downloads.size() == 2);
  CHECK(downloads[0].file_name == "demo_pkg-1.0.tar.gz");
  CHECK(downloads[0].kind == ArchiveKind::sdist);
  CHECK(downloads[0].request.url == "https://idx.example.test/f/demo_pkg-1.0.tar.gz");
  CHECK(downloads[0].integrity == sri(k_sdist_hex));
  CHECK(downloads[0].integrity_source == "registry");
  // The index host gets the credentials, the files host does not.
  CHECK(downloads[0].request.headers == std::vector<std::string>{"Authorization: Basic dTpwdw=="});
  CHECK(downloads[1].file_name == "demo_pkg-1.0-py3-none-any.whl");
  CHECK(downloads[1].kind == ArchiveKind::zip);
  CHECK(downloads[1].integrity == sri(k_wheel_hex));
  CHECK(downloads[1].request.headers.empty());
}

TEST_CASE("PypiClient uses the lockfile's hashes", "[pypi-client]") {
  PypiClient client = make_client();
  std::string page = json_page();
  std::string error;

  SECTION("every file pinned") {
    std::string pins = sri(k_sdist_hex) + " " + sri(k_native_hex) + " " + sri(k_wheel_hex);
    auto downloads = locate_or_why(client, pkg("demo-pkg", "1.0", pins), &page, &error);
    REQUIRE(downloads.size() == 2);
    CHECK(downloads[0].integrity == sri(k_sdist_hex));
    CHECK(downloads[0].integrity_source == "lockfile");
    CHECK(downloads[1].integrity == sri(k_wheel_hex));
    CHECK(downloads[1].integrity_source == "lockfile");
  }
  SECTION("only the native wheel pinned: only that file is chosen") {
    auto downloads =
        locate_or_why(client, pkg("demo-pkg", "1.0", sri(k_native_hex)), &page, &error);
    REQUIRE(downloads.size() == 1);
    CHECK(downloads[0].file_name == "demo_pkg-1.0-cp311-cp311-manylinux_2_17_x86_64.whl");
    CHECK(downloads[0].integrity_source == "lockfile");
  }
  SECTION("a pinned file changed on the index") {
    std::string pins = sri(k_other_hex) + " " + sri(k_wheel_hex);
    auto downloads = locate_or_why(client, pkg("demo-pkg", "1.0", pins), &page, &error);
    CHECK(downloads.empty());
    CHECK(error.find("demo-pkg==1.0: the index's hash for") == 0);
    CHECK(error.find("is not among the lockfile's hashes") != std::string::npos);
    CHECK(error.find("1 of the lockfile's 2 hashes match no file") != std::string::npos);
    CHECK(error.find("the lockfile pins other files") != std::string::npos);
  }
  SECTION("nothing pinned is listed") {
    auto downloads = locate_or_why(client, pkg("demo-pkg", "1.0", sri(k_other_hex)), &page, &error);
    CHECK(downloads.empty());
    CHECK(error.find("the lockfile pins other files") != std::string::npos);
  }
}

TEST_CASE("PypiClient version selection", "[pypi-client]") {
  PypiClient client = make_client();
  std::string page = json_page();
  std::string error;

  // No version: the newest final, non-yanked release (not 1.1rc1, not the yanked 2.0).
  auto newest = locate_or_why(client, pkg("demo-pkg", ""), &page, &error);
  REQUIRE(newest.size() == 2);
  CHECK(newest[0].file_name == "demo_pkg-1.0.tar.gz");

  // A pinned yanked version is still fetched, but it has no hash anywhere.
  CHECK(locate_or_why(client, pkg("demo-pkg", "2.0"), &page, &error).empty());
  CHECK(error.find("neither the index nor the lockfile gives a hash for demo_pkg-2.0.tar.gz") !=
        std::string::npos);

  // With a lockfile hash and no index hash, the lockfile's hash is expected.
  auto rc = locate_or_why(client, pkg("demo-pkg", "1.1rc1", sri(k_other_hex)), &page, &error);
  REQUIRE(rc.size() == 1);
  CHECK(rc[0].integrity == sri(k_other_hex));
  CHECK(rc[0].integrity_source == "lockfile");
  CHECK(rc[0].request.url == "https://idx.example.test/f/rc.tar.gz");

  CHECK(locate_or_why(client, pkg("demo-pkg", "3.0"), &page, &error).empty());
  CHECK(error.find("lists no distribution file for version 3.0 (6 files for other versions)") !=
        std::string::npos);
  CHECK(error.find("pw") == std::string::npos);
}

TEST_CASE("PypiClient reads HTML pages and reports bad JSON", "[pypi-client]") {
  PypiClient client = make_client("http://127.0.0.1:9/simple/");
  std::string html = "<a href=\"/p/demo-1.0.zip#sha256=" + k_sdist_hex +
                     "\">demo-1.0.zip</a>"
                     "<a href=\"/p/demo-1.0-py3-none-any.whl\">demo-1.0-py3-none-any.whl</a>";
  std::string error;
  auto downloads = locate_or_why(client, pkg("demo", "1.0"), &html, &error);
  REQUIRE(downloads.size() == 1);  // the wheel has no hash anywhere and is left out
  CHECK(downloads[0].kind == ArchiveKind::zip);
  CHECK(downloads[0].request.url == "http://127.0.0.1:9/p/demo-1.0.zip");

  std::string bad = "{\"files\": [";
  CHECK(locate_or_why(client, pkg("demo", "1.0"), &bad, &error).empty());
  CHECK(error.find("demo==1.0: http://127.0.0.1:9/simple/demo/:1:") == 0);
}

TEST_CASE("PypiClient downloads a lockfile-named file without the index", "[pypi-client]") {
  PypiClient client = make_client();
  PackageRef p = pkg("demo-pkg", "1.0", sri(k_sdist_hex) + " " + sri(k_wheel_hex));
  p.resolved = "https://files.example.test/packages/demo_pkg-1.0-py3-none-any.whl";
  CHECK_FALSE(client.metadata_request(p));
  std::string error;
  auto downloads = locate_or_why(client, p, nullptr, &error);
  REQUIRE(downloads.size() == 1);
  CHECK(downloads[0].request.url == p.resolved);
  CHECK(downloads[0].kind == ArchiveKind::zip);
  CHECK(downloads[0].integrity_source == "lockfile");
  CHECK(check_integrity(downloads[0].integrity, "x", nullptr) == IntegrityCheck::mismatch);

  // A hash only in the URL fragment counts too.
  PackageRef fragment = pkg("demo-pkg", "1.0");
  fragment.resolved = "https://files.example.test/demo_pkg-1.0.tar.gz#sha256=" + k_sdist_hex;
  CHECK_FALSE(client.metadata_request(fragment));
  downloads = locate_or_why(client, fragment, nullptr, &error);
  REQUIRE(downloads.size() == 1);
  CHECK(downloads[0].integrity == sri(k_sdist_hex));
  CHECK(downloads[0].request.url == "https://files.example.test/demo_pkg-1.0.tar.gz");

  // Without a hash the index page is needed.
  PackageRef no_hash = pkg("demo-pkg", "1.0");
  no_hash.resolved = "https://files.example.test/demo_pkg-1.0.tar.gz";
  CHECK(client.metadata_request(no_hash));
  CHECK(locate_or_why(client, no_hash, nullptr, &error).empty());
  CHECK(error.find("gives no hash") != std::string::npos);
}

namespace {

struct LocalIndex {
  tarsier::test::RegistryServer server;
  std::string sdist;
  std::string wheel;

  // Publishes the tidy-strings fixture as 2.1.0: an HTML page under /simple/ (relative links
  // with hash fragments) and a JSON page under /json/ (absolute links, hashes objects).
  LocalIndex() {
    auto files = tarsier::test::read_tree(tarsier::test::source_path("fixtures/pypi/tidy-strings"));
    REQUIRE_FALSE(files.empty());
    sdist = tarsier::test::pack_sdist("tidy-strings", "2.1.0", files);
    wheel = tarsier::test::pack_wheel("tidy-strings", "2.1.0", files);
    std::string sdist_name = tarsier::test::sdist_file_name("tidy-strings", "2.1.0");
    std::string wheel_name = tarsier::test::wheel_file_name("tidy-strings", "2.1.0");
    server.serve("/packages/" + sdist_name, sdist);
    server.serve("/packages/" + wheel_name, wheel);
    server.serve(
        "/simple/tidy-strings/",
        "<html><body>"
        "<a href=\"../../packages/" +
            sdist_name + "#sha256=" + tarsier::test::sha256_hex(sdist) + "\">" + sdist_name +
            "</a>\n"
            "<a href=\"../../packages/" +
            wheel_name + "#sha256=" + tarsier::test::sha256_hex(wheel) + "\">" + wheel_name +
            "</a>\n"
            "</body></html>",
        "text/html");
    std::string base = server.base_url();
    server.serve("/json/tidy-strings/",
                 R"({"meta": {"api-version": "1.0"}, "name": "tidy-strings", "files": [)"
                 R"({"filename": ")" +
                     sdist_name + R"(", "url": ")" + base + "packages/" + sdist_name +
                     R"(", "hashes": {"sha256": ")" + tarsier::test::sha256_hex(sdist) +
                     R"("}},)"
                     R"({"filename": ")" +
                     wheel_name + R"(", "url": ")" + base + "packages/" + wheel_name +
                     R"(", "hashes": {"sha256": ")" + tarsier::test::sha256_hex(wheel) + R"("}}]})",
                 "application/vnd.pypi.simple.v1+json");
  }
};

bool has_file(const ArchiveContents& contents, const std::string& path) {
  return std::any_of(contents.files.begin(), contents.files.end(),
                     [&](const ArchiveEntry& e) { return e.path == path; });
}

}  // namespace

TEST_CASE("PypiClient locates, downloads and verifies from a local index", "[pypi-client]") {
  http_global_init();
  LocalIndex index;
  FetchOptions options;
  options.retries = 0;
  HttpClient http(options);
  std::string prefix = GENERATE(std::string("simple"), std::string("json"));
  INFO(prefix);
  std::string base = index.server.base_url();
  // Credentials in the index URL go to the index host as Basic auth, never into URLs.
  PypiClient client = make_client("http://ci:t0ken@" + base.substr(7) + prefix);

  PackageRef ref = pkg("Tidy_Strings", "2.1");
  auto request = client.metadata_request(ref);
  REQUIRE(request);
  CHECK(request->url == base + prefix + "/tidy-strings/");
  FetchResult page = http.fetch(*request);
  REQUIRE(page.ok());
  auto seen = index.server.last_request_headers("/" + prefix + "/tidy-strings/");
  CHECK(std::find(seen.begin(), seen.end(), "authorization: Basic Y2k6dDBrZW4=") != seen.end());
  CHECK(std::find(seen.begin(), seen.end(),
                  "accept: application/vnd.pypi.simple.v1+json, text/html;q=0.01") != seen.end());

  std::string error;
  auto downloads = locate_or_why(client, ref, &page.body, &error);
  INFO(error);
  REQUIRE(downloads.size() == 2);
  for (const auto& d : downloads) {
    CHECK(d.request.url.find("t0ken") == std::string::npos);
    FetchResult archive = http.fetch(d.request);
    REQUIRE(archive.ok());
    CHECK(check_integrity(d.integrity, archive.body, nullptr) == IntegrityCheck::match);
    ArchiveContents contents = read_archive(archive.body, d.kind, ArchiveLimits{});
    CHECK(contents.error.empty());
    CHECK(has_file(contents, "tidy_strings/__init__.py"));
    CHECK(has_file(contents, "tidy_strings/case.py"));
    if (d.kind == ArchiveKind::sdist) {
      CHECK(has_file(contents, "PKG-INFO"));
      CHECK(has_file(contents, "pyproject.toml"));
    } else {
      CHECK(has_file(contents, "tidy_strings-2.1.0.dist-info/RECORD"));
      CHECK_FALSE(has_file(contents, "pyproject.toml"));
    }
  }

  // A lockfile pinning the sdist only: one download, and its hash is the lockfile's.
  PackageRef pinned = pkg("tidy-strings", "2.1.0", sri(tarsier::test::sha256_hex(index.sdist)));
  downloads = locate_or_why(client, pinned, &page.body, &error);
  REQUIRE(downloads.size() == 1);
  CHECK(downloads[0].kind == ArchiveKind::sdist);
  CHECK(downloads[0].integrity_source == "lockfile");
}

TEST_CASE("PypiClient takes direct URL requirements as they are", "[pypi-client]") {
  PypiClient client = make_client();
  PackageRef direct = pkg("demo-pkg", "");
  direct.source = "http";
  direct.resolved = "https://git.example.test/org/demo/archive/main.zip#sha256=" + k_sdist_hex;
  CHECK_FALSE(client.metadata_request(direct));
  std::string error;
  auto downloads = locate_or_why(client, direct, nullptr, &error);
  INFO(error);
  REQUIRE(downloads.size() == 1);
  CHECK(downloads[0].kind == ArchiveKind::zip);
  CHECK(downloads[0].request.url == "https://git.example.test/org/demo/archive/main.zip");
  CHECK(downloads[0].integrity == sri(k_sdist_hex));

  direct.resolved = "https://me:pw@git.example.test/org/demo/archive/main.zip";
  CHECK(locate_or_why(client, direct, nullptr, &error).empty());
  CHECK(error ==
        "demo-pkg==(newest): the direct URL https://git.example.test/org/demo/archive/"
        "main.zip has no hash in the lockfile, so the download could not be verified");

  direct.resolved = "https://git.example.test/org/demo";
  direct.integrity = sri(k_sdist_hex);
  CHECK(locate_or_why(client, direct, nullptr, &error).empty());
  CHECK(error.find("does not name a wheel, sdist or zip/tar archive") != std::string::npos);
}
