// `tarsier debug tree FILE` prints the parse tree; `tarsier debug query FILE` prints every raw
// query match with its captures and whether the rule's predicates kept it. For rule authors.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "analyzer/cli/command.h"
#include "analyzer/ecosystem/pypi/pypi.h"
#include "analyzer/engine/analyzer.h"
#include "analyzer/engine/parse_session.h"
#include "analyzer/engine/resolver.h"
#include "analyzer/engine/ruleset.h"

namespace tarsier::cli {

namespace {

std::string one_line(std::string_view text, size_t max = 60) {
  std::string out;
  for (char c : text.substr(0, max))
    out += (c == '\n' || c == '\r') ? ' ' : c;
  if (text.size() > max)
    out += "...";
  return out;
}

// Iterative pre-order walk with a TSTreeCursor (no recursion: trees can be very deep).
void print_tree(TSNode root, std::string_view source) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  int depth = 0;
  while (true) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    if (ts_node_is_named(node)) {
      TSPoint p = ts_node_start_point(node);
      const char* field = ts_tree_cursor_current_field_name(&cursor);
      std::cout << std::string(static_cast<size_t>(depth) * 2, ' ')
                << (field ? std::string(field) + ": " : "") << ts_node_type(node) << " ["
                << p.row + 1 << ":" << p.column + 1 << "]";
      if (ts_node_child_count(node) == 0) {
        std::cout << " " << one_line(resolve::node_text(node, source));
      }
      std::cout << "\n";
    }
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      ++depth;
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        ts_tree_cursor_delete(&cursor);
        return;
      }
      --depth;
    }
  }
}

// Analyses a directory laid out like an unpacked package and prints every finding.
int debug_package(const ParsedArgs& args) {
  namespace fs = std::filesystem;
  const std::string& dir = args.positional[1];
  std::error_code ec;
  std::vector<ArchiveEntry> files;
  PackageRef ref;
  ref.name = fs::path(dir).filename().string();
  ref.version = "0.0.0";
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file())
      continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream body;
    body << in.rdbuf();
    std::string rel = fs::relative(it->path(), dir).generic_string();
    if (rel == "setup.py" || rel == "pyproject.toml")
      ref.ecosystem = pypi_ecosystem().id;
    files.push_back({rel, body.str()});
  }
  if (ec) {
    std::cerr << "tarsier debug: " << dir << ": " << ec.message() << "\n";
    return k_exit_usage;
  }
  AnalyzerOptions options;
  options.rules_dir = args.get("rules");
  options.full_parse = args.has("full-parse");
  auto analyzer = Analyzer::create(options);
  if (!analyzer) {
    std::cerr << "tarsier debug: " << analyzer.error().str() << "\n";
    return k_exit_usage;
  }
  auto a = (*analyzer)->analyze(ref, files, {});
  for (const auto& f : a.findings) {
    std::cout << to_string(f.severity) << "\t" << f.rule << "\t" << f.file << ":" << f.line << ":"
              << f.column << (f.install_time ? "\tinstall" : "") << "\t" << f.snippet << "\n";
  }
  std::cout << "risk: " << to_string(a.risk) << "\nthreats:";
  for (const auto& t : a.threats)
    std::cout << " " << t;
  std::cout << "\nparsed files: " << a.parsed_files << " of " << files.size() << "\n";
  return k_exit_ok;
}

int run_debug(const ParsedArgs& args) {
  if (args.positional.size() == 2 && args.positional[0] == "package") {
    return debug_package(args);
  }
  if (args.positional.size() != 2 ||
      (args.positional[0] != "tree" && args.positional[0] != "query")) {
    std::cerr << "tarsier debug: expected 'tree FILE', 'query FILE' or 'package DIR'\n";
    return k_exit_usage;
  }
  const std::string& path = args.positional[1];
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "tarsier debug: " << path << ": cannot open file\n";
    return k_exit_usage;
  }
  std::stringstream body;
  body << in.rdbuf();
  std::string source = body.str();
  std::optional<Lang> lang;
  if (args.has("lang")) {
    lang = parse_lang(args.get("lang"));
  } else {
    lang = lang_from_name(path);
    if (!lang)
      lang = lang_from_content(source);
  }
  if (!lang) {
    std::cerr << "tarsier debug: " << path
              << ": unknown language (use --lang javascript|typescript|tsx|python|bash)\n";
    return k_exit_usage;
  }
  std::string terminated;  // the engine's text: the source and a terminator (parse_session.h)
  std::string_view text;
  auto parsed = parse_for_queries(*lang, source, 10'000'000, &terminated, &text);
  if (!parsed) {
    std::cerr << "tarsier debug: " << path << ": " << parsed.error().str() << "\n";
    return k_exit_incomplete;
  }
  TreePtr tree = std::move(*parsed);
  if (args.positional[0] == "tree") {
    print_tree(ts_tree_root_node(tree.get()), text);
    return k_exit_ok;
  }
  auto loaded = RuleSet::load(args.get("rules"));
  if (!loaded) {
    std::cerr << "tarsier debug: " << loaded.error().str() << "\n";
    return k_exit_usage;
  }
  const auto& rules = *loaded;
  const QuerySet* set = rules->query_set(*lang);
  if (set == nullptr) {
    std::cout << "no rules for " << lang_name(*lang) << "\n";
    return k_exit_ok;
  }
  std::cout << "pre-filter: " << (set->lexical_gate(source) ? "parse" : "skip") << "\n";
  if (args.has("verbose")) {
    std::cout << "pre-filter pattern: " << set->gate_pattern() << "\n";
  }
  auto resolver = make_resolver(*lang, tree.get(), text);
  for (const auto& m : set->debug_run(tree.get(), text)) {
    std::cout << (m.kept ? "MATCH " : "raw   ") << m.rule->id << "\n";
    for (const auto& [name, node] : m.captures) {
      TSPoint p = ts_node_start_point(node);
      std::cout << "    @" << name << " " << p.row + 1 << ":" << p.column + 1 << " "
                << one_line(resolve::node_text(node, text));
      if (name.rfind("str", 0) == 0) {
        auto v = resolver->constant(node);
        std::cout << "  => " << (v ? "\"" + one_line(*v) + "\"" : "(not constant)");
      } else if (name.rfind("path", 0) == 0) {
        auto v = resolver->path(node);
        std::cout << "  => " << (v ? *v : "(unresolved)");
      }
      std::cout << "\n";
    }
  }
  return k_exit_ok;
}

CommandRegistration k_register{Command{
    "debug",
    "debug tree FILE | debug query FILE [--lang LANG] [--rules DIR]",
    "Print a file's parse tree, or the raw rule matches with their captures",
    {{"lang", 0, true, false, "LANG", "javascript, typescript, tsx, python or bash"},
     {"rules", 0, true, false, "DIR", "load rules from DIR instead of the built-in set"},
     {"verbose", 'v', false, false, "", "also print the pre-filter pattern"},
     {"full-parse", 0, false, false, "", "package: parse every file, skipping the pre-filter"}},
    run_debug}};

}  // namespace

}  // namespace tarsier::cli
