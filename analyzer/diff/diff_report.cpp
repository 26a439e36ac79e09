#include "analyzer/diff/diff_report.h"

#include <nlohmann/json.hpp>

#include "analyzer/report/finding_json.h"
#include "analyzer/report/report_order.h"
#include "analyzer/report/sarif_report.h"
#include "analyzer/report/text_util.h"
#include "analyzer/util/json_text.h"

namespace tarsier {

namespace {

using ordered_json = nlohmann::ordered_json;

const PackageRef& ref_of(const PackageDelta& d) {
  return d.head ? *d.head : *d.base;
}

std::string join(const std::vector<std::string>& items, const std::string& prefix = "") {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + prefix + item;
  }
  return out;
}

std::string signed_number(int64_t n) {
  return (n > 0 ? "+" : "") + std::to_string(n);
}

ordered_json nullable(const std::string& text) {
  return text.empty() ? ordered_json(nullptr) : ordered_json(text);
}

}  // namespace

std::string change_label(const PackageDelta& d) {
  switch (d.kind) {
    case ChangeKind::added:
      return "added " + d.head->version;
    case ChangeKind::removed:
      return "removed " + d.base->version;
    case ChangeKind::changed:
      if (d.base->version == d.head->version) {
        return d.head->version + " (integrity changed)";
      }
      return d.base->version + " -> " + d.head->version;
  }
  return "";
}

void write_diff_text(const DiffReport& report, std::ostream& out) {
  size_t added = 0, changed = 0, removed = 0;
  for (const auto& d : report.packages) {
    added += d.kind == ChangeKind::added;
    changed += d.kind == ChangeKind::changed;
    removed += d.kind == ChangeKind::removed;
  }
  out << "tarsier " << report.tool_version << " diff: " << report.base_label << " -> "
      << report.head_label << "\n"
      << added << " added, " << changed << " changed, " << removed << " removed, "
      << report.unchanged << " unchanged\n\n";
  int failing = 0;
  for (const auto& d : report.packages) {
    const PackageRef& ref = ref_of(d);
    if (d.kind == ChangeKind::removed) {
      out << pad("REMOVED", 10) << ref.ecosystem << ":" << ref.name << " " << d.base->version
          << "\n";
      continue;
    }
    failing += fails(d.added_risk, report.fail_on);
    out << pad(std::string(to_string(d.added_risk)), 10) << ref.ecosystem << ":" << ref.name << " "
        << change_label(d) << "  (risk " << to_string(d.risk);
    if (d.kind == ChangeKind::changed) {
      out << ", was " << to_string(d.risk_before);
    }
    out << (d.after && d.after->result_cached ? ", cached" : "") << ")\n";
    if (!d.error.empty()) {
      out << "  failed: " << one_line(d.error, 300) << "\n";
    }
    if (!d.capabilities_gained.empty() || !d.capabilities_lost.empty()) {
      out << "  capabilities: " << join(d.capabilities_gained, "+")
          << (d.capabilities_gained.empty() || d.capabilities_lost.empty() ? "" : ", ")
          << join(d.capabilities_lost, "-") << "\n";
    }
    if (!d.threats_new.empty()) {
      out << "  new threats: " << join(d.threats_new) << "\n";
    }
    if (d.kind == ChangeKind::changed && d.after && d.before) {
      out << "  size: " << signed_number(d.files_after - d.files_before) << " files, "
          << signed_number(d.bytes_after - d.bytes_before) << " bytes\n";
    }
    size_t shown = 0;
    for (const auto& f : d.new_findings) {
      if (shown++ == 5) {
        out << "  (" << d.new_findings.size() - 5 << " more new findings)\n";
        break;
      }
      out << "  + " << pad(std::string(to_string(f.severity)), 9) << f.rule;
      if (auto where = finding_location(f); !where.empty()) {
        out << "  " << one_line(where, 120);
      }
      out << (f.suppressed ? "  [suppressed: " + one_line(f.suppression_reason, 100) + "]" : "")
          << "\n      " << one_line(f.message, 200) << "\n";
    }
  }
  for (const auto& warning : report.warnings) {
    out << "warning: " << one_line(warning, 300) << "\n";
  }
  for (const auto& diagnostic : report.input_errors) {
    out << "input error: " << one_line(diagnostic.str(), 300) << "\n";
  }
  out << "\n"
      << failing << (failing == 1 ? " change adds" : " changes add") << " risk at or above "
      << to_string(report.fail_on) << " (--fail-on " << to_string(report.fail_on) << ")\n";
}

void write_diff_json(const DiffReport& report, std::ostream& out) {
  ordered_json packages = ordered_json::array();
  int counts[3] = {0, 0, 0};
  int failed = 0;
  int by_added_risk[5] = {0, 0, 0, 0, 0};
  for (const auto& d : report.packages) {
    ++counts[static_cast<int>(d.kind)];
    failed += !d.error.empty();
    if (d.kind != ChangeKind::removed) {
      ++by_added_risk[static_cast<int>(d.added_risk)];
    }
    const PackageRef& ref = ref_of(d);
    ordered_json findings = ordered_json::array();
    for (const auto& f : d.new_findings) {
      findings.push_back(finding_json(f));
    }
    packages.push_back(ordered_json{
        {"change", to_string(d.kind)},
        {"ecosystem", ref.ecosystem},
        {"name", ref.name},
        {"from_version", d.base ? ordered_json(d.base->version) : ordered_json(nullptr)},
        {"to_version", d.head ? ordered_json(d.head->version) : ordered_json(nullptr)},
        {"from_integrity", d.base ? nullable(d.base->integrity) : ordered_json(nullptr)},
        {"to_integrity", d.after && !d.after->integrity.empty() ? ordered_json(d.after->integrity)
                         : d.head                               ? nullable(d.head->integrity)
                                                                : ordered_json(nullptr)},
        {"risk", to_string(d.risk)},
        {"risk_before", to_string(d.risk_before)},
        {"added_risk", to_string(d.added_risk)},
        {"cached", d.after ? d.after->result_cached : false},
        {"error", nullable(d.error)},
        {"capabilities_gained", d.capabilities_gained},
        {"capabilities_lost", d.capabilities_lost},
        {"threats_new", d.threats_new},
        {"new_install_scripts", static_cast<int>(d.new_install_scripts.size())},
        {"new_files_with_findings", d.new_files_with_findings},
        {"new_findings", std::move(findings)},
        {"size",
         {{"files_before", d.files_before},
          {"files_after", d.files_after},
          {"bytes_before", d.bytes_before},
          {"bytes_after", d.bytes_after}}}});
  }
  ordered_json by_risk;
  for (Risk r : {Risk::none, Risk::low, Risk::medium, Risk::high, Risk::critical}) {
    by_risk[std::string(to_string(r))] = by_added_risk[static_cast<int>(r)];
  }
  ordered_json errors = ordered_json::array();
  for (const auto& d : report.input_errors) {
    errors.push_back({{"path", d.path},
                      {"line", d.line},
                      {"column", d.column},
                      {"message", d.message},
                      {"text", d.str()}});
  }
  ordered_json doc{{"schema_version", 1},
                   {"tool", {{"name", "tarsier"}, {"version", report.tool_version}}},
                   {"base", report.base_label},
                   {"head", report.head_label},
                   {"fail_on", to_string(report.fail_on)},
                   {"summary",
                    {{"added", counts[0]},
                     {"changed", counts[1]},
                     {"removed", counts[2]},
                     {"unchanged", report.unchanged},
                     {"failed", failed},
                     {"by_added_risk", std::move(by_risk)}}},
                   {"packages", std::move(packages)},
                   {"warnings", report.warnings},
                   {"errors", std::move(errors)}};
  out << ordered_json_text(doc, 2) << "\n";
}

void write_diff_sarif(const DiffReport& report, Risk min_level, std::ostream& out) {
  std::vector<SarifEntry> entries;
  for (const auto& d : report.packages) {
    if (d.kind == ChangeKind::removed || !d.after) {
      continue;
    }
    SarifEntry entry{&*d.after, {}};
    for (const auto& f : d.new_findings) {
      entry.findings.push_back(&f);
    }
    entries.push_back(std::move(entry));
  }
  SarifOptions options;
  options.tool_version = report.tool_version;
  options.min_level = min_level;
  write_sarif(entries, options, out);
}

}  // namespace tarsier
