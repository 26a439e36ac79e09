#include "analyzer/report/sarif_report.h"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "analyzer/core/finding_identity.h"
#include "analyzer/ecosystem/ecosystem.h"
#include "analyzer/report/report_order.h"
#include "analyzer/report/text_util.h"
#include "analyzer/util/integrity.h"
#include "analyzer/util/json_text.h"

namespace tarsier {

namespace {

using ordered_json = nlohmann::ordered_json;

// What each capability means for a reviewer, used as rule help.
std::string capability_help(const std::string& capability) {
  static const std::map<std::string, std::string> k_help = {
      {"install-scripts", "runs code when the package is installed, before anyone uses it"},
      {"network", "can open network connections"},
      {"filesystem", "reads or writes files"},
      {"shell", "starts processes or shell commands"},
      {"env", "reads environment variables, where tokens and secrets live"},
      {"eval", "evaluates strings as code"},
      {"dynamic-require", "loads modules whose names are computed at run time"},
      {"native-code", "ships or builds native code that cannot be reviewed as source"},
      {"obfuscation", "contains code that hides what it does"},
      {"minified", "contains minified code that is hard to review"},
      {"url-strings", "contains URLs or addresses it may contact"},
      {"unicode-tricks", "contains invisible or look-alike characters"},
      {"typosquat", "has a name confusingly close to a popular package"},
      {"exfiltration", "combines reading secrets with sending data out"},
      {"crypto-wallet", "touches cryptocurrency wallets or addresses"},
      {"integrity", "does not match the integrity recorded for it"},
      {"archive", "has a malformed or hostile archive"},
      {"analysis", "could not be fully analysed"},
      {"source", "does not come from the registry"},
  };
  auto it = k_help.find(capability);
  return it != k_help.end() ? it->second : "shows behaviour '" + capability + "'";
}

std::string security_severity(Risk severity) {
  switch (severity) {
    case Risk::critical:
      return "9.5";
    case Risk::high:
      return "8.0";
    case Risk::medium:
      return "5.5";
    case Risk::low:
      return "3.0";
    case Risk::none:
      break;
  }
  return "0.0";
}

// Lockfile paths become repository-relative URIs; absolute paths inside the working directory
// are made relative to it.
std::string artifact_uri(const std::string& path) {
  std::filesystem::path p(path);
  if (p.is_absolute()) {
    std::error_code ec;
    auto cwd = std::filesystem::current_path(ec);
    auto relative = p.lexically_relative(cwd);
    if (!ec && !relative.empty() && *relative.begin() != "..") {
      p = relative;
    }
  }
  return p.generic_string();
}

ordered_json rule_json(const Finding& finding) {
  std::string help = "The package " + capability_help(finding.capability) + ". Rule '" +
                     finding.rule + "' (capability " + finding.capability +
                     "): review the file named in the related location before accepting this "
                     "dependency change, or pin the version that did not have it.";
  return ordered_json{
      {"id", finding.rule},
      {"name", finding.rule},
      {"shortDescription", {{"text", "Package " + capability_help(finding.capability)}}},
      {"fullDescription", {{"text", one_line(finding.message, 1000)}}},
      {"help", {{"text", help}, {"markdown", help}}},
      {"defaultConfiguration", {{"level", sarif_level(finding.severity)}}},
      {"properties",
       {{"tags", {"security", "supply-chain", finding.capability}},
        {"security-severity", security_severity(finding.severity)}}}};
}

}  // namespace

std::string_view sarif_level(Risk severity) {
  switch (severity) {
    case Risk::critical:
    case Risk::high:
      return "error";
    case Risk::medium:
      return "warning";
    case Risk::low:
      return "note";
    case Risk::none:
      break;
  }
  return "none";
}

namespace {

// Where the finding's file lands once installed, so a reviewer can open it locally.
ordered_json related_location(const PackageRef& ref, const Finding& finding,
                              const std::string& where) {
  const Ecosystem* ecosystem = find_ecosystem(ref.ecosystem);
  std::string uri = (ecosystem != nullptr ? ecosystem->install_dir(ref.name, ref.version)
                                          : ref.name + "-" + ref.version + "/") +
                    finding.file;
  ordered_json region{{"startLine", std::max(finding.line, 1)}};
  if (finding.column > 0) {
    region["startColumn"] = finding.column;
  }
  if (!finding.snippet.empty()) {
    region["snippet"] = {{"text", one_line(finding.snippet, 300)}};
  }
  return {{{"id", 1},
           {"physicalLocation", {{"artifactLocation", {{"uri", uri}}}, {"region", region}}},
           {"message", {{"text", ref.id() + " " + one_line(where, 300)}}}}};
}

// Where a package's results point in the repository: its lockfile line.
struct SarifAnchor {
  std::string uri;
  int line = 1;
};

// One SARIF result; `nth` counts the earlier findings of the package with the same identity.
ordered_json sarif_result(const PackageRef& ref, const Finding& finding, size_t rule_index,
                          const SarifAnchor& anchor, const std::string& identity, int nth) {
  std::string where = finding_location(finding);
  std::string text = ref.name + "@" + ref.version + ": " + one_line(finding.message, 1000);
  if (!where.empty()) {
    text += " (" + one_line(where, 300) + ")";
  }
  ordered_json result{{"ruleId", finding.rule},
                      {"ruleIndex", rule_index},
                      {"level", sarif_level(finding.severity)},
                      {"message", {{"text", text}}},
                      {"locations",
                       {{{"physicalLocation",
                          {{"artifactLocation", {{"uri", anchor.uri}, {"uriBaseId", "%SRCROOT%"}}},
                           {"region", {{"startLine", anchor.line}}}}},
                         {"message", {{"text", ref.id()}}}}}}};
  if (!finding.file.empty()) {
    result["relatedLocations"] = related_location(ref, finding, where);
  }
  // The finding's identity (analyzer/core/finding_identity.h): stable across versions of the
  // package and line moves in the lockfile and in the file, so code scanning tracks one alert.
  result["partialFingerprints"] = {
      {"tarsierFinding/v2", hex_digest("sha256", ref.ecosystem + '\n' + ref.name + '\n' + identity +
                                                     '\n' + std::to_string(nth))}};
  if (finding.suppressed) {
    result["suppressions"] = {
        {{"kind", "external"}, {"justification", one_line(finding.suppression_reason, 500)}}};
  }
  result["properties"] = {{"package", ref.id()},
                          {"capability", finding.capability},
                          {"severity", to_string(finding.severity)},
                          {"installTime", finding.install_time}};
  return result;
}

}  // namespace

void write_sarif(const std::vector<SarifEntry>& entries, const SarifOptions& options,
                 std::ostream& out) {
  ordered_json rules = ordered_json::array();
  std::map<std::string, size_t> rule_index;
  ordered_json results = ordered_json::array();
  for (const auto& entry : entries) {
    const PackageRef& ref = entry.package->ref;
    SarifAnchor anchor{ref.lockfile.empty() ? options.fallback_uri : artifact_uri(ref.lockfile),
                       std::max(ref.line, 1)};
    std::map<std::string, int> seen;  // occurrences of each finding identity in this package
    for (const Finding* finding : entry.findings) {
      if (finding->severity < options.min_level) {
        continue;
      }
      auto [it, inserted] = rule_index.emplace(finding->rule, rules.size());
      if (inserted) {
        rules.push_back(rule_json(*finding));
      }
      std::string identity = finding_fingerprint(*finding);
      int nth = seen[identity]++;
      results.push_back(sarif_result(ref, *finding, it->second, anchor, identity, nth));
    }
  }
  ordered_json log{
      {"version", "2.1.0"},
      {"$schema",
       "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
       "sarif-schema-2.1.0.json"},
      {"runs",
       {{{"tool",
          {{"driver",
            {{"name", "tarsier"},
             {"version", options.tool_version},
             {"semanticVersion", options.tool_version},
             {"rules", std::move(rules)}}}}},
         {"originalUriBaseIds", {{"%SRCROOT%", {{"description", {{"text", "repository root"}}}}}}},
         {"results", std::move(results)}}}}};
  out << ordered_json_text(log, 2) << "\n";
}

void write_sarif_report(const ScanReport& report, Risk min_level, std::ostream& out) {
  std::vector<SarifEntry> entries;
  for (const PackageResult* package : packages_by_risk(report.packages)) {
    entries.push_back({package, findings_by_severity(*package)});
  }
  SarifOptions options;
  options.tool_version = report.tool_version;
  options.min_level = min_level;
  write_sarif(entries, options, out);
}

}  // namespace tarsier
