// The PyPI client: finds a Python package's distribution files on the configured package index
// (PEP 503 / PEP 691 project page) and the hash each download must match.
//
// For one pinned version it asks for the source distribution when there is one (the code an
// install would build and run) plus one wheel (py3-none-any preferred, then any none-any wheel,
// then the first listed). Versions are compared with PEP 440 equality (analyzer/util/pep440.h);
// without a version the newest final, non-yanked release is used.
//
// Hashes: a lockfile may pin several (one per file; requirements.txt `--hash`, poetry, uv).
// When it pins any, only files whose index hash is pinned are chosen (integrity_source
// "lockfile"); when the index also lists a file of that version whose hash is not pinned while a
// lockfile hash matches no listed file, the lockfile pins other files than the index serves and
// locate() fails saying so. Without lockfile hashes the index's hashes are used ("registry").
// Extra indexes are asked, in order, only for projects the primary index does not know.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer/ecosystem/pypi/pypi.h"
#include "analyzer/registry/ecosystem.h"
#include "analyzer/registry/pip_config.h"

namespace tarsier {

class PypiClient : public EcosystemClient {
 public:
  explicit PypiClient(PipConfig config);

  std::string_view ecosystem() const override { return pypi_ecosystem().id; }

  // nullopt when the entry already names a distribution URL and a hash (or cannot be fetched
  // from an index at all); otherwise the project page <index>/<normalised-name>/, asking for
  // PEP 691 JSON with HTML as the fallback.
  std::optional<FetchRequest> metadata_request(const PackageRef& package) const override;

  Result<std::vector<ArchiveDownload>> locate(const PackageRef& package,
                                              const std::string* metadata) const override;

  std::optional<FetchRequest> release_history_request(const PackageRef& package) const override;
  Result<ReleaseHistory> read_release_history(const std::string& body,
                                              const std::string& where) const override;

  // The project page on the attempt-th extra index (pip's extra-index-url), asked when the
  // primary index does not know the project. pip merges every index's files instead, which is
  // how dependency confusion happens; asking in order keeps the primary index authoritative,
  // and a lockfile hash that no primary file matches fails the package instead of being
  // satisfied elsewhere.
  std::optional<FetchRequest> fallback_metadata_request(const PackageRef& package,
                                                        int attempt) const override;
  Result<std::vector<ArchiveDownload>> locate_at(const PackageRef& package,
                                                 const std::string* metadata,
                                                 const std::string& metadata_url) const override;

  const PipConfig& config() const { return m_config; }

 private:
  FetchRequest request_for(const std::string& url) const;

  PipConfig m_config;
};

}  // namespace tarsier
