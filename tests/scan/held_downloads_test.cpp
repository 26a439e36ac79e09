// The scanner's memory bound on downloads: when the archives waiting for the analysis threads
// already fill ScanOptions::held_download_bytes, a new download is verified and put in the archive
// cache at once and read back in its turn. The results must not change, a download that fails
// its integrity must still be reported as tampered (never cached), and `fetch` must cache all.
#include <catch2/catch.hpp>

#include <algorithm>

#include "analyzer/cache/tarball_cache.h"
#include "analyzer/registry/npm_client.h"
#include "analyzer/scan/scanner.h"
#include "tests/support/engine_samples.h"
#include "tests/support/pack.h"
#include "tests/support/process.h"
#include "tests/support/registry_server.h"

using namespace tarsier;
using namespace tarsier::test;

namespace {

struct Published {
  std::vector<PackageRef> refs;
  std::string tampered;  // the name whose archive the server corrupts
};

Published publish(RegistryServer& server) {
  Published out;
  for (int i = 0; i < 5; ++i) {
    std::string name = "held-" + std::to_string(i);
    std::string code =
        "const cp = require('child_process');\ncp.exec(process.argv[" + std::to_string(i) + "]);\n";
    std::string integrity = server.publish(
        name, "1.0.0",
        pack_npm_files({{"package.json", R"({"name":")" + name + R"(","version":"1.0.0"})"},
                        {"index.js", code}}));
    PackageRef ref = sample_ref(name, "1.0.0");
    ref.integrity = integrity;
    out.refs.push_back(ref);
  }
  out.tampered = "held-3";
  server.inject(tarball_path("held-3", "1.0.0"), {Fault::wrong_bytes});
  return out;
}

std::vector<PackageResult> scan(const RegistryServer& server, const std::vector<PackageRef>& refs,
                                const std::string& cache_dir, uint64_t held_bytes,
                                bool download_only = false) {
  ScanOptions options;
  options.cache_dir = cache_dir;
  options.confine.enabled = false;
  options.held_download_bytes = held_bytes;
  options.download_only = download_only;
  options.fetch.retries = 0;
  NpmConfig config;
  config.registry = server.base_url();
  config.where = "test";
  std::map<std::string, std::unique_ptr<EcosystemClient>> clients;
  clients["npm"] = std::make_unique<NpmClient>(config);
  Scanner scanner(options, std::move(clients), new_analyzer(), nullptr, 0);
  return scanner.scan(refs);
}

std::vector<std::string> finding_ids(const PackageResult& r) {
  std::vector<std::string> ids;
  for (const auto& f : r.findings) {
    ids.push_back(f.rule + "@" + f.file + ":" + std::to_string(f.line));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

TEST_CASE("downloads beyond the memory bound go through the cache with the same results",
          "[scan][memory]") {
  RegistryServer server;
  Published published = publish(server);
  TempDir held_dir, spilled_dir;
  auto held = scan(server, published.refs, held_dir.path(), 64ull << 20);
  auto spilled = scan(server, published.refs, spilled_dir.path(), 0);
  REQUIRE(held.size() == published.refs.size());
  REQUIRE(spilled.size() == held.size());
  TarballCache spilled_cache(spilled_dir.path());
  for (size_t i = 0; i < held.size(); ++i) {
    const PackageRef& ref = published.refs[i];
    INFO(ref.name);
    CHECK(spilled[i].error == held[i].error);
    CHECK(spilled[i].analysis.risk == held[i].analysis.risk);
    CHECK(finding_ids(spilled[i]) == finding_ids(held[i]));
    bool tampered = ref.name == published.tampered;
    CHECK(spilled_cache.size_of(ref.integrity).has_value() == !tampered);
    if (tampered) {
      CHECK(spilled[i].analysis.risk == Risk::critical);
      CHECK(finding_ids(spilled[i]).front().rfind("integrity-mismatch@", 0) == 0);
    } else {
      CHECK(spilled[i].error.empty());
      CHECK(std::any_of(spilled[i].findings.begin(), spilled[i].findings.end(),
                        [](const Finding& f) { return f.capability == "shell"; }));  // analysed
    }
  }
}

TEST_CASE("fetch beyond the memory bound caches every verified download", "[scan][memory]") {
  RegistryServer server;
  Published published = publish(server);
  TempDir dir;
  auto fetched = scan(server, published.refs, dir.path(), 0, true);
  TarballCache cache(dir.path());
  for (size_t i = 0; i < fetched.size(); ++i) {
    const PackageRef& ref = published.refs[i];
    INFO(ref.name);
    bool tampered = ref.name == published.tampered;
    CHECK(cache.size_of(ref.integrity).has_value() == !tampered);
    CHECK(fetched[i].error.empty());
    CHECK((fetched[i].analysis.risk == Risk::critical) == tampered);
  }
}
