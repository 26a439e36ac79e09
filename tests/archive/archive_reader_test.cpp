#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "analyzer/archive/archive_path.h"
#include "analyzer/archive/archive_reader.h"

using namespace tarsier;

namespace {

enum class EntryType { file, dir, symlink, hardlink, fifo };

struct TestEntry {
  TestEntry(std::string n, std::string d, EntryType t = EntryType::file, std::string link = "")
      : name(std::move(n)), data(std::move(d)), type(t), target(std::move(link)) {}
  std::string name;
  std::string data;
  EntryType type;
  std::string target;  // link target
};

enum class Packing { tar_gz, tar_bz2, tar_xz, zip };

la_ssize_t append_to_string(archive*, void* client, const void* buffer, size_t length) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

// Builds an archive in memory with libarchive's writer, exactly as given (no path cleaning), so
// tests can produce the hostile names and links a real attacker would.
std::string pack(const std::vector<TestEntry>& entries, Packing packing = Packing::tar_gz) {
  std::string out;
  archive* a = archive_write_new();
  if (packing == Packing::zip) {
    archive_write_set_format_zip(a);
  } else {
    archive_write_set_format_pax_restricted(a);
    if (packing == Packing::tar_gz) {
      archive_write_add_filter_gzip(a);
    } else if (packing == Packing::tar_bz2) {
      archive_write_add_filter_bzip2(a);
    } else {
      archive_write_add_filter_xz(a);
    }
  }
  archive_write_set_bytes_in_last_block(a, 1);
  REQUIRE(archive_write_open(a, &out, nullptr, append_to_string, nullptr) == ARCHIVE_OK);
  for (const auto& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.name.c_str());
    archive_entry_set_perm(entry, 0644);
    switch (e.type) {
      case EntryType::file:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_size(entry, static_cast<la_int64_t>(e.data.size()));
        break;
      case EntryType::dir:
        archive_entry_set_filetype(entry, AE_IFDIR);
        break;
      case EntryType::symlink:
        archive_entry_set_filetype(entry, AE_IFLNK);
        archive_entry_set_symlink(entry, e.target.c_str());
        break;
      case EntryType::hardlink:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_hardlink(entry, e.target.c_str());
        break;
      case EntryType::fifo:
        archive_entry_set_filetype(entry, AE_IFIFO);
        break;
    }
    REQUIRE(archive_write_header(a, entry) == ARCHIVE_OK);
    if (e.type == EntryType::file && !e.data.empty()) {
      REQUIRE(archive_write_data(a, e.data.data(), e.data.size()) ==
              static_cast<la_ssize_t>(e.data.size()));
    }
    archive_entry_free(entry);
  }
  REQUIRE(archive_write_close(a) == ARCHIVE_OK);
  archive_write_free(a);
  return out;
}

// Bytes that gzip cannot shrink, so truncating the archive cuts through file content.
std::string noise(size_t size, uint32_t seed) {
  std::string out(size, '\0');
  for (auto& c : out) {
    seed = seed * 1664525u + 1013904223u;
    c = static_cast<char>(seed >> 24);
  }
  return out;
}

std::vector<std::string> paths(const ArchiveContents& contents) {
  std::vector<std::string> out;
  for (const auto& f : contents.files) {
    out.push_back(f.path);
  }
  return out;
}

const Finding* find_rule(const ArchiveContents& contents, const std::string& rule,
                         const std::string& file = "") {
  for (const auto& f : contents.findings) {
    if (f.rule == rule && (file.empty() || f.file == file)) {
      return &f;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("archive paths are classified and normalised", "[archive]") {
  auto p = classify_archive_path("package/lib/index.js", true);
  REQUIRE(p.display == "lib/index.js");
  REQUIRE_FALSE(p.escapes);
  REQUIRE(classify_archive_path("./node-foo//lib/./a.js", true).display == "lib/a.js");
  REQUIRE(classify_archive_path("package/", true).dropped);
  REQUIRE(classify_archive_path("README", true).dropped);
  REQUIRE(classify_archive_path("README", false).display == "README");
  REQUIRE(classify_archive_path("package/../../etc/passwd", true).escapes);
  REQUIRE(classify_archive_path("/etc/passwd", true).escapes);
  REQUIRE(classify_archive_path("C:/Windows/x", false).escapes);
  REQUIRE(classify_archive_path("package\\..\\..\\x", true).escapes);
  REQUIRE(classify_archive_path("package/a..b/c", true).display == "a..b/c");
  REQUIRE(display_name("a\nb\x7f") == "a?b?");
}

TEST_CASE("npm tarballs are read from memory with the first component stripped", "[archive]") {
  std::string tgz = pack({{"package/", "", EntryType::dir},
                          {"package/package.json", R"({"name":"a"})"},
                          {"package/lib/index.js", "module.exports = 1;\n"},
                          {"top-level.txt", "never installed"}});
  auto contents = read_archive(tgz, ArchiveKind::npm_tarball, ArchiveLimits{});
  REQUIRE(contents.error.empty());
  REQUIRE(paths(contents) == std::vector<std::string>{"package.json", "lib/index.js"});
  REQUIRE(contents.files[1].data == "module.exports = 1;\n");
  REQUIRE(contents.findings.empty());
  REQUIRE(contents.unpacked_bytes == 12 + 20);

  SECTION("the first component need not be 'package'") {
    std::string other = pack({{"node-thing-1.0.0/index.js", "x"}});
    auto c = read_archive(other, ArchiveKind::npm_tarball, ArchiveLimits{});
    REQUIRE(paths(c) == std::vector<std::string>{"index.js"});
  }
}

TEST_CASE("escaping names and links become findings and are never followed", "[archive]") {
  std::string tgz = pack({{"package/index.js", "ok"},
                          {"package/../../evil.sh", "rm -rf /"},
                          {"/etc/cron.d/x", "* * * * * root x"},
                          {"package/link", "", EntryType::symlink, "/etc/passwd"},
                          {"package/hard", "", EntryType::hardlink, "package/index.js"},
                          {"package/fifo", "", EntryType::fifo},
                          {"package/after.js", "still read"}});
  auto c = read_archive(tgz, ArchiveKind::npm_tarball, ArchiveLimits{});
  REQUIRE(c.error.empty());
  REQUIRE(paths(c) == std::vector<std::string>{"index.js", "after.js"});
  const Finding* traversal = find_rule(c, "archive-path-traversal", "package/../../evil.sh");
  REQUIRE(traversal != nullptr);
  REQUIRE(traversal->capability == "archive");
  REQUIRE(traversal->severity == Risk::high);
  REQUIRE(find_rule(c, "archive-path-traversal", "/etc/cron.d/x") != nullptr);
  const Finding* symlink = find_rule(c, "archive-symlink", "link");
  REQUIRE(symlink != nullptr);
  REQUIRE(symlink->message.find("/etc/passwd") != std::string::npos);
  REQUIRE(find_rule(c, "archive-hardlink", "hard") != nullptr);
  REQUIRE(find_rule(c, "archive-unreadable-entry", "fifo") != nullptr);
}

TEST_CASE("archive limits become findings, never crashes", "[archive]") {
  ArchiveLimits limits;
  SECTION("one file over the per-entry limit is skipped, the rest is read") {
    limits.max_entry_bytes = 100;
    auto c = read_archive(pack({{"p/big.js", std::string(101, 'a')}, {"p/small.js", "b"}}),
                          ArchiveKind::npm_tarball, limits);
    REQUIRE(paths(c) == std::vector<std::string>{"small.js"});
    const Finding* big = find_rule(c, "archive-big-entry", "big.js");
    REQUIRE(big != nullptr);
    REQUIRE(big->severity == Risk::medium);  // unknown behaviour, not an alarm
    REQUIRE(find_rule(c, "archive-limit-exceeded") == nullptr);
    REQUIRE(c.error.empty());
  }
  SECTION("a native binary over the per-entry limit is native code, not an alarm") {
    limits.max_entry_bytes = 100;
    std::string elf = std::string(
                          "\x7f"
                          "ELF\x02\x01\x01",
                          7) +
                      std::string(200, '\0');
    std::string pe(300, '\0');
    pe[0] = 'M';
    pe[1] = 'Z';
    pe[0x3c] = 0x40;
    pe.replace(0x40, 4, std::string("PE\0\0", 4));
    auto c = read_archive(
        pack({{"p/prebuilds/addon.node", elf}, {"p/bin/tool.exe", pe}, {"p/index.js", "x"}}),
        ArchiveKind::npm_tarball, limits);
    REQUIRE(paths(c) == std::vector<std::string>{"index.js"});
    const Finding* addon = find_rule(c, "archive-big-native-entry", "prebuilds/addon.node");
    REQUIRE(addon != nullptr);
    REQUIRE(addon->severity == Risk::low);
    REQUIRE(addon->capability == "native-code");
    REQUIRE(addon->message.find("ELF") != std::string::npos);
    const Finding* exe = find_rule(c, "archive-big-native-entry", "bin/tool.exe");
    REQUIRE(exe != nullptr);
    REQUIRE(exe->message.find("PE") != std::string::npos);
    REQUIRE(find_rule(c, "archive-limit-exceeded") == nullptr);
  }
  SECTION("the total limit stops reading and keeps what was read") {
    limits.max_total_bytes = 250;
    auto c = read_archive(pack({{"p/a", std::string(100, 'a')},
                                {"p/b", std::string(100, 'b')},
                                {"p/c", std::string(100, 'c')},
                                {"p/d", "d"}}),
                          ArchiveKind::npm_tarball, limits);
    REQUIRE(paths(c) == std::vector<std::string>{"a", "b"});
    REQUIRE(find_rule(c, "archive-limit-exceeded", "c") != nullptr);
    REQUIRE(c.unpacked_bytes == 200);
  }
  SECTION("the entry count stops reading") {
    limits.max_entries = 3;
    std::vector<TestEntry> many;
    for (int i = 0; i < 10; ++i) {
      many.push_back({"p/f" + std::to_string(i), "x"});
    }
    auto c = read_archive(pack(many), ArchiveKind::npm_tarball, limits);
    REQUIRE(c.files.size() == 3);
    REQUIRE(find_rule(c, "archive-limit-exceeded") != nullptr);
  }
  SECTION("a decompression bomb is stopped by the ratio") {
    limits.max_ratio = 50;
    limits.ratio_min_bytes = 64 * 1024;
    std::string tgz = pack({{"p/small", "s"}, {"p/zeros", std::string(4 << 20, '\0')}});
    REQUIRE(tgz.size() < 16 * 1024);
    auto c = read_archive(tgz, ArchiveKind::npm_tarball, limits);
    REQUIRE(paths(c) == std::vector<std::string>{"small"});
    const Finding* bomb = find_rule(c, "archive-limit-exceeded", "zeros");
    REQUIRE(bomb != nullptr);
    REQUIRE(bomb->message.find("bomb") != std::string::npos);
  }
  SECTION("a small, very compressible package is not a bomb") {
    auto c = read_archive(pack({{"p/zeros", std::string(200 * 1024, '\0')}}),
                          ArchiveKind::npm_tarball, limits);
    REQUIRE(c.files.size() == 1);
    REQUIRE(c.findings.empty());
  }
  SECTION("overlong names are skipped") {
    limits.max_path_length = 40;
    auto c = read_archive(pack({{"p/" + std::string(60, 'n'), "x"}, {"p/ok", "y"}}),
                          ArchiveKind::npm_tarball, limits);
    REQUIRE(paths(c) == std::vector<std::string>{"ok"});
    REQUIRE(find_rule(c, "archive-limit-exceeded") != nullptr);
  }
}

TEST_CASE("corrupt and truncated archives report an error and keep what was read", "[archive]") {
  SECTION("garbage") {
    auto c = read_archive("this is not an archive at all", ArchiveKind::npm_tarball, {});
    REQUIRE_FALSE(c.error.empty());
    REQUIRE(c.files.empty());
  }
  SECTION("empty input") {
    auto c = read_archive("", ArchiveKind::npm_tarball, {});
    REQUIRE_FALSE(c.error.empty());
  }
  SECTION("truncated in the middle of the third file") {
    std::string tgz = pack({{"p/one", noise(200000, 1)},
                            {"p/two", noise(200000, 2)},
                            {"p/three", noise(200000, 3)},
                            {"p/four", noise(200000, 4)}});
    auto c = read_archive(std::string_view(tgz).substr(0, tgz.size() * 6 / 10),
                          ArchiveKind::npm_tarball, {});
    REQUIRE_FALSE(c.error.empty());
    REQUIRE(paths(c) == std::vector<std::string>{"one", "two"});
  }
}

TEST_CASE("each kind accepts only its ecosystem's formats", "[archive]") {
  std::vector<TestEntry> files = {{"pkg-1.0/setup.py", "import os\n"}, {"pkg-1.0/pkg/a.py", "a"}};
  SECTION("zip keeps every component") {
    auto c = read_archive(pack(files, Packing::zip), ArchiveKind::zip, {});
    REQUIRE(c.error.empty());
    REQUIRE(paths(c) == std::vector<std::string>{"pkg-1.0/setup.py", "pkg-1.0/pkg/a.py"});
  }
  SECTION("sdists may be tar.gz, tar.bz2, tar.xz or zip") {
    for (auto packing : {Packing::tar_gz, Packing::tar_bz2, Packing::tar_xz, Packing::zip}) {
      auto c = read_archive(pack(files, packing), ArchiveKind::sdist, {});
      REQUIRE(c.error.empty());
      REQUIRE(paths(c) == std::vector<std::string>{"setup.py", "pkg/a.py"});
    }
  }
  SECTION("an sdist without one shared top folder keeps its layout, as pip does") {
    std::vector<TestEntry> flat = {{"./", "", EntryType::dir},
                                   {"./setup.py", "import os\n"},
                                   {"./pkg/", "", EntryType::dir},
                                   {"./pkg/a.py", "a"}};
    auto c = read_archive(pack(flat), ArchiveKind::sdist, {});
    REQUIRE(c.error.empty());
    REQUIRE(paths(c) == std::vector<std::string>{"setup.py", "pkg/a.py"});
    std::vector<TestEntry> two = {{"pkg/a.py", "a"}, {"pkg.egg-info/PKG-INFO", "Name: pkg\n"}};
    REQUIRE(paths(read_archive(pack(two, Packing::zip), ArchiveKind::sdist, {})) ==
            std::vector<std::string>{"pkg/a.py", "pkg.egg-info/PKG-INFO"});
  }
  SECTION("npm refuses zip and bzip2") {
    REQUIRE_FALSE(
        read_archive(pack(files, Packing::zip), ArchiveKind::npm_tarball, {}).error.empty());
    REQUIRE_FALSE(
        read_archive(pack(files, Packing::tar_bz2), ArchiveKind::npm_tarball, {}).error.empty());
  }
  SECTION("zip refuses tar") {
    REQUIRE_FALSE(read_archive(pack(files), ArchiveKind::zip, {}).error.empty());
  }
}
