// The pull-request comment. It leads with the verdict and its reasons: each change that adds risk
// at or above fail-on, with the threats it adds, their evidence (file and line) and how the
// package entered the tree; then the other changes folded (<details>) by the risk they add; then
// removed packages and a pointer to the full report. Always under the size limit. Package text is
// escaped so a hostile package cannot inject markup, links or @-mentions.
#include <algorithm>
#include <map>
#include <sstream>

#include "analyzer/core/finding_identity.h"
#include "analyzer/diff/diff_report.h"
#include "analyzer/report/markdown_text.h"
#include "analyzer/report/report_order.h"
#include "analyzer/report/text_util.h"
namespace tarsier {

namespace {

std::string md(std::string_view raw, size_t max_bytes = 300) {
  return markdown_escape(raw, max_bytes);
}

std::string code(std::string_view raw, size_t max_bytes = 200) {
  return markdown_code(raw, max_bytes);
}

const PackageRef& ref_of(const PackageDelta& d) {
  return d.head ? *d.head : *d.base;
}

std::string plural(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// The short list of what a change adds, for the folded rows.
std::string what_it_adds(const PackageDelta& d) {
  std::vector<std::string> parts;
  if (!d.error.empty()) {
    parts.push_back("not analysed: " + md(d.error, 150));
  }
  if (!d.capabilities_gained.empty()) {
    std::string caps;
    for (const auto& c : d.capabilities_gained) {
      caps += (caps.empty() ? "+" : ", +") + md(c);
    }
    parts.push_back(caps);
  }
  if (!d.threats_new.empty()) {
    std::string threats;
    for (const auto& t : d.threats_new) {
      threats += (threats.empty() ? "" : ", ") + md(t);
    }
    parts.push_back("threats: " + threats);
  }
  if (!d.new_install_scripts.empty()) {
    parts.push_back("new install script");
  }
  size_t suppressed = 0;
  const Finding* first_suppressed = nullptr;
  for (const auto& f : d.new_findings) {
    if (f.suppressed) {
      first_suppressed = first_suppressed != nullptr ? first_suppressed : &f;
      ++suppressed;
    }
  }
  if (!d.new_findings.empty()) {
    parts.push_back(plural(d.new_findings.size(), "new finding", "new findings"));
  }
  if (first_suppressed != nullptr) {
    parts.push_back(std::to_string(suppressed) + " suppressed (" +
                    md(first_suppressed->suppression_reason, 120) + ")");
  }
  std::string out;
  for (const auto& p : parts) {
    out += (out.empty() ? "" : "; ") + p;
  }
  return out.empty() ? "nothing new" : out;
}

// How the package entered the tree: the dependency path, scope and lockfile line.
std::string entry_of(const PackageRef& ref) {
  std::string out;
  if (!ref.via.empty()) {
    std::string path;
    for (const auto& name : ref.via) {
      path += (path.empty() ? "" : " › ") + name;
    }
    out = ref.via.size() == 1 ? "direct dependency" : "via " + code(path, 300);
  }
  std::string scope = ref.dev ? "dev" : ref.optional ? "optional" : ref.peer ? "peer" : "";
  if (!scope.empty()) {
    out += (out.empty() ? "" : ", ") + scope;
  }
  if (!ref.lockfile.empty() && ref.line > 0) {
    out += (out.empty() ? "" : ", ") + code(ref.lockfile + ":" + std::to_string(ref.line), 200);
  }
  return out;
}

// The new findings that explain the verdict: unsuppressed, threats first, then by severity.
std::vector<const Finding*> evidence_of(const PackageDelta& d) {
  std::vector<const Finding*> out;
  for (const auto& f : d.new_findings) {
    if (!f.suppressed) {
      out.push_back(&f);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding* a, const Finding* b) {
    bool ta = is_threat_rule(a->rule), tb = is_threat_rule(b->rule);
    if (ta != tb) {
      return ta;
    }
    return a->severity > b->severity;
  });
  return out;
}

std::string finding_line(const Finding& f) {
  std::string line = "- **" + std::string(to_string(f.severity)) + "** ";
  line += is_threat_rule(f.rule) ? "threat " + code(f.rule.substr(7)) : code(f.rule);
  if (auto where = finding_location(f); !where.empty()) {
    line += " in " + code(where, 160);
  }
  if (f.install_time) {
    line += " (install time)";
  }
  line += ": " + md(f.message, 240);
  if (!f.snippet.empty()) {
    line += "<br>" + code(f.snippet, 160);
  }
  return line + "\n";
}

// One change at or above fail-on: what it adds and why.
std::string reason_section(const PackageDelta& d) {
  const PackageRef& ref = ref_of(d);
  std::string out = "**" + code(ref.name, 120) + " " + md(change_label(d), 120) + "** adds **" +
                    std::string(to_string(d.added_risk)) + "**";
  if (std::string entry = entry_of(ref); !entry.empty()) {
    out += " — " + entry;
  }
  out += "\n\n";
  if (!d.error.empty()) {
    out += "- not analysed: " + md(d.error, 200) + "\n";
  }
  constexpr size_t k_evidence = 8;
  auto evidence = evidence_of(d);
  for (size_t i = 0; i < evidence.size() && i < k_evidence; ++i) {
    out += finding_line(*evidence[i]);
  }
  if (evidence.size() > k_evidence) {
    out += "- … " + plural(evidence.size() - k_evidence, "more new finding", "more new findings") +
           "\n";
  }
  out += "\nSee the code: " + code("tarsier explain " + ref.name + "@" + ref.version, 300) + "\n\n";
  return out;
}

std::string folded_row(const PackageDelta& d) {
  return "- " + code(ref_of(d).name, 120) + " " + md(change_label(d), 120) + ": " +
         what_it_adds(d) + "\n";
}

// The changes below fail-on, grouped by the risk they add, highest first, inside <details>.
std::string other_changes(const std::vector<const PackageDelta*>& others, size_t budget,
                          size_t* left_out) {
  std::map<Risk, std::vector<const PackageDelta*>, std::greater<Risk>> groups;
  for (const PackageDelta* d : others) {
    groups[d->added_risk].push_back(d);
  }
  std::string counts;
  for (const auto& [risk, list] : groups) {
    counts += (counts.empty() ? "" : ", ") + std::to_string(list.size()) + " " +
              (risk == Risk::none ? std::string("adding nothing")
                                  : "adding " + std::string(to_string(risk)));
  }
  std::string out = "<details><summary>Other changes (" + counts + ")</summary>\n\n";
  *left_out = 0;
  for (const auto& [risk, list] : groups) {
    std::string group = "**" +
                        (risk == Risk::none ? std::string("nothing new at low or above")
                                            : "adds " + std::string(to_string(risk))) +
                        "**\n\n";
    for (const PackageDelta* d : list) {
      std::string row = folded_row(*d);
      if (out.size() + group.size() + row.size() + 40 > budget) {
        ++*left_out;
        continue;
      }
      group += row;
    }
    out += group + "\n";
  }
  if (*left_out > 0) {
    out += "… " + plural(*left_out, "more change", "more changes") + " in the full report.\n\n";
  }
  return out + "</details>\n\n";
}

std::string removed_line(const std::vector<const PackageDelta*>& removed, size_t room) {
  std::string out = "Removed: ";
  for (size_t i = 0; i < removed.size(); ++i) {
    std::string item = code(removed[i]->base->name, 60) + " " + md(removed[i]->base->version, 40);
    if (out.size() + item.size() > room) {
      out += "… (" + std::to_string(removed.size() - i) + " more)";
      break;
    }
    out += (i > 0 ? ", " : "") + item;
  }
  return out + "\n\n";
}

}  // namespace

void write_diff_markdown(const DiffReport& report, std::ostream& out, size_t limit) {
  std::vector<const PackageDelta*> failing, others, removed;
  size_t added = 0, changed = 0;
  for (const auto& d : report.packages) {
    if (d.kind == ChangeKind::removed) {
      removed.push_back(&d);
      continue;
    }
    (d.kind == ChangeKind::added ? added : changed)++;
    (fails(d.added_risk, report.fail_on) ? failing : others).push_back(&d);
  }
  std::string level(to_string(report.fail_on));
  std::string body = std::string(k_markdown_marker) + "\n### tarsier: ";
  body += failing.empty() ? "nothing this change adds reaches " + level + "\n\n"
                          : plural(failing.size(), "change adds", "changes add") +
                                " risk at or above " + level + "\n\n";
  body += "**" + std::to_string(added) + " added, " + std::to_string(changed) + " changed, " +
          std::to_string(removed.size()) + " removed** (" + md(report.base_label) + " → " +
          md(report.head_label) + ").\n\n";

  // The tail (removed, warnings, pointer) is reserved so the verdict and summary always fit.
  constexpr size_t k_tail_reserve = 1500;
  size_t budget = limit > k_tail_reserve ? limit - k_tail_reserve : 0;
  size_t reasons_shown = 0;
  for (const PackageDelta* d : failing) {
    std::string section = reason_section(*d);
    if (body.size() + section.size() > budget * 3 / 4) {
      break;
    }
    body += section;
    ++reasons_shown;
  }
  if (reasons_shown < failing.size()) {
    body += "… and " + plural(failing.size() - reasons_shown, "more change", "more changes") +
            " at or above " + level + " in the full report.\n\n";
  }
  size_t left_out = 0;
  if (!others.empty()) {
    body += other_changes(others, budget > body.size() ? budget - body.size() : 0, &left_out);
  }
  std::string tail;
  if (!removed.empty()) {
    tail += removed_line(removed, k_tail_reserve - 700);
  }
  if (!report.warnings.empty() || !report.input_errors.empty()) {
    tail += plural(report.warnings.size() + report.input_errors.size(), "warning or input error",
                   "warnings or input errors") +
            ": see the job log.\n\n";
  }
  tail +=
      "Full report: " +
      (report.report_url.empty() ? std::string("`tarsier diff --format json` (the job's artifacts)")
                                 : one_line(report.report_url, 400)) +
      ".\n\n<sub>tarsier " + md(report.tool_version) + "</sub>\n";
  out << body << tail;
}

}  // namespace tarsier
