#include "analyzer/diff/diff_model.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "analyzer/core/finding_identity.h"
#include "analyzer/ecosystem/ecosystem.h"
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
  return compare_package_versions(a->ecosystem, a->version, b->version) < 0;
}

// How many leading parts ("2", "1", "3" of "2.1.3") two versions share.
size_t common_parts(std::string_view a, std::string_view b) {
  size_t parts = 0;
  size_t i = 0;
  for (; i < a.size() && i < b.size() && a[i] == b[i]; ++i) {
    if (a[i] == '.' || a[i] == '-' || a[i] == '+') {
      ++parts;
    }
  }
  bool a_ends = i == a.size() || a[i] == '.' || a[i] == '-' || a[i] == '+';
  bool b_ends = i == b.size() || b[i] == '.' || b[i] == '-' || b[i] == '+';
  return parts + (a_ends && b_ends ? 1 : 0);
}

// The versions of one name on each side, paired off step by step.
class VersionPairing {
 public:
  VersionPairing(std::vector<const PackageRef*> olds, std::vector<const PackageRef*> news,
                 LockfileDiff* diff)
      : m_olds(std::move(olds)), m_news(std::move(news)), m_diff(diff) {}

  void run() {
    // The same place in the tree on both sides (the dependency path: "ms" for the top-level
    // node_modules/ms, "debug > ms" for the copy nested under debug) is the same slot.
    pair_where(
        [](const PackageRef& o, const PackageRef& n) { return !o.via.empty() && o.via == n.via; });
    pair_where([](const PackageRef& o, const PackageRef& n) { return o.version == n.version; });
    // A version that moved to another slot while still present is no change either.
    drop_where(&m_news, m_all_olds);
    drop_where(&m_olds, m_all_news);
    pair_closest();
  }

 private:
  void record(const PackageRef& o, const PackageRef& n) {
    const std::string& a = o.integrity;
    const std::string& b = n.integrity;
    bool same_content = o.version == n.version &&
                        (a.empty() || b.empty() || a == b || algorithm_of(a) != algorithm_of(b));
    if (same_content) {
      ++m_diff->unchanged;
    } else {
      m_diff->changes.push_back({ChangeKind::changed, o, n});
    }
  }

  template <class Match>
  void pair_where(Match match) {
    for (auto& o : m_olds) {
      for (auto& n : m_news) {
        if (o != nullptr && n != nullptr && match(*o, *n)) {
          record(*o, *n);
          o = n = nullptr;
        }
      }
    }
    compact();
  }

  void drop_where(std::vector<const PackageRef*>* side, const std::set<std::string>& versions) {
    for (auto& ref : *side) {
      if (versions.count(ref->version) > 0) {
        ++m_diff->unchanged;
        ref = nullptr;
      }
    }
    compact();
  }

  // Each remaining new version takes the old one it shares most leading parts with, the
  // nearest lower one first; the olds left are removed and the news left added.
  void pair_closest() {
    std::sort(m_olds.begin(), m_olds.end(), by_version);
    std::sort(m_news.begin(), m_news.end(), by_version);
    for (auto& n : m_news) {
      const PackageRef** best = nullptr;
      std::tuple<size_t, bool, int> best_score{};
      for (size_t i = 0; i < m_olds.size(); ++i) {
        if (m_olds[i] == nullptr) {
          continue;
        }
        bool lower = compare_package_versions(n->ecosystem, m_olds[i]->version, n->version) <= 0;
        // Lower: the highest wins (later in the sorted list); higher: the lowest wins.
        int nearness = lower ? static_cast<int>(i) : -static_cast<int>(i);
        std::tuple<size_t, bool, int> score{common_parts(m_olds[i]->version, n->version), lower,
                                            nearness};
        if (best == nullptr || score > best_score) {
          best = &m_olds[i];
          best_score = score;
        }
      }
      if (best != nullptr) {
        m_diff->changes.push_back({ChangeKind::changed, **best, *n});
        *best = nullptr;
        n = nullptr;
      }
    }
    for (const auto* o : m_olds) {
      if (o != nullptr) {
        m_diff->changes.push_back({ChangeKind::removed, *o, std::nullopt});
      }
    }
    for (const auto* n : m_news) {
      if (n != nullptr) {
        m_diff->changes.push_back({ChangeKind::added, std::nullopt, *n});
      }
    }
  }

  void compact() {
    std::erase(m_olds, nullptr);
    std::erase(m_news, nullptr);
  }

  std::vector<const PackageRef*> m_olds, m_news;
  std::set<std::string> m_all_olds = versions(m_olds), m_all_news = versions(m_news);
  LockfileDiff* m_diff;

  static std::set<std::string> versions(const std::vector<const PackageRef*>& refs) {
    std::set<std::string> out;
    for (const auto* ref : refs) {
      out.insert(ref->version);
    }
    return out;
  }
};

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
    VersionPairing(old_side[key], new_side[key], &diff).run();
  }
  return diff;
}

namespace {

const std::vector<std::string> k_none;
const std::vector<Finding> k_no_findings;

// The sides' verdicts and sizes, as they were analysed.
void copy_sides(const PackageResult* before, const PackageResult* after, PackageDelta* d) {
  if (before != nullptr) {
    d->before = *before;
    d->risk_before = before->risk;
    d->files_before = static_cast<int64_t>(before->stats.files);
    d->bytes_before = static_cast<int64_t>(before->stats.unpacked_bytes);
  }
  if (after != nullptr) {
    d->after = *after;
    d->risk = after->risk;
    d->files_after = static_cast<int64_t>(after->stats.files);
    d->bytes_after = static_cast<int64_t>(after->stats.unpacked_bytes);
  }
}

// The findings the new version adds, its new install scripts, and the files with findings that
// had none before.
void add_new_findings(const PackageResult* before, const PackageResult* after, PackageDelta* d) {
  std::set<std::string> old_files;
  for (const auto& f : before != nullptr ? before->findings : k_no_findings) {
    if (!f.file.empty()) {
      old_files.insert(normalize_package_path(f.file));
    }
  }
  std::set<std::string> new_files;
  for (const Finding* f : unmatched_findings(before != nullptr ? before->findings : k_no_findings,
                                             after != nullptr ? after->findings : k_no_findings)) {
    d->new_findings.push_back(*f);
    if (f->capability == "install-scripts") {
      d->new_install_scripts.push_back(*f);
    }
    if (!f->file.empty() && old_files.count(normalize_package_path(f->file)) == 0) {
      new_files.insert(f->file);
    }
  }
  d->new_files_with_findings.assign(new_files.begin(), new_files.end());
}

// The same version with another integrity in the lockfile: republished or tampered.
void check_republished(const LockfileChange& change, PackageDelta* d) {
  if (change.kind != ChangeKind::changed || change.base->version != change.head->version) {
    return;
  }
  bool reported = std::any_of(d->new_findings.begin(), d->new_findings.end(),
                              [](const Finding& f) { return f.capability == "integrity"; });
  if (!reported) {
    Finding f;
    f.rule = "integrity-republished";
    f.capability = "integrity";
    f.severity = Risk::critical;
    f.message = "the lockfile's integrity for " + change.head->name + "@" + change.head->version +
                " changed from " + change.base->integrity + " to " + change.head->integrity +
                ": the same version was republished or tampered with";
    d->new_findings.insert(d->new_findings.begin(), f);
  }
  d->risk = std::max(d->risk, Risk::critical);
}

}  // namespace

PackageDelta compute_delta(const LockfileChange& change, const PackageResult* before,
                           const PackageResult* after) {
  PackageDelta d;
  d.kind = change.kind;
  d.base = change.base;
  d.head = change.head;
  copy_sides(before, after, &d);
  if (change.kind == ChangeKind::removed) {
    return d;
  }
  if (after != nullptr && !after->error.empty()) {
    d.error = after->error;
  } else if (before != nullptr && !before->error.empty()) {
    d.error = "old version " + before->ref.version + ": " + before->error;
  }

  const auto& caps_after = after != nullptr ? after->capabilities : k_none;
  const auto& caps_before = before != nullptr ? before->capabilities : k_none;
  d.capabilities_gained = minus(caps_after, caps_before);
  d.capabilities_lost = minus(caps_before, caps_after);
  d.threats_new = minus(after != nullptr ? after->threats : k_none,
                        before != nullptr ? before->threats : k_none);
  add_new_findings(before, after, &d);
  check_republished(change, &d);

  // Only what the change adds counts: the package risk formula over the new findings alone.
  std::vector<Finding> live;
  for (const auto& f : d.new_findings) {
    if (!f.suppressed) {
      live.push_back(f);
    }
  }
  d.added_risk = package_risk(live, after != nullptr ? after->threats : k_none).risk;
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

RunOutcome diff_outcome(const DiffReport& report) {
  RunOutcome outcome;
  outcome.incomplete = !report.input_errors.empty();
  for (const auto& delta : report.packages) {
    if (delta.kind != ChangeKind::removed) {
      outcome.highest = std::max(outcome.highest, delta.added_risk);
    }
    outcome.incomplete = outcome.incomplete || !delta.error.empty();
  }
  return outcome;
}

int diff_exit_code(const DiffReport& report) {
  return exit_code(diff_outcome(report), report.fail_on);
}

}  // namespace tarsier
