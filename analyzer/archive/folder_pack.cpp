#include "analyzer/archive/folder_pack.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

namespace tarsier {

namespace fs = std::filesystem;

namespace {

struct WriterDeleter {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

la_ssize_t append(archive*, void* out, const void* data, size_t size) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(data), size);
  return static_cast<la_ssize_t>(size);
}

std::string writer_error(archive* a) {
  const char* message = archive_error_string(a);
  return message != nullptr ? message : "unknown error";
}

bool skipped_folder(const fs::path& dir) {
  const std::string name = dir.filename().string();
  return name == "node_modules" || name == ".git" || name == ".hg" || name == ".svn";
}

// The regular files below `dir`, sorted; links and special files counted in `left_out`.
std::vector<fs::path> regular_files(const fs::path& dir, uint64_t max_entries, FolderPack* out) {
  std::vector<fs::path> files;
  std::vector<fs::path> pending = {dir};
  while (!pending.empty() && out->error.empty()) {
    fs::path at = pending.back();
    pending.pop_back();
    std::error_code ec;
    for (fs::directory_iterator it(at, ec), end; !ec && it != end; it.increment(ec)) {
      fs::file_status status = it->symlink_status(ec);
      if (fs::is_directory(status)) {
        if (!skipped_folder(it->path())) {
          pending.push_back(it->path());
        }
      } else if (fs::is_regular_file(status)) {
        files.push_back(it->path());
      } else {
        ++out->left_out;
      }
      if (files.size() > max_entries) {
        out->error = "the folder holds more than " + std::to_string(max_entries) + " files";
        break;
      }
    }
    if (ec && out->error.empty()) {
      out->error = "cannot list " + at.string() + ": " + ec.message();
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

FolderPack pack_folder(const fs::path& dir, const std::string& prefix,
                       const ArchiveLimits& limits) {
  FolderPack out;
  std::vector<fs::path> files = regular_files(dir, limits.max_entries, &out);
  if (!out.error.empty()) {
    return out;
  }
  std::unique_ptr<archive, WriterDeleter> writer(archive_write_new());
  if (!writer || archive_write_set_format_pax_restricted(writer.get()) != ARCHIVE_OK ||
      archive_write_add_filter_none(writer.get()) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(writer.get(), 1) != ARCHIVE_OK ||
      archive_write_open2(writer.get(), &out.tar, nullptr, append, nullptr, nullptr) !=
          ARCHIVE_OK) {
    out.error = "cannot make an archive writer";
    return out;
  }
  uint64_t total = 0;
  for (const auto& path : files) {
    std::error_code ec;
    uint64_t size = fs::file_size(path, ec);
    if (ec || size > limits.max_entry_bytes || total + size > limits.max_total_bytes) {
      out.error = ec ? "cannot read " + path.string() + ": " + ec.message()
                     : path.string() + " is larger than the archive limits allow";
      return out;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    std::string data = body.str();
    if (!in && !in.eof()) {
      out.error = "cannot read " + path.string();
      return out;
    }
    total += data.size();
    std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
    std::string name = prefix + fs::relative(path, dir, ec).generic_string();
    archive_entry_set_pathname(entry.get(), name.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(data.size()));
    if (archive_write_header(writer.get(), entry.get()) != ARCHIVE_OK ||
        archive_write_data(writer.get(), data.data(), data.size()) !=
            static_cast<la_ssize_t>(data.size())) {
      out.error = "cannot pack " + path.string() + ": " + writer_error(writer.get());
      return out;
    }
    ++out.files;
  }
  if (archive_write_close(writer.get()) != ARCHIVE_OK) {
    out.error = "cannot finish the archive: " + writer_error(writer.get());
  }
  return out;
}

}  // namespace tarsier
