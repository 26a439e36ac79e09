#include "tests/support/pack.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tarsier::test {

namespace {

la_ssize_t append_to_string(struct archive*, void* user, const void* buffer, size_t length) {
  static_cast<std::string*>(user)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

enum class Format { tar, zip };

std::string write_archive(const std::vector<RawEntry>& entries, Format format,
                          Compression compression) {
  std::string out;
  struct archive* a = archive_write_new();
  if (format == Format::tar) {
    archive_write_set_format_pax_restricted(a);
    if (compression == Compression::gzip) {
      archive_write_add_filter_gzip(a);
      // No timestamp in the gzip header, so the same files always give the same bytes.
      archive_write_set_filter_option(a, "gzip", "timestamp", nullptr);
    }
  } else {
    archive_write_set_format_zip(a);
  }
  // Write the archive in one piece: no padding games for the in-memory target.
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open(a, &out, nullptr, append_to_string, nullptr);
  for (const auto& e : entries) {
    struct archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.path.c_str());
    archive_entry_set_mtime(entry, k_npm_mtime, 0);
    archive_entry_set_perm(entry, static_cast<mode_t>(e.mode));
    switch (e.type) {
      case RawEntry::Type::file:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_size(entry, static_cast<la_int64_t>(e.data.size()));
        break;
      case RawEntry::Type::directory:
        archive_entry_set_filetype(entry, AE_IFDIR);
        archive_entry_set_perm(entry, 0755);
        break;
      case RawEntry::Type::symlink:
        archive_entry_set_filetype(entry, AE_IFLNK);
        archive_entry_set_symlink(entry, e.link_target.c_str());
        break;
      case RawEntry::Type::hardlink:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_hardlink(entry, e.link_target.c_str());
        archive_entry_set_size(entry, 0);
        break;
    }
    archive_write_header(a, entry);
    if (e.type == RawEntry::Type::file && !e.data.empty()) {
      archive_write_data(a, e.data.data(), e.data.size());
    }
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

}  // namespace

std::string pack_raw_entries(const std::vector<RawEntry>& entries, Compression compression) {
  return write_archive(entries, Format::tar, compression);
}

std::string pack_npm_files(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<std::pair<std::string, std::string>> sorted = files;
  std::sort(sorted.begin(), sorted.end());
  std::vector<RawEntry> entries;
  for (auto& [path, data] : sorted) {
    RawEntry e;
    e.path = "package/" + path;
    e.data = std::move(data);
    entries.push_back(std::move(e));
  }
  return pack_raw_entries(entries);
}

std::string pack_npm_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, ec), end;
  if (ec) {
    return "";
  }
  std::vector<std::pair<std::string, std::string>> files;
  for (; it != end; it.increment(ec)) {
    if (ec) {
      return "";
    }
    if (!it->is_regular_file()) {
      continue;
    }
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    files.emplace_back(fs::relative(it->path(), dir).generic_string(), ss.str());
  }
  return pack_npm_files(files);
}

std::string gzip_compress(const std::string& data) {
  std::string out;
  struct archive* a = archive_write_new();
  archive_write_set_format_raw(a);
  archive_write_add_filter_gzip(a);
  archive_write_set_filter_option(a, "gzip", "timestamp", nullptr);
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open(a, &out, nullptr, append_to_string, nullptr);
  struct archive_entry* entry = archive_entry_new();
  archive_entry_set_pathname(entry, "data");
  archive_entry_set_filetype(entry, AE_IFREG);
  archive_entry_set_size(entry, static_cast<la_int64_t>(data.size()));
  archive_write_header(a, entry);
  archive_write_data(a, data.data(), data.size());
  archive_entry_free(entry);
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

std::string pack_zip_files(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<RawEntry> entries;
  for (const auto& [path, data] : files) {
    entries.push_back(RawEntry{path, data, RawEntry::Type::file, "", 0644});
  }
  return write_archive(entries, Format::zip, Compression::none);
}

}  // namespace tarsier::test
