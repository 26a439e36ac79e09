// Time budgets and region analysis: no file stalls a scan, and a file over its budget still gets
// the findings its neighbourhoods prove, with a finding that says it was analysed only in part.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "analyzer/engine/analyzer.h"
#include "analyzer/engine/parse_session.h"
#include "analyzer/engine/region_scan.h"
#include "analyzer/engine/resolver.h"
#include "tests/support/engine_samples.h"

using namespace tarsier;
using test::sample_ref;

namespace {

const Finding* find(const PackageAnalysis& a, const std::string& rule) {
  for (const auto& f : a.findings) {
    if (f.rule == rule)
      return &f;
  }
  return nullptr;
}

// A string literal of `n` escaped JSON fragments, as grammar bundles embed them
// (JSON.parse("{\"k\":\"\\\\w\"...")): tree-sitter gives it one child per escape.
std::string escaped_literal(size_t n) {
  std::string out = "\"";
  for (size_t i = 0; i < n; ++i) {
    out += "{\\\"k" + std::to_string(i % 97) + "\\\":\\\"\\\\w\\\"},";
  }
  return out + "\"";
}

// Code nested `depth` levels deep (arrays of calls), then a process spawn.
std::string nested_with_spawn(int depth) {
  std::string open, close;
  for (int i = 0; i < depth; ++i) {
    open += "f([";
    close += "])";
  }
  return "const cp = require('child_process');\n" + open + "1" + close +
         ";\ncp.exec('id');\nmodule.exports = 1;\n";
}

}  // namespace

TEST_CASE("a long escaped literal folds in linear time", "[engine][budget]") {
  // 250,000 escapes: resolving them with ts_node_child(node, i) took minutes (every call walks
  // from the first child); with a tree cursor it takes milliseconds.
  std::string source = "const grammar = Object.freeze(JSON.parse(" + escaped_literal(50000) +
                       "));\nrequire('child_process').exec(grammar.x);\n";
  auto parsed = parse_source(Lang::javascript, source, 0);
  REQUIRE(parsed);
  TreePtr tree = std::move(*parsed);
  TSNode root = ts_tree_root_node(tree.get());
  // The literal: first argument of JSON.parse, found by its start byte.
  size_t at = source.find("JSON.parse(") + std::string("JSON.parse(").size();
  TSNode literal = ts_node_descendant_for_byte_range(root, static_cast<uint32_t>(at),
                                                     static_cast<uint32_t>(at + 1));
  while (!ts_node_is_null(literal) && std::string(ts_node_type(literal)) != "string") {
    literal = ts_node_parent(literal);
  }
  REQUIRE_FALSE(ts_node_is_null(literal));
  CHECK(resolve::children(literal, false).size() > 100000);
  auto value = make_resolver(Lang::javascript, tree.get(), source)->constant(literal);
  REQUIRE(value);
  CHECK(value->rfind("{\"k0\":\"\\w\"},{\"k1\":", 0) == 0);
}

TEST_CASE("a file that ends in an ambiguous construct is analysed whole, in linear time",
          "[engine][budget]") {
  // A file ending in `export default [x]` (array or destructuring pattern?) or Python's
  // `__all__ = [...]` kept two parses to its end, so tree-sitter balanced none of its lists and
  // the query cursor climbed a chain of 48,000 nested nodes for each part of the literal: far
  // over the 4 s budget (about a minute here), so the file went to regions. With a terminator
  // after the source (parse_session.h) it takes milliseconds.
  std::string js = "const grammar = Object.freeze(JSON.parse(" + escaped_literal(8000) +
                   "));\nrequire('child_process').exec(grammar.x);\nexport default [grammar]\n";
  auto a = test::new_analyzer()->analyze(sample_ref("grammar-x"), {{"dist/lang.mjs", js}}, {});
  CHECK(find(a, "analysis-budget") == nullptr);
  CHECK(find(a, "js-child-process") != nullptr);

  // The same in Python (13 s of queries before, 0.1 s now, with `engine_bench --profile`; the
  // query deadline, checked between matches, did not see it here: few matches).
  std::string table;  // a data table of 20,000 rows, as generated Python modules carry
  for (int i = 0; i < 20000; ++i) {
    table += "    (" + std::to_string(i) + ", \"k" + std::to_string(i % 97) + "\"),\n";
  }
  std::string py =
      "import os\nTABLE = [\n" + table + "]\nos.system(TABLE[0][1])\n__all__ = [TABLE, os]\n";
  auto b = test::new_analyzer()->analyze(sample_ref("table-y"), {{"table.py", py}}, {});
  CHECK(find(b, "analysis-budget") == nullptr);
  CHECK(find(b, "py-subprocess") != nullptr);

  std::string text = "x = [a]";
  std::string storage;
  CHECK(terminated_source(Lang::python, text, &storage) == "x = [a]\npass\n");
  CHECK(terminated_source(Lang::tsx, text, &storage) == "x = [a]\n;");
  CHECK(terminated_source(Lang::bash, text, &storage).data() == text.data());
}

TEST_CASE("code with a syntax error is parsed as it is, without a terminator", "[engine][budget]") {
  // A payload cut inside a long bytes literal: with "\npass\n" after it, error recovery kept
  // parses alive and the queries took 19 s on this input; as it is, 0.02 s.
  std::string cut = "import os\nos.system(cmd)\nwith open(p, 'wb') as f:\n    f.write(b'MZ";
  for (int i = 0; i < 30000; ++i) {
    cut += "\\x90\\x00";
  }
  std::string storage;
  std::string_view text;
  auto tree = parse_for_queries(Lang::python, cut, 0, &storage, &text);
  REQUIRE(tree);
  CHECK(ts_node_has_error(ts_tree_root_node(tree->get())));
  CHECK(text.size() == cut.size());
  auto a = test::new_analyzer()->analyze(sample_ref("cut-x"), {{"setup.py", cut}}, {});
  CHECK(find(a, "py-subprocess") != nullptr);
  // Code without errors keeps its terminator.
  std::string whole = "import os\nos.system(cmd)\n__all__ = [os]\n";
  auto clean = parse_for_queries(Lang::python, whole, 0, &storage, &text);
  REQUIRE(clean);
  CHECK(text.size() > whole.size());
}

TEST_CASE("a file over its budget is analysed by regions and says so", "[engine][budget]") {
  AnalyzerOptions options;
  options.parse_timeout_us = 1;  // every whole-file parse times out
  auto analyzer = test::new_analyzer(options);
  auto a = analyzer->analyze(sample_ref("nested-x"), {{"index.js", nested_with_spawn(2000)}}, {});
  const Finding* budget = find(a, "analysis-budget");
  REQUIRE(budget != nullptr);
  CHECK(budget->file == "index.js");
  CHECK(budget->message.find("parse timed out") != std::string::npos);
  CHECK(budget->message.find("regions around the rules' needles") != std::string::npos);
  // The spawn is still found: its window holds the require and the call.
  CHECK(find(a, "js-child-process") != nullptr);
  CHECK(find(a, "analysis-skipped") == nullptr);
}

TEST_CASE("files past the package's budget go straight to regions", "[engine][budget]") {
  AnalyzerOptions options;
  options.package_budget_us = 0;
  auto analyzer = test::new_analyzer(options);
  auto a = analyzer->analyze(sample_ref("slow-x"),
                             {{"index.js", "require('child_process').exec('id');\n"}}, {});
  const Finding* budget = find(a, "analysis-budget");
  REQUIRE(budget != nullptr);
  CHECK(budget->message.find("package's 0 ms analysis budget") != std::string::npos);
  CHECK(find(a, "js-child-process") != nullptr);
  // Within the budget nothing is said.
  auto fine = test::new_analyzer()->analyze(
      sample_ref("fast-x"), {{"index.js", "require('child_process').exec('id');\n"}}, {});
  CHECK(find(fine, "analysis-budget") == nullptr);
  CHECK(find(fine, "js-child-process") != nullptr);
}

TEST_CASE("regions surround the needles, merge, and stay bounded", "[engine][budget]") {
  std::string data(300000, 'x');
  for (size_t i = 0; i < data.size(); i += 100)
    data[i] = ';';
  auto one = regions_around(data, {50000});
  REQUIRE(one.size() == 1);
  CHECK(one[0].begin <= 50000 - 256);
  CHECK(one[0].end >= 50000 + 256);
  CHECK(one[0].end - one[0].begin <= 2048);
  CHECK(data[one[0].begin - 1] == ';');  // starts after a statement boundary
  // Close needles share a window; far ones do not.
  auto two = regions_around(data, {10000, 10500, 200000});
  REQUIRE(two.size() == 2);
  CHECK(two[0].begin < 10000);
  CHECK(two[0].end > 10500);
  // A run of needles never makes one window the size of the file.
  std::vector<size_t> dense;
  for (size_t i = 0; i < data.size(); i += 500)
    dense.push_back(i);
  auto many = regions_around(data, dense);
  CHECK(many.size() > 3);
  for (size_t i = 0; i < many.size(); ++i) {
    CHECK(many[i].end - many[i].begin <= (64 << 10) + 2048);
    if (i > 0)
      CHECK(many[i].begin >= many[i - 1].end);
  }
}
