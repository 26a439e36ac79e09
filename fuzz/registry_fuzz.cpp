// libFuzzer target for registry answers: TARSIER_FUZZ_ANSWER picks the reader. "packument":
// an npm packument given to the client's locate(); "simple-html" / "simple-json": a PyPI
// Simple API project page (PEP 503 / PEP 691) given to the PyPI client's locate().
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "analyzer/registry/npm_client.h"
#include "analyzer/registry/pypi_client.h"
#include "analyzer/registry/simple_api.h"

namespace {

tarsier::PackageRef package_for(bool npm) {
  tarsier::PackageRef ref;
  ref.ecosystem = npm ? "npm" : "pypi";
  ref.name = npm ? "fuzz-pkg" : "fuzz_pkg";
  ref.version = "1.0.0";
  return ref;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  std::string_view answer = TARSIER_FUZZ_ANSWER;
  std::string error;
  if (answer == "packument") {
    static const tarsier::NpmClient client([] {
      tarsier::NpmConfig config;
      config.registry = "http://registry.example.test/";
      return config;
    }());
    auto downloads = client.locate(package_for(true), &body, &error);
    (void)downloads;
    return 0;
  }
  static const tarsier::PypiClient client([] {
    tarsier::PipConfig config;
    config.index_url = "http://index.example.test/simple/";
    return config;
  }());
  if (answer == "simple-json" && (body.empty() || body[0] != '{')) {
    body.insert(body.begin(), '{');
  }
  auto page =
      tarsier::parse_simple_page(body, "http://index.example.test/simple/fuzz-pkg/", &error);
  auto downloads = client.locate(package_for(false), &body, &error);
  (void)page;
  (void)downloads;
  return 0;
}
