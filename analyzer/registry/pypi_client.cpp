#include "analyzer/registry/pypi_client.h"

#include <algorithm>

#include "analyzer/registry/python_dist.h"
#include "analyzer/registry/simple_api.h"
#include "analyzer/util/base64.h"
#include "analyzer/util/integrity.h"
#include "analyzer/util/pep440.h"
#include "analyzer/util/python_name.h"
#include "analyzer/util/url.h"

namespace tarsier {
namespace {

// Index hash algorithms usable as an expected integrity, preferred first (lockfiles pin sha256).
constexpr std::string_view k_index_algorithms[] = {"sha256", "sha512", "sha384"};

bool is_registry_source(const PackageRef& p) {
  return p.source.empty() || p.source == "registry" || p.source == "http";
}

std::string label(const PackageRef& p) {
  return p.name + "==" + (p.version.empty() ? std::string("(newest)") : p.version);
}

std::string strip_fragment(const std::string& url) {
  return url.substr(0, url.find('#'));
}

// A direct URL requirement ("name @ https://.../x.tar.gz"): the lockfile's URL is the file.
bool is_direct_url(const PackageRef& p) {
  return p.source == "http";
}

// The archive named by the lockfile entry's `resolved` URL, if it names one. A direct URL may
// name any archive (a repository snapshot "main.zip"), so only its extension counts there.
std::optional<DistFilename> resolved_dist(const PackageRef& p) {
  if (!is_http_url(p.resolved)) {
    return std::nullopt;
  }
  std::string file_name = url_file_name(p.resolved);
  auto dist = parse_dist_filename(file_name, p.name);
  if (!dist && is_direct_url(p)) {
    if (auto kind = archive_kind_of(file_name)) {
      dist = DistFilename{};
      dist->archive = *kind;
    }
  }
  return dist;
}

// The lockfile's pinned digests, plus a "#sha256=<hex>" fragment of its resolved URL.
std::vector<Digest> lockfile_digests(const PackageRef& p) {
  std::vector<Digest> digests = parse_integrity(p.integrity);
  size_t hash = p.resolved.find('#');
  if (hash != std::string::npos) {
    for (const auto& d : parse_integrity(p.resolved.substr(hash + 1))) {
      digests.push_back(d);
    }
  }
  return digests;
}

// The index hash a file is checked against (algorithm and raw bytes), sha256 preferred;
// nullopt when the index gives no usable hash.
std::optional<Digest> index_digest(const SimpleFile& file) {
  for (std::string_view algorithm : k_index_algorithms) {
    auto it = file.hashes.find(std::string(algorithm));
    if (it != file.hashes.end()) {
      auto parsed = parse_integrity(std::string(algorithm) + ":" + it->second);
      if (!parsed.empty()) {
        return parsed.front();
      }
    }
  }
  return std::nullopt;
}

// The lockfile digest naming this file (compared in whichever algorithm the lockfile used).
const Digest* matching_pin(const SimpleFile& file, const std::vector<Digest>& pins) {
  for (const auto& pin : pins) {
    auto it = file.hashes.find(pin.algorithm);
    if (it != file.hashes.end() && it->second == to_hex(pin.bytes)) {
      return &pin;
    }
  }
  return nullptr;
}

std::string to_sri(const Digest& d) {
  return d.algorithm + "-" + base64_encode(d.bytes);
}

std::string to_sri_list(const std::vector<Digest>& digests) {
  std::string out;
  for (const auto& d : digests) {
    if (!out.empty()) {
      out += ' ';
    }
    out += to_sri(d);
  }
  return out;
}

// "sha256:0123456789ab..." for messages: enough to compare by eye, not a wall of hex.
std::string short_hash(const Digest& d) {
  return d.algorithm + ":" + to_hex(d.bytes).substr(0, 12) + "...";
}

struct Candidate {
  const SimpleFile* file;
  DistFilename dist;
  std::optional<Digest> digest;  // from the index
  const Digest* pin = nullptr;   // the lockfile hash naming this file
};

// The newest release listed: final, non-yanked versions first, anything parseable otherwise.
std::string newest_version(const std::vector<Candidate>& all) {
  std::optional<Pep440Version> best_value;
  std::string best_text;
  for (int pass = 0; pass < 2 && best_text.empty(); ++pass) {
    for (const auto& c : all) {
      auto v = parse_pep440(c.dist.version);
      if (!v || (pass == 0 && (v->is_prerelease() || c.file->yanked))) {
        continue;
      }
      if (!best_value || compare_pep440(*v, *best_value) > 0) {
        best_value = v;
        best_text = c.dist.version;
      }
    }
  }
  return best_text;
}

// Without an index page the lockfile must give both the file's URL and its hash: the download
// (all but its request, which the client builds).
Result<ArchiveDownload> lockfile_download(const PackageRef& package,
                                          const std::vector<Digest>& pins) {
  auto dist = resolved_dist(package);
  if (is_direct_url(package) && (!dist || pins.empty())) {
    return make_error(
        ErrorKind::invalid,
        label(package) + ": the direct URL " + redact_url(strip_fragment(package.resolved)) +
            (dist ? " has no hash in the lockfile, so the download could not be verified"
                  : " does not name a wheel, sdist or zip/tar archive"));
  }
  if (!dist || (package.version.empty() && !is_direct_url(package)) || pins.empty()) {
    return make_error(ErrorKind::invalid, label(package) + ": the lockfile gives no " +
                                              (pins.empty() ? "hash" : "distribution URL") +
                                              " and no index page was fetched");
  }
  ArchiveDownload d;
  d.integrity = to_sri_list(pins);
  d.integrity_source = "lockfile";
  d.kind = dist->archive;
  d.file_name = url_file_name(package.resolved);
  return d;
}

// The page's files of `version` (the newest listed when it is empty, then set to it), each with
// the lockfile hash naming it; `listed` counts the page's distribution files of any version.
std::vector<Candidate> version_candidates(const SimplePage& page, const PackageRef& package,
                                          const std::vector<Digest>& pins, std::string* version,
                                          size_t* listed) {
  std::vector<Candidate> all;
  for (const auto& file : page.files) {
    if (auto dist = parse_dist_filename(file.filename, package.name)) {
      all.push_back(Candidate{&file, std::move(*dist), index_digest(file), nullptr});
    }
  }
  *listed = all.size();
  if (version->empty()) {
    *version = newest_version(all);
  }
  std::vector<Candidate> candidates;
  for (auto& c : all) {
    if (!version->empty() && versions_equal(c.dist.version, *version)) {
      c.pin = matching_pin(*c.file, pins);
      candidates.push_back(c);
    }
  }
  return candidates;
}

// When both the lockfile and the index give hashes, keeps the files the lockfile pins; "" or the
// error when the lockfile pins other files than the index serves.
std::string keep_pinned(const PackageRef& package, const std::vector<Digest>& pins,
                        std::vector<Candidate>* candidates) {
  bool index_has_hashes = std::any_of(candidates->begin(), candidates->end(),
                                      [](const Candidate& c) { return c.digest.has_value(); });
  if (pins.empty() || !index_has_hashes) {
    return "";
  }
  std::vector<Candidate> pinned;
  const Candidate* unpinned = nullptr;  // first file with an index hash the lockfile lacks
  for (const auto& c : *candidates) {
    if (c.pin) {
      pinned.push_back(c);
    } else if (c.digest && !unpinned) {
      unpinned = &c;
    }
  }
  size_t unmatched_pins = std::count_if(pins.begin(), pins.end(), [&](const Digest& pin) {
    return std::none_of(candidates->begin(), candidates->end(),
                        [&](const Candidate& c) { return c.pin == &pin; });
  });
  // Nothing pinned is listed, or a listed file changed hash: either way the lockfile pins
  // other files than the index serves. Files merely added after locking are left out.
  if (unpinned && (pinned.empty() || unmatched_pins > 0)) {
    return label(package) + ": the index's hash for " + unpinned->file->filename + " (" +
           short_hash(*unpinned->digest) + ") is not among the lockfile's hashes, and " +
           std::to_string(unmatched_pins) + " of the lockfile's " + std::to_string(pins.size()) +
           " hashes match no file the index lists for this version: the lockfile pins "
           "other files than the index serves";
  }
  *candidates = std::move(pinned);
  return "";
}

// One source distribution (tar before zip) and the most portable wheel, either may be null.
std::pair<const Candidate*, const Candidate*> chosen_files(
    const std::vector<Candidate>& candidates) {
  const Candidate* sdist = nullptr;
  const Candidate* wheel = nullptr;
  for (const auto& c : candidates) {
    if (!c.dist.wheel && (!sdist || (sdist->dist.archive == ArchiveKind::zip &&
                                     c.dist.archive != ArchiveKind::zip))) {
      sdist = &c;
    }
    if (c.dist.wheel && (!wheel || wheel_preference(c.dist) > wheel_preference(wheel->dist))) {
      wheel = &c;
    }
  }
  return {sdist, wheel};
}

// The integrity to expect for `c`: the lockfile's pin, else the index's hash, else any pin;
// false when neither gives one.
bool set_integrity(const Candidate& c, const std::vector<Digest>& pins, ArchiveDownload* d) {
  if (c.pin) {
    d->integrity = to_sri(*c.pin);
    d->integrity_source = "lockfile";
  } else if (c.digest) {
    d->integrity = to_sri(*c.digest);
    d->integrity_source = "registry";
  } else if (!pins.empty()) {
    d->integrity = to_sri_list(pins);  // the index gives no hash: any pinned one must match
    d->integrity_source = "lockfile";
  } else {
    return false;
  }
  return true;
}

}  // namespace

PypiClient::PypiClient(PipConfig config) : m_config(std::move(config)) {}

FetchRequest PypiClient::request_for(const std::string& url) const {
  FetchRequest r;
  r.url = url;
  if (auto auth = m_config.auth_header_for(url)) {
    r.headers.push_back(*auth);
  }
  return r;
}

std::optional<FetchRequest> PypiClient::metadata_request(const PackageRef& package) const {
  if (!is_valid_project_name(package.name) || m_config.index_url.empty()) {
    return std::nullopt;  // locate() reports it
  }
  if ((!is_registry_source(package) && !is_http_url(package.resolved)) || is_direct_url(package)) {
    return std::nullopt;  // git, file, link: nothing to ask the index; a direct URL is the file
  }
  if (!package.version.empty() && resolved_dist(package) && !lockfile_digests(package).empty()) {
    return std::nullopt;  // the lockfile names the file and its hash
  }
  FetchRequest r = request_for(m_config.project_url(package.name));
  r.headers.emplace_back(k_simple_accept);
  return r;
}

// PyPI's JSON API lives beside the Simple API: <root>/pypi/<name>/json for an index at
// <root>/simple/ (an index elsewhere is asked at <index>/pypi/<name>/json).
std::optional<FetchRequest> PypiClient::release_history_request(const PackageRef& package) const {
  if (!is_valid_project_name(package.name) || m_config.index_url.empty() ||
      !(package.source.empty() || package.source == "registry") || is_direct_url(package)) {
    return std::nullopt;
  }
  std::string root = m_config.index_url;
  if (root.ends_with("/simple/")) {
    root.resize(root.size() - std::string_view("simple/").size());
  }
  return request_for(root + "pypi/" + normalize_project_name(package.name) + "/json");
}

Result<ReleaseHistory> PypiClient::read_release_history(const std::string& body,
                                                        const std::string& where) const {
  return read_pypi_release_history(body, where);
}

std::optional<FetchRequest> PypiClient::fallback_metadata_request(const PackageRef& package,
                                                                  int attempt) const {
  if (attempt < 1 || static_cast<size_t>(attempt) > m_config.extra_index_urls.size() ||
      !metadata_request(package)) {
    return std::nullopt;
  }
  FetchRequest r = request_for(m_config.project_url(
      package.name, m_config.extra_index_urls[static_cast<size_t>(attempt) - 1]));
  r.headers.emplace_back(k_simple_accept);
  return r;
}

Result<std::vector<ArchiveDownload>> PypiClient::locate(const PackageRef& package,
                                                        const std::string* metadata) const {
  return locate_at(package, metadata, "");
}

Result<std::vector<ArchiveDownload>> PypiClient::locate_at(const PackageRef& package,
                                                           const std::string* metadata,
                                                           const std::string& metadata_url) const {
  auto fail = [](const std::string& message) -> Result<std::vector<ArchiveDownload>> {
    return make_error(ErrorKind::invalid, message);
  };
  if (!is_valid_project_name(package.name)) {
    return fail("'" + package.name.substr(0, 100) + "' is not a valid Python project name");
  }
  if (!is_registry_source(package) && !is_http_url(package.resolved)) {
    return fail(label(package) + ": a " + package.source +
                " dependency is not downloaded from a package index");
  }
  std::vector<Digest> pins = lockfile_digests(package);
  std::string problem;
  if (!metadata) {
    auto download = lockfile_download(package, pins);
    if (!download) {
      return download.error();
    }
    download->request = request_for(strip_fragment(package.resolved));
    return std::vector<ArchiveDownload>{std::move(*download)};
  }

  std::string page_url = metadata_url.empty() ? m_config.project_url(package.name) : metadata_url;
  auto page = parse_simple_page(*metadata, page_url);
  if (!page) {
    return fail(label(package) + ": " + page.error().str());
  }
  std::string version = package.version;
  size_t listed = 0;
  std::vector<Candidate> candidates = version_candidates(*page, package, pins, &version, &listed);
  if (candidates.empty()) {
    std::string message = label(package) + ": the index page " + redact_url(page_url) +
                          " lists no distribution file for " +
                          (version.empty() ? "any version" : "version " + version) + " (" +
                          std::to_string(listed) + " files for other versions)";
    if (!m_config.extra_index_urls.empty()) {
      message += "; extra indexes are asked only for projects this index does not know";
    }
    return make_error(ErrorKind::not_found, message);
  }
  if (problem = keep_pinned(package, pins, &candidates); !problem.empty()) {
    return fail(problem);
  }

  auto [sdist, wheel] = chosen_files(candidates);
  std::vector<ArchiveDownload> downloads;
  std::vector<std::string> unhashed;
  for (const Candidate* c : {sdist, wheel}) {
    if (!c) {
      continue;
    }
    ArchiveDownload d;
    d.version = c->dist.version;
    d.request = request_for(c->file->url);
    d.kind = c->dist.archive;
    d.file_name = c->file->filename;
    if (!set_integrity(*c, pins, &d)) {
      unhashed.push_back(c->file->filename);
      continue;
    }
    downloads.push_back(std::move(d));
  }
  if (downloads.empty()) {
    return fail(label(package) + ": neither the index nor the lockfile gives a hash for " +
                (unhashed.empty() ? std::string("its files") : unhashed.front()) +
                ", so the download could not be verified");
  }
  return downloads;
}

}  // namespace tarsier
