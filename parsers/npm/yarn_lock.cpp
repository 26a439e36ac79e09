// The "yarn.lock" format entry: dispatches to the classic or Berry parser, and the descriptor
// handling both share.
#include "parsers/npm/yarn_lock.h"
#include "analyzer/ecosystem/npm/npm.h"

#include "parsers/common/sources.h"
#include "parsers/common/text.h"
#include "parsers/formats.h"
#include "parsers/npm/npm_names.h"

namespace tarsier {

void apply_yarn_descriptor(std::string_view descriptor, PackageRef* ref) {
  std::string local;
  std::string range;
  if (!split_name_at(descriptor, &local, &range)) {
    return;
  }
  if (range.substr(0, 4) == "npm:") {
    std::string real;
    std::string real_range;
    // "alias@npm:real@range" (an alias) or "name@npm:range" (Berry's plain registry range).
    if (split_name_at(std::string_view(range).substr(4), &real, &real_range) && real != local) {
      ref->alias = local;
      if (ref->name.empty() || ref->name == local) {
        ref->name = real;
      }
    }
  }
  if (ref->name.empty()) {
    ref->name = local;
  }
  std::string source = source_of_url(range);
  if (range.substr(0, 10) == "workspace:") {
    ref->source = "workspace";
  } else if (range.substr(0, 5) == "link:" || range.substr(0, 7) == "portal:") {
    ref->source = "link";
  } else if (source == "git" || source == "file") {
    ref->source = source;
  } else if (range.find('/') != std::string::npos && range.find(':') == std::string::npos &&
             range[0] != '@') {
    ref->source = "git";  // "user/repo" is a GitHub shorthand
  }
}

void YarnGraph::add_entry(size_t index, const std::vector<std::string>& descriptors,
                          bool workspace) {
  for (const auto& descriptor : descriptors) {
    m_entry_of.emplace(descriptor, index);
  }
  if (workspace) {
    m_workspaces.insert(index);
  }
}

void YarnGraph::add_dependency(size_t index, const std::string& name, const std::string& range,
                               DependencyKind kind) {
  m_edges.push_back({index, name + "@" + range, kind});
}

void YarnGraph::assign_paths(std::vector<PackageRef>* packages) const {
  ScopeGraph graph(packages->size());
  for (const auto& edge : m_edges) {
    auto to = m_entry_of.find(edge.descriptor);
    if (to == m_entry_of.end()) {
      continue;
    }
    if (m_workspaces.count(edge.from) > 0) {
      graph.add_root_edge(to->second, edge.kind);
    } else {
      graph.add_edge(edge.from, to->second, edge.kind);
    }
  }
  if (m_workspaces.empty()) {
    graph.add_roots_without_parents();
  }
  graph.assign_paths(packages);
  for (size_t index : m_workspaces) {
    (*packages)[index].via.clear();  // the project itself
  }
}

namespace {

class YarnLockParser final : public LockfileParser {
 public:
  std::string_view format() const override { return "yarn.lock"; }
  std::string_view ecosystem() const override { return npm_ecosystem().id; }
  bool accepts_file_name(std::string_view base_name) const override {
    return base_name == "yarn.lock";
  }
  LockfileResult parse(std::string_view text, const std::string& display_path) const override {
    if (is_blank(text)) {
      LockfileResult result;
      result.errors.push_back({display_path, 1, 1, "empty file: expected a yarn lockfile"});
      result.fatal = true;
      return result;
    }
    // Berry always writes a top-level __metadata mapping; classic never does.
    bool berry = text.substr(0, 11) == "__metadata:" ||
                 text.find("\n__metadata:") != std::string_view::npos ||
                 text.find("\r__metadata:") != std::string_view::npos;
    // Each Berry entry is read under its own guard (read_yaml_entry): a node shape yaml-cpp
    // throws on costs that entry only. The classic reader does not throw.
    LockfileResult result =
        berry ? parse_yarn_berry(text, display_path) : parse_yarn_classic(text, display_path);
    finish_lockfile_result(&result);
    return result;
  }
};

}  // namespace

const LockfileParser& yarn_lock_parser() {
  static const YarnLockParser parser;
  return parser;
}

}  // namespace tarsier
