// A requirements file's includes (-r, -c) are followed only within the repository (or, outside
// any repository, the folder) of the lockfile given: a pull request's requirements.txt must not
// make the scanner read the CI job's files and quote them (parsers/include_scope.h).
#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "parsers/inputs.h"

using namespace tarsier;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

struct Scratch {
  fs::path dir;
  Scratch() {
    char pattern[] = "/tmp/tarsier-include-XXXXXX";
    dir = ::mkdtemp(pattern);
  }
  ~Scratch() { fs::remove_all(dir); }
};

bool mentions(const ResolvedInputs& r, const std::string& needle) {
  for (const auto& d : r.errors) {
    if (d.str().find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

bool has_package(const ResolvedInputs& r, const std::string& name) {
  for (const auto& p : r.packages) {
    if (p.name == name) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("requirements includes stay within the repository of the lockfile", "[hardening]") {
  Scratch s;
  fs::path repo = s.dir / "repo";
  fs::create_directories(repo / ".git");
  write(s.dir / "secret.txt", "//registry.example.test/:_authToken=SECRET-42\nleaked==1.0\n");
  write(repo / "common" / "base.txt", "six==1.16.0\n");
  write(repo / "common" / "pins.txt", "idna==3.6\n");
  fs::create_directories(repo / "svc");
  fs::create_directory_symlink(s.dir, repo / "svc" / "up");
  fs::create_symlink(s.dir / "secret.txt", repo / "svc" / "link.txt");
  REQUIRE(::mkfifo((repo / "svc" / "pipe").c_str(), 0600) == 0);
  write(repo / "svc" / "requirements.txt",
        "requests==2.31.0\n"
        "-r ../common/base.txt\n"  // another folder of the same repository: followed
        "-c ../common/pins.txt\n"
        "idna\n"
        "-r ../../secret.txt\n"    // above the repository
        "-r /proc/self/environ\n"  // the scanner's own environment
        "-r link.txt\n"            // a link in the checkout pointing out of it
        "-r up/secret.txt\n"       // through a linked folder
        "-r pipe\n");              // not a regular file: would block the read

  ResolvedInputs r = resolve_inputs({(repo / "svc" / "requirements.txt").string()}, {});
  CHECK(has_package(r, "requests"));
  CHECK(has_package(r, "six"));
  CHECK_FALSE(has_package(r, "leaked"));
  CHECK(r.lockfiles.size() == 3);
  CHECK(r.fatal);
  CHECK(mentions(r,
                 "requirements.txt:5:1: not following the include of ../../secret.txt: it is "
                 "outside " +
                     repo.string()));
  CHECK(mentions(r, "requirements.txt:6:1: not following the include of /proc/self/environ"));
  CHECK(mentions(r, "requirements.txt:7:1: not following the include of link.txt: it is outside"));
  CHECK(mentions(r, "requirements.txt:8:1: not following the include of up/secret.txt"));
  CHECK(mentions(r,
                 "requirements.txt:9:1: not following the include of pipe: it is not a "
                 "regular file"));
  CHECK(r.errors.size() == 5);
  for (const auto& d : r.errors) {
    CHECK(d.str().find("SECRET-42") == std::string::npos);
  }
  for (const auto& p : r.packages) {
    CHECK((p.name != "idna" || p.version == "3.6"));  // the in-repository constraint applied
  }
}

TEST_CASE("outside any repository, includes stay within the lockfile's folder", "[hardening]") {
  Scratch s;
  write(s.dir / "a" / "requirements.txt", "-r sub/more.txt\n-r ../b.txt\n");
  write(s.dir / "a" / "sub" / "more.txt", "attrs==23.1.0\n");
  write(s.dir / "b.txt", "other==1.0\n");
  ResolvedInputs r = resolve_inputs({(s.dir / "a" / "requirements.txt").string()}, {});
  CHECK(has_package(r, "attrs"));
  CHECK_FALSE(has_package(r, "other"));
  CHECK(mentions(r, "requirements.txt:2:1: not following the include of ../b.txt: it is outside " +
                        (s.dir / "a").string()));
}

TEST_CASE("a lockfile in a repository that links out of it is not read", "[hardening]") {
  Scratch s;
  fs::path repo = s.dir / "repo";
  fs::create_directories(repo / ".git");
  write(s.dir / "runner" / "requirements.txt", "//registry.example.test/:_authToken=SECRET-42\n");
  write(repo / "ok" / "requirements.txt", "six==1.16.0\n");
  // The file itself, and a folder on its path, replaced by links out of the checkout.
  fs::create_symlink(s.dir / "runner" / "requirements.txt", repo / "requirements.txt");
  fs::create_directory_symlink(s.dir / "runner", repo / "svc");
  for (const fs::path& named : {repo / "requirements.txt", repo / "svc" / "requirements.txt"}) {
    ResolvedInputs r = resolve_inputs({named.string()}, {});
    INFO(named);
    CHECK(r.fatal);
    CHECK(r.lockfiles.empty());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].str().find("outside the repository " + repo.string()) != std::string::npos);
    CHECK(r.errors[0].str().find("SECRET-42") == std::string::npos);
  }
  // Given as a folder: the linked folder is found and refused the same way.
  ResolvedInputs folder = resolve_inputs({(repo / "svc").string()}, {});
  CHECK(folder.lockfiles.empty());
  CHECK(mentions(folder, "outside the repository"));
  // A link that stays in the repository is read.
  fs::create_symlink(repo / "ok" / "requirements.txt", repo / "ok" / "requirements-dev.txt");
  ResolvedInputs ok = resolve_inputs({(repo / "ok" / "requirements-dev.txt").string()}, {});
  CHECK(has_package(ok, "six"));
  CHECK_FALSE(ok.fatal);
}
