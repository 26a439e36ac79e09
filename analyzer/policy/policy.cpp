#include "analyzer/policy/policy.h"

#include "analyzer/util/utc_time.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "analyzer/core/capability.h"
#include "analyzer/core/diagnostic.h"
#include "analyzer/ecosystem/ecosystem.h"
#include "analyzer/util/ascii.h"
#include "analyzer/util/closest.h"
#include "analyzer/util/nesting.h"
#include "analyzer/util/repository_root.h"

namespace tarsier {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_entry_keys[] = {"ecosystem",  "name",       "version", "rule",
                                             "capability", "path",       "sha256",  "reason",
                                             "expires",    "fingerprint"};

class Parser {
 public:
  Parser(const std::string& path, std::string_view today, Policy* policy,
         const std::vector<std::string>* known_rules)
      : m_path(path), m_today(today), m_policy(policy), m_known_rules(known_rules) {}

  void error(const YAML::Mark& mark, std::string message) {
    m_policy->errors.push_back(located(mark, std::move(message)));
  }

  Diagnostic located(const YAML::Mark& mark, std::string message) const {
    Diagnostic d;
    d.path = m_path;
    d.line = mark.line >= 0 ? mark.line + 1 : 0;
    d.column = mark.column >= 0 ? mark.column + 1 : 0;
    d.message = std::move(message);
    return d;
  }

  void root(const YAML::Node& node) {
    if (node.IsNull()) {
      return;  // an empty file is a valid, empty policy
    }
    if (!node.IsMap()) {
      error(node.Mark(), "expected a mapping with 'suppressions' and 'fail-on'");
      return;
    }
    for (const auto& item : node) {
      std::string key = item.first.IsScalar() ? item.first.Scalar() : "";
      if (key == "suppressions") {
        suppressions(item.second);
      } else if (key == "fail-on") {
        fail_on(item.second);
      } else if (key == "min-release-age") {
        min_release_age(item.second);
      } else if (key == "registry-signals") {
        registry_signals(item.second);
      } else {
        error(item.first.Mark(), "unknown key '" + key +
                                     "' (expected suppressions, fail-on, min-release-age or "
                                     "registry-signals)");
      }
    }
  }

 private:
  void min_release_age(const YAML::Node& node) {
    auto age = node.IsScalar() ? parse_duration(node.Scalar()) : std::nullopt;
    if (!age) {
      error(node.Mark(), "min-release-age: expected a duration such as 36h or 7d");
      return;
    }
    m_policy->min_release_age = age;
  }

  void registry_signals(const YAML::Node& node) {
    std::string text = node.IsScalar() ? node.Scalar() : "";
    if (text != "true" && text != "false") {
      error(node.Mark(), "registry-signals: expected true or false");
      return;
    }
    m_policy->registry_signals = text == "true";
  }

  void fail_on(const YAML::Node& node) {
    auto level = node.IsScalar() ? parse_risk(node.Scalar()) : std::nullopt;
    if (!level || *level == Risk::none) {
      error(node.Mark(), "fail-on: expected low, medium, high or critical");
      return;
    }
    m_policy->fail_on = level;
  }

  void suppressions(const YAML::Node& node) {
    if (node.IsNull()) {
      return;
    }
    if (!node.IsSequence()) {
      error(node.Mark(), "suppressions: expected a list of entries");
      return;
    }
    for (const auto& entry : node) {
      suppression(entry);
    }
  }

  // An entry's scalar values by key, with where each was written.
  struct EntryValues {
    YAML::Mark entry;
    std::map<std::string, std::pair<std::string, YAML::Mark>> values;

    bool has(const char* key) const { return values.count(key) != 0; }
    std::string value(const char* key) const {
      auto it = values.find(key);
      return it == values.end() ? std::string() : it->second.first;
    }
    YAML::Mark mark_of(const char* key) const {
      auto it = values.find(key);
      return it == values.end() ? entry : it->second.second;
    }
  };

  // One entry; on any problem the entry is reported and left out, the others are kept.
  void suppression(const YAML::Node& node) {
    if (!node.IsMap()) {
      error(node.Mark(), "suppression: expected a mapping (ecosystem, name, version, rule, ...)");
      return;
    }
    size_t errors_before = m_policy->errors.size();
    EntryValues values = entry_values(node);
    Suppression s;
    s.line = node.Mark().line + 1;
    s.column = node.Mark().column + 1;
    read_package(values, &s);
    read_selector(values, &s);
    read_file_pin(values, &s);
    read_reason_and_expiry(values, &s);
    if (m_policy->errors.size() == errors_before) {
      m_policy->suppressions.push_back(std::move(s));
    }
  }

  // The entry's known keys with scalar values; unknown keys and non-scalar values are reported.
  EntryValues entry_values(const YAML::Node& node) {
    EntryValues out{node.Mark(), {}};
    for (const auto& item : node) {
      std::string key = item.first.IsScalar() ? item.first.Scalar() : "";
      bool known = false;
      for (auto k : k_entry_keys) {
        known = known || key == k;
      }
      if (!known) {
        error(item.first.Mark(),
              "unknown key '" + key +
                  "' (expected ecosystem, name, version, rule, capability, path, sha256, "
                  "fingerprint, reason, expires)");
        continue;
      }
      if (!item.second.IsScalar()) {
        error(item.second.Mark(), key + ": expected a single value");
        continue;
      }
      out.values[key] = {item.second.Scalar(), item.second.Mark()};
    }
    return out;
  }

  // ecosystem, name (normalised) and version range.
  void read_package(const EntryValues& values, Suppression* s) {
    s->ecosystem = values.value("ecosystem");
    const Ecosystem* ecosystem = find_ecosystem(s->ecosystem);
    if (ecosystem == nullptr) {
      error(values.mark_of("ecosystem"), values.has("ecosystem")
                                             ? "ecosystem: expected " + ecosystem_ids()
                                             : "missing 'ecosystem' (" + ecosystem_ids() + ")");
    }
    s->name = values.value("name");
    if (s->name.empty()) {
      error(values.mark_of("name"), "missing 'name' (the package name)");
    } else if (ecosystem != nullptr) {
      s->name = ecosystem->normalize_name(s->name);
    }
    if (!values.has("version")) {
      error(values.entry, "missing 'version' (an exact version, a range, or '*' for any)");
    } else if (ecosystem != nullptr) {
      auto range = VersionRange::parse(s->ecosystem, values.value("version"));
      if (!range) {
        error(values.mark_of("version"), "version: " + range.error().str());
      } else {
        s->version = *range;
      }
    }
  }

  // Which findings are accepted: rule, capability or fingerprint (never an integrity finding).
  void read_selector(const EntryValues& values, Suppression* s) {
    s->rule = values.value("rule");
    s->capability = values.value("capability");
    s->fingerprint = ascii_lower(values.value("fingerprint"));
    if (s->rule.empty() && s->capability.empty() && s->fingerprint.empty()) {
      error(values.entry,
            "missing 'rule', 'capability' or 'fingerprint': say which findings are accepted");
    }
    if (values.has("fingerprint") &&
        (s->fingerprint.size() != 16 ||
         s->fingerprint.find_first_not_of("0123456789abcdef") != std::string::npos)) {
      error(values.mark_of("fingerprint"),
            "fingerprint: expected 16 hexadecimal digits (as in the JSON report's findings)");
    }
    if (!s->rule.empty() && m_known_rules != nullptr &&
        std::find(m_known_rules->begin(), m_known_rules->end(), s->rule) == m_known_rules->end()) {
      std::string near = closest_word(s->rule, *m_known_rules);
      error(values.mark_of("rule"), "unknown rule id '" + s->rule + "'" +
                                        (near.empty() ? "" : "; did you mean '" + near + "'?"));
    }
    if (!s->capability.empty() && !capability::is_known(s->capability)) {
      error(values.mark_of("capability"), "capability: unknown capability '" + s->capability + "'");
    }
    // An integrity finding means the archive was not (or not reliably) the one analysed;
    // accepting it would let an unverified archive pass.
    if (s->capability == capability::integrity || s->rule.rfind("integrity-", 0) == 0) {
      error(values.mark_of(s->capability == capability::integrity ? "capability" : "rule"),
            "integrity findings cannot be suppressed");
    }
  }

  // path inside the package, and the sha256 of its content.
  void read_file_pin(const EntryValues& values, Suppression* s) {
    s->path = values.value("path");
    if (!s->path.empty() && (s->path.front() == '/' || s->path.find("..") != std::string::npos)) {
      error(values.mark_of("path"), "path: expected a relative path inside the package");
    }
    s->sha256 = ascii_lower(values.value("sha256"));
    if (values.has("sha256")) {
      bool hex = s->sha256.size() == 64 &&
                 s->sha256.find_first_not_of("0123456789abcdef") == std::string::npos;
      if (!hex) {
        error(values.mark_of("sha256"), "sha256: expected 64 hexadecimal digits");
      } else if (s->path.empty()) {
        error(values.mark_of("sha256"), "sha256 needs 'path': the file whose content it pins");
      }
    }
  }

  // reason (required) and expires (a past date: a warning, and the entry no longer applies).
  void read_reason_and_expiry(const EntryValues& values, Suppression* s) {
    s->reason = values.value("reason");
    if (s->reason.find_first_not_of(" \t\r\n") == std::string::npos) {
      error(values.mark_of("reason"), values.has("reason")
                                          ? "reason: must not be empty"
                                          : "missing 'reason': say why the finding is accepted");
    }
    s->expires = values.value("expires");
    if (!values.has("expires")) {
      return;
    }
    if (!is_valid_date(s->expires)) {
      error(values.mark_of("expires"),
            "expires: expected a date YYYY-MM-DD, got '" + s->expires + "'");
    } else if (s->expires < m_today) {
      s->expired = true;
      m_policy->warnings.push_back(
          located(values.entry, "suppression of " + s->ecosystem + ":" + s->name + " (" +
                                    (s->rule.empty() ? s->capability : s->rule) + ") expired on " +
                                    s->expires + " and no longer applies"));
    }
  }

  std::string m_path;
  std::string m_today;
  Policy* m_policy;
  const std::vector<std::string>* m_known_rules;  // null: rule ids are not checked
};

bool is_package_directory(const std::string& name) {
  return name == "node_modules" || name == "site-packages" || name == "dist-packages";
}

}  // namespace

Policy parse_policy(std::string_view text, const std::string& path, std::string_view today,
                    const std::vector<std::string>* known_rules) {
  Policy policy;
  policy.path = path;
  Parser parser(path, today, &policy, known_rules);
  if (size_t deep = yaml_depth_violation(text); deep != std::string_view::npos) {
    Diagnostic diagnostic{path, 0, 0,
                          "nesting deeper than " + std::to_string(k_yaml_max_depth) + " levels"};
    offset_to_line_col(text, deep, &diagnostic.line, &diagnostic.column);
    policy.errors.push_back(std::move(diagnostic));
    return policy;
  }
  try {
    YAML::Node root = YAML::Load(std::string(text));
    parser.root(root);
  } catch (const YAML::Exception& e) {
    policy.errors.push_back(parser.located(e.mark, e.msg));
  }
  auto by_place = [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  };
  std::stable_sort(policy.errors.begin(), policy.errors.end(), by_place);
  std::stable_sort(policy.warnings.begin(), policy.warnings.end(), by_place);
  return policy;
}

Policy load_policy(const std::string& path, std::string_view today,
                   const std::vector<std::string>* known_rules) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) {
    text << in.rdbuf();
  }
  if (!in || in.bad()) {
    Policy policy;
    policy.path = path;
    policy.errors.push_back({path, 0, 0, "cannot read the policy file"});
    return policy;
  }
  return parse_policy(text.str(), path, today, known_rules);
}

namespace {

bool writable_by_others(const fs::path& dir) {
  std::error_code ec;
  fs::perms p = fs::status(dir, ec).permissions();
  return !ec && (p & (fs::perms::group_write | fs::perms::others_write)) != fs::perms::none;
}

}  // namespace

std::optional<std::string> find_policy_file(const std::string& start_dir) {
  std::error_code ec;
  fs::path start = fs::absolute(start_dir.empty() ? "." : start_dir, ec).lexically_normal();
  if (ec) {
    return std::nullopt;
  }
  // Begin above the outermost installed-package directory.
  fs::path begin;
  for (const auto& part : start) {
    if (is_package_directory(part.string())) {
      break;
    }
    begin /= part;
  }
  // Up to the repository's root, never above it. Outside any repository, up to the first folder
  // that others may write to (a shared /tmp), which is neither read nor searched above: a policy
  // planted there would silence findings of everyone's scans below it.
  std::optional<fs::path> root = repository_root(begin);
  for (fs::path dir = fs::weakly_canonical(begin, ec);; dir = dir.parent_path()) {
    if (!root && writable_by_others(dir)) {
      return std::nullopt;
    }
    fs::path candidate = dir / k_policy_file_name;
    if (fs::is_regular_file(candidate, ec)) {
      return candidate.string();
    }
    if ((root && dir == *root) || dir == dir.parent_path() || dir.empty()) {
      return std::nullopt;
    }
  }
}

std::string today_utc() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &utc);
  return buffer;
}

bool is_valid_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return false;
  }
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
  }
  auto number = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int limit = k_days[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= limit;
}

}  // namespace tarsier
