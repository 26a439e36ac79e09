#include "analyzer/registry/borrowed_client.h"

namespace tarsier {

namespace {

class BorrowedClient : public EcosystemClient {
 public:
  explicit BorrowedClient(const EcosystemClient& client) : m_client(client) {}

  std::string_view ecosystem() const override { return m_client.ecosystem(); }
  std::string ca_file() const override { return m_client.ca_file(); }
  std::optional<FetchRequest> metadata_request(const PackageRef& package) const override {
    return m_client.metadata_request(package);
  }
  Result<std::vector<ArchiveDownload>> locate(const PackageRef& package,
                                              const std::string* metadata) const override {
    return m_client.locate(package, metadata);
  }
  std::optional<FetchRequest> fallback_metadata_request(const PackageRef& package,
                                                        int attempt) const override {
    return m_client.fallback_metadata_request(package, attempt);
  }
  Result<std::vector<ArchiveDownload>> locate_at(const PackageRef& package,
                                                 const std::string* metadata,
                                                 const std::string& metadata_url) const override {
    return m_client.locate_at(package, metadata, metadata_url);
  }
  std::optional<FetchRequest> release_history_request(const PackageRef& package) const override {
    return m_client.release_history_request(package);
  }
  Result<ReleaseHistory> read_release_history(const std::string& body,
                                              const std::string& where) const override {
    return m_client.read_release_history(body, where);
  }
  std::string registry_url(const PackageRef& package) const override {
    return m_client.registry_url(package);
  }

 private:
  const EcosystemClient& m_client;
};

}  // namespace

std::unique_ptr<EcosystemClient> borrowed_client(const EcosystemClient& client) {
  return std::make_unique<BorrowedClient>(client);
}

RegistryClients borrowed_clients(const RegistryClients& clients) {
  RegistryClients out;
  for (const auto& [id, client] : clients) {
    if (client) {
      out.emplace(id, borrowed_client(*client));
    }
  }
  return out;
}

}  // namespace tarsier
