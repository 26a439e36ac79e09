#include "analyzer/scan/registry_signals.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "analyzer/core/capability.h"
#include "analyzer/core/new_finding.h"
#include "analyzer/util/semver.h"

namespace tarsier {

namespace {

using std::chrono::seconds;

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

void release_age(const ReleaseInfo& v, const RegistrySignalOptions& options,
                 std::vector<Finding>* out) {
  auto published = parse_utc_iso(v.published_at);
  if (!published) {
    if (options.min_release_age) {
      out->push_back(make_finding("release-age", k_registry_metadata, Risk::high,
                                  "the registry gives no publication time for " + v.version +
                                      ", so --min-release-age cannot be checked"));
    }
    return;
  }
  auto age = std::chrono::duration_cast<seconds>(options.now - *published);
  age = std::max(age, seconds(0));
  std::string when = "published " + human_duration(age) + " ago (" + v.published_at + ")";
  if (options.min_release_age && age < *options.min_release_age) {
    out->push_back(make_finding("release-age", k_registry_metadata, Risk::high,
                                when + ", less than --min-release-age " +
                                    human_duration(*options.min_release_age) +
                                    "; most malicious versions are removed within days"));
  } else if (!options.min_release_age && age < options.notice_age) {
    out->push_back(make_finding("release-age", k_registry_metadata, Risk::low,
                                when + "; a version this new has had little scrutiny"));
  }
}

void deprecated_or_yanked(const ReleaseInfo& v, std::vector<Finding>* out) {
  if (!v.deprecated.empty()) {
    out->push_back(make_finding("deprecated-version", k_registry_metadata, Risk::low,
                                v.version + " is deprecated: " + v.deprecated));
  }
  if (v.yanked) {
    out->push_back(make_finding("yanked-version", k_registry_metadata, Risk::medium,
                                v.version + " is yanked" +
                                    (v.yanked_reason.empty() ? "" : ": " + v.yanked_reason) +
                                    "; pip installs it only when pinned exactly"));
  }
}

// Versions published before `v`, by publication time.
std::vector<const ReleaseInfo*> earlier_releases(const ReleaseHistory& history,
                                                 const ReleaseInfo& v, SystemTime published) {
  std::vector<const ReleaseInfo*> earlier;
  for (const auto& other : history.versions) {
    auto when = parse_utc_iso(other.published_at);
    if (&other != &v && when && *when < published) {
      earlier.push_back(&other);
    }
  }
  return earlier;
}

void publisher_change(const ReleaseHistory& history, const ReleaseInfo& v,
                      const RegistrySignalOptions& options, std::vector<Finding>* out) {
  auto published = parse_utc_iso(v.published_at);
  if (!published) {
    return;
  }
  std::set<std::string> known;
  SystemTime first = *published;
  auto earlier = earlier_releases(history, v, *published);
  for (const ReleaseInfo* e : earlier) {
    first = std::min(first, *parse_utc_iso(e->published_at));
    if (!e->publisher.empty()) {
      known.insert(e->publisher);
    }
    known.insert(e->maintainers.begin(), e->maintainers.end());
  }
  // A young package has no settled set of people to compare with.
  if (known.empty() || *published - first < options.old_package_age) {
    return;
  }
  std::vector<std::string> strangers;
  if (!v.publisher.empty() && known.count(v.publisher) == 0) {
    strangers.push_back("published by '" + v.publisher + "'");
  }
  for (const auto& who : v.maintainers) {
    if (known.count(who) == 0 && who != v.publisher) {
      strangers.push_back("new maintainer '" + who + "'");
    }
  }
  if (!strangers.empty()) {
    out->push_back(make_finding(
        "publisher-change", k_registry_metadata, Risk::medium,
        v.version + ": " + joined(strangers) + ", who published or maintained none of the " +
            std::to_string(earlier.size()) + " earlier versions (" +
            human_duration(std::chrono::duration_cast<seconds>(*published - first)) +
            " of history); a taken-over account publishes this way"));
  }
}

// The highest earlier version of the same major.minor release line, for a patch release.
const ReleaseInfo* previous_patch(const ReleaseHistory& history, const SemVer& current) {
  const ReleaseInfo* best = nullptr;
  std::optional<SemVer> best_version;
  for (const auto& other : history.versions) {
    auto version = parse_semver(other.version);
    if (!version || !version->pre.empty() || version->part[0] != current.part[0] ||
        version->part[1] != current.part[1] || compare_semver(*version, current) >= 0) {
      continue;
    }
    if (!best_version || compare_semver(*version, *best_version) > 0) {
      best = &other;
      best_version = version;
    }
  }
  return best;
}

void dependency_added_in_patch(const ReleaseHistory& history, const ReleaseInfo& v,
                               std::vector<Finding>* out) {
  auto current = parse_semver(v.version);
  if (!v.has_manifest || !current || !current->pre.empty() || current->part[2] == 0) {
    return;
  }
  const ReleaseInfo* previous = previous_patch(history, *current);
  if (previous == nullptr || !previous->has_manifest) {
    return;
  }
  std::vector<std::string> added;
  for (const auto& [name, spec] : v.dependencies) {
    if (previous->dependencies.count(name) == 0) {
      added.push_back(name + "@" + spec);
    }
  }
  if (!added.empty()) {
    out->push_back(make_finding("dependency-added-in-patch", k_registry_metadata, Risk::medium,
                                v.version + " adds " + joined(added) + " to " + previous->version +
                                    "'s dependencies in a patch release; a patch should not "
                                    "need new code from elsewhere"));
  }
}

// Lower-case alphanumeric words of a name ("@Babel/core-js" -> babel, core, js).
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out(1);
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.back() += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!out.back().empty()) {
      out.emplace_back();
    }
  }
  if (out.back().empty()) {
    out.pop_back();
  }
  return out;
}

// The last two path segments of a repository URL or shorthand ("git+https://host/o/r.git",
// "github:o/r", "o/r"): owner and repository; empty when there are fewer.
std::vector<std::string> repository_path(std::string url) {
  if (auto fragment = url.find('#'); fragment != std::string::npos) {
    url.resize(fragment);
  }
  while (!url.empty() && url.back() == '/') {
    url.pop_back();
  }
  if (url.ends_with(".git")) {
    url.resize(url.size() - 4);
  }
  std::replace(url.begin(), url.end(), ':', '/');
  auto last = url.rfind('/');
  if (last == std::string::npos || last == 0) {
    return {};
  }
  auto owner = url.rfind('/', last - 1);
  owner = owner == std::string::npos ? 0 : owner + 1;
  return {url.substr(owner, last - owner), url.substr(last + 1)};
}

// True when the repository's owner or name shares a word of three or more letters with the
// package name or scope, or one contains the other once separators are dropped.
bool repository_matches(const std::string& package, const std::vector<std::string>& path) {
  std::string flat_package, flat_repo;
  for (const auto& w : words_of(package)) {
    flat_package += w;
  }
  std::set<std::string> repo_words;
  for (const auto& part : path) {
    for (const auto& w : words_of(part)) {
      repo_words.insert(w);
    }
  }
  for (const auto& w : words_of(path.back())) {
    flat_repo += w;
  }
  if (!flat_repo.empty() && (flat_package.find(flat_repo) != std::string::npos ||
                             flat_repo.find(flat_package) != std::string::npos)) {
    return true;
  }
  for (const auto& w : words_of(package)) {
    if (w.size() >= 3 && repo_words.count(w) != 0) {
      return true;
    }
  }
  return false;
}

void repository_signals(const PackageRef& ref, const ReleaseHistory& history, const ReleaseInfo& v,
                        std::vector<Finding>* out) {
  const std::string& url = v.repository_known ? v.repository : history.latest_repository;
  if (url.empty()) {
    out->push_back(make_finding("repository-missing", k_registry_metadata, Risk::low,
                                "the registry names no source repository for " + ref.name +
                                    ": the published code cannot be compared with its source"));
    return;
  }
  auto path = repository_path(url);
  // A monorepo names the folder; its repository is named after the project, not the package.
  if (!v.repository_directory.empty() || path.empty() || repository_matches(ref.name, path)) {
    return;
  }
  out->push_back(make_finding("repository-mismatch", k_registry_metadata, Risk::medium,
                              "the repository " + url + " is named after neither " + ref.name +
                                  " nor its scope: a package can borrow another project's "
                                  "repository (and its stars) to look trusted"));
}

}  // namespace

std::vector<Finding> registry_signals(const PackageRef& ref, const ReleaseHistory& history,
                                      const RegistrySignalOptions& options) {
  std::vector<Finding> out;
  const ReleaseInfo* v = find_release(history, ref.ecosystem, ref.version);
  if (v == nullptr) {
    out.push_back(make_finding("version-unpublished", k_registry_metadata, Risk::high,
                               ref.name + "@" + ref.version +
                                   " is locked but the registry no longer lists it: unpublished "
                                   "or removed (registries remove malicious versions)"));
    return out;
  }
  release_age(*v, options, &out);
  deprecated_or_yanked(*v, &out);
  publisher_change(history, *v, options, &out);
  dependency_added_in_patch(history, *v, &out);
  repository_signals(ref, history, *v, &out);
  return out;
}

Finding registry_signals_not_done(const std::string& why, const RegistrySignalOptions& options) {
  return make_finding("registry-metadata-unavailable", capability::analysis,
                      options.min_release_age ? Risk::high : Risk::low,
                      "registry metadata checks (release age, publishers, deprecation, "
                      "repository, manifest) were not made: " +
                          why);
}

}  // namespace tarsier
