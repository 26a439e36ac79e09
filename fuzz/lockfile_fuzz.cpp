// libFuzzer target for one lockfile parser, chosen at build time by TARSIER_FUZZ_FILE (the file
// name the parser accepts, e.g. "package-lock.json"). Every parser must return diagnostics for
// any bytes, never crash, throw or run away with memory.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analyzer/util/integrity.h"
#include "parsers/lockfile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tarsier::LockfileParser* parser = tarsier::find_lockfile_parser(TARSIER_FUZZ_FILE);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  tarsier::LockfileResult result = parser->parse(text, TARSIER_FUZZ_FILE);
  // A kept package never carries a malformed pin (finish_lockfile_result turns it into an
  // error): otherwise the registry's integrity would silently be trusted instead.
  for (const auto& package : result.packages) {
    if (!tarsier::integrity_problem(package.integrity).empty()) {
      __builtin_trap();
    }
  }
  return 0;
}
