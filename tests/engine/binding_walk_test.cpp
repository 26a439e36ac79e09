// The binding-site walk reports exactly what a tree-sitter query over the same sites reports, in
// the same order (the resolvers' "first 64 bindings of a name" and their collection-time key
// resolution depend on that order).
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/engine/binding_walk.h"
#include "analyzer/engine/parse_session.h"
#include "tests/support/paths.h"

using namespace tarsier;

namespace {

// The query the JavaScript resolver used before the walk, one pattern per site kind (the name
// check is the resolver's, so the query leaves it open).
constexpr const char* k_reference = R"q(
(variable_declarator name: (_) value: (_) @value) @site
(assignment_expression left: (_) right: (_) @value) @site
(import_statement) @site
)q";

struct Seen {
  uint32_t kind, start, value_start;
  bool operator==(const Seen& o) const {
    return kind == o.kind && start == o.start && value_start == o.value_start;
  }
};

std::vector<Seen> by_query(Lang lang, const TSTree* tree) {
  uint32_t offset = 0;
  TSQueryError err;
  TSQuery* q =
      ts_query_new(ts_language(lang), k_reference, std::strlen(k_reference), &offset, &err);
  REQUIRE(q != nullptr);
  TSQueryCursor* cursor = ts_query_cursor_new();
  ts_query_cursor_exec(cursor, q, ts_tree_root_node(tree));
  std::vector<Seen> out;
  TSQueryMatch m;
  while (ts_query_cursor_next_match(cursor, &m)) {
    Seen s{m.pattern_index, 0, UINT32_MAX};
    for (uint16_t i = 0; i < m.capture_count; ++i) {
      uint32_t len = 0;
      std::string name(ts_query_capture_name_for_id(q, m.captures[i].index, &len));
      if (name == "site")
        s.start = ts_node_start_byte(m.captures[i].node);
      else
        s.value_start = ts_node_start_byte(m.captures[i].node);
    }
    out.push_back(s);
  }
  ts_query_cursor_delete(cursor);
  ts_query_delete(q);
  return out;
}

struct Recorder : BindingSiteVisitor {
  std::vector<Seen> seen;
  bool ancestors_ok = true;
  void site(const BindingSite& s) override {
    // The resolvers skip sites without a name; the query's `name: (_)` does not match them.
    if (s.kind != 2) {
      TSNode target = ts_node_child_by_field_name(s.node, s.kind == 0 ? "name" : "left", 4);
      if (ts_node_is_null(target) || !ts_node_is_named(target))
        return;
    }
    seen.push_back({s.kind, ts_node_start_byte(s.node),
                    ts_node_is_null(s.value) ? UINT32_MAX : ts_node_start_byte(s.value)});
    // The ancestors are the parent chain of the site node.
    TSNode n = s.node;
    for (size_t i = s.ancestor_count; i > 0; --i) {
      n = ts_node_parent(n);
      ancestors_ok = ancestors_ok && ts_node_eq(n, s.ancestors[i - 1]);
    }
    ancestors_ok = ancestors_ok && ts_node_is_null(ts_node_parent(n));
  }
};

// With markers (the walk skips subtrees without "=" or "import") or without (it visits all).
std::vector<Seen> by_walk(const TSTree* tree, std::string_view source, bool markers,
                          bool* ancestors_ok) {
  static const std::vector<BindingSiteKind> with = {{"variable_declarator", "value", "="},
                                                    {"assignment_expression", "right", "="},
                                                    {"import_statement", nullptr, "import"}};
  static const std::vector<BindingSiteKind> without = {
      {"variable_declarator", "value"}, {"assignment_expression", "right"}, {"import_statement"}};
  Recorder r;
  walk_binding_sites(tree, source, markers ? with : without, r);
  *ancestors_ok = r.ancestors_ok;
  return r.seen;
}

void check_same(Lang lang, const std::string& source) {
  auto parsed = parse_source(lang, source, 0);
  REQUIRE(parsed);
  TreePtr tree = std::move(*parsed);
  auto query = by_query(lang, tree.get());
  for (bool markers : {false, true}) {
    bool ancestors_ok = false;
    auto walk = by_walk(tree.get(), source, markers, &ancestors_ok);
    INFO(source.substr(0, 200) << (markers ? " (skipping subtrees without markers)" : ""));
    CHECK(ancestors_ok);
    REQUIRE(walk.size() == query.size());
    for (size_t i = 0; i < walk.size(); ++i) {
      INFO("site " << i << ": walk " << walk[i].kind << "@" << walk[i].start << " query "
                   << query[i].kind << "@" << query[i].start);
      CHECK(walk[i] == query[i]);
    }
  }
}

}  // namespace

TEST_CASE("binding walk: same sites in the same order as the query", "[engine][resolver]") {
  // Sites nested inside another site's name or value complete before or after it.
  check_same(Lang::javascript, "const {a = (b = c), [k = 'x']: d} = e; var x = y = z = 1;");
  check_same(Lang::javascript,
             "const {k = () => { const m = 1; return m; }} = obj;\n"
             "import q, {r as s} from 'm'; for (var i = 0, j = i; ;) { i = j; }");
  check_same(Lang::javascript, "a = function () { var b = (c = 2); import('x'); };");
  // Error recovery: declarators without a value, stray tokens.
  check_same(Lang::javascript, "var = 5; let a = ; const {x} = ; b = = 3; var q = 1");
  // Recovery may insert a missing "=": such subtrees have errors and are walked.
  check_same(Lang::javascript, "var a 5; let {b} c; x 1; f(y 2); import z 'm'");
  check_same(Lang::javascript, "f(a, b.c, function () { return d(e = 1); }, () => { g = 2; })");
  check_same(Lang::typescript, "const v: number = 1; let w: {a: string} = {a: (u = 'z')};");
  check_same(Lang::tsx, "const C = () => <div a={x = 1}>{(y = 2)}</div>; import z = require('m');");
}

TEST_CASE("binding walk: the rule test files", "[engine][resolver]") {
  namespace fs = std::filesystem;
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(test::source_path("rules/js"))) {
    std::string name = e.path().filename().string();
    auto dot = name.find(".test.");
    if (dot == std::string::npos)
      continue;
    std::string ext = name.substr(dot + 6);
    Lang lang = ext == "ts" ? Lang::typescript : ext == "tsx" ? Lang::tsx : Lang::javascript;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream body;
    body << in.rdbuf();
    check_same(lang, body.str());
    ++files;
  }
  CHECK(files > 10);
}
