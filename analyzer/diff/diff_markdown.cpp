// The pull-request comment: a short table of the added and changed packages at risk >= medium,
// their details folded, and everything else summarised, always under the size limit. Package
// text is escaped so a hostile package cannot inject markup, links or @-mentions.
#include <sstream>

#include "analyzer/diff/diff_report.h"
#include "analyzer/report/report_order.h"
#include "analyzer/report/text_util.h"

namespace tarsier {

namespace {

// Escapes one line of untrusted text for Markdown and inline HTML.
std::string md(std::string_view raw, size_t max_bytes = 300) {
  std::string text = one_line(raw, max_bytes);
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '@':
        out += "&#64;";  // no mentions
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '#':
      case '~':
      case '!':
      case '(':
      case ')':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Inline code as HTML, which works inside tables and <summary> and needs only HTML escaping.
std::string code(std::string_view raw, size_t max_bytes = 200) {
  std::string text = one_line(raw, max_bytes);
  std::string out = "<code>";
  for (char c : text) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '@')
      out += "&#64;";
    else if (c == '|')
      out += "&#124;";
    else
      out += c;
  }
  return out + "</code>";
}

const PackageRef& ref_of(const PackageDelta& d) {
  return d.head ? *d.head : *d.base;
}

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
  if (!d.new_findings.empty()) {
    parts.push_back(std::to_string(d.new_findings.size()) + " new finding" +
                    (d.new_findings.size() == 1 ? "" : "s"));
  }
  std::string out;
  for (const auto& p : parts) {
    out += (out.empty() ? "" : "; ") + p;
  }
  return out.empty() ? "nothing new" : out;
}

std::string details(const PackageDelta& d) {
  std::ostringstream out;
  out << "<details><summary>" << code(ref_of(d).name) << " " << md(change_label(d)) << ": "
      << d.new_findings.size() << " new finding(s)</summary>\n\n";
  if (d.kind == ChangeKind::changed && d.before && d.after) {
    out << "Size: " << d.files_before << " → " << d.files_after << " files, " << d.bytes_before
        << " → " << d.bytes_after << " bytes unpacked.";
    if (!d.capabilities_lost.empty()) {
      out << " Capabilities lost:";
      for (const auto& c : d.capabilities_lost) {
        out << " " << md(c);
      }
      out << ".";
    }
    out << "\n\n";
  }
  if (!d.new_files_with_findings.empty()) {
    out << "New files with findings:";
    size_t n = 0;
    for (const auto& f : d.new_files_with_findings) {
      if (n++ == 10) {
        out << " …";
        break;
      }
      out << " " << code(f, 120);
    }
    out << "\n\n";
  }
  size_t shown = 0;
  for (const auto& f : d.new_findings) {
    if (shown++ == 10) {
      out << "- … " << d.new_findings.size() - 10 << " more (see the SARIF or JSON report)\n";
      break;
    }
    out << "- **" << to_string(f.severity) << "** " << code(f.rule);
    if (auto where = finding_location(f); !where.empty()) {
      out << " in " << code(where, 160);
    }
    if (f.install_time) {
      out << " (install time)";
    }
    out << ": " << md(f.message, 240);
    if (f.suppressed) {
      out << " — suppressed: " << md(f.suppression_reason, 160);
    }
    if (!f.snippet.empty()) {
      out << "<br>" << code(f.snippet, 160);
    }
    out << "\n";
  }
  out << "\n</details>\n\n";
  return out.str();
}

}  // namespace

void write_diff_markdown(const DiffReport& report, std::ostream& out, size_t limit) {
  std::vector<const PackageDelta*> shown, quiet, removed;
  size_t added = 0, changed = 0, failing = 0;
  for (const auto& d : report.packages) {
    if (d.kind == ChangeKind::removed) {
      removed.push_back(&d);
      continue;
    }
    (d.kind == ChangeKind::added ? added : changed)++;
    failing += d.added_risk >= report.fail_on;
    if (std::max(d.risk, d.added_risk) >= Risk::medium || !d.error.empty()) {
      shown.push_back(&d);
    } else {
      quiet.push_back(&d);
    }
  }
  std::string head = std::string(k_markdown_marker) + "\n### tarsier: dependency changes\n\n";
  head += "**" + std::to_string(added) + " added, " + std::to_string(changed) + " changed, " +
          std::to_string(removed.size()) + " removed** (" + md(report.base_label) + " → " +
          md(report.head_label) + "). ";
  head += failing == 0 ? "Nothing adds risk at or above **" +
                             std::string(to_string(report.fail_on)) + "**.\n\n"
                       : "**" + std::to_string(failing) + " change(s) add risk at or above " +
                             std::string(to_string(report.fail_on)) + ".**\n\n";

  // Everything after the table is optional; the tail is reserved so the summary always fits.
  constexpr size_t k_tail_reserve = 1500;
  size_t budget = limit > k_tail_reserve ? limit - k_tail_reserve : 0;
  std::string body = head;
  size_t rows = 0;
  if (!shown.empty()) {
    body += "| Package | Change | Risk | Adds |\n|---|---|---|---|\n";
    for (const PackageDelta* d : shown) {
      std::string row =
          "| " + code(ref_of(*d).name, 120) + " | " + md(change_label(*d), 120) + " | **" +
          std::string(to_string(d->risk)) + "**" +
          (d->kind == ChangeKind::changed ? " (was " + std::string(to_string(d->risk_before)) + ")"
                                          : "") +
          " | " + what_it_adds(*d) + " |\n";
      if (body.size() + row.size() > budget / 2) {
        break;  // keep half the budget for details
      }
      body += row;
      ++rows;
    }
    if (rows < shown.size()) {
      body += "\n… and " + std::to_string(shown.size() - rows) +
              " more packages at risk ≥ medium (see the JSON or SARIF report).\n";
    }
    body += "\n";
  }
  size_t detailed = 0;
  for (size_t i = 0; i < rows; ++i) {
    if (shown[i]->new_findings.empty()) {
      continue;
    }
    std::string section = details(*shown[i]);
    if (body.size() + section.size() > budget) {
      break;
    }
    body += section;
    ++detailed;
  }
  std::string tail;
  if (!quiet.empty()) {
    tail += std::to_string(quiet.size()) + " other added or changed package(s) below medium.\n";
  }
  if (!removed.empty()) {
    tail += "Removed: ";
    for (size_t i = 0; i < removed.size(); ++i) {
      std::string item = code(removed[i]->base->name, 60) + " " + md(removed[i]->base->version, 40);
      if (tail.size() + item.size() > k_tail_reserve - 400) {
        tail += "… (" + std::to_string(removed.size() - i) + " more)";
        break;
      }
      tail += (i > 0 ? ", " : "") + item;
    }
    tail += "\n";
  }
  if (!report.warnings.empty() || !report.input_errors.empty()) {
    tail += std::to_string(report.warnings.size() + report.input_errors.size()) +
            " warning(s) or input error(s): see the job log.\n";
  }
  if (detailed < rows) {
    tail += "\nDetails of " + std::to_string(rows - detailed) +
            " package(s) left out to keep this comment short.\n";
  }
  tail += "\n<sub>tarsier " + md(report.tool_version) + "</sub>\n";
  out << body << tail;
}

}  // namespace tarsier
