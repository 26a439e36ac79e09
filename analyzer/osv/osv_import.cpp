#include "analyzer/osv/osv_import.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "analyzer/db/risk_db.h"
#include "analyzer/osv/osv_record.h"

namespace tarsier {

namespace {

namespace fs = std::filesystem;

constexpr size_t k_batch = 1000;

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The malicious-packages layout keeps withdrawn records in a folder named `withdrawn`.
bool in_withdrawn_folder(const std::string& relative) {
  for (const auto& part : fs::path(relative)) {
    if (part == "withdrawn") {
      return true;
    }
  }
  return false;
}

// Collects parsed records and writes them in batches, skipping the unchanged ones.
class Importer {
 public:
  Importer(RiskDb& db, OsvImportStats* stats, std::string* error)
      : m_db(db), m_stats(stats), m_error(error) {
    auto states = db.osv_record_states(stats->source);
    if (states) {
      m_states = std::move(*states);
    } else {
      *error = states.error().str();
    }
  }

  // One file's text; `shown` is how diagnostics name it, `relative` its path in the source.
  bool add(std::string_view text, const std::string& shown, const std::string& relative) {
    ++m_stats->files;
    Diagnostic problem;
    auto row = parse_osv_record(text, shown, &problem);
    if (!row) {
      m_stats->malformed.push_back(std::move(problem));
      return true;
    }
    if (row->affected.empty()) {
      ++m_stats->unrelated;
      return true;
    }
    row->source = m_stats->source;
    row->file = relative;
    if (row->withdrawn.empty() && in_withdrawn_folder(relative)) {
      row->withdrawn = "withdrawn/";
    }
    m_stats->withdrawn += row->withdrawn.empty() ? 0 : 1;
    auto known = m_states.find(row->id);
    if (known != m_states.end() && known->second.modified >= row->modified &&
        known->second.withdrawn.empty() == row->withdrawn.empty()) {
      ++m_stats->unchanged;
      return true;
    }
    ++(known == m_states.end() ? m_stats->added : m_stats->updated);
    m_states[row->id] = OsvRecordState{row->modified, row->withdrawn};
    m_batch.push_back(std::move(*row));
    return m_batch.size() < k_batch || flush();
  }

  bool flush() {
    if (m_batch.empty()) {
      return true;
    }
    auto written = m_db.put_osv_records(m_batch);
    m_batch.clear();
    if (!written) {
      *m_error = written.error().str();
    }
    return written.ok();
  }

 private:
  RiskDb& m_db;
  OsvImportStats* m_stats;
  std::string* m_error;
  std::map<std::string, OsvRecordState> m_states;
  std::vector<OsvRecordRow> m_batch;
};

bool read_whole(const std::string& path, std::string* bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *bytes = buffer.str();
  return !in.bad();
}

bool import_directory(const fs::path& root, Importer& importer, OsvImportStats* stats,
                      std::string* error) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_directory(ec) && !name.empty() && name[0] == '.') {
      it.disable_recursion_pending();  // .git and other hidden folders
    } else if (it->is_regular_file(ec) && ends_with(name, ".json")) {
      files.push_back(it->path());
    }
  }
  if (ec) {
    *error = root.string() + ": " + ec.message();
    return false;
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::string text;
    std::string relative = file.lexically_relative(root).string();
    if (fs::file_size(file, ec) > k_max_osv_record_bytes || !read_whole(file.string(), &text)) {
      stats->malformed.push_back({file.string(), 0, 0, "unreadable or larger than 8 MiB"});
      continue;
    }
    if (!importer.add(text, file.string(), relative)) {
      return false;
    }
  }
  return importer.flush();
}

struct ArchiveFree {
  void operator()(archive* a) const { archive_read_free(a); }
};

bool read_entry(archive* a, archive_entry* entry, std::string* text) {
  la_int64_t size = archive_entry_size(entry);
  if (archive_entry_size_is_set(entry) && size > static_cast<la_int64_t>(k_max_osv_record_bytes)) {
    return false;
  }
  text->clear();
  char buffer[65536];
  la_ssize_t n = 0;
  while ((n = archive_read_data(a, buffer, sizeof buffer)) > 0) {
    text->append(buffer, static_cast<size_t>(n));
    if (text->size() > k_max_osv_record_bytes) {
      return false;
    }
  }
  return n == 0;
}

bool import_zip(const std::string& path, Importer& importer, OsvImportStats* stats,
                std::string* error) {
  std::string bytes;
  if (!read_whole(path, &bytes)) {
    *error = "cannot read " + path;
    return false;
  }
  std::unique_ptr<archive, ArchiveFree> a(archive_read_new());
  archive_read_support_format_zip(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    *error = path + ": not a zip archive (" + archive_error_string(a.get()) + ")";
    return false;
  }
  archive_entry* entry = nullptr;
  int rc = ARCHIVE_OK;
  while ((rc = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) {
    const char* raw = archive_entry_pathname(entry);
    std::string name = raw == nullptr ? "" : raw;
    if (archive_entry_filetype(entry) != AE_IFREG || !ends_with(name, ".json")) {
      continue;
    }
    std::string text;
    if (!read_entry(a.get(), entry, &text)) {
      stats->malformed.push_back({path + ":" + name, 0, 0, "unreadable or larger than 8 MiB"});
      continue;
    }
    if (!importer.add(text, path + ":" + name, name)) {
      return false;
    }
  }
  if (rc != ARCHIVE_EOF) {
    *error = path + ": " + archive_error_string(a.get());
    importer.flush();
    return false;
  }
  return importer.flush();
}

}  // namespace

Result<void> import_osv(RiskDb& db, const std::string& path, const std::string& source,
                        OsvImportStats* stats) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec).lexically_normal();
  if (!fs::exists(absolute, ec)) {
    return make_error(ErrorKind::not_found, path + ": no such file or directory");
  }
  std::string name = absolute.string();
  while (name.size() > 1 && name.back() == '/') {
    name.pop_back();
  }
  stats->source = source.empty() ? name : source;
  std::string error;
  Importer importer(db, stats, &error);
  bool imported = error.empty() && (fs::is_directory(absolute, ec)
                                        ? import_directory(absolute, importer, stats, &error)
                                        : import_zip(absolute.string(), importer, stats, &error));
  if (!imported) {
    return make_error(ErrorKind::io, std::move(error));
  }
  return {};
}

}  // namespace tarsier
