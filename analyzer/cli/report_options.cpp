#include "analyzer/cli/report_options.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "analyzer/policy/policy_apply.h"

namespace tarsier::cli {

std::vector<OptionSpec> report_option_specs() {
  return {
      {"min-risk", 0, true, false, "LEVEL",
       "text report: list packages at or above LEVEL (default medium)"},
      {"verbose", 'v', false, false, "", "text report: list every package and every finding"},
      {"omit", 0, true, true, "dev|optional|peer",
       "leave out dev, optional or peer dependencies (repeatable, or comma-separated)"},
  };
}

Result<ReportChoices> report_choices(const ParsedArgs& args) {
  ReportChoices choices;
  if (args.has("min-risk")) {
    auto level = parse_risk(args.get("min-risk"));
    if (!level) {
      return make_error(ErrorKind::invalid, "unknown --min-risk '" + args.get("min-risk") +
                                                "' (expected none, low, medium, high or critical)");
    }
    choices.min_risk = *level;
  }
  choices.verbose = args.has("verbose");
  auto it = args.values.find("omit");
  for (const auto& value : it == args.values.end() ? std::vector<std::string>{} : it->second) {
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = std::min(value.find(',', start), value.size());
      std::string item = value.substr(start, comma - start);
      if (item == "dev") {
        choices.omit_dev = true;
      } else if (item == "optional") {
        choices.omit_optional = true;
      } else if (item == "peer") {
        choices.omit_peer = true;
      } else {
        return make_error(ErrorKind::invalid,
                          "unknown --omit '" + item + "' (expected dev, optional or peer)");
      }
      start = comma + 1;
    }
  }
  return choices;
}

size_t omit_packages(const ReportChoices& choices, std::vector<PackageRef>* packages) {
  auto omitted = [&](const PackageRef& ref) {
    return (choices.omit_dev && ref.dev) || (choices.omit_optional && ref.optional) ||
           (choices.omit_peer && ref.peer);
  };
  size_t before = packages->size();
  packages->erase(std::remove_if(packages->begin(), packages->end(), omitted), packages->end());
  return before - packages->size();
}

std::vector<std::string> unused_suppression_warnings(const Policy* policy,
                                                     const std::vector<PackageResult>& results) {
  std::vector<std::string> out;
  if (policy == nullptr) {
    return out;
  }
  for (const Suppression* s : unused_suppressions(*policy, results)) {
    Diagnostic d{policy->path, s->line, s->column,
                 "suppression of " + s->ecosystem + ":" + s->name + " (" +
                     (!s->rule.empty()         ? s->rule
                      : !s->capability.empty() ? s->capability
                                               : s->fingerprint) +
                     ") matched nothing in this run"};
    out.push_back(d.str());
  }
  return out;
}

std::string format_duration(double seconds) {
  char buffer[48];
  if (seconds < 10) {
    std::snprintf(buffer, sizeof buffer, "%.1f s", std::max(0.0, seconds));
  } else if (seconds < 60) {
    std::snprintf(buffer, sizeof buffer, "%d s", static_cast<int>(seconds + 0.5));
  } else {
    int total = static_cast<int>(seconds + 0.5);
    std::snprintf(buffer, sizeof buffer, "%d min %d s", total / 60, total % 60);
  }
  return buffer;
}

std::string utc_timestamp() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  char out[40];
  std::snprintf(out, sizeof out, "%s.%03dZ", buffer, static_cast<int>(millis.count()));
  return out;
}

}  // namespace tarsier::cli
