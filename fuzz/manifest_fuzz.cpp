// libFuzzer target for the manifest readers that decide what runs at install time: the first
// byte picks package.json, setup.cfg or pyproject.toml; the rest is that file, next to a
// setup.py and an index.js so that references can resolve.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/engine/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const names[] = {"package.json", "setup.cfg", "pyproject.toml", "PKG-INFO"};
  if (size < 1) {
    return 0;
  }
  std::vector<tarsier::ArchiveEntry> files = {
      {names[data[0] % 4], std::string(reinterpret_cast<const char*>(data + 1), size - 1)},
      {"setup.py", "from setuptools import setup\nsetup()\n"},
      {"index.js", "module.exports = 1;\n"},
  };
  tarsier::InstallReach reach = tarsier::find_install_reach(files);
  (void)reach;
  return 0;
}
