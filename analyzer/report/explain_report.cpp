#include "analyzer/report/explain_report.h"

#include <algorithm>

#include "analyzer/core/finding_identity.h"
#include "analyzer/report/report_order.h"
#include "analyzer/report/text_util.h"

namespace tarsier {

namespace {

bool is_package_problem(const Finding& f) {
  return f.context || f.capability == "integrity" || f.capability == "archive" ||
         f.capability == "analysis" || f.capability == "source";
}

std::string scope_of(const PackageRef& ref) {
  return ref.dev ? "dev" : ref.optional ? "optional" : ref.peer ? "peer" : "prod";
}

void write_header(const PackageResult& package, std::ostream& out) {
  const PackageRef& ref = package.ref;
  out << ref.id() << ": risk " << to_string(package.risk);
  if (!package.threats.empty()) {
    std::string threats;
    for (const auto& t : package.threats) {
      threats += (threats.empty() ? "" : ", ") + t;
    }
    out << ", threats " << threats;
  }
  out << "\n  " << scope_of(ref) << " dependency";
  if (ref.via.size() == 1) {
    out << ", direct";
  } else if (ref.via.size() > 1) {
    std::string path;
    for (const auto& name : ref.via) {
      path += (path.empty() ? "" : " > ") + name;
    }
    out << ", via " << one_line(path, 300);
  }
  if (!ref.lockfile.empty()) {
    out << " (" << one_line(ref.lockfile, 200)
        << (ref.line > 0 ? ":" + std::to_string(ref.line) : "") << ")";
  }
  out << "\n";
  if (!package.error.empty()) {
    out << "  not analysed: " << one_line(package.error, 300) << "\n";
  }
  out << "\n";
}

// The numbered lines around `line` (1-based), the finding's line marked.
void write_code(const std::string& text, int line, int context, std::ostream& out) {
  int first = std::max(1, line - context), last = line + context;
  int number = 1;
  size_t start = 0;
  while (start <= text.size() && number <= last) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    if (number >= first) {
      std::string shown = one_line(std::string_view(text).substr(start, end - start), 200);
      out << (number == line ? "  > " : "    ") << pad(std::to_string(number), 6) << "| " << shown
          << "\n";
    }
    if (end == text.size()) {
      break;
    }
    start = end + 1;
    ++number;
  }
}

bool selected(const Finding& f, size_t number, const std::string& which) {
  return which.empty() || which == f.rule || which == finding_fingerprint(f) ||
         which == std::to_string(number);
}

}  // namespace

std::string severity_reasoning(const Finding& f) {
  std::string severity(to_string(f.severity));
  if (f.suppressed) {
    return "suppressed by the policy (" + one_line(f.suppression_reason, 200) +
           "): reported, but it does not count toward the package's risk";
  }
  if (is_threat_rule(f.rule)) {
    return "a threat: several behaviours correlated in one file (" + one_line(f.message, 300) +
           "); it counts at its own severity, " + severity + ", toward the package's risk";
  }
  if (is_package_problem(f)) {
    return "a problem with the package itself (" + f.capability +
           "); it counts at its own severity, " + severity + ", toward the package's risk";
  }
  std::string out = "one behaviour (capability " + f.capability + ") at " + severity;
  if (f.severity > Risk::medium) {
    out +=
        "; on its own it counts as at most medium: only a threat combining it with other "
        "behaviours raises the package above medium";
  } else {
    out += "; it counts at " + severity + " toward the package's risk";
  }
  if (f.install_time) {
    out += "; it runs at install time";
  }
  return out;
}

size_t write_explanation(const PackageResult& package, const FileTexts& files,
                         const ExplainOptions& options, std::ostream& out) {
  write_header(package, out);
  size_t number = 0, explained = 0;
  for (const Finding* f : findings_by_severity(package)) {
    ++number;
    if (!selected(*f, number, options.finding)) {
      continue;
    }
    ++explained;
    out << "[" << number << "] " << to_string(f->severity) << " " << f->rule;
    if (std::string where = finding_location(*f); !where.empty()) {
      out << "  " << one_line(where, 200);
    }
    out << "  (fingerprint " << finding_fingerprint(*f) << ")\n";
    out << "  " << one_line(f->message, 400) << "\n";
    out << "  why: " << severity_reasoning(*f) << "\n";
    auto file = files.find(f->file);
    if (file != files.end() && f->line > 0) {
      write_code(file->second, f->line, options.context_lines, out);
    } else if (!f->file.empty() && !options.note.empty()) {
      out << "  (" << options.note << ")\n";
    }
    out << "\n";
  }
  if (number == 0) {
    out << "No findings.\n";
  }
  return number == 0 ? 0 : explained;
}

}  // namespace tarsier
