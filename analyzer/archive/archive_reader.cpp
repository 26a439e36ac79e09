#include "analyzer/archive/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/archive/archive_path.h"
#include "analyzer/archive/gzip_check.h"
#include "analyzer/archive/gzip_inflate.h"
#include "analyzer/core/capability.h"
#include "analyzer/util/binary_magic.h"

namespace tarsier {

namespace {

constexpr size_t k_read_chunk = 64 * 1024;
// Bytes of an oversized entry read to recognise native code.
constexpr size_t k_head_bytes = 4096;

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveCloser>;

std::string archive_message(archive* a) {
  const char* text = archive_error_string(a);
  return text != nullptr ? text : "unknown libarchive error";
}

// Enables exactly the formats and filters the ecosystem publishes, so a package cannot smuggle
// in a rar, 7z or iso that npm itself would never unpack.
// On failure the handle is still returned (when allocated) so its error message can be read.
// `inflated`: the bytes are a tar already inflated from gzip (gzip_inflate.h).
ArchivePtr open_reader(std::string_view bytes, ArchiveKind kind, bool inflated, bool* opened) {
  *opened = false;
  ArchivePtr a(archive_read_new());
  if (!a) {
    return a;
  }
  if (inflated) {
    archive_read_support_format_tar(a.get());
    *opened = archive_read_open_memory(a.get(), bytes.data(), bytes.size()) == ARCHIVE_OK;
    return a;
  }
  switch (kind) {
    case ArchiveKind::npm_tarball:
      archive_read_support_filter_gzip(a.get());
      archive_read_support_format_tar(a.get());
      break;
    case ArchiveKind::zip:
      archive_read_support_format_zip(a.get());
      break;
    case ArchiveKind::sdist:
      archive_read_support_filter_gzip(a.get());
      archive_read_support_filter_bzip2(a.get());
      archive_read_support_filter_xz(a.get());
      archive_read_support_format_tar(a.get());
      archive_read_support_format_zip(a.get());
      break;
  }
  *opened = archive_read_open_memory(a.get(), bytes.data(), bytes.size()) == ARCHIVE_OK;
  return a;
}

std::string_view kind_name(ArchiveKind kind) {
  switch (kind) {
    case ArchiveKind::npm_tarball:
      return "gzip tar archive";
    case ArchiveKind::zip:
      return "zip archive";
    case ArchiveKind::sdist:
      return "source distribution (tar.gz, tar.bz2, tar.xz or zip)";
  }
  return "archive";
}

class Reader {
 public:
  Reader(std::string_view bytes, ArchiveKind kind, const ArchiveLimits& limits)
      : m_bytes(bytes), m_kind(kind), m_limits(limits) {}

  ArchiveContents run();

 private:
  // Returns false when reading must stop (a hard limit or a fatal error).
  bool handle_entry(archive_entry* entry);
  bool read_file(const std::string& display, int64_t declared_size);
  bool over_ratio() const;
  void big_entry(const std::string& display, uint64_t size, std::string_view head);
  std::string read_head();
  void add_finding(std::string rule, Risk severity, std::string message, std::string file);
  void note_leading(const ArchivePath& path, bool regular_file);
  void strip_leading();

  std::string_view m_bytes;  // the archive as given (its size is the ratio's denominator)
  ArchiveKind m_kind;
  const ArchiveLimits& m_limits;
  archive* m_archive = nullptr;
  ArchiveContents m_out;
  uint64_t m_entries = 0;
  // sdists: pip strips the first component only when every entry shares it.
  std::string m_leading;
  bool m_leading_mixed = false;
  std::vector<char> m_buffer;  // heap, not stack: readers run on worker threads
};

void Reader::add_finding(std::string rule, Risk severity, std::string message, std::string file) {
  Finding finding;
  finding.rule = std::move(rule);
  finding.capability = std::string(capability::archive);
  finding.severity = severity;
  finding.message = std::move(message);
  finding.file = std::move(file);
  m_out.findings.push_back(std::move(finding));
}

// The first bytes of the current entry, to tell a native binary from anything else. They are
// counted against the total like any other bytes read.
std::string Reader::read_head() {
  std::string head(k_head_bytes, '\0');
  la_ssize_t got = archive_read_data(m_archive, head.data(), head.size());
  head.resize(got > 0 ? static_cast<size_t>(got) : 0);
  return head;
}

// An entry over the per-entry limit is not an attack by itself (prebuilt addons of 100 MB are
// common): it is reported as a big entry, as native code when its header says so, and not read.
// Only bombs (ratio, entry count, total size) are alarms.
void Reader::big_entry(const std::string& display, uint64_t size, std::string_view head) {
  std::string_view format = native_format(head);
  bool addon = display.size() > 5 && display.compare(display.size() - 5, 5, ".node") == 0;
  std::string what = std::to_string(size) + " bytes (over the " +
                     std::to_string(m_limits.max_entry_bytes) + "-byte limit for one file)";
  if (!format.empty() || addon) {
    add_finding("archive-big-native-entry", Risk::low,
                "compiled native code (" + std::string(format.empty() ? "native addon" : format) +
                    ") of " + what + "; it cannot be reviewed as source and was not read",
                display);
    m_out.findings.back().capability = std::string(capability::native_code);
    return;
  }
  add_finding("archive-big-entry", Risk::medium,
              "file of " + what + " was not read; its behaviour is unknown", display);
}

bool Reader::over_ratio() const {
  // Tiny archives of repetitive text legitimately compress far better than any sane ratio, so
  // the ratio only counts once enough has been unpacked to matter.
  if (m_out.unpacked_bytes < m_limits.ratio_min_bytes) {
    return false;
  }
  uint64_t compressed = std::max<uint64_t>(m_bytes.size(), 1);
  return m_out.unpacked_bytes / compressed > m_limits.max_ratio;
}

ArchiveContents Reader::run() {
  bool opened = false;
  // A gzip tar small enough is inflated in one call; libarchive then only reads the tar.
  std::optional<std::string> tar;
  if (m_kind != ArchiveKind::zip && m_limits.whole_inflate_bytes > 0 && is_gzip(m_bytes)) {
    tar = inflate_gzip(m_bytes, m_limits.whole_inflate_bytes);
  }
  ArchivePtr handle =
      tar ? open_reader(*tar, m_kind, true, &opened) : open_reader(m_bytes, m_kind, false, &opened);
  if (!handle) {
    m_out.error = "cannot allocate an archive reader";
    return std::move(m_out);
  }
  if (!opened) {
    m_out.error =
        "not a readable " + std::string(kind_name(m_kind)) + ": " + archive_message(handle.get());
    return std::move(m_out);
  }
  m_archive = handle.get();
  bool first = true;
  bool reached_end = false;
  while (true) {
    archive_entry* entry = nullptr;
    int status = archive_read_next_header(m_archive, &entry);
    if (status == ARCHIVE_EOF) {
      reached_end = true;
      break;
    }
    if (status == ARCHIVE_FATAL || (status == ARCHIVE_FAILED && entry == nullptr)) {
      std::string what = archive_message(m_archive);
      m_out.error = first ? "not a readable " + std::string(kind_name(m_kind)) + ": " + what
                          : "archive is corrupt or truncated after " + std::to_string(m_entries) +
                                " entries: " + what;
      break;
    }
    first = false;
    if (!handle_entry(entry)) {
      break;
    }
  }
  if (reached_end && m_kind != ArchiveKind::zip) {
    m_out.error = gzip_trailer_problem(m_bytes, m_limits.max_total_bytes);
  }
  if (m_kind == ArchiveKind::sdist) {
    strip_leading();
  }
  return std::move(m_out);
}

bool Reader::handle_entry(archive_entry* entry) {
  ++m_entries;
  if (m_entries > m_limits.max_entries) {
    add_finding("archive-limit-exceeded", Risk::high,
                "archive has more than " + std::to_string(m_limits.max_entries) +
                    " entries; the rest was not read",
                "");
    return false;
  }

  const char* raw_name = archive_entry_pathname(entry);
  if (raw_name == nullptr) {
    raw_name = archive_entry_pathname_utf8(entry);
  }
  if (raw_name == nullptr) {
    add_finding("archive-unreadable-entry", Risk::medium,
                "entry " + std::to_string(m_entries) + " has no readable name", "");
    archive_read_data_skip(m_archive);
    return true;
  }
  std::string name = raw_name;
  // npm always strips the first component; an sdist's is stripped at the end, when known to be
  // shared (strip_leading).
  ArchivePath path = classify_archive_path(name, m_kind == ArchiveKind::npm_tarball);
  if (m_kind == ArchiveKind::sdist && !path.escapes) {
    note_leading(path, archive_entry_filetype(entry) != AE_IFDIR);
  }

  if (name.size() > m_limits.max_path_length) {
    add_finding("archive-limit-exceeded", Risk::medium,
                "entry name is " + std::to_string(name.size()) + " bytes long (limit " +
                    std::to_string(m_limits.max_path_length) + "); entry skipped",
                path.display.substr(0, 200));
    archive_read_data_skip(m_archive);
    return true;
  }
  if (path.escapes) {
    add_finding("archive-path-traversal", Risk::high,
                "entry name '" + display_name(name) +
                    "' is absolute or climbs out of the package with '..'; it was not read",
                path.display);
    archive_read_data_skip(m_archive);
    return true;
  }

  // A tar hardlink arrives as a zero-length entry naming its target; never resolve it to
  // content, just record it.
  if (const char* target = archive_entry_hardlink(entry); target != nullptr) {
    add_finding("archive-hardlink", Risk::medium,
                "hard link to '" + display_name(target) + "' recorded, not followed", path.display);
    archive_read_data_skip(m_archive);
    return true;
  }
  mode_t type = archive_entry_filetype(entry);
  if (type == AE_IFLNK) {
    const char* target = archive_entry_symlink(entry);
    add_finding("archive-symlink", Risk::medium,
                "symbolic link to '" + display_name(target != nullptr ? target : "") +
                    "' recorded, not followed",
                path.display);
    archive_read_data_skip(m_archive);
    return true;
  }
  if (type == AE_IFDIR) {
    return true;
  }
  if (type != AE_IFREG) {
    add_finding("archive-unreadable-entry", Risk::medium,
                "special file (device, fifo or socket) skipped", path.display);
    archive_read_data_skip(m_archive);
    return true;
  }
  if (path.dropped) {
    // npm and pip strip the first component, so a file at the top level is never installed.
    archive_read_data_skip(m_archive);
    return true;
  }
  int64_t declared = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : -1;
  return read_file(path.display, declared);
}

bool Reader::read_file(const std::string& display, int64_t declared_size) {
  if (declared_size >= 0 && static_cast<uint64_t>(declared_size) > m_limits.max_entry_bytes) {
    big_entry(display, static_cast<uint64_t>(declared_size), read_head());
    archive_read_data_skip(m_archive);
    return true;
  }
  if (declared_size >= 0 &&
      m_out.unpacked_bytes + static_cast<uint64_t>(declared_size) > m_limits.max_total_bytes) {
    add_finding("archive-limit-exceeded", Risk::high,
                "archive unpacks to more than " + std::to_string(m_limits.max_total_bytes) +
                    " bytes; the rest was not read",
                display);
    return false;
  }

  // The declared size can lie (or be absent in streamed zips), so limits are enforced on the
  // bytes actually produced as well.
  std::string data;
  if (declared_size > 0) {
    data.reserve(static_cast<size_t>(declared_size));
  }
  m_buffer.resize(k_read_chunk);
  while (true) {
    la_ssize_t got = archive_read_data(m_archive, m_buffer.data(), m_buffer.size());
    if (got == 0) {
      break;
    }
    if (got < 0) {
      std::string what = archive_message(m_archive);
      add_finding("archive-unreadable-entry", Risk::medium, "file content unreadable: " + what,
                  display);
      if (got == ARCHIVE_FATAL) {
        m_out.error = "archive is corrupt or truncated in '" + display + "': " + what;
        return false;
      }
      return true;
    }
    data.append(m_buffer.data(), static_cast<size_t>(got));
    m_out.unpacked_bytes += static_cast<uint64_t>(got);
    if (data.size() > m_limits.max_entry_bytes) {
      big_entry(display, data.size(), std::string_view(data).substr(0, k_head_bytes));
      m_out.unpacked_bytes -= data.size();
      archive_read_data_skip(m_archive);
      return true;
    }
    if (m_out.unpacked_bytes > m_limits.max_total_bytes) {
      add_finding("archive-limit-exceeded", Risk::high,
                  "archive unpacks to more than " + std::to_string(m_limits.max_total_bytes) +
                      " bytes; the rest was not read",
                  display);
      m_out.unpacked_bytes -= data.size();
      return false;
    }
    if (over_ratio()) {
      add_finding("archive-limit-exceeded", Risk::high,
                  "archive expands more than " + std::to_string(m_limits.max_ratio) +
                      " times its compressed size (a decompression bomb); the rest was not read",
                  display);
      m_out.unpacked_bytes -= data.size();
      return false;
    }
  }
  m_out.files.push_back(ArchiveEntry{display, std::move(data)});
  return true;
}

// pip unpacks an sdist under its one top-level folder when every entry shares it; otherwise
// (files at the top, or several folders) the archive's layout is the project's layout, so a
// setup.py at the top is still the one pip runs.
void Reader::note_leading(const ArchivePath& path, bool regular_file) {
  if (path.display.empty()) {
    return;  // "./" and the like
  }
  size_t slash = path.display.find('/');
  if (slash == std::string::npos && regular_file) {
    m_leading_mixed = true;
    return;
  }
  std::string first = path.display.substr(0, slash);
  if (m_leading.empty()) {
    m_leading = first;
  } else if (first != m_leading) {
    m_leading_mixed = true;
  }
}

void Reader::strip_leading() {
  if (m_leading_mixed || m_leading.empty()) {
    return;
  }
  std::string prefix = m_leading + "/";
  auto strip = [&prefix](std::string& path) {
    if (path.compare(0, prefix.size(), prefix) == 0) {
      path.erase(0, prefix.size());
    }
  };
  for (auto& file : m_out.files) {
    strip(file.path);
  }
  for (auto& finding : m_out.findings) {
    strip(finding.file);
  }
}

}  // namespace

ArchiveContents read_archive(std::string_view bytes, ArchiveKind kind,
                             const ArchiveLimits& limits) {
  return Reader(bytes, kind, limits).run();
}

}  // namespace tarsier
