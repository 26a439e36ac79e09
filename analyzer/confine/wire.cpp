#include "analyzer/confine/wire.h"

#include <cstdint>
#include <cstring>

namespace tarsier {

namespace {

class Writer {
 public:
  void num(uint64_t value) { m_out.append(reinterpret_cast<const char*>(&value), sizeof value); }
  void str(const std::string& text) {
    num(text.size());
    m_out += text;
  }
  // str() for bytes that stay where they are until the message is sent (an archive): in parts()
  // they are a view, not a copy.
  void str_in_place(const std::string& text) {
    num(text.size());
    m_parts.push_back({std::move(m_out), {}});
    m_out.clear();
    m_parts.push_back({{}, text});
  }
  WireParts parts() {
    WireParts out;
    m_parts.push_back({std::move(m_out), {}});
    for (auto& [owned, view] : m_parts) {
      if (!owned.empty()) {
        out.owned.push_back(std::move(owned));
        out.parts.push_back(out.owned.back());
      } else if (!view.empty()) {
        out.parts.push_back(view);
      }
    }
    return out;
  }
  void strings(const std::vector<std::string>& items) {
    num(items.size());
    for (const auto& item : items) {
      str(item);
    }
  }
  std::string take() { return std::move(m_out); }

 private:
  std::string m_out;
  std::vector<std::pair<std::string, std::string_view>> m_parts;  // owned bytes, or a view
};

// Reads what Writer wrote; any read past the end marks the whole message bad.
class Reader {
 public:
  explicit Reader(const std::string& bytes) : m_in(bytes) {}
  uint64_t num() {
    uint64_t value = 0;
    if (m_in.size() - m_at < sizeof value) {
      m_bad = true;
      return 0;
    }
    std::memcpy(&value, m_in.data() + m_at, sizeof value);
    m_at += sizeof value;
    return value;
  }
  std::string str() {
    uint64_t size = num();
    if (m_bad || size > m_in.size() - m_at) {
      m_bad = true;
      return {};
    }
    std::string text = m_in.substr(m_at, size);
    m_at += size;
    return text;
  }
  std::vector<std::string> strings() {
    std::vector<std::string> items(count());
    for (auto& item : items) {
      item = str();
    }
    return items;
  }
  // An element count, never more than the bytes left could hold.
  size_t count() {
    uint64_t n = num();
    if (n > m_in.size() - m_at) {
      m_bad = true;
      return 0;
    }
    return n;
  }
  // A risk level, checked: the reply comes from a process that read hostile bytes.
  Risk risk() {
    uint64_t value = num();
    if (value > static_cast<uint64_t>(Risk::critical)) {
      m_bad = true;
      return Risk::none;
    }
    return static_cast<Risk>(value);
  }
  void fail() { m_bad = true; }
  bool ok() const { return !m_bad && m_at == m_in.size(); }

 private:
  const std::string& m_in;
  size_t m_at = 0;
  bool m_bad = false;
};

void put(Writer& w, const PackageRef& ref) {
  w.strings({ref.ecosystem, ref.name, ref.version, ref.integrity, ref.resolved, ref.source,
             ref.alias, ref.lockfile});
  w.num((ref.dev ? 1U : 0U) | (ref.optional ? 2U : 0U) | (ref.peer ? 4U : 0U) |
        (ref.has_install_script ? 8U : 0U));
  w.num(static_cast<uint64_t>(ref.line));
  w.strings(ref.via);
}

void get(Reader& r, PackageRef* ref) {
  auto text = r.strings();
  if (text.size() != 8) {
    r.fail();
    text.resize(8);
  }
  ref->ecosystem = text[0];
  ref->name = text[1];
  ref->version = text[2];
  ref->integrity = text[3];
  ref->resolved = text[4];
  ref->source = text[5];
  ref->alias = text[6];
  ref->lockfile = text[7];
  uint64_t flags = r.num();
  ref->dev = flags & 1U;
  ref->optional = flags & 2U;
  ref->peer = flags & 4U;
  ref->has_install_script = flags & 8U;
  ref->line = static_cast<int>(r.num());
  ref->via = r.strings();
}

void put(Writer& w, const std::vector<Finding>& findings) {
  w.num(findings.size());
  for (const auto& f : findings) {
    w.strings({f.rule, f.capability, f.message, f.file, f.snippet, f.suppression_reason});
    w.num(static_cast<uint64_t>(f.severity));
    w.num(static_cast<uint64_t>(f.line));
    w.num(static_cast<uint64_t>(f.column));
    w.num((f.install_time ? 1U : 0U) | (f.suppressed ? 2U : 0U) | (f.context ? 4U : 0U));
  }
}

void get(Reader& r, std::vector<Finding>* findings) {
  findings->resize(r.count());
  for (auto& f : *findings) {
    auto text = r.strings();
    if (text.size() != 6) {
      r.fail();
      text.resize(6);
    }
    f.rule = text[0];
    f.capability = text[1];
    f.message = text[2];
    f.file = text[3];
    f.snippet = text[4];
    f.suppression_reason = text[5];
    f.severity = r.risk();
    f.line = static_cast<int>(r.num());
    f.column = static_cast<int>(r.num());
    uint64_t flags = r.num();
    f.install_time = flags & 1U;
    f.suppressed = flags & 2U;
    f.context = flags & 4U;
  }
}

void put(Writer& w, const PackageStats& stats) {
  w.num(stats.archive_bytes);
  w.num(stats.files);
  w.num(stats.unpacked_bytes);
  w.num(stats.parsed_files);
}

void get(Reader& r, PackageStats* stats) {
  stats->archive_bytes = r.num();
  stats->files = r.num();
  stats->unpacked_bytes = r.num();
  stats->parsed_files = r.num();
}

}  // namespace

WireParts encode_job_parts(const AnalysisJob& job, bool file_cache) {
  Writer w;
  put(w, job.ref);
  w.str(job.download_url);
  w.num(job.archives.size());
  for (const auto& archive : job.archives) {
    w.str_in_place(archive.bytes);
    w.num(static_cast<uint64_t>(archive.kind));
    w.str(archive.file_name);
  }
  put(w, job.findings);
  w.num((job.want_manifest ? 1U : 0U) | (file_cache ? 2U : 0U));
  return w.parts();
}

std::optional<AnalysisJob> decode_job(const std::string& bytes) {
  Reader r(bytes);
  AnalysisJob job;
  get(r, &job.ref);
  job.download_url = r.str();
  job.archives.resize(r.count());
  for (auto& archive : job.archives) {
    archive.bytes = r.str();
    uint64_t kind = r.num();
    if (kind > static_cast<uint64_t>(ArchiveKind::sdist)) {
      r.fail();
    }
    archive.kind = static_cast<ArchiveKind>(kind);
    archive.file_name = r.str();
  }
  get(r, &job.findings);
  uint64_t flags = r.num();
  job.want_manifest = (flags & 1U) != 0;
  job.file_cache = (flags & 2U) != 0;
  return r.ok() ? std::optional<AnalysisJob>(std::move(job)) : std::nullopt;
}

std::string encode_reply(const AnalysisReply& reply) {
  Writer w;
  w.str(reply.error);
  put(w, reply.ref);
  put(w, reply.findings);
  w.strings(reply.capabilities);
  w.num(static_cast<uint64_t>(reply.analysis.risk));
  w.strings(reply.analysis.threats);
  put(w, reply.stats);
  w.num(reply.file_sha256.size());
  for (const auto& [file, hash] : reply.file_sha256) {
    w.strings({file, hash});
  }
  w.num((reply.archive_read ? 1U : 0U) | (reply.manifest ? 2U : 0U));
  w.str(reply.manifest.value_or(""));
  return w.take();
}

std::optional<AnalysisReply> decode_reply(const std::string& bytes) {
  Reader r(bytes);
  AnalysisReply reply;
  reply.error = r.str();
  get(r, &reply.ref);
  get(r, &reply.findings);
  reply.capabilities = r.strings();
  reply.analysis.risk = r.risk();
  reply.analysis.threats = r.strings();
  get(r, &reply.stats);
  size_t hashes = r.count();
  for (size_t i = 0; i < hashes; ++i) {
    auto pair = r.strings();
    pair.resize(2);
    reply.file_sha256[pair[0]] = pair[1];
  }
  uint64_t flags = r.num();
  reply.archive_read = flags & 1U;
  std::string manifest = r.str();
  if (flags & 2U) {
    reply.manifest = std::move(manifest);
  }
  return r.ok() ? std::optional<AnalysisReply>(std::move(reply)) : std::nullopt;
}

}  // namespace tarsier
