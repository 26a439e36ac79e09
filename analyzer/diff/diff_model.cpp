#include "analyzer/diff/diff_model.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "analyzer/core/finding_identity.h"
#include "analyzer/diff/version_order.h"
#include "analyzer/policy/package_risk.h"

namespace tarsier {

std::string_view to_string(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::added:
      return "added";
    case ChangeKind::changed:
      return "changed";
    case ChangeKind::removed:
      return "removed";
  }
  return "changed";
}

namespace {

std::string algorithm_of(const std::string& sri) {
  return sri.substr(0, sri.find('-'));
}

std::vector<std::string> minus(const std::vector<std::string>& a,
                               const std::vector<std::string>& b) {
  std::set<std::string> drop(b.begin(), b.end());
  std::vector<std::string> out;
  for (const auto& item : a) {
    if (drop.count(item) == 0) {
      out.push_back(item);
    }
  }
  return out;
}

// The findings of `after` that `before` does not have. First by fingerprint (rule, normalised
// path, normalised code), then by code alone, so a finding whose file was renamed or moved is not
// new either. Each finding of `before` matches at most once. A finding accepted by a suppression
// before and no longer accepted (a pinned file changed) counts as new: its acceptance lapsed.
std::vector<const Finding*> unmatched_findings(const std::vector<Finding>& before,
                                               const std::vector<Finding>& after) {
  auto with_state = [](const Finding& f, std::string key) {
    return f.suppressed ? key + "\naccepted" : key;
  };
  std::multiset<std::string> by_fingerprint, by_code;
  std::map<std::string, std::string> code_of;  // fingerprint -> code key
  for (const auto& f : before) {
    std::string id = with_state(f, finding_fingerprint(f));
    code_of.emplace(id, with_state(f, finding_code_key(f)));
    by_fingerprint.insert(id);
  }
  std::vector<const Finding*> rest;
  for (const auto& f : after) {
    auto it = by_fingerprint.find(with_state(f, finding_fingerprint(f)));
    if (it != by_fingerprint.end()) {
      by_fingerprint.erase(it);
    } else {
      rest.push_back(&f);
    }
  }
  // The old findings left over are the candidates for a moved one.
  for (const auto& fingerprint : by_fingerprint) {
    by_code.insert(code_of[fingerprint]);
  }
  std::vector<const Finding*> out;
  for (const Finding* f : rest) {
    if (auto it = by_code.find(with_state(*f, finding_code_key(*f))); it != by_code.end()) {
      by_code.erase(it);
    } else {
      out.push_back(f);
    }
  }
  return out;
}

bool by_version(const PackageRef* a, const PackageRef* b) {
  return compare_versions(a->version, b->version) < 0;
}

}  // namespace

LockfileDiff diff_lockfiles(const std::vector<PackageRef>& base,
                            const std::vector<PackageRef>& head) {
  using Key = std::pair<std::string, std::string>;
  std::map<Key, std::vector<const PackageRef*>> old_side, new_side;
  for (const auto& ref : base) {
    old_side[{ref.ecosystem, ref.name}].push_back(&ref);
  }
  for (const auto& ref : head) {
    new_side[{ref.ecosystem, ref.name}].push_back(&ref);
  }
  std::set<Key> keys;
  for (const auto& [key, refs] : old_side) {
    keys.insert(key);
  }
  for (const auto& [key, refs] : new_side) {
    keys.insert(key);
  }

  LockfileDiff diff;
  for (const auto& key : keys) {
    std::vector<const PackageRef*> olds = old_side[key], news = new_side[key];
    std::vector<const PackageRef*> old_rest, new_rest;
    // Same version on both sides: unchanged, or changed in place when the integrity differs.
    std::vector<bool> used(news.size(), false);
    for (const PackageRef* o : olds) {
      bool matched = false;
      for (size_t i = 0; i < news.size() && !matched; ++i) {
        if (!used[i] && news[i]->version == o->version) {
          used[i] = matched = true;
          const std::string& a = o->integrity;
          const std::string& b = news[i]->integrity;
          if (!a.empty() && !b.empty() && a != b && algorithm_of(a) == algorithm_of(b)) {
            diff.changes.push_back({ChangeKind::changed, *o, *news[i]});
          } else {
            ++diff.unchanged;
          }
        }
      }
      if (!matched) {
        old_rest.push_back(o);
      }
    }
    for (size_t i = 0; i < news.size(); ++i) {
      if (!used[i]) {
        new_rest.push_back(news[i]);
      }
    }
    std::sort(old_rest.begin(), old_rest.end(), by_version);
    std::sort(new_rest.begin(), new_rest.end(), by_version);
    size_t pairs = std::min(old_rest.size(), new_rest.size());
    // With more old than new versions, the newest old ones are the ones that were updated.
    size_t old_skip = old_rest.size() - pairs;
    for (size_t i = 0; i < old_skip; ++i) {
      diff.changes.push_back({ChangeKind::removed, *old_rest[i], std::nullopt});
    }
    for (size_t i = 0; i < pairs; ++i) {
      diff.changes.push_back({ChangeKind::changed, *old_rest[old_skip + i], *new_rest[i]});
    }
    for (size_t i = pairs; i < new_rest.size(); ++i) {
      diff.changes.push_back({ChangeKind::added, std::nullopt, *new_rest[i]});
    }
  }
  return diff;
}

PackageDelta compute_delta(const LockfileChange& change, const PackageResult* before,
                           const PackageResult* after) {
  PackageDelta d;
  d.kind = change.kind;
  d.base = change.base;
  d.head = change.head;
  if (before != nullptr) {
    d.before = *before;
    d.risk_before = before->risk;
    d.files_before = static_cast<int64_t>(before->stats.files);
    d.bytes_before = static_cast<int64_t>(before->stats.unpacked_bytes);
  }
  if (after != nullptr) {
    d.after = *after;
    d.risk = after->risk;
    d.files_after = static_cast<int64_t>(after->stats.files);
    d.bytes_after = static_cast<int64_t>(after->stats.unpacked_bytes);
  }
  if (change.kind == ChangeKind::removed) {
    return d;
  }
  if (after != nullptr && !after->error.empty()) {
    d.error = after->error;
  } else if (before != nullptr && !before->error.empty()) {
    d.error = "old version " + before->ref.version + ": " + before->error;
  }

  static const std::vector<std::string> k_none;
  static const std::vector<Finding> k_no_findings;
  const auto& caps_after = after != nullptr ? after->capabilities : k_none;
  const auto& caps_before = before != nullptr ? before->capabilities : k_none;
  d.capabilities_gained = minus(caps_after, caps_before);
  d.capabilities_lost = minus(caps_before, caps_after);
  d.threats_new = minus(after != nullptr ? after->threats : k_none,
                        before != nullptr ? before->threats : k_none);

  std::set<std::string> old_files;
  for (const auto& f : before != nullptr ? before->findings : k_no_findings) {
    if (!f.file.empty()) {
      old_files.insert(normalize_package_path(f.file));
    }
  }
  std::set<std::string> new_files;
  for (const Finding* f : unmatched_findings(before != nullptr ? before->findings : k_no_findings,
                                             after != nullptr ? after->findings : k_no_findings)) {
    d.new_findings.push_back(*f);
    if (f->capability == "install-scripts") {
      d.new_install_scripts.push_back(*f);
    }
    if (!f->file.empty() && old_files.count(normalize_package_path(f->file)) == 0) {
      new_files.insert(f->file);
    }
  }
  d.new_files_with_findings.assign(new_files.begin(), new_files.end());

  // The same version with another integrity in the lockfile: republished or tampered.
  if (change.kind == ChangeKind::changed && change.base->version == change.head->version) {
    bool reported = std::any_of(d.new_findings.begin(), d.new_findings.end(),
                                [](const Finding& f) { return f.capability == "integrity"; });
    if (!reported) {
      Finding f;
      f.rule = "integrity-republished";
      f.capability = "integrity";
      f.severity = Risk::critical;
      f.message = "the lockfile's integrity for " + change.head->name + "@" + change.head->version +
                  " changed from " + change.base->integrity + " to " + change.head->integrity +
                  ": the same version was republished or tampered with";
      d.new_findings.insert(d.new_findings.begin(), f);
    }
    d.risk = std::max(d.risk, Risk::critical);
  }

  // Only what the change adds counts: the package risk formula over the new findings alone.
  std::vector<Finding> live;
  for (const auto& f : d.new_findings) {
    if (!f.suppressed) {
      live.push_back(f);
    }
  }
  Risk added = package_risk(live, after != nullptr ? after->threats : k_none).risk;
  d.added_risk = added;
  return d;
}

void sort_deltas(std::vector<PackageDelta>* deltas) {
  auto name_of = [](const PackageDelta& d) -> const PackageRef& {
    return d.head ? *d.head : *d.base;
  };
  std::stable_sort(
      deltas->begin(), deltas->end(), [&](const PackageDelta& a, const PackageDelta& b) {
        bool ra = a.kind == ChangeKind::removed, rb = b.kind == ChangeKind::removed;
        return std::tuple(ra, -static_cast<int>(a.added_risk), -static_cast<int>(a.risk),
                          name_of(a).ecosystem, name_of(a).name, name_of(a).version) <
               std::tuple(rb, -static_cast<int>(b.added_risk), -static_cast<int>(b.risk),
                          name_of(b).ecosystem, name_of(b).name, name_of(b).version);
      });
}

int diff_exit_code(const DiffReport& report) {
  RunOutcome outcome;
  outcome.incomplete = !report.input_errors.empty();
  for (const auto& delta : report.packages) {
    if (delta.kind != ChangeKind::removed) {
      outcome.highest = std::max(outcome.highest, delta.added_risk);
    }
    outcome.incomplete = outcome.incomplete || !delta.error.empty();
  }
  return exit_code(outcome, report.fail_on);
}

}  // namespace tarsier
