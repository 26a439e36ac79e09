#include "analyzer/registry/simple_api.h"

#include <catch2/catch.hpp>
#include <random>

#include "analyzer/registry/python_dist.h"
#include "analyzer/util/url_resolve.h"

using namespace tarsier;

namespace {

const std::string k_page = "https://index.example.test/simple/demo-pkg/";
const std::string k_hex_a(64, 'a');
const std::string k_hex_b(64, 'b');

}  // namespace

TEST_CASE("resolve_url handles every reference form", "[simple-api]") {
  const std::string base = "https://h.example.test/simple/demo/?x=1#frag";
  CHECK(resolve_url(base, "https://o.example.test/f.whl") == "https://o.example.test/f.whl");
  CHECK(resolve_url(base, "//cdn.example.test/f.whl") == "https://cdn.example.test/f.whl");
  CHECK(resolve_url(base, "/packages/f.whl") == "https://h.example.test/packages/f.whl");
  CHECK(resolve_url(base, "../../packages/a/f.whl#sha256=00") ==
        "https://h.example.test/packages/a/f.whl#sha256=00");
  CHECK(resolve_url(base, "f.whl") == "https://h.example.test/simple/demo/f.whl");
  CHECK(resolve_url(base, "./sub/../f.whl") == "https://h.example.test/simple/demo/f.whl");
  CHECK(resolve_url(base, "../../../../../x") == "https://h.example.test/x");
  CHECK(resolve_url(base, "?y=2") == "https://h.example.test/simple/demo/?y=2");
  CHECK(resolve_url(base, "#top") == "https://h.example.test/simple/demo/?x=1#top");
  CHECK(resolve_url("https://h.example.test", "f") == "https://h.example.test/f");
  CHECK(resolve_url("not a url", "f.whl") == "f.whl");
}

TEST_CASE("parse_simple_html reads PEP 503 anchors", "[simple-api]") {
  std::string html =
      "<!DOCTYPE html><html><head><meta name=\"pypi:repository-version\" content=\"1.0\">"
      "<title>Links for demo-pkg</title></head><body><h1>Links for demo-pkg</h1>\n"
      "<a href=\"../../packages/demo_pkg-1.0.tar.gz#sha256=" +
      k_hex_a +
      "\" "
      "data-requires-python=\"&gt;=3.8\">demo_pkg-1.0.tar.gz</a><br/>\n"
      "<A HREF='https://files.example.test/demo_pkg-1.0-py3-none-any.whl#SHA256=" +
      std::string(64, 'B') +
      "' data-yanked>demo_pkg-1.0-py3-none-any.whl</A>\n"
      "<!-- <a href=\"commented.tar.gz\">commented.tar.gz</a> -->\n"
      "<a href=demo_pkg-2.0.zip data-yanked=\"broken &amp; bad\">demo_pkg-2.0.zip</a>\n"
      "<a>no href</a><a href=\"\">empty</a>\n"
      "<a href=\"ftp://mirror.example.test/x.tar.gz\">x.tar.gz</a>\n"
      "</body></html>";
  SimplePage page = parse_simple_html(html, k_page);
  REQUIRE(page.files.size() == 3);
  CHECK(page.files[0].filename == "demo_pkg-1.0.tar.gz");
  CHECK(page.files[0].url == "https://index.example.test/packages/demo_pkg-1.0.tar.gz");
  CHECK(page.files[0].hashes.at("sha256") == k_hex_a);
  CHECK(page.files[0].requires_python == ">=3.8");
  CHECK_FALSE(page.files[0].yanked);
  CHECK(page.files[1].url == "https://files.example.test/demo_pkg-1.0-py3-none-any.whl");
  CHECK(page.files[1].hashes.at("sha256") == k_hex_b);
  CHECK(page.files[1].yanked);
  CHECK(page.files[1].yanked_reason.empty());
  CHECK(page.files[2].url == "https://index.example.test/simple/demo-pkg/demo_pkg-2.0.zip");
  CHECK(page.files[2].hashes.empty());
  CHECK(page.files[2].yanked_reason == "broken & bad");
  REQUIRE(page.warnings.size() == 1);
  CHECK(page.warnings[0].find("ftp://") != std::string::npos);
}

TEST_CASE("parse_simple_html honours <base> and numeric references", "[simple-api]") {
  std::string html =
      "<base href=\"https://cdn.example.test/files/\">"
      "<a href=\"demo_pkg-1.0.tar.gz\" data-requires-python=\"&#62;=3.7,&#x3C;4\">"
      "demo_pkg-1.0.tar.gz</a>";
  SimplePage page = parse_simple_html(html, k_page);
  REQUIRE(page.files.size() == 1);
  CHECK(page.files[0].url == "https://cdn.example.test/files/demo_pkg-1.0.tar.gz");
  CHECK(page.files[0].requires_python == ">=3.7,<4");
}

TEST_CASE("parse_simple_html survives garbage", "[simple-api]") {
  std::vector<std::string> inputs = {
      "",
      "<",
      "<a",
      "<a href=",
      "<a href=\"unterminated",
      "<a href='x.tar.gz'",
      "<a href=x.tar.gz>x.tar.gz",
      "<!-- never closed <a href=\"y.tar.gz\">y</a>",
      std::string(100000, '<'),
      std::string(100000, '&'),
      "\xff\xfe<a href=\"\x01\x02\">\x80\x81</a>",
  };
  std::string many;
  for (int i = 0; i < 20000; ++i) {
    many += "<a href=\"f" + std::to_string(i) + ".tar.gz\">";  // no closing tags at all
  }
  inputs.push_back(many);
  for (const auto& input : inputs) {
    SimplePage page = parse_simple_html(input, k_page);
    CHECK(page.files.size() <= 20000);
  }
  CHECK(parse_simple_html(many, k_page).files.size() == 20000);
  // An href without a closing anchor still gives a file; its name comes from the URL.
  SimplePage partial = parse_simple_html("<a href='x-1.0.tar.gz'", k_page);
  REQUIRE(partial.files.size() == 1);
  CHECK(partial.files[0].filename == "x-1.0.tar.gz");
}

TEST_CASE("parse_simple_json reads PEP 691 pages", "[simple-api]") {
  std::string json = R"({
    "meta": {"api-version": "1.1"},
    "name": "demo-pkg",
    "files": [
      {"filename": "demo_pkg-1.0.tar.gz", "url": "../../packages/demo_pkg-1.0.tar.gz",
       "hashes": {"sha256": ")" +
                     k_hex_a + R"(", "md5": "zz"}, "requires-python": ">=3.8",
       "yanked": false},
      {"filename": "demo_pkg-1.0-py3-none-any.whl",
       "url": "https://files.example.test/w.whl#sha256=)" +
                     k_hex_b + R"(",
       "hashes": {}, "yanked": "bad build"},
      {"filename": 7, "url": "x"},
      "not an object",
      {"filename": "local.tar.gz", "url": "file:///etc/passwd", "hashes": {}}
    ]})";
  auto page = parse_simple_page(json, k_page);
  REQUIRE(page);
  CHECK(page->name == "demo-pkg");
  REQUIRE(page->files.size() == 2);
  CHECK(page->files[0].url == "https://index.example.test/packages/demo_pkg-1.0.tar.gz");
  CHECK(page->files[0].hashes.at("sha256") == k_hex_a);
  CHECK(page->files[0].hashes.count("md5") == 0);
  CHECK(page->files[0].requires_python == ">=3.8");
  CHECK(page->files[1].url == "https://files.example.test/w.whl");
  CHECK(page->files[1].hashes.at("sha256") == k_hex_b);  // from the fragment when hashes is empty
  CHECK(page->files[1].yanked);
  CHECK(page->files[1].yanked_reason == "bad build");
  REQUIRE(page->warnings.size() == 3);
  CHECK(page->warnings[0].find("files[2]") != std::string::npos);
}

TEST_CASE("parse_simple_json errors are located and clear", "[simple-api]") {
  auto malformed = parse_simple_page("{\n  \"files\": [\n    {,\n  ]\n}", k_page);
  REQUIRE_FALSE(malformed);
  CHECK(malformed.error().str().rfind(k_page + ":3:", 0) == 0);
  CHECK(malformed.error().where.line == 3);
  CHECK(malformed.error().message().find("malformed") != std::string::npos);

  auto version = parse_simple_page(R"({"meta": {"api-version": "2.0"}, "files": []})", k_page);
  REQUIRE_FALSE(version);
  CHECK(version.error().str().find("unsupported Simple API version '2.0'") != std::string::npos);

  auto no_files = parse_simple_page(R"({"name": "x"})", k_page);
  REQUIRE_FALSE(no_files);
  CHECK(no_files.error().str().find("'files' array") != std::string::npos);

  // Not JSON at all: read as HTML, which never fails.
  auto html = parse_simple_page("   <html></html>", k_page);
  REQUIRE(html);
  CHECK(html->files.empty());
}

TEST_CASE("parse_dist_filename", "[simple-api]") {
  auto wheel = parse_dist_filename("Demo_Pkg-1.0.2-1-py2.py3-none-any.whl", "demo-pkg");
  REQUIRE(wheel);
  CHECK(wheel->wheel);
  CHECK(wheel->version == "1.0.2");
  CHECK(wheel->archive == ArchiveKind::zip);
  CHECK(wheel_preference(*wheel) == 2);

  auto native =
      parse_dist_filename("demo_pkg-1.0-cp311-cp311-manylinux_2_17_x86_64.whl", "Demo.Pkg");
  REQUIRE(native);
  CHECK(wheel_preference(*native) == 0);
  CHECK(wheel_preference(*parse_dist_filename("demo_pkg-1.0-py2-none-any.whl", "demo-pkg")) == 1);

  auto sdist = parse_dist_filename("python-dateutil-2.8.2.tar.gz", "python_dateutil");
  REQUIRE(sdist);
  CHECK_FALSE(sdist->wheel);
  CHECK(sdist->version == "2.8.2");
  CHECK(sdist->archive == ArchiveKind::sdist);
  CHECK(parse_dist_filename("demo-pkg-1.0.ZIP", "demo_pkg")->archive == ArchiveKind::zip);
  CHECK(parse_dist_filename("demo-pkg-1.0.tar.bz2", "demo_pkg")->version == "1.0");

  CHECK_FALSE(parse_dist_filename("other-1.0.tar.gz", "demo-pkg"));
  CHECK_FALSE(parse_dist_filename("demo_pkg-1.0-py3.8.egg", "demo-pkg"));
  CHECK_FALSE(parse_dist_filename("demo_pkg-1.0.win32.exe", "demo-pkg"));
  CHECK_FALSE(parse_dist_filename("demo_pkg-1.0-py3-none.whl", "demo-pkg"));
  CHECK_FALSE(parse_dist_filename("demo-pkg.tar.gz", "demo-pkg"));
  CHECK_FALSE(parse_dist_filename("../demo-pkg-1.0.tar.gz", "demo-pkg"));
}

TEST_CASE("Simple API parsers survive random mutations", "[simple-api]") {
  const std::string html =
      "<html><base href='https://cdn.example.test/'><!-- c --><a href=\"../x/demo-1.0.tar.gz"
      "#sha256=" +
      k_hex_a +
      "\" data-yanked=\"&amp;&#62;\" data-requires-python=\"&gt;=3\">"
      "demo-1.0.tar.gz</a><a href=demo-1.0-py3-none-any.whl>w</a></html>";
  const std::string json = R"({"meta":{"api-version":"1.0"},"name":"demo","files":[)"
                           R"({"filename":"demo-1.0.tar.gz","url":"x.tar.gz","hashes":)"
                           R"({"sha256":"aa"},"yanked":"r","requires-python":">=3"}]})";
  std::mt19937 random(20240601);
  const char alphabet[] = "<>&#;=\"'/ {}[]:,\\x0a\xff";
  size_t total_files = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string text = round % 2 ? html : json;
    int edits = 1 + static_cast<int>(random() % 8);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      size_t at = random() % text.size();
      switch (random() % 3) {
        case 0:
          text[at] = alphabet[random() % (sizeof(alphabet) - 1)];
          break;
        case 1:
          text.erase(at, 1 + random() % 16);
          break;
        default:
          text.insert(at, text.substr(random() % text.size(), random() % 32));
      }
    }
    auto page = parse_simple_page(text, k_page);
    CHECK((page.ok() || !page.error().str().empty()));
    if (page) {
      for (const auto& f : page->files) {
        CHECK(f.url.rfind("http", 0) == 0);
        CHECK(f.url.find('#') == std::string::npos);
      }
      total_files += page->files.size();
    }
  }
  CHECK(total_files > 0);  // the mutations leave many pages readable
}
