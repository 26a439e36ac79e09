#include "analyzer/engine/file_outcome_codec.h"

#include <cstdint>
#include <cstring>

#include "analyzer/util/base64.h"

namespace tarsier {

namespace {

// Bumped whenever the layout below changes: older values then read as misses.
constexpr char k_format = '1';

class Writer {
 public:
  void number(uint64_t value) {
    for (int i = 0; i < 8; ++i) {
      m_out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
    }
  }
  void real(double value) {
    uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    number(bits);
  }
  void text(std::string_view value) {
    number(value.size());
    m_out.append(value);
  }
  std::string& out() { return m_out; }

 private:
  std::string m_out;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : m_in(in) {}
  bool number(uint64_t* value) {
    if (m_in.size() < 8) {
      return false;
    }
    *value = 0;
    for (int i = 0; i < 8; ++i) {
      *value |= static_cast<uint64_t>(static_cast<unsigned char>(m_in[i])) << (8 * i);
    }
    m_in.remove_prefix(8);
    return true;
  }
  bool real(double* value) {
    uint64_t bits = 0;
    if (!number(&bits)) {
      return false;
    }
    std::memcpy(value, &bits, sizeof bits);
    return true;
  }
  bool integer(int* value) {
    uint64_t raw = 0;
    bool ok = number(&raw);
    *value = static_cast<int>(static_cast<int64_t>(raw));
    return ok;
  }
  bool text(std::string* value) {
    uint64_t size = 0;
    if (!number(&size) || size > m_in.size()) {
      return false;
    }
    value->assign(m_in.substr(0, size));
    m_in.remove_prefix(size);
    return true;
  }
  bool done() const { return m_in.empty(); }

 private:
  std::string_view m_in;
};

void write_signal(const Signal& s, Writer* w) {
  const Finding& f = s.finding;
  w->text(f.rule);
  w->text(f.capability);
  w->number(static_cast<uint64_t>(f.severity));
  w->text(f.message);
  w->number(static_cast<uint64_t>(static_cast<int64_t>(f.line)));
  w->number(static_cast<uint64_t>(static_cast<int64_t>(f.column)));
  w->text(f.snippet);
  w->number((f.install_time ? 1 : 0) | (s.whole_file ? 2 : 0) | (s.hidden ? 4 : 0));
  w->number(s.begin);
  w->number(s.end);
  w->number(s.tags.size());
  for (const auto& tag : s.tags) {
    w->text(tag);
  }
}

bool read_signal(Reader* r, Signal* s) {
  Finding& f = s->finding;
  uint64_t severity = 0, flags = 0, begin = 0, end = 0, tags = 0;
  if (!r->text(&f.rule) || !r->text(&f.capability) || !r->number(&severity) ||
      !r->text(&f.message) || !r->integer(&f.line) || !r->integer(&f.column) ||
      !r->text(&f.snippet) || !r->number(&flags) || !r->number(&begin) || !r->number(&end) ||
      !r->number(&tags) || severity > static_cast<uint64_t>(Risk::critical)) {
    return false;
  }
  f.severity = static_cast<Risk>(severity);
  f.install_time = (flags & 1) != 0;
  s->whole_file = (flags & 2) != 0;
  s->hidden = (flags & 4) != 0;
  s->begin = begin;
  s->end = end;
  for (uint64_t i = 0; i < tags; ++i) {
    if (!r->text(&s->tags.emplace_back())) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string encode_file_outcome(const FileOutcome& outcome) {
  Writer w;
  w.out().push_back(k_format);
  w.number(outcome.parsed ? 1 : 0);
  w.real(outcome.minified);
  w.real(outcome.obfuscated);
  w.number(outcome.signals.size());
  for (const auto& s : outcome.signals) {
    write_signal(s, &w);
  }
  // Text columns of PostgreSQL take neither NUL bytes nor invalid UTF-8.
  return base64_encode(w.out());
}

std::optional<FileOutcome> decode_file_outcome(std::string_view text, const std::string& file) {
  auto bytes = base64_decode(text);
  if (!bytes || bytes->empty() || (*bytes)[0] != k_format) {
    return std::nullopt;
  }
  Reader r(std::string_view(*bytes).substr(1));
  FileOutcome out;
  uint64_t parsed = 0, count = 0;
  if (!r.number(&parsed) || !r.real(&out.minified) || !r.real(&out.obfuscated) ||
      !r.number(&count) || count > bytes->size()) {
    return std::nullopt;
  }
  out.parsed = parsed != 0;
  out.signals.resize(count);
  for (auto& s : out.signals) {
    if (!read_signal(&r, &s)) {
      return std::nullopt;
    }
    s.finding.file = file;
  }
  if (!r.done()) {
    return std::nullopt;
  }
  return out;
}

}  // namespace tarsier
