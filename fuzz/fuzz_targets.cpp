#include "fuzz/fuzz_targets.h"

#include <functional>
#include <map>
#include <memory>

#include "analyzer/archive/archive_reader.h"
#include "analyzer/engine/analyzer.h"
#include "analyzer/engine/manifest.h"
#include "analyzer/engine/rule.h"
#include "analyzer/osv/osv_record.h"
#include "analyzer/policy/policy.h"
#include "analyzer/registry/npm_client.h"
#include "analyzer/registry/pypi_client.h"
#include "analyzer/registry/release_history.h"
#include "analyzer/registry/simple_api.h"

namespace tarsier::fuzz {

namespace {

// The in-memory archive reader: the first byte picks the kind (npm tarball, zip/wheel, sdist:
// tar.gz, tar.bz2, tar.xz or zip), the rest is the archive. Small limits keep each input fast.
void archive(std::string_view data) {
  if (data.empty()) {
    return;
  }
  static const ArchiveKind kinds[] = {ArchiveKind::npm_tarball, ArchiveKind::zip,
                                      ArchiveKind::sdist};
  ArchiveLimits limits;
  limits.max_total_bytes = 8u << 20;
  limits.max_entry_bytes = 4u << 20;
  limits.max_entries = 2000;
  ArchiveKind kind = kinds[static_cast<unsigned char>(data[0]) % 3];
  ArchiveContents contents = read_archive(data.substr(1), kind, limits);
  if (contents.unpacked_bytes > limits.max_total_bytes + limits.max_entry_bytes) {
    __builtin_trap();  // the total limit was not enforced
  }
}

// The manifest readers that decide what runs at install time: the first byte picks
// package.json, setup.cfg, pyproject.toml or PKG-INFO; the rest is that file, next to a
// setup.py and an index.js so that references can resolve.
void manifest(std::string_view data) {
  static const char* const names[] = {"package.json", "setup.cfg", "pyproject.toml", "PKG-INFO"};
  if (data.empty()) {
    return;
  }
  std::vector<ArchiveEntry> files = {
      {names[static_cast<unsigned char>(data[0]) % 4], std::string(data.substr(1))},
      {"setup.py", "from setuptools import setup\nsetup()\n"},
      {"index.js", "module.exports = 1;\n"},
  };
  (void)find_install_reach(files, root_package_json(files));
}

// The policy file (.tarsier.yml): YAML from a pull request.
void policy(std::string_view data) {
  (void)parse_policy(data, ".tarsier.yml", "2026-01-01");
}

// The rule loader: one rule file (a tree-sitter query with its metadata and test
// annotations), as `--rules DIR` would read it; the first byte picks the language.
void rule(std::string_view data) {
  static const char* const paths[] = {"js/fuzz.scm", "python/fuzz.scm", "shell/fuzz.scm"};
  if (data.empty()) {
    return;
  }
  RuleFile file{paths[static_cast<unsigned char>(data[0]) % 3], std::string(data.substr(1))};
  Diagnostic error;
  (void)parse_query_rule(file, &error);
}

PackageRef package_for(bool npm) {
  PackageRef ref;
  ref.ecosystem = npm ? "npm" : "pypi";
  ref.name = npm ? "fuzz-pkg" : "fuzz_pkg";
  ref.version = "1.0.0";
  return ref;
}

// An npm packument given to the client's locate().
void packument(std::string_view data) {
  static const NpmClient client([] {
    NpmConfig config;
    config.registry = "http://registry.example.test/";
    return config;
  }());
  std::string body(data);
  (void)client.locate(package_for(true), &body);
}

// A PyPI Simple API project page (PEP 503 HTML, or PEP 691 JSON when `json`) given to the
// page parser and the PyPI client's locate().
void simple_page(bool json, std::string_view data) {
  static const PypiClient client([] {
    PipConfig config;
    config.index_url = "http://index.example.test/simple/";
    return config;
  }());
  std::string body(data);
  if (json && (body.empty() || body[0] != '{')) {
    body.insert(body.begin(), '{');
  }
  (void)parse_simple_page(body, "http://index.example.test/simple/fuzz-pkg/");
  (void)client.locate(package_for(false), &body);
}

// The file analysis of one language (the file name picks the grammar): lexical pre-filter,
// tree-sitter parse, rule queries, predicates, resolvers, threats and risk, built-in rules.
void analysis(const char* file, std::string_view data) {
  static std::unique_ptr<Analyzer> analyzer = [] {
    AnalyzerOptions options;
    options.full_parse = true;  // the pre-filter would skip most mutated inputs
    // Each input analysed afresh: a remembered outcome would make a second run of the same
    // input take another path, and the growing memo made every run a leak check of the heap.
    options.reuse_identical_files = false;
    options.parse_timeout_us = 2'000'000;
    auto created = Analyzer::create(options);
    if (!created) {
      __builtin_trap();
    }
    return std::move(*created);
  }();
  PackageRef ref;
  ref.name = "fuzz-pkg";
  ref.version = "1.0.0";
  std::vector<ArchiveEntry> files = {{file, std::string(data)}};
  (void)analyzer->analyze(ref, files, {});
}

// A known-malware record as `tarsier db import-osv` reads it (OSV JSON from a downloaded
// archive or folder). A record that parses must name its own id.
void osv_record(std::string_view data) {
  Diagnostic error;
  auto row = parse_osv_record(data, "fuzz.json", &error);
  if (row && row->id.empty()) {
    __builtin_trap();
  }
}

// A registry's release history, as the scanner's registry signals and the watcher read it: the
// first byte picks the full npm packument or the PyPI JSON API document.
void release_history(std::string_view data) {
  if (data.empty()) {
    return;
  }
  std::string body(data.substr(1));
  auto history = (data[0] & 1) != 0 ? read_pypi_release_history(body, "fuzz.json")
                                    : read_npm_release_history(body, "fuzz.json");
  (void)history;
}

using Target = std::function<void(std::string_view)>;

const std::map<std::string, Target, std::less<>>& targets() {
  static const std::map<std::string, Target, std::less<>> all = [] {
    std::map<std::string, Target, std::less<>> m;
    for (auto [name, file] : {std::pair{"analysis_js", "index.js"},
                              {"analysis_ts", "index.ts"},
                              {"analysis_python", "setup.py"},
                              {"analysis_shell", "install.sh"}}) {
      m[name] = [file = file](std::string_view data) { analysis(file, data); };
    }
    m["archive"] = archive;
    m["manifest"] = manifest;
    m["policy"] = policy;
    m["rule"] = rule;
    m["packument"] = packument;
    m["simple_html"] = [](std::string_view data) { simple_page(false, data); };
    m["simple_json"] = [](std::string_view data) { simple_page(true, data); };
    m["osv_record"] = osv_record;
    m["release_history"] = release_history;
    return m;
  }();
  return all;
}

}  // namespace

bool run_target(std::string_view name, std::string_view data) {
  if (run_lockfile_target(name, data)) {
    return true;
  }
  auto it = targets().find(name);
  if (it == targets().end()) {
    return false;
  }
  it->second(data);
  return true;
}

std::vector<std::string> target_names() {
  std::vector<std::string> names = lockfile_target_names();
  for (const auto& [name, target] : targets()) {
    names.push_back(name);
  }
  return names;
}

}  // namespace tarsier::fuzz
