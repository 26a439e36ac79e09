// tarsier_test_registry: the tests' local npm registry as a standalone program, for manual runs
// and benchmarks. Publishes folders or tarballs, prints the base URL, serves until SIGINT/SIGTERM.
//
//   tarsier_test_registry [--publish NAME@VERSION=DIR]... [--tarball NAME@VERSION=FILE.tgz]...
#include <signal.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "tests/support/registry_server.h"

namespace {

// Splits "NAME@VERSION=PATH"; the name may be scoped ("@scope/name@1.0.0=dir").
bool split_spec(const std::string& spec, std::string* name, std::string* version,
                std::string* path) {
  size_t eq = spec.find('=');
  if (eq == std::string::npos) {
    return false;
  }
  std::string id = spec.substr(0, eq);
  size_t at = id.rfind('@');
  if (at == std::string::npos || at == 0) {
    return false;
  }
  *name = id.substr(0, at);
  *version = id.substr(at + 1);
  *path = spec.substr(eq + 1);
  return !name->empty() && !version->empty() && !path->empty();
}

}  // namespace

int main(int argc, char** argv) {
  // Block the stop signals before the server starts its threads, then wait for them here so
  // the server shuts down through its destructor.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  tarsier::test::RegistryServer server;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    std::string name, version, path;
    if ((flag != "--publish" && flag != "--tarball") || i + 1 >= argc ||
        !split_spec(argv[i + 1], &name, &version, &path)) {
      std::cerr << "usage: tarsier_test_registry [--publish NAME@VERSION=DIR]... "
                   "[--tarball NAME@VERSION=FILE.tgz]...\n";
      return 2;
    }
    ++i;
    std::string integrity;
    if (flag == "--publish") {
      integrity = server.publish_dir(name, version, path);
    } else {
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        std::cerr << path << ": cannot read\n";
        return 1;
      }
      std::ostringstream bytes;
      bytes << in.rdbuf();
      integrity = server.publish(name, version, bytes.str());
    }
    std::cerr << "published " << name << "@" << version << " " << integrity << "\n";
  }
  std::cout << server.base_url() << std::endl;
  int signal = 0;
  sigwait(&stop_signals, &signal);
  return 0;
}
