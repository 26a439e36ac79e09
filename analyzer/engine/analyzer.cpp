// The Analyzer implementation: install reach, per-file scans, typosquat, correlation.
#include "analyzer/engine/analyzer.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "analyzer/core/capability.h"
#include "analyzer/ecosystem/ecosystem.h"
#include "analyzer/engine/file_memo.h"
#include "analyzer/engine/file_outcome_codec.h"
#include "analyzer/engine/file_scan.h"
#include "analyzer/engine/manifest.h"
#include "analyzer/engine/own_binary.h"
#include "analyzer/engine/package_manifest.h"
#include "analyzer/engine/parse_session.h"
#include "analyzer/engine/ruleset.h"
#include "analyzer/engine/typosquat.h"
#include "analyzer/util/url.h"

namespace tarsier {

namespace {

// Build steps that compile native code from source; common and expected, so low severity.
bool is_build_step(const std::string& command) {
  for (std::string_view known : {"node-gyp rebuild", "node-gyp-build", "prebuild-install",
                                 "node-pre-gyp install", "cmake-js", "napi build"}) {
    if (command.find(known) != std::string::npos) {
      return true;
    }
  }
  return false;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Files worth lexical and syntax analysis even without a known language: Windows scripts are
// analysed at the string level.
bool is_script_text(const std::string& path) {
  std::string lower = path;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  return ends_with(lower, ".bat") || ends_with(lower, ".cmd") || ends_with(lower, ".ps1") ||
         ends_with(lower, ".vbs");
}

class AnalyzerImpl final : public Analyzer {
 public:
  AnalyzerImpl(AnalyzerOptions options, std::unique_ptr<RuleSet> rules)
      : m_options(std::move(options)),
        m_options_tag(options_tag(m_options)),
        m_rules(std::move(rules)),
        m_typosquat(typosquat_indexes(*m_rules)) {}

  std::string ruleset_version() const override { return m_rules->version(); }
  void prepare() const override {
    // A language that fails reports it on each of its files (file_scan).
    (void)m_rules->compile_all();
  }

 protected:
  PackageAnalysis analyze_files(const PackageRef& package, const std::vector<ArchiveEntry>& files,
                                const std::vector<Finding>& extra_findings,
                                FileCache* file_cache) const override {
    PackageAnalysis result;
    std::vector<Signal> signals;
    // A registry archive (or tarball URL) is installed without running `prepare`.
    bool from_archive = package.source == "registry" || package.source == "http";
    PackageJson manifest = root_package_json(files);
    InstallReach reach = find_install_reach(files, manifest, !from_archive);
    for (const auto& c : reach.commands) {
      scan_install_command(c, &signals, &result);
    }
    for (const auto& code : reach.inline_code) {
      FileJob job{"package.json", code, Lang::javascript, true, 0, 0};
      for (const auto& c : reach.commands) {
        if (c.command.find(code) != std::string::npos)
          job.fixed_line = c.line;
      }
      append(scan_file(*m_rules, m_options, job), &signals, &result);
    }
    auto deadline =
        std::chrono::steady_clock::now() + std::chrono::microseconds(m_options.package_budget_us);
    for (const auto& file : files) {
      scan_entry(file, reach, {deadline, file_cache}, &signals, &result);
    }
    check_name(package, &signals);
    check_url_dependencies(manifest, &signals);
    explain_own_binary_downloads(files, manifest, url_hostport(package.resolved), &signals);

    ThreatResult threats = correlate(m_rules->threats(), signals, extra_findings);
    for (auto& s : signals) {
      // Signal-only rules and repeats beyond the per-rule cap feed threats, nothing else.
      if (!s.finding.capability.empty() && !s.hidden) {
        result.findings.push_back(std::move(s.finding));
      }
    }
    for (auto& f : threats.threat_findings) {
      result.findings.push_back(std::move(f));
    }
    for (const auto& f : extra_findings) {
      result.findings.push_back(f);
    }
    std::set<std::string> caps;
    for (const auto& f : result.findings) {
      if (!f.capability.empty())
        caps.insert(f.capability);
    }
    result.capabilities.assign(caps.begin(), caps.end());
    result.threats = threats.threats;
    result.risk = threats.risk;
    return result;
  }

 private:
  struct EntryContext {
    std::chrono::steady_clock::time_point deadline;
    FileCache* file_cache = nullptr;
  };

  static void append(FileOutcome outcome, std::vector<Signal>* signals, PackageAnalysis* result) {
    result->parsed_files += outcome.parsed ? 1 : 0;
    for (auto& s : outcome.signals)
      signals->push_back(std::move(s));
  }

  void scan_install_command(const InstallCommand& c, std::vector<Signal>* signals,
                            PackageAnalysis* result) const {
    Signal s;
    bool gyp = c.hook == "binding.gyp";
    s.finding.rule = gyp ? "gyp-command-expansion" : "npm-install-script";
    s.finding.capability = std::string(capability::install_scripts);
    // binding.gyp expansions are routine (include paths from node-addon-api); what the command
    // does is judged by the shell rules and text patterns run over it below.
    s.finding.severity = (gyp || c.implicit || is_build_step(c.command)) ? Risk::low : Risk::medium;
    s.finding.message =
        gyp ? "binding.gyp runs a command while the native build is configured: " + c.command
        : c.implicit
            ? "npm runs `node-gyp rebuild` at install because binding.gyp exists (native build)."
            : "Runs `" + c.command + "` at install time (" + c.hook +
                  " script); install scripts run with the installing user's rights.";
    s.finding.file = c.file;
    s.finding.line = c.line;
    s.finding.column = c.column;
    s.finding.snippet = c.command.substr(0, 160);
    s.finding.install_time = true;
    s.tags = {"install-script"};
    signals->push_back(s);
    // The command line itself is shell code: run the shell rules over it.
    FileJob job{c.file, c.command, Lang::bash, true, 0, c.line};
    append(scan_file(*m_rules, m_options, job), signals, result);
  }

  void scan_entry(const ArchiveEntry& file, const InstallReach& reach, const EntryContext& context,
                  std::vector<Signal>* signals, PackageAnalysis* result) const {
    bool install = reach.files.count(file.path) > 0;
    FileJob job{file.path, file.data, std::nullopt, install, 0, 0, 0, context.deadline};
    std::string base = file.path.substr(file.path.rfind('/') + 1);
    if (is_native_binary(file.data) || ends_with(base, ".node")) {
      signals->push_back(
          make_signal(job, 0, "native-binary", capability::native_code, Risk::low,
                      "Ships compiled native code (" + base + "); it cannot be reviewed as source.",
                      {"native"}));
      signals->back().finding.snippet.clear();
      return;
    }
    if (!looks_textual(file.data)) {
      return;
    }
    if (auto it = reach.run_as.find(file.path); it != reach.run_as.end()) {
      job.lang = it->second;
    } else if (auto by_name = lang_from_name(file.path)) {
      job.lang = by_name;
    } else if (auto by_content = lang_from_content(file.data)) {
      job.lang = by_content;
    } else if (install) {
      job.lang = Lang::javascript;  // a .json or .txt that an install script loads as code
    } else if (!is_script_text(file.path)) {
      return;
    }
    FileOutcome outcome = outcome_of(job, context.file_cache, result);
    if (outcome.minified > 0 || outcome.obfuscated > 0) {
      result->file_signals.push_back({file.path, outcome.minified, outcome.obfuscated});
    }
    append(std::move(outcome), signals, result);
  }

  void remember(const std::string& key, const FileOutcome& outcome) const {
    if (m_options.reuse_identical_files) {
      m_memo.store(key, outcome);
    }
  }

  // The file's outcome: from this analyzer's memo, else from the caller's store, else analysed
  // (and then kept in both).
  FileOutcome outcome_of(const FileJob& job, FileCache* file_cache, PackageAnalysis* result) const {
    std::string key;
    if (std::optional<FileOutcome> earlier = m_memo.find(job, &key)) {
      ++result->reused_files;
      return std::move(*earlier);
    }
    std::string stored_key = key.empty() || file_cache == nullptr ? "" : key + m_options_tag;
    if (!stored_key.empty()) {
      if (auto text = file_cache->load(stored_key)) {
        if (auto stored = decode_file_outcome(*text, job.path)) {
          ++result->stored_files;
          stored->parsed = false;
          remember(key, *stored);
          return std::move(*stored);
        }
      }
    }
    FileOutcome outcome = scan_file(*m_rules, m_options, job);
    remember(key, outcome);
    if (!stored_key.empty() && is_repeatable(outcome)) {
      file_cache->save(stored_key, encode_file_outcome(outcome));
    }
    return outcome;
  }

  // An outcome cut short by a time budget depends on the machine's load: another run may get
  // further, so it is not kept beyond this run.
  static bool is_repeatable(const FileOutcome& outcome) {
    return std::none_of(outcome.signals.begin(), outcome.signals.end(),
                        [](const Signal& s) { return s.finding.rule == "analysis-budget"; });
  }

  // The options that change a file's outcome, as part of the store's key.
  static std::string options_tag(const AnalyzerOptions& options) {
    return std::string(options.full_parse ? "/full/" : "/") +
           std::to_string(options.max_file_bytes);
  }

  void check_name(const PackageRef& package, std::vector<Signal>* signals) const {
    const Ecosystem* ecosystem = find_ecosystem(package.ecosystem);
    auto index = ecosystem != nullptr ? m_typosquat.find(ecosystem->id) : m_typosquat.end();
    if (index == m_typosquat.end()) {
      return;  // no list of popular names to imitate
    }
    auto hit = index->second.check(package.name);
    if (!hit) {
      return;
    }
    Signal s;
    s.finding.rule = "typosquat";
    s.finding.capability = std::string(capability::typosquat);
    s.finding.severity = Risk::medium;
    s.finding.message = "Name '" + package.name + "' imitates the popular package '" +
                        hit->popular + "' (" + hit->how + ").";
    s.tags = {"typosquat"};
    signals->push_back(s);
  }

  // A dependency fetched from a URL or git instead of the registry: npm downloads it (no
  // registry integrity, content can change at any time) and runs its install scripts whenever
  // this package is installed, so dependencies and optionalDependencies are medium; a
  // peerDependency is only a request to the installing project, low.
  static void check_url_dependencies(const PackageJson& manifest, std::vector<Signal>* signals) {
    for (const auto& dep : url_dependencies(manifest)) {
      Signal s;
      s.finding.rule = "url-dependency";
      s.finding.capability = std::string(capability::source);
      s.finding.severity = dep.field == "peerDependencies" ? Risk::low : Risk::medium;
      s.finding.message = "Depends on '" + dep.name + "' from " + dep.spec + " (" + dep.field +
                          "), not from a registry: whatever that location serves is installed, "
                          "with its install scripts, unverified.";
      s.finding.file = "package.json";
      s.finding.line = dep.line;
      s.finding.column = dep.column;
      s.finding.snippet = ("\"" + dep.name + "\": \"" + dep.spec + "\"").substr(0, 160);
      s.tags = {"url-dependency"};
      signals->push_back(std::move(s));
    }
  }

  // Each ecosystem's popular names made ready for the typosquat check (a few milliseconds).
  static std::map<std::string_view, TyposquatIndex> typosquat_indexes(const RuleSet& rules) {
    std::map<std::string_view, TyposquatIndex> out;
    for (const Ecosystem* ecosystem : all_ecosystems()) {
      out.emplace(ecosystem->id, TyposquatIndex(rules.data(std::string(ecosystem->popular_list)),
                                                ecosystem->names_normalised));
    }
    return out;
  }

  AnalyzerOptions m_options;
  std::string m_options_tag;
  std::unique_ptr<RuleSet> m_rules;
  mutable FileMemo m_memo;  // thread-safe; analyze() is otherwise stateless
  const std::map<std::string_view, TyposquatIndex> m_typosquat;  // by ecosystem id
};

}  // namespace

Result<std::unique_ptr<Analyzer>> Analyzer::create(const AnalyzerOptions& options) {
  // The embedded rules compile each language on first use (the rule harness compiles them all
  // in the test suite); a rules directory given by the user is compiled, and checked, at once.
  auto rules = RuleSet::load(options.rules_dir, options.rules_dir.empty());
  if (!rules) {
    return rules.error();
  }
  return std::unique_ptr<Analyzer>(std::make_unique<AnalyzerImpl>(options, std::move(*rules)));
}

}  // namespace tarsier
