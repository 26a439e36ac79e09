#include "analyzer/registry/netrc.h"

#include "analyzer/core/diagnostic.h"
#include "analyzer/util/ascii.h"

namespace tarsier {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

struct Token {
  std::string text;
  size_t offset = 0;
};

// Splits netrc text into tokens. A '#' starting a token comments out the rest of the line;
// double quotes group a token with spaces ("\" escapes the next character inside them).
class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : m_text(text) {}

  std::optional<Token> next() {
    while (m_pos < m_text.size()) {
      char c = m_text[m_pos];
      if (is_space(c)) {
        ++m_pos;
      } else if (c == '#') {
        skip_line();
      } else {
        break;
      }
    }
    if (m_pos >= m_text.size()) {
      return std::nullopt;
    }
    Token t;
    t.offset = m_pos;
    if (m_text[m_pos] == '"') {
      ++m_pos;
      while (m_pos < m_text.size() && m_text[m_pos] != '"') {
        if (m_text[m_pos] == '\\' && m_pos + 1 < m_text.size()) {
          ++m_pos;
        }
        t.text += m_text[m_pos++];
      }
      ++m_pos;  // closing quote (or past the end)
      return t;
    }
    while (m_pos < m_text.size() && !is_space(m_text[m_pos])) {
      t.text += m_text[m_pos++];
    }
    return t;
  }

  // A macdef body runs until the first empty line.
  void skip_macro() {
    skip_line();
    while (m_pos < m_text.size()) {
      size_t end = m_text.find('\n', m_pos);
      std::string_view line = m_text.substr(
          m_pos, end == std::string_view::npos ? std::string_view::npos : end - m_pos);
      m_pos = end == std::string_view::npos ? m_text.size() : end + 1;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
        return;
      }
    }
  }

 private:
  void skip_line() {
    size_t end = m_text.find('\n', m_pos);
    m_pos = end == std::string_view::npos ? m_text.size() : end + 1;
  }

  std::string_view m_text;
  size_t m_pos = 0;
};

}  // namespace

std::optional<NetrcEntry> NetrcFile::lookup(std::string_view host) const {
  std::string key = ascii_lower(host);
  const NetrcEntry* fallback = nullptr;
  for (const auto& e : entries) {
    if (!e.machine.empty() && e.machine == key) {
      return e.login.empty() ? std::nullopt : std::optional<NetrcEntry>(e);
    }
    if (e.machine.empty() && !fallback) {
      fallback = &e;
    }
  }
  if (fallback && !fallback->login.empty()) {
    return *fallback;
  }
  return std::nullopt;
}

NetrcFile parse_netrc(std::string_view text, const std::string& display_path) {
  NetrcFile file;
  Tokenizer tokens(text);
  auto warn = [&](size_t offset, const std::string& message) {
    Diagnostic d;
    d.path = display_path;
    offset_to_line_col(text, offset, &d.line, &d.column);
    d.message = message;
    file.warnings.push_back(d.str());
  };

  NetrcEntry* current = nullptr;
  while (auto token = tokens.next()) {
    const std::string& word = token->text;
    if (word == "machine" || word == "default") {
      NetrcEntry entry;
      if (word == "machine") {
        auto name = tokens.next();
        if (!name) {
          warn(token->offset, "expected a host name after 'machine'");
          break;
        }
        entry.machine = ascii_lower(name->text);
      }
      file.entries.push_back(std::move(entry));
      current = &file.entries.back();
    } else if (word == "login" || word == "password" || word == "account") {
      auto value = tokens.next();
      if (!value) {
        warn(token->offset, "expected a value after '" + word + "'");
        break;
      }
      if (!current) {
        // The value itself is never repeated: it may be a password.
        warn(token->offset, "expected 'machine' or 'default' before '" + word + "'");
        continue;
      }
      if (word == "login") {
        current->login = value->text;
      } else if (word == "password") {
        current->password = value->text;
      }
    } else if (word == "macdef") {
      tokens.next();  // macro name
      tokens.skip_macro();
    } else {
      warn(token->offset,
           "expected 'machine', 'default', 'login', 'password', 'account' or "
           "'macdef'");
    }
  }
  return file;
}

}  // namespace tarsier
