// Every format against the same malformed inputs: empty, not-this-format, truncated, and one bad
// entry among good ones.
#include <catch2/catch.hpp>

#include "parsers/common/yaml_document.h"
#include "parsers/formats.h"
#include "tests/parsers/lockfile_testing.h"

using namespace tarsier;
using tarsier::test::parse_fixture;

namespace {

struct Format {
  const LockfileParser* parser;
  std::string prefix;  // fixture folder prefix
  std::string file;
};

std::vector<Format> formats() {
  return {
      {&package_lock_parser(), "npm/", "package-lock.json"},
      {&yarn_lock_parser(), "npm/yarn-classic-", "yarn.lock"},
      {&yarn_lock_parser(), "npm/yarn-berry-", "yarn.lock"},
      {&pnpm_lock_parser(), "npm/pnpm-", "pnpm-lock.yaml"},
      {&bun_lock_parser(), "npm/bun-", "bun.lock"},
      {&requirements_parser(), "pypi/requirements-", "requirements.txt"},
      {&pipfile_lock_parser(), "pypi/pipfile-", "Pipfile.lock"},
      {&poetry_lock_parser(), "pypi/poetry-", "poetry.lock"},
      {&uv_lock_parser(), "pypi/uv-", "uv.lock"},
      {&pdm_lock_parser(), "pypi/pdm-", "pdm.lock"},
      {&pylock_parser(), "pypi/pylock-", "pylock.toml"},
  };
}

}  // namespace

TEST_CASE("every format: empty, not-this-format and truncated files give errors with a position",
          "[parsers][bad]") {
  for (const auto& format : formats()) {
    // package-lock's fixtures predate the prefix scheme: "npm/empty", "npm/not-json".
    bool npm_lock = format.prefix == "npm/";
    for (std::string variant : {"empty", "not", "truncated"}) {
      std::string folder = variant == "not" && npm_lock ? "not-json" : variant;
      std::string relative = format.prefix + folder + "/" + format.file;
      INFO(relative);
      auto result = parse_fixture(*format.parser, relative);
      // Line-based formats (yarn classic, requirements) keep the entries before the cut and
      // report the cut; the structured ones cannot be read at all.
      if (variant != "truncated" ||
          (format.file != "yarn.lock" && format.prefix.find("requirements") == std::string::npos)) {
        CHECK(result.fatal);
      }
      REQUIRE_FALSE(result.errors.empty());
      const Diagnostic& error = result.errors.front();
      CHECK(error.path == relative);
      CHECK(error.line > 0);
      CHECK(error.column > 0);
      CHECK(error.str().rfind(relative + ":" + std::to_string(error.line) + ":", 0) == 0);
      if (variant == "empty") {
        CHECK(error.message.rfind("empty file", 0) == 0);
        CHECK(result.packages.empty());
      }
    }
  }
}

TEST_CASE("every format: one bad entry is reported and the good ones kept", "[parsers][bad]") {
  struct Case {
    const LockfileParser* parser;
    std::string relative;
    size_t good;
    size_t errors;
  };
  const std::vector<Case> cases = {
      {&package_lock_parser(), "npm/one-bad-entry/package-lock.json", 2, 2},
      {&yarn_lock_parser(), "npm/yarn-classic-one-bad/yarn.lock", 3, 1},
      {&yarn_lock_parser(), "npm/yarn-berry-one-bad/yarn.lock", 3, 2},
      {&pnpm_lock_parser(), "npm/pnpm-one-bad/pnpm-lock.yaml", 4, 2},
      {&bun_lock_parser(), "npm/bun-one-bad/bun.lock", 4, 2},
      {&requirements_parser(), "pypi/requirements-one-bad/requirements.txt", 2, 3},
      {&pipfile_lock_parser(), "pypi/pipfile-one-bad/Pipfile.lock", 2, 2},
      {&poetry_lock_parser(), "pypi/poetry-one-bad/poetry.lock", 2, 2},
      {&uv_lock_parser(), "pypi/uv-one-bad/uv.lock", 2, 1},
      {&pdm_lock_parser(), "pypi/pdm-one-bad/pdm.lock", 2, 1},
      {&pylock_parser(), "pypi/pylock-one-bad/pylock.toml", 2, 1},
  };
  for (const auto& c : cases) {
    INFO(c.relative);
    auto result = parse_fixture(*c.parser, c.relative);
    CHECK_FALSE(result.fatal);
    CHECK(result.packages.size() == c.good);
    CHECK(result.errors.size() == c.errors);
    for (const auto& error : result.errors) {
      // A real position: path:line:col, never 0:0.
      CHECK(error.path == c.relative);
      CHECK(error.line > 0);
      CHECK(error.column > 0);
    }
    for (const auto& ref : result.packages) {
      CHECK(ref.line >= 0);
      CHECK_FALSE(ref.name.empty());
    }
  }
}

TEST_CASE("every format: random garbage never crashes or throws", "[parsers][bad]") {
  std::vector<std::string> inputs = {std::string(3000, '['),
                                     std::string(3000, '{'),
                                     "\xff\xfe\x00\x01",
                                     "- - - -\n  - :\n:",
                                     "a:\n  b:\n    c: [1, {d: }",
                                     "[[package]]\nname = 1\n[[package]]\n",
                                     std::string("\"") + std::string(100, '\\'),
                                     "@@@:\n  version \"\n",
                                     "packages:\n  /a/1.0.0: 5\nlockfileVersion: 5.4\n",
                                     "lockfileVersion: '9.0'\nimporters: 5\n"};
  std::string nested_yaml;
  for (int i = 0; i < 3000; ++i) {
    nested_yaml += std::string(static_cast<size_t>(i % 40), ' ') + "- \n";
  }
  inputs.push_back(nested_yaml);
  for (const auto* parser : lockfile_parsers()) {
    for (const auto& input : inputs) {
      LockfileResult result;
      REQUIRE_NOTHROW(result = parser->parse(input, "garbage"));
      for (const auto& error : result.errors) {
        CHECK(error.path == "garbage");
      }
    }
  }
}

TEST_CASE("YAML formats: an entry that throws costs only that entry", "[parsers][bad]") {
  // yaml-cpp throws on node shapes a reader does not expect; read_yaml_entry keeps the others
  // and reports the failing entry at its key.
  LockfileResult result;
  YAML::Node root;
  REQUIRE(load_yaml_lockfile("a@1.0.0: {}\n  # note\nb@2.0.0: {}\nc@3.0.0: {}\n", "x.yaml",
                             "a test file", &root, &result));
  std::vector<std::string> read;
  for (auto it = root.begin(); it != root.end(); ++it) {
    read_yaml_entry("x.yaml", it->first, &result, [&] {
      std::string key = it->first.Scalar();
      if (key == "b@2.0.0") {
        (void)it->second.as<int>();  // a map as a number: YAML::TypedBadConversion
      }
      read.push_back(key);
    });
  }
  CHECK(read == std::vector<std::string>{"a@1.0.0", "c@3.0.0"});
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].str().rfind("x.yaml:3:1: unexpected entry structure: ", 0) == 0);
}

TEST_CASE("pnpm: importers naming packages that are missing are reported where they are named",
          "[parsers][bad]") {
  std::string text =
      "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      gone:\n"
      "        specifier: ^1.0.0\n        version: 1.0.0\n      kept:\n        specifier: 2.0.0\n"
      "        version: 2.0.0\npackages:\n  kept@2.0.0:\n    resolution: {integrity: "
      "sha512-Wu1VHeILBK8KAWJUAiSZQX94GmOE45Rg6/"
      "538fKwiloUu21KncEkYGPqob2oSZ5mUT73vLGrHQjKw3KMPwfDzg==}"
      "\n";
  auto result = pnpm_lock_parser().parse(text, "pnpm-lock.yaml");
  REQUIRE(result.packages.size() == 1);
  CHECK(result.packages[0].name == "kept");
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].str().rfind("pnpm-lock.yaml:5:7: 1 dependencies of the importers", 0) ==
        0);
}

TEST_CASE("YAML formats: streams yaml-cpp's LoadAll loops on are errors, documents keep lines",
          "[parsers][bad]") {
  // LoadAll yields an empty document for ",\n" without consuming it, for ever, allocating each
  // time (found by fuzzing the pnpm parser: 2 GB from a 4 KB file).
  for (std::string text : {",\n", "a: 1\n---\n,\n", "{a: 1}\n,\n---\nb: 2\n"}) {
    INFO(text);
    std::vector<YAML::Node> documents;
    LockfileResult result;
    CHECK_FALSE(load_yaml_documents(text, "x.yaml", "a test file", &documents, &result));
    REQUIRE(result.errors.size() == 1);
    CHECK(result.fatal);
  }
  std::vector<YAML::Node> documents;
  LockfileResult result;
  CHECK_FALSE(load_yaml_documents("a: 1\n---\n,\n", "x.yaml", "a test file", &documents, &result));
  CHECK(result.errors[0].str() ==
        "x.yaml:2:1: invalid YAML: a document that cannot be read, expected a test file");

  // Directives and comments before the first marker, a marker with a value, an end marker, a
  // stray marker at the end and "---" inside a quoted string's line are read as YAML reads them.
  std::string text =
      "%YAML 1.2\n# c\n---\nfirst: 1\nquote: \"a --- b\"\n---\nsecond:\n  k: 2\n...\n"
      "third: [x]\n--- {fourth: 4}\n---\n";
  documents.clear();
  result = {};
  REQUIRE(load_yaml_documents(text, "x.yaml", "a test file", &documents, &result));
  REQUIRE(documents.size() == 4);
  CHECK(documents[0]["quote"].as<std::string>() == "a --- b");
  CHECK(yaml_line(documents[1]["second"]["k"]) == 8);
  CHECK(yaml_line(documents[2]["third"]) == 10);
  CHECK(documents[3]["fourth"].as<int>() == 4);

  documents.clear();
  result = {};
  REQUIRE(
      load_yaml_documents("a: 1\r\n---\r\nb: 2\r\n", "x.yaml", "a test file", &documents, &result));
  CHECK(documents.size() == 2);

  std::string many;
  for (int i = 0; i < 70; ++i) {
    many += "---\nk: " + std::to_string(i) + "\n";
  }
  documents.clear();
  result = {};
  CHECK_FALSE(load_yaml_documents(many, "x.yaml", "a test file", &documents, &result));
  CHECK(result.errors[0].str() ==
        "x.yaml:129:1: more than 64 YAML documents: expected a test file");
}
