// Hidden benchmark (tag [.bench]): downloads from the local registry and prints throughput.
//   build-net/tests/tarsier_tests "[.bench]"
#include <catch2/catch.hpp>

#include <chrono>
#include <iostream>

#include "analyzer/fetch/http_client.h"
#include "analyzer/util/integrity.h"
#include "tests/support/registry_server.h"

using namespace tarsier;
using namespace tarsier::test;

TEST_CASE("HttpClient throughput against the local registry", "[.bench]") {
  RegistryServer server;
  constexpr int k_files = 200;
  constexpr size_t k_size = 256 * 1024;
  std::vector<FetchRequest> requests;
  std::vector<std::string> integrity;
  for (int i = 0; i < k_files; ++i) {
    std::string body(k_size, static_cast<char>('a' + i % 26));
    body[0] = static_cast<char>(i);
    std::string path = "/p" + std::to_string(i) + ".tgz";
    integrity.push_back(sri_sha512(body));
    server.serve(path, std::move(body));
    requests.push_back(FetchRequest{server.base_url() + path.substr(1), {}, {}});
  }
  for (int jobs : {1, 8}) {
    FetchOptions o;
    o.jobs = jobs;
    HttpClient http(o);
    size_t ok = 0;
    auto start = std::chrono::steady_clock::now();
    http.fetch_all(requests, [&](size_t i, FetchResult&& r) {
      ok += r.ok() && check_integrity(integrity[i], r.body, nullptr) == IntegrityCheck::match;
    });
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(ok == requests.size());
    std::cout << "jobs=" << jobs << ": " << k_files << " x " << k_size / 1024 << " KiB in " << s
              << " s (" << (k_files * k_size / 1048576.0) / s << " MiB/s, incl. sha512), "
              << server.connections() << " connections so far\n";
  }
}
