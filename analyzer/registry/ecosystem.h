// How the scanner finds a package's archive in one ecosystem's registry. An ecosystem client
// may need one metadata document first (npm packument, PyPI Simple page); the scanner fetches
// those in parallel, then asks the client for the archive downloads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/archive/archive_reader.h"
#include "analyzer/core/package.h"
#include "analyzer/core/result.h"
#include "analyzer/fetch/http_client.h"
#include "analyzer/registry/release_history.h"

namespace tarsier {

struct ArchiveDownload {
  FetchRequest request;          // URL plus headers (credentials only for the matching host)
  std::string integrity;         // expected SRI ("sha512-..." / "sha256-..."), never empty
  std::string integrity_source;  // "lockfile" or "registry"
  ArchiveKind kind = ArchiveKind::npm_tarball;
  std::string file_name;  // e.g. "lodash-4.17.21.tgz", for messages
  std::string version;    // the version located (the latest when the package named none)
};

class EcosystemClient {
 public:
  virtual ~EcosystemClient() = default;
  virtual std::string_view ecosystem() const = 0;

  // A CA bundle named by the ecosystem's own configuration (.npmrc's cafile); "" = none.
  virtual std::string ca_file() const { return ""; }

  // The metadata request needed to locate `package`'s archives, or nullopt when the lockfile
  // entry already says enough (URL and integrity known).
  virtual std::optional<FetchRequest> metadata_request(const PackageRef& package) const = 0;

  // The archives to download. `metadata` is the body fetched for metadata_request() (nullptr when
  // none was needed). An error when the package cannot be located.
  virtual Result<std::vector<ArchiveDownload>> locate(const PackageRef& package,
                                                      const std::string* metadata) const = 0;

  // Where else to ask when the metadata request got an HTTP 404: the attempt-th alternative
  // (from 1), e.g. PyPI's extra indexes in order; nullopt when there is none left.
  virtual std::optional<FetchRequest> fallback_metadata_request(const PackageRef& package,
                                                                int attempt) const {
    (void)package;
    (void)attempt;
    return std::nullopt;
  }

  // locate() for metadata that came from `metadata_url` (a fallback's page resolves its
  // relative links against its own URL); "" = the first metadata request's.
  virtual Result<std::vector<ArchiveDownload>> locate_at(const PackageRef& package,
                                                         const std::string* metadata,
                                                         const std::string& metadata_url) const {
    (void)metadata_url;
    return locate(package, metadata);
  }

  // The document describing every published version of `package` (publication times, people,
  // manifests, deprecation or yanking, repository) for the registry signals; nullopt when this
  // registry offers none or the package is not a registry package.
  virtual std::optional<FetchRequest> release_history_request(const PackageRef& package) const {
    (void)package;
    return std::nullopt;
  }

  // Reads the body fetched for release_history_request(); an error when malformed.
  virtual Result<ReleaseHistory> read_release_history(const std::string& body,
                                                      const std::string& where) const {
    (void)body;
    return make_error(ErrorKind::not_found, where + ": this registry has no release history");
  }

  // The registry base URL configured for this package (its scope's, for npm), for the lockfile's
  // registry-host check; "" when archives legitimately come from another host than the index
  // (PyPI's files), which turns the check off.
  virtual std::string registry_url(const PackageRef& package) const {
    (void)package;
    return "";
  }
};

}  // namespace tarsier
