// The npm registry client: finds a package's tarball URL and expected integrity, from the
// lockfile entry when it says enough, otherwise from the registry's packument.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/ecosystem/npm/npm.h"
#include "analyzer/registry/ecosystem.h"
#include "analyzer/registry/npm_config.h"

namespace tarsier {

class NpmClient : public EcosystemClient {
 public:
  explicit NpmClient(NpmConfig config);

  std::string_view ecosystem() const override { return npm_ecosystem().id; }

  // nullopt when the entry has a version, a supported integrity and an http(s) `resolved` URL
  // (or one can be built from the configured registry); the packument request otherwise.
  std::optional<FetchRequest> metadata_request(const PackageRef& package) const override;

  // One npm_tarball download whose integrity is a single SRI token (the strongest given). With
  // `metadata`, dist.tarball and dist.integrity (else dist.shasum as "sha1-...") come from the
  // packument; an empty version means dist-tags.latest.
  Result<std::vector<ArchiveDownload>> locate(const PackageRef& package,
                                              const std::string* metadata) const override;

  std::optional<FetchRequest> release_history_request(const PackageRef& package) const override;
  Result<ReleaseHistory> read_release_history(const std::string& body,
                                              const std::string& where) const override;

  std::string registry_url(const PackageRef& package) const override {
    return m_config.registry_for(package.name);
  }

  const NpmConfig& config() const { return m_config; }
  std::string ca_file() const override { return m_config.cafile; }

  // The tarball URL for the lockfile's `resolved`, after npm's replace-registry-host rule (see
  // NpmConfig); "" when `resolved` is not http(s).
  std::string download_url(const PackageRef& package) const;

 private:
  FetchRequest request_for(const std::string& url) const;

  NpmConfig m_config;
  std::set<std::string> m_known_hosts;  // hosts the configuration mentions
};

// True for names npm could have published: "name" or "@scope/name", no empty or dot-leading
// parts, no whitespace or control characters.
bool is_valid_npm_name(const std::string& name);

}  // namespace tarsier
