// The hostile-input corpus: generated here from our own fixtures, nothing big committed. Every
// lockfile fixture goes through the same mutations (emptied, cut short, nested a million deep,
// pins corrupted, line endings changed, bytes that are not UTF-8, NUL bytes, a byte-order mark,
// a megabyte line...), and so do a packument and the Simple API pages. Each case asserts its
// expected outcome; all of them: no exception, bounded time, diagnostics that name the file,
// no kept package with a damaged pin, JSON output that stays valid.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>

#include "analyzer/registry/npm_client.h"
#include "analyzer/registry/pypi_client.h"
#include "analyzer/registry/simple_api.h"
#include "analyzer/util/integrity.h"
#include "analyzer/util/json_text.h"
#include "parsers/lockfile.h"
#include "tests/parsers/lockfile_testing.h"
#include "tests/support/locate.h"

using namespace tarsier;
using test::locate_or_why;

namespace {

enum class Expect {
  survives,        // only the common invariants
  fatal,           // the file as a whole is rejected
  error,           // fatal or at least one error
  same_packages,   // as many packages as the original, no error
  no_pinned_kept,  // errors, and no kept package has an integrity
};

struct Mutation {
  std::string name;
  std::function<std::string(const std::string&)> apply;
  Expect expect;
};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Every SRI digest and hex hash in `text` replaced by `bad`.
std::string corrupt_pins(const std::string& text, const std::string& bad) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t at = std::string::npos;
    for (const char* marker : {"sha512-", "sha1-", "sha256:", "sha256=", "sha256 = "}) {
      at = std::min(at, text.find(marker, i));
    }
    if (at == std::string::npos) {
      break;
    }
    out += text.substr(i, at - i) + bad;
    size_t end = at;
    while (end < text.size() && text[end] != '"' && text[end] != '\'' && text[end] != '\n' &&
           text[end] != ' ' && text[end] != ',') {
      ++end;
    }
    if (text.compare(at, 9, "sha256 = ") == 0) {  // pylock: sha256 = "hex"
      end = text.find('"', at + 10) + 1;
      out += "\"";
    }
    i = end;
  }
  return out + text.substr(std::min(i, text.size()));
}

std::string deep_for(const std::string& file) {
  const size_t depth = 1000000;
  bool toml_lock = file == "poetry.lock" || file == "uv.lock" || file == "pdm.lock";
  if (file.ends_with(".json") || (file.ends_with(".lock") && file != "yarn.lock" && !toml_lock)) {
    return "{\"x\": " + std::string(depth, '[') + "}";
  }
  if (file.ends_with(".yaml") || file == "yarn.lock") {
    return "x: " + std::string(depth, '[') + "\n";
  }
  return "x = " + std::string(depth, '[') + "\n";
}

std::vector<Mutation> lockfile_mutations(const std::string& file) {
  std::vector<Mutation> m = {
      {"empty", [](const std::string&) { return std::string(); }, Expect::fatal},
      {"blank", [](const std::string&) { return std::string(" \n\t\n"); }, Expect::fatal},
      {"nested a million deep", [file](const std::string&) { return deep_for(file); },
       Expect::fatal},
      {"pins cut short", [](const std::string& t) { return corrupt_pins(t, "sha512-AAAA"); },
       Expect::no_pinned_kept},
      {"pins replaced by junk", [](const std::string& t) { return corrupt_pins(t, "xxxxxxxxxx"); },
       Expect::no_pinned_kept},
      {"pins in md5",
       [](const std::string& t) { return corrupt_pins(t, "md5-XUFAKrxLKna5cZ2REBfFkg=="); },
       Expect::no_pinned_kept},
      // TOML has no CR-only line ending: such a file is rejected, never read as empty.
      {"CR-only line endings", [](const std::string& t) { return replace_all(t, "\n", "\r"); },
       file.ends_with(".toml") || file == "poetry.lock" || file == "uv.lock" || file == "pdm.lock"
           ? Expect::fatal
           : Expect::same_packages},
      {"CRLF line endings", [](const std::string& t) { return replace_all(t, "\n", "\r\n"); },
       Expect::same_packages},
      {"byte-order mark", [](const std::string& t) { return "\xef\xbb\xbf" + t; },
       Expect::survives},
      {"twice over", [](const std::string& t) { return t + t; }, Expect::survives},
      {"a megabyte line", [](const std::string& t) { return t + std::string(1 << 20, 'a') + "\n"; },
       Expect::survives},
  };
  for (int tenth = 1; tenth <= 9; ++tenth) {
    m.push_back({"cut at " + std::to_string(tenth * 10) + "%",
                 [tenth](const std::string& t) { return t.substr(0, t.size() * tenth / 10); },
                 Expect::survives});
  }
  for (int fifth = 1; fifth <= 4; ++fifth) {
    m.push_back({"invalid UTF-8 at " + std::to_string(fifth * 20) + "%",
                 [fifth](const std::string& t) {
                   std::string out = t;
                   out.insert(out.size() * fifth / 5, "\xff\xfe\xc0");
                   return out;
                 },
                 Expect::survives});
    m.push_back({"NUL at " + std::to_string(fifth * 20) + "%",
                 [fifth](const std::string& t) {
                   std::string out = t;
                   out.insert(out.size() * fifth / 5, std::string(1, '\0'));
                   return out;
                 },
                 Expect::survives});
  }
  m.push_back({"cut inside a quoted string",
               [](const std::string& t) {
                 size_t quote = t.find(" \"", t.size() / 2);  // an opening quote
                 return quote == std::string::npos ? t : t.substr(0, quote + 3);
               },
               file == "requirements.txt" ? Expect::survives : Expect::error});
  return m;
}

const std::vector<std::string> k_fixtures = {
    "npm/v3/package-lock.json",
    "npm/v1/package-lock.json",
    "npm/yarn-classic/yarn.lock",
    "npm/yarn-berry-v10/yarn.lock",
    "npm/pnpm-9.0/pnpm-lock.yaml",
    "npm/pnpm-6.0/pnpm-lock.yaml",
    "npm/bun-v2/bun.lock",
    "pypi/requirements/requirements.txt",
    "pypi/pipfile/Pipfile.lock",
    "pypi/poetry-2.1/poetry.lock",
    "pypi/uv/uv.lock",
    "pypi/pdm/pdm.lock",
    "pypi/pylock/pylock.toml",
};

void check_common(const LockfileResult& result, const std::string& path, double seconds) {
  CHECK(seconds < 5.0);
  for (const auto& error : result.errors) {
    CHECK(error.path == path);
    CHECK(error.line >= 0);
  }
  nlohmann::json listing = nlohmann::json::array();
  for (const auto& p : result.packages) {
    CHECK(integrity_problem(p.integrity).empty());
    listing.push_back({p.name, p.version, p.integrity, p.resolved});
  }
  nlohmann::json reread;
  JsonTextError ignored;
  CHECK(parse_json_text(json_text(listing), &reread, &ignored));
}

}  // namespace

TEST_CASE("hostile lockfile corpus", "[hardening][corpus]") {
  size_t cases = 0;
  for (const auto& fixture : k_fixtures) {
    std::string base = fixture.substr(fixture.rfind('/') + 1);
    const LockfileParser* parser = find_lockfile_parser(base);
    REQUIRE(parser != nullptr);
    std::string original = test::read_fixture("fixtures/lockfiles/" + fixture);
    LockfileResult clean = parser->parse(original, base);
    REQUIRE(clean.errors.empty());
    REQUIRE_FALSE(clean.packages.empty());
    for (const auto& mutation : lockfile_mutations(base)) {
      INFO(fixture << ": " << mutation.name);
      ++cases;
      std::string text = mutation.apply(original);
      auto start = std::chrono::steady_clock::now();
      LockfileResult result;
      REQUIRE_NOTHROW(result = parser->parse(text, base));
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      check_common(result, base, seconds);
      Expect expect = mutation.expect;
      if (mutation.name == "cut inside a quoted string" && text == original) {
        expect = Expect::same_packages;  // no quoted value in the second half
      }
      if (expect == Expect::no_pinned_kept && text == original) {
        expect = Expect::same_packages;  // a format without pins (Yarn Berry): nothing changed
      }
      switch (expect) {
        case Expect::fatal:
          CHECK(result.fatal);
          CHECK_FALSE(result.errors.empty());
          break;
        case Expect::error:
          CHECK((result.fatal || !result.errors.empty()));
          break;
        case Expect::same_packages:
          CHECK(result.errors.empty());
          CHECK(result.packages.size() == clean.packages.size());
          break;
        case Expect::no_pinned_kept:
          CHECK_FALSE(result.errors.empty());
          for (const auto& p : result.packages) {
            CHECK(p.integrity.empty());
          }
          break;
        case Expect::survives:
          break;
      }
    }
  }
  CHECK(cases >= 200);
}

TEST_CASE("hostile registry answers corpus", "[hardening][corpus]") {
  NpmConfig npm_config;
  npm_config.registry = "http://registry.example.test/";
  NpmClient npm(npm_config);
  PipConfig pip_config;
  pip_config.index_url = "http://index.example.test/simple/";
  PypiClient pypi(pip_config);
  PackageRef npm_ref;
  npm_ref.name = "fuzz-pkg";
  npm_ref.version = "1.0.0";
  PackageRef pypi_ref = npm_ref;
  pypi_ref.ecosystem = "pypi";

  std::string sri = "sha512-" + std::string(86, 'A') + "==";
  std::string packument =
      R"({"name":"fuzz-pkg","dist-tags":{"latest":"1.0.0"},"versions":{"1.0.0":{"dist":{"tarball":"http://registry.example.test/fuzz-pkg/-/fuzz-pkg-1.0.0.tgz","integrity":")" +
      sri + R"("}}}})";
  std::string html =
      "<html><body><a href=\"/f/fuzz_pkg-1.0.0.tar.gz#sha256=" + std::string(64, 'a') +
      "\">fuzz_pkg-1.0.0.tar.gz</a></body></html>";
  std::string page =
      R"({"meta":{"api-version":"1.1"},"name":"fuzz-pkg","files":[{"filename":"fuzz_pkg-1.0.0.tar.gz","url":"/f/fuzz_pkg-1.0.0.tar.gz","hashes":{"sha256":")" +
      std::string(64, 'a') + R"("}}]})";
  auto from_packument = npm.locate(npm_ref, &packument);
  REQUIRE(from_packument);
  REQUIRE(from_packument->size() == 1);
  auto from_html = pypi.locate(pypi_ref, &html);
  REQUIRE(from_html);
  REQUIRE_FALSE(from_html->empty());
  auto from_json = pypi.locate(pypi_ref, &page);
  REQUIRE(from_json);
  REQUIRE_FALSE(from_json->empty());

  struct Answer {
    std::string name;
    std::string text;
    bool npm;
  };
  std::vector<Answer> answers;
  for (const auto& [label, text, is_npm] : {std::tuple{"packument", packument, true},
                                            {"simple HTML", html, false},
                                            {"PEP 691 page", page, false}}) {
    for (int tenth = 0; tenth < 10; ++tenth) {
      answers.push_back({std::string(label) + " cut at " + std::to_string(tenth * 10) + "%",
                         text.substr(0, text.size() * tenth / 10), is_npm});
    }
    answers.push_back(
        {std::string(label) + " as HTML", "<!DOCTYPE html><html>login</html>", is_npm});
    answers.push_back({std::string(label) + " nested", std::string(1000000, '['), is_npm});
    answers.push_back(
        {std::string(label) + " not UTF-8", replace_all(text, "fuzz", "\xff\xfe"), is_npm});
    answers.push_back(
        {std::string(label) + " number overflow", replace_all(text, "\"1.1\"", "1e999"), is_npm});
    answers.push_back(
        {std::string(label) + " integrity cut short",
         replace_all(replace_all(text, sri, "sha512-AAAA"), std::string(64, 'a'), "abc"), is_npm});
  }
  for (const auto& answer : answers) {
    INFO(answer.name);
    std::string reason;
    std::vector<ArchiveDownload> downloads;
    REQUIRE_NOTHROW(downloads = answer.npm ? locate_or_why(npm, npm_ref, &answer.text, &reason)
                                           : locate_or_why(pypi, pypi_ref, &answer.text, &reason));
    if (downloads.empty()) {
      CHECK_FALSE(reason.empty());  // a failure always says why
    }
    for (const auto& d : downloads) {
      CHECK_FALSE(parse_integrity(d.integrity).empty());  // never a download without a check
    }
  }
}
