#include "analyzer/report/list_report.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "analyzer/report/finding_json.h"
#include "analyzer/report/scan_report.h"
#include "analyzer/util/json_text.h"

namespace tarsier {

namespace {

std::string scope_of(const PackageRef& ref) {
  if (ref.peer) {
    return "peer";
  }
  if (ref.dev) {
    return ref.optional ? "dev,optional" : "dev";
  }
  return ref.optional ? "optional" : "prod";
}

std::string location_of(const PackageRef& ref) {
  if (ref.lockfile.empty()) {
    return "(command line)";
  }
  return ref.line > 0 ? ref.lockfile + ":" + std::to_string(ref.line) : ref.lockfile;
}

nlohmann::json findings_json(const std::vector<Finding>& findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& finding : findings) {
    out.push_back(nlohmann::json(finding_json(finding)));
  }
  return out;
}

nlohmann::json package_json(const PackageRef& ref, const std::vector<Finding>& findings) {
  nlohmann::json entry = {{"ecosystem", ref.ecosystem},
                          {"name", ref.name},
                          {"version", ref.version},
                          {"integrity", ref.integrity},
                          {"dev", ref.dev},
                          {"optional", ref.optional},
                          {"peer", ref.peer},
                          {"source", ref.source},
                          {"lockfile", ref.lockfile},
                          {"line", ref.line},
                          {"install_script", ref.has_install_script}};
  if (!ref.alias.empty()) {
    entry["alias"] = ref.alias;
  }
  if (!ref.resolved.empty()) {
    entry["resolved"] = ref.resolved;
  }
  entry["findings"] = findings_json(findings);
  return entry;
}

// `text` cut to `width` bytes with "..." marking the cut, then padded to `width`.
std::string column(std::string text, size_t width) {
  if (text.size() > width && width > 3) {
    text = text.substr(0, width - 3) + "...";
  }
  text.resize(std::max(width, text.size()), ' ');
  return text;
}

const std::vector<Finding>& findings_of(const ListReport& report, size_t i) {
  static const std::vector<Finding> k_none;
  return i < report.known_malware.size() ? report.known_malware[i] : k_none;
}

}  // namespace

void write_list_json(const ListReport& report, std::ostream& out) {
  nlohmann::json packages = nlohmann::json::array();
  for (size_t i = 0; i < report.packages.size(); ++i) {
    packages.push_back(package_json(report.packages[i], findings_of(report, i)));
  }
  nlohmann::json archives = nlohmann::json::array();
  for (const auto& archive : report.archives) {
    archives.push_back({{"path", archive.path},
                        {"ecosystem", archive.ref.ecosystem},
                        {"name", archive.ref.name},
                        {"version", archive.ref.version},
                        {"unpacked", archive.unpacked}});
  }
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& error : report.errors) {
    errors.push_back(error.str());
  }
  nlohmann::json document = {{"packages", std::move(packages)},
                             {"archives", std::move(archives)},
                             {"lockfiles", report.lockfiles},
                             {"errors", std::move(errors)}};
  out << json_text(document, 2) << "\n";
}

void write_list_text(const ListReport& report, std::ostream& out) {
  constexpr size_t k_scope = 12, k_source = 9, k_gap = 2;
  size_t id_width = 0;
  for (const auto& ref : report.packages) {
    id_width = std::max(id_width, ref.id().size());
  }
  // One long name must not widen the table past the terminal: the id column gives way first.
  if (report.width > 0) {
    size_t rest = k_scope + k_source + 3 * k_gap + 24;  // 24: room for the location
    id_width = std::min(id_width, report.width > rest + 20 ? report.width - rest : 20);
  }
  std::string gap(k_gap, ' ');
  for (size_t i = 0; i < report.packages.size(); ++i) {
    const PackageRef& ref = report.packages[i];
    out << column(ref.id(), id_width) << gap << column(scope_of(ref), k_scope) << gap
        << column(ref.source, k_source) << gap << location_of(ref);
    if (!ref.alias.empty()) {
      out << "  (as " << ref.alias << ")";
    }
    if (ref.has_install_script) {
      out << "  [install script]";
    }
    out << "\n";
    for (const auto& finding : findings_of(report, i)) {
      out << "    " << to_string(finding.severity) << " " << finding.rule << ": " << finding.message
          << "\n";
    }
  }
  for (const auto& archive : report.archives) {
    out << archive.ref.id() << "  local " << (archive.unpacked ? "folder " : "archive ")
        << archive.path << "\n";
  }
  out << count_of(report.packages.size(), "package", "packages") << " from "
      << count_of(report.lockfiles.size(), "lockfile", "lockfiles");
  if (!report.archives.empty()) {
    out << ", " << count_of(report.archives.size(), "local archive", "local archives");
  }
  out << "\n";
}

}  // namespace tarsier
