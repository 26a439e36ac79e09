// A package folder packed into an in-memory tar (analyzer/archive/folder_pack.h): regular files
// only, the same bytes for the same content, limits enforced.
#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <filesystem>

#include "analyzer/archive/archive_reader.h"
#include "analyzer/archive/folder_pack.h"
#include "tests/support/process.h"

using namespace tarsier;
using tarsier::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("a package folder packs its regular files and nothing else", "[archive]") {
  TempDir dir;
  dir.write("pkg/package.json", R"({"name":"p","version":"1.0.0"})");
  dir.write("pkg/lib/a.js", "module.exports = 1;\n");
  dir.write("pkg/node_modules/dep/index.js", "eval(x);\n");
  dir.write("pkg/.git/config", "[core]\n");
  dir.write("secret.txt", "SECRET\n");
  fs::create_symlink(dir.path() + "/secret.txt", dir.path() + "/pkg/link.txt");
  REQUIRE(::mkfifo((dir.path() + "/pkg/pipe").c_str(), 0600) == 0);

  FolderPack pack = pack_folder(dir.path() + "/pkg", "package/", ArchiveLimits{});
  REQUIRE(pack.error.empty());
  CHECK(pack.files == 2);
  CHECK(pack.left_out == 2);  // the link and the FIFO
  ArchiveContents read = read_archive(pack.tar, ArchiveKind::npm_tarball, ArchiveLimits{});
  REQUIRE(read.error.empty());
  REQUIRE(read.files.size() == 2);
  CHECK(read.files[0].path == "lib/a.js");
  CHECK(read.files[1].path == "package.json");
  CHECK(read.findings.empty());

  // Same content, same bytes (times and owners are not packed): the same integrity key.
  CHECK(pack_folder(dir.path() + "/pkg", "package/", ArchiveLimits{}).tar == pack.tar);
}

TEST_CASE("a package folder over the archive limits is an error, not a partial pack", "[archive]") {
  TempDir dir;
  for (int i = 0; i < 5; ++i) {
    dir.write("pkg/f" + std::to_string(i) + ".js", std::string(100, 'x'));
  }
  ArchiveLimits few;
  few.max_entries = 3;
  CHECK(pack_folder(dir.path() + "/pkg", "package/", few).error ==
        "the folder holds more than 3 files");
  ArchiveLimits small;
  small.max_total_bytes = 250;
  CHECK(pack_folder(dir.path() + "/pkg", "package/", small).error.find("larger than") !=
        std::string::npos);
  CHECK_FALSE(pack_folder(dir.path() + "/missing", "package/", ArchiveLimits{}).error.empty());
}
