// The query pass's shortcuts change no result: finite regex languages, path guards (a callee
// rejected from its last member before anything is resolved), plain string literals read from
// the source. QuerySet::debug_run evaluates every predicate without the guards, so run() must keep
// exactly what it keeps.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "analyzer/engine/parse_session.h"
#include "analyzer/engine/path_guard.h"
#include "analyzer/engine/regex_language.h"
#include "analyzer/engine/resolver.h"
#include "analyzer/engine/ruleset.h"
#include "tests/support/paths.h"

using namespace tarsier;
namespace fs = std::filesystem;

namespace {

const RuleSet& rules() {
  static std::unique_ptr<RuleSet> set = [] {
    auto r = RuleSet::load("");
    INFO((r ? "" : r.error().str()));
    REQUIRE(r);
    return std::move(*r);
  }();
  return *set;
}

using Kept = std::set<std::pair<std::string, uint32_t>>;  // rule id, start byte

Kept kept_by_run(Lang lang, const TSTree* tree, std::string_view source) {
  Kept out;
  for (const auto& m : rules().query_set(lang)->run(tree, source))
    out.insert({m.rule->id, m.start_byte});
  return out;
}

Kept kept_without_shortcuts(Lang lang, const TSTree* tree, std::string_view source) {
  Kept out;
  for (const auto& m : rules().query_set(lang)->debug_run(tree, source)) {
    if (!m.kept)
      continue;
    for (const auto& [name, node] : m.captures) {
      if (name == "match")
        out.insert({m.rule->id, ts_node_start_byte(node)});
    }
  }
  return out;
}

TreePtr parse(Lang lang, const std::string& source) {
  auto tree = parse_source(lang, source, 0);
  REQUIRE(tree);
  return std::move(*tree);
}

// The rules reporting on the first line of `source`, through the guarded pass; also checks that
// the guarded and unguarded passes agree on the whole source.
std::set<std::string> rules_on_first_line(const std::string& source, Lang lang = Lang::javascript) {
  TreePtr tree = parse(lang, source);
  Kept run = kept_by_run(lang, tree.get(), source);
  INFO(source);
  CHECK(run == kept_without_shortcuts(lang, tree.get(), source));
  std::set<std::string> out;
  size_t eol = source.find('\n');
  for (const auto& [rule, start] : run) {
    if (start < eol)
      out.insert(rule);
  }
  return out;
}

// Every node of the tree, iteratively.
template <typename F>
void each_node(const TSTree* tree, F&& f) {
  TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
  for (;;) {
    f(ts_tree_cursor_current_node(&c));
    if (ts_tree_cursor_goto_first_child(&c))
      continue;
    while (!ts_tree_cursor_goto_next_sibling(&c)) {
      if (!ts_tree_cursor_goto_parent(&c)) {
        ts_tree_cursor_delete(&c);
        return;
      }
    }
  }
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream body;
  body << in.rdbuf();
  return body.str();
}

}  // namespace

TEST_CASE("finite regex languages", "[engine][shortcuts]") {
  auto lang = finite_language("^(fs|fs/promises)\\.(promises\\.)?(chmod|chmodSync)$");
  REQUIRE(lang);
  std::set<std::string> got(lang->begin(), lang->end());
  CHECK(got == std::set<std::string>{"fs.chmod", "fs.chmodSync", "fs.promises.chmod",
                                     "fs.promises.chmodSync", "fs/promises.chmod",
                                     "fs/promises.chmodSync", "fs/promises.promises.chmod",
                                     "fs/promises.promises.chmodSync"});
  CHECK(finite_language("^eval$") == std::vector<std::string>{"eval"});
  CHECK(finite_language("^$") == std::vector<std::string>{""});
  auto empty_alt = finite_language("^(?:a|)b$");
  REQUIRE(empty_alt);
  CHECK(std::set<std::string>(empty_alt->begin(), empty_alt->end()) ==
        std::set<std::string>{"ab", "b"});
  // Not finite, not plain, or the anchors do not cover the whole pattern.
  for (const char* re : {"^a|b$", "^(a|b)", "(a|b)$", "^a+$", "^a*$", "^a{2}$", "^a\\d$", "^[ab]$",
                         "^(?i)a$", "^a.b$", "^a$b$", "^a\\bb$", "^a??$", "^(a$"}) {
    INFO(re);
    CHECK_FALSE(finite_language(re));
  }
  CHECK_FALSE(finite_language("^(a|b)(c|d)(e|f)$", 7));
}

TEST_CASE("finite languages agree with RE2 on every rule-like regex", "[engine][shortcuts]") {
  const char* regexes[] = {
      "^(child_process|cross-spawn|execa)(\\.(exec|execSync|spawn|fork|sync))?$",
      "^((https?|http2)\\.(get|request)|axios(\\.(get|post))?|got(\\.(get|post))?|node-fetch)$",
      "^(node:)?(fs|fs/promises|fs-extra|graceful-fs)$",
      "^eth_(sendTransaction|signTransaction|sign|requestAccounts)$"};
  for (const char* re : regexes) {
    INFO(re);
    auto lang = finite_language(re);
    REQUIRE(lang);
    RE2 compiled(re);
    std::set<std::string> members(lang->begin(), lang->end());
    // Members, their prefixes, extensions and near misses: membership equals an RE2 match.
    std::vector<std::string> probes;
    for (const auto& s : members) {
      probes.push_back(s);
      probes.push_back(s + "x");
      probes.push_back("x" + s);
      probes.push_back(s + ".");
      for (size_t i = 0; i < s.size(); ++i) {
        probes.push_back(s.substr(0, i));
        probes.push_back(s.substr(i + 1));
        std::string swapped = s;
        swapped[i] = swapped[i] == '.' ? '/' : '.';
        probes.push_back(swapped);
      }
    }
    for (const auto& p : probes) {
      INFO(p);
      CHECK(RE2::PartialMatch(p, compiled) == (members.count(p) > 0));
    }
  }
}

TEST_CASE("tail sets: a path's last members", "[engine][shortcuts]") {
  TailSet tails({"child_process.exec", "fetch", "socket.io-client"});
  for (const char* t : {"exec", "child_process.exec", "fetch", "io-client", "socket.io-client"})
    CHECK(tails.admits(t));
  for (const char* t : {"process.exec", "child_process", "socket", "push", ""})
    CHECK_FALSE(tails.admits(std::string_view(t)));
  CHECK(tails.admits(PathShape{}));
  CHECK_FALSE(tails.admits(PathShape{PathShape::Kind::none, {}}));
  CHECK_FALSE(tails.admits(PathShape{PathShape::Kind::tail, "push"}));
}

TEST_CASE("JavaScript path shapes from syntax alone", "[engine][shortcuts]") {
  std::string source =
      "a.b.push(x); (0, cp.exec)(y); f(z); o['k'](1); this.run(); import('m'); "
      "require('m').x(); g()(); (() => 1)(); s.t(u)(v);";
  TreePtr tree = parse(Lang::javascript, source);
  auto resolver = make_cached_resolver(Lang::javascript, tree.get(), source);
  std::vector<std::string> shapes;
  each_node(tree.get(), [&](TSNode n) {
    if (std::string(ts_node_type(n)) != "call_expression")
      return;
    TSNode fn = ts_node_child_by_field_name(n, "function", 8);
    for (TSNode node : {fn, n}) {
      PathShape s = resolver->path_shape(node);
      shapes.push_back(s.kind == PathShape::Kind::unknown ? "?"
                       : s.kind == PathShape::Kind::none  ? "-"
                       : s.kind == PathShape::Kind::call  ? "()"
                                                          : std::string(s.tail));
    }
  });
  // Pairs: the callee's shape, then the call's: a module through a loader, else a call result
  // ("()": a path ending in ')', such as atob()). g()() and s.t(u)(v): the inner call is a call
  // result (no argument, or not a loader); a callee that is a call itself has no member tail.
  CHECK(shapes == std::vector<std::string>{"push", "()",  "exec", "()",     "?", "?",  "?",
                                           "?",    "run", "()",   "import", "?", "x",  "()",
                                           "?",    "?",   "()",   "()",     "?", "()", "-",
                                           "()",   "()",  "?",    "t",      "()"});
}

TEST_CASE("guarded pass: aliased and computed callees are still matched", "[engine][shortcuts]") {
  using S = std::set<std::string>;
  // The callee is an alias of a loader: its shape is unknown, so nothing is rejected early.
  CHECK(rules_on_first_line("cp.exec(x);\nconst r = require; const cp = r('child_process');")
            .count("js-exec-call") == 1);
  CHECK(rules_on_first_line("run('ls');\nconst {exec: run} = require('child_process');")
            .count("js-exec-call") == 1);
  CHECK(rules_on_first_line("(0, cp.exec)('ls');\nconst cp = require('child_process');")
            .count("js-exec-call") == 1);
  CHECK(rules_on_first_line("require('child_process')['ex' + 'ec']('ls');").count("js-exec-call") ==
        1);
  CHECK(rules_on_first_line("global['req' + 'uire']('child_process');")
            .count("js-obfuscated-require") == 1);
  CHECK(rules_on_first_line("window.fetch(u);") == S{"js-fetch"});
  CHECK(rules_on_first_line("const f = await import('node:fs'); f.writeFileSync(p, d);")
            .count("js-fs-write") == 1);
  CHECK(rules_on_first_line("(await import('fs')).writeFileSync(p, d);").count("js-fs-write") == 1);
  CHECK(rules_on_first_line("const m = 'child_process'; require(m);").count("js-child-process") ==
        1);
  CHECK(rules_on_first_line("new vm.Script(code);\nconst vm = require('vm');") == S{"js-vm"});
  CHECK(rules_on_first_line("cp!.exec(x);\nimport * as cp from 'child_process';", Lang::typescript)
            .count("js-exec-call") == 1);
  // Rejected from the last member: nothing is reported, as without the guards.
  CHECK(rules_on_first_line("this.exec(x); a.b.c.exec(y); list.push(z);").empty());
}

TEST_CASE("guarded pass keeps what the unguarded pass keeps on every test file and fixture",
          "[engine][shortcuts]") {
  std::vector<fs::path> files;
  for (const char* dir : {"rules/js", "rules/python", "fixtures/behaviour"}) {
    for (const auto& e : fs::recursive_directory_iterator(test::source_path(dir))) {
      if (e.is_regular_file())
        files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  size_t checked = 0, kept = 0;
  for (const auto& path : files) {
    auto lang = lang_from_name(path.filename().string());
    if (!lang || *lang == Lang::bash)
      continue;
    std::string source = read(path);
    TreePtr tree = parse(*lang, source);
    Kept run = kept_by_run(*lang, tree.get(), source);
    INFO(path.string());
    CHECK(run == kept_without_shortcuts(*lang, tree.get(), source));
    kept += run.size();
    ++checked;
  }
  CHECK(checked > 60);
  CHECK(kept > 100);
}

TEST_CASE("plain string literals read from the source equal the folded constant",
          "[engine][shortcuts]") {
  std::string source =
      "a('plain', \"dq\", '', 'esc\\x41', 'line\\\nnext', `tpl`, `t${x}`, 'x' + 'y');\n"
      "<div a=\"j&amp;s\">t</div>;";
  size_t fast = 0, strings = 0;
  for (Lang lang : {Lang::javascript, Lang::tsx}) {
    TreePtr tree = parse(lang, source);
    auto inner = make_js_resolver(tree.get(), source, lang);
    auto cached = make_cached_resolver(lang, tree.get(), source);
    each_node(tree.get(), [&](TSNode n) {
      std::string type = ts_node_type(n);
      if (type != "string" && type != "template_string")
        return;
      ++strings;
      INFO(type << " " << source.substr(ts_node_start_byte(n), 20));
      auto value = inner->constant(n);
      std::string_view text;
      if (inner->constant_in_source(n, &text)) {
        ++fast;
        REQUIRE(value);
        CHECK(text == *value);
      }
      auto view = cached->constant_view(n);
      REQUIRE(view.has_value() == value.has_value());
      if (value)
        CHECK(*view == *value);
      CHECK(inner->path_shape(n).kind == PathShape::Kind::none);  // a literal has no path
    });
  }
  CHECK(strings >= 16);
  CHECK(fast >= 6);
  CHECK(fast < strings);
}
