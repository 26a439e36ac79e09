#include "analyzer/engine/own_binary.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "analyzer/engine/comment_ranges.h"
#include "analyzer/util/url.h"

namespace tarsier {

namespace {

// Tags that mean something in the file is hidden or sent away: the exemption never applies.
constexpr std::string_view k_hiding_tags[] = {
    "obfuscated", "obfuscated-require", "decode-const", "blob",        "shady-host",
    "eval",       "pipe-shell",         "secret-env",   "secret-path", "env-dump"};

bool comment_line(std::string_view source, size_t at) {
  size_t start = source.rfind('\n', at);
  start = start == std::string_view::npos ? 0 : start + 1;
  size_t first = source.find_first_not_of(" \t", start);
  if (first == std::string_view::npos || first >= at) {
    return false;
  }
  std::string_view lead = source.substr(first, 2);
  return lead == "//" || lead == "/*" || lead.substr(0, 1) == "*";
}

bool hides_something(const std::vector<Signal*>& file_signals) {
  for (const auto* s : file_signals) {
    for (const auto& tag : s->tags) {
      if (std::find(std::begin(k_hiding_tags), std::end(k_hiding_tags), tag) !=
          std::end(k_hiding_tags)) {
        return true;
      }
    }
  }
  return false;
}

// Whether every URL written in the code of `source` (comments aside) is a bare scheme such as
// `'https://'` (a protocol check) or a tarball path on `registry_host`.
bool only_registry_urls(std::string_view source, std::string_view registry_host) {
  CommentRanges comments(source, Lang::javascript);
  for (size_t at = source.find("://"); at != std::string_view::npos;
       at = source.find("://", at + 3)) {
    if (comments.contains(at))
      continue;
    size_t end = source.find_first_of("'\"`\n )", at + 3);
    std::string_view url =
        source.substr(at + 3, end == std::string_view::npos ? 200 : end - at - 3);
    if (url.empty())
      continue;
    size_t slash = url.find('/');
    std::string_view host = url.substr(0, slash);
    if (registry_host.empty() || url_hostport("https://" + std::string(host)) != registry_host ||
        url.find("/-/") == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool fetches_configured_registry_tarball(std::string_view source, std::string_view registry_host) {
  // `${registry}${name}/-/${base}-${version}.tgz` or registry + name + '/-/' + ... + '.tgz':
  // a `/-/` with an expression naming the registry shortly before it on its line and `.tgz`
  // shortly after. Plain searches: a regular expression over a 10 MB bundle costs too much.
  bool built = false;
  for (size_t at = source.find("/-/"); at != std::string_view::npos && !built;
       at = source.find("/-/", at + 3)) {
    size_t from = at > 200 ? at - 200 : 0;
    std::string_view before = source.substr(from, at - from);
    if (size_t nl = before.rfind('\n'); nl != std::string_view::npos)
      before = before.substr(nl + 1);
    std::string_view after = source.substr(at, 200);
    after = after.substr(0, after.find('\n'));
    // The registry is an expression (`${registry()}`, `npm_config_registry + ...`), not a
    // host written in a URL (`https://registry.example.test/...`, checked below instead).
    size_t name = before.rfind("egistry");
    bool expression = name != std::string_view::npos &&
                      before.substr(0, name).rfind("://") == std::string_view::npos;
    built = expression && after.find(".tgz") != std::string_view::npos;
  }
  return built && only_registry_urls(source, registry_host);
}

std::set<std::string> optional_dependency_names(const PackageJson& manifest) {
  // A malformed manifest is reported where it is read for install reach.
  std::set<std::string> names;
  const nlohmann::json& doc = manifest.doc;
  auto it = doc.is_object() ? doc.find("optionalDependencies") : doc.end();
  if (it != doc.end() && it->is_object()) {
    for (const auto& item : it->items()) {
      names.insert(item.key());
    }
  }
  return names;
}

bool fetches_own_binary(std::string_view source, std::string_view registry_host,
                        const std::set<std::string>& names) {
  if (registry_host.empty() || names.empty()) {
    return false;
  }
  bool names_one = std::any_of(names.begin(), names.end(), [&](const std::string& n) {
    return source.find("\"" + n + "\"") != std::string_view::npos ||
           source.find("'" + n + "'") != std::string_view::npos;
  });
  if (!names_one) {
    return false;
  }
  int to_registry = 0;
  for (size_t at = source.find("://"); at != std::string_view::npos;
       at = source.find("://", at + 3)) {
    if (comment_line(source, at)) {
      continue;
    }
    size_t end = source.find_first_of("'\"`\n )", at + 3);
    std::string_view url =
        source.substr(at + 3, end == std::string_view::npos ? 200 : end - at - 3);
    size_t slash = url.find('/');
    std::string_view host = url.substr(0, slash);
    // A host assembled at run time (`${mirror}`, '+' concatenation) is not the registry's.
    if (host.empty() || host.find_first_of("${}+") != std::string_view::npos ||
        url_hostport("https://" + std::string(host)) != registry_host ||
        slash == std::string_view::npos || url.find("/-/") == std::string_view::npos) {
      return false;
    }
    ++to_registry;
  }
  return to_registry > 0;
}

void explain_own_binary_downloads(const std::vector<ArchiveEntry>& files,
                                  const PackageJson& manifest, const std::string& registry_host,
                                  std::vector<Signal>* signals) {
  std::set<std::string> names = optional_dependency_names(manifest);
  std::map<std::string, std::vector<Signal*>> by_file;
  for (auto& s : *signals) {
    by_file[s.finding.file].push_back(&s);
  }
  for (const auto& f : files) {
    auto it = by_file.find(f.path);
    if (it == by_file.end()) {
      continue;
    }
    bool install = std::any_of(it->second.begin(), it->second.end(),
                               [](const Signal* s) { return s->finding.install_time; });
    bool own = install && fetches_own_binary(f.data, registry_host, names);
    if (hides_something(it->second) ||
        !(own || fetches_configured_registry_tarball(f.data, registry_host))) {
      continue;
    }
    for (auto* s : it->second) {
      std::replace(s->tags.begin(), s->tags.end(), std::string("download"),
                   std::string("own-binary-download"));
    }
  }
}

}  // namespace tarsier
