#include "analyzer/engine/payload_decode.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "analyzer/engine/resolver.h"
#include "analyzer/util/base64.h"

namespace tarsier {

namespace {

constexpr size_t k_max_literal = 4u << 20;
constexpr size_t k_max_keys = 8;

bool is_b64_char(unsigned char c) {
  return std::isalnum(c) != 0 || c == '+' || c == '/' || c == '=' || c == '-' || c == '_';
}

bool is_hex_char(unsigned char c) {
  return std::isxdigit(c) != 0;
}

// base64 (standard or URL-safe, padding optional) when the text is nothing else; whitespace and
// written "\n" line breaks inside the literal are dropped first.
std::optional<std::string> try_base64(std::string_view text) {
  // Most literals are words or prose: reject them before copying anything.
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (!is_b64_char(c) && c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\\') {
      return std::nullopt;
    }
  }
  std::string clean;
  clean.reserve(text.size());
  bool upper = false, lower = false, digit = false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\\' && i + 1 < text.size() && (text[i + 1] == 'n' || text[i + 1] == 'r')) {
      ++i;
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      continue;
    }
    if (!is_b64_char(c)) {
      return std::nullopt;
    }
    upper = upper || std::isupper(c) != 0;
    lower = lower || std::islower(c) != 0;
    digit = digit || std::isdigit(c) != 0;
    clean += c == '-' ? '+' : c == '_' ? '/' : static_cast<char>(c);
  }
  // Words and identifiers are valid base64 too; encoded data mixes cases and digits.
  if (clean.size() < 16 || !(upper && lower) || (!digit && clean.size() < 64)) {
    return std::nullopt;
  }
  while (!clean.empty() && clean.back() == '=') {
    clean.pop_back();
  }
  if (clean.size() % 4 == 1) {
    return std::nullopt;
  }
  return base64_decode(clean);
}

std::optional<std::string> try_hex(std::string_view text) {
  if (text.size() < 32 || text.size() % 2 != 0) {
    return std::nullopt;
  }
  for (unsigned char c : text) {
    if (!is_hex_char(c)) {
      return std::nullopt;
    }
  }
  return from_hex(text);
}

std::string rot13(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>('a' + (c - 'a' + 13) % 26);
    else if (c >= 'A' && c <= 'Z')
      c = static_cast<char>('A' + (c - 'A' + 13) % 26);
  }
  return out;
}

std::string xor_with(std::string_view data, std::string_view key) {
  std::string out(data);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<char>(out[i] ^ key[i % key.size()]);
  }
  return out;
}

// A literal's body with its escapes decoded; nullopt when it has none worth decoding.
std::optional<std::string> unescaped(std::string_view body) {
  size_t marks = 0;
  for (size_t at = body.find('\\'); at != std::string_view::npos; at = body.find('\\', at + 2)) {
    marks += at + 1 < body.size() && (body[at + 1] == 'x' || body[at + 1] == 'u');
  }
  if (marks < 8 || marks * 4 * 2 < body.size()) {
    return std::nullopt;
  }
  size_t escapes = 0;
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 >= body.size()) {
      out += body[i];
      continue;
    }
    char k = body[i + 1];
    size_t len = k == 'x' ? 4 : k == 'u' ? (i + 2 < body.size() && body[i + 2] == '{' ? 0 : 6) : 2;
    if (len == 0) {
      size_t close = body.find('}', i);
      len = close == std::string_view::npos ? 2 : close - i + 1;
    }
    len = std::min(len, body.size() - i);
    if (!resolve::decode_escape(body.substr(i, len), &out)) {
      out.append(body.substr(i, len));
    }
    escapes += k == 'x' || k == 'u';
    i += len - 1;
  }
  // Mostly escapes: a hidden string, not prose or code with a few special characters.
  return escapes >= 8 && escapes * 4 * 2 >= body.size() ? std::optional<std::string>(std::move(out))
                                                        : std::nullopt;
}

struct Literal {
  size_t begin = 0;       // the opening quote
  size_t end = 0;         // one past the closing quote
  std::string_view view;  // raw text between the quotes
  std::string joined;     // adjacent literals joined, when there were several
  std::string_view body() const { return joined.empty() ? view : std::string_view(joined); }
};

class Decoder {
 public:
  Decoder(std::string_view source, const DecodeLimits& limits) : m_src(source), m_limits(limits) {}

  std::vector<DecodedPayload> run() {
    m_rot13 = m_src.find("rot13") != std::string_view::npos ||
              m_src.find("rot_13") != std::string_view::npos ||
              m_src.find("ROT13") != std::string_view::npos;
    for_each_literal([&](const Literal& lit) {
      if (!done() && lit.body().size() >= m_limits.min_literal) {
        try_literal(lit);
      }
    });
    scan_code_lists();
    return std::move(m_out);
  }

 private:
  bool done() const {
    return m_out.size() >= m_limits.max_payloads || m_kept >= m_limits.max_output ||
           m_work >= m_limits.max_work;
  }

  // String literals, lexically: '...' and "..." end at the line, `...` may span lines (and is
  // skipped when it has substitutions), Python ''' and """ span lines. Literals separated only
  // by blanks, '+', parentheses or a line continuation are joined ('ab' + 'cd', Python implicit
  // joins); `visit` sees each literal once it can no longer grow.
  template <typename F>
  void for_each_literal(F&& visit) const {
    Literal cur;
    bool have = false, joinable = false;
    size_t i = 0;
    while (i < m_src.size()) {
      char c = m_src[i];
      if (c != '"' && c != '\'' && c != '`') {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '+' && c != '\\' && c != '(' &&
            c != ')') {
          joinable = false;
        }
        ++i;
        continue;
      }
      bool triple = c != '`' && m_src.compare(i, 3, std::string(3, c)) == 0;
      size_t start = i + (triple ? 3 : 1);
      size_t e = start;
      bool ok = false, substitution = false;
      while (e < m_src.size() && e - start < k_max_literal) {
        char d = m_src[e];
        if (d == '\\') {
          e += 2;
          continue;
        }
        if (d == '\n' && !triple && c != '`')
          break;
        if (c == '`' && d == '$' && e + 1 < m_src.size() && m_src[e + 1] == '{')
          substitution = true;
        if (d == c && (!triple || m_src.compare(e, 3, std::string(3, c)) == 0)) {
          ok = true;
          break;
        }
        ++e;
      }
      if (!ok || substitution) {
        i = e + 1;
        joinable = false;
        continue;
      }
      size_t close = std::min(m_src.size(), e + (triple ? 3 : 1));
      std::string_view body = m_src.substr(start, e - start);
      if (have && joinable && cur.body().size() + body.size() < k_max_literal) {
        if (cur.joined.empty())
          cur.joined = std::string(cur.view);
        cur.joined.append(body);
        cur.end = close;
      } else {
        if (have)
          visit(cur);
        cur = Literal{i, close, body, {}};
        have = true;
      }
      joinable = true;
      i = close;
    }
    if (have)
      visit(cur);
  }

  // Keys a constant-key XOR can use: numbers right after '^' (`c ^ 0x2a`, `^= 7`) and short
  // string literals within 400 bytes of a '^'.
  void collect_keys() {
    std::vector<size_t> carets;
    for (size_t at = m_src.find('^'); at != std::string_view::npos && carets.size() < 64;
         at = m_src.find('^', at + 1)) {
      carets.push_back(at);
      size_t j = at + 1;
      while (j < m_src.size() && (m_src[j] == ' ' || m_src[j] == '=' || m_src[j] == '('))
        ++j;
      char* end = nullptr;
      std::string digits(m_src.substr(j, 8));
      unsigned long v = std::strtoul(digits.c_str(), &end, 0);
      if (end != digits.c_str() && v > 0 && v < 256) {
        add_key(std::string(1, static_cast<char>(v)));
      }
    }
    if (carets.empty()) {
      return;
    }
    for_each_literal([&](const Literal& lit) {
      std::string_view body = lit.body();
      if (body.size() < 2 || body.size() > 32)
        return;
      for (size_t at : carets) {
        if (at + 400 >= lit.begin && at <= lit.end + 400) {
          add_key(std::string(body));
          break;
        }
      }
    });
  }

  void add_key(std::string key) {
    if (m_keys.size() < k_max_keys &&
        std::find(m_keys.begin(), m_keys.end(), key) == m_keys.end()) {
      m_keys.push_back(std::move(key));
    }
  }

  void try_literal(const Literal& lit) {
    if (auto text = unescaped(lit.body()); text && looks_like_code(*text)) {
      emit(lit.begin, lit.end, "escapes", std::move(*text));
      return;
    }
    decode_text(lit.body(), lit.begin, lit.end, "", 0);
    if (m_rot13 && !done()) {
      std::string turned = rot13(lit.body());
      if (looks_like_code(turned)) {
        emit(lit.begin, lit.end, "rot13", std::move(turned));
      } else {
        decode_text(turned, lit.begin, lit.end, "rot13", 1);
      }
    }
  }

  // Text that may be base64 or hex.
  void decode_text(std::string_view text, size_t begin, size_t end, const std::string& chain,
                   int depth) {
    if (depth >= m_limits.max_depth || done()) {
      return;
    }
    std::optional<std::string> bytes;
    std::string step;
    if ((bytes = try_hex(text))) {
      step = "hex";
    } else if ((bytes = try_base64(text))) {
      step = "base64";
    } else {
      return;
    }
    m_work += bytes->size();
    decode_bytes(std::move(*bytes), begin, end, join(chain, step), depth + 1);
  }

  // Bytes from a decode step: code, compressed data, XOR-ed data or another encoded layer.
  void decode_bytes(std::string bytes, size_t begin, size_t end, const std::string& chain,
                    int depth) {
    if (looks_like_code(bytes)) {
      emit(begin, end, chain, std::move(bytes));
      return;
    }
    if (depth >= m_limits.max_depth || done()) {
      return;
    }
    if (auto inflated = inflate_bounded(bytes, m_limits.max_output)) {
      m_work += inflated->size();
      bool gz = bytes.size() > 1 && static_cast<unsigned char>(bytes[0]) == 0x1f;
      decode_bytes(std::move(*inflated), begin, end, join(chain, gz ? "gzip" : "zlib"), depth + 1);
      return;
    }
    // Tables of small numbers XOR a key give the key back: real XOR-ed text has few zero bytes.
    size_t zeros = static_cast<size_t>(std::count(bytes.begin(), bytes.end(), '\0'));
    if (!m_keys_collected && zeros * 10 <= bytes.size()) {
      m_keys_collected = true;
      collect_keys();
    }
    for (const auto& key : zeros * 10 > bytes.size() ? std::vector<std::string>{} : m_keys) {
      std::string plain = xor_with(bytes, key);
      m_work += plain.size();
      if (looks_like_code(plain)) {
        emit(begin, end, join(chain, "xor"), std::move(plain));
        return;
      }
      if (done())
        return;
    }
    decode_text(bytes, begin, end, chain, depth);
  }

  // Lists of character codes: `[104, 116, ...]`, `fromCharCode(104, 116, ...)`,
  // `bytes([...])`, and Python `chr(104) + chr(116) + ...`. At least 8 numbers.
  void scan_code_lists() {
    for (size_t i = 0; i < m_src.size() && !done(); ++i) {
      char c = m_src[i];
      size_t begin = i;
      std::string codes;
      size_t end = 0;
      if (c == '[' || c == '(') {
        end = number_list(i + 1, c == '[' ? ']' : ')', &codes);
      } else if (c == 'c' && m_src.compare(i, 4, "chr(") == 0 &&
                 (i == 0 || !std::isalnum(static_cast<unsigned char>(m_src[i - 1])))) {
        end = chr_sum(i, &codes);
      }
      if (end == 0) {
        continue;
      }
      i = end - 1;
      m_work += codes.size();
      decode_bytes(std::move(codes), begin, end, "char codes", 1);
    }
  }

  // Parses `n, n, ...` up to `close`; the end offset, or 0 when not a list of >= 8 codes.
  size_t number_list(size_t at, char close, std::string* out) const {
    size_t count = 0;
    while (at < m_src.size()) {
      while (at < m_src.size() &&
             (m_src[at] == ' ' || m_src[at] == '\n' || m_src[at] == '\r' || m_src[at] == '\t'))
        ++at;
      if (at < m_src.size() && m_src[at] == close) {
        return count >= 8 ? at + 1 : 0;
      }
      uint32_t v = 0;
      size_t next = parse_number(at, &v);
      if (next == at) {
        return 0;
      }
      resolve::append_utf8(v, out);
      ++count;
      at = next;
      while (at < m_src.size() && (m_src[at] == ' ' || m_src[at] == '\t'))
        ++at;
      if (at < m_src.size() && m_src[at] == ',')
        ++at;
      else if (at >= m_src.size() || m_src[at] != close)
        return 0;
    }
    return 0;
  }

  size_t chr_sum(size_t at, std::string* out) const {
    size_t count = 0, last_end = 0;
    while (m_src.compare(at, 4, "chr(") == 0) {
      uint32_t v = 0;
      size_t next = parse_number(at + 4, &v);
      if (next == at + 4 || next >= m_src.size() || m_src[next] != ')') {
        break;
      }
      resolve::append_utf8(v, out);
      ++count;
      last_end = next + 1;
      at = last_end;
      while (at < m_src.size() && (m_src[at] == ' ' || m_src[at] == '+' || m_src[at] == ','))
        ++at;
    }
    return count >= 8 ? last_end : 0;
  }

  // A decimal or 0x number up to 0x10FFFF; returns `at` when there is none.
  size_t parse_number(size_t at, uint32_t* v) const {
    size_t j = at;
    int base = 10;
    if (m_src.compare(j, 2, "0x") == 0 || m_src.compare(j, 2, "0X") == 0) {
      base = 16;
      j += 2;
    }
    uint64_t n = 0;
    size_t digits = 0;
    while (j < m_src.size() && digits < 8) {
      unsigned char d = static_cast<unsigned char>(m_src[j]);
      int val = std::isdigit(d)                    ? d - '0'
                : (base == 16 && std::isxdigit(d)) ? (std::tolower(d) - 'a' + 10)
                                                   : -1;
      if (val < 0)
        break;
      n = n * static_cast<uint64_t>(base) + static_cast<uint64_t>(val);
      ++digits;
      ++j;
    }
    if (digits == 0 || n > 0x10FFFF ||
        (j < m_src.size() &&
         (std::isalpha(static_cast<unsigned char>(m_src[j])) || m_src[j] == '.'))) {
      return at;
    }
    *v = static_cast<uint32_t>(n);
    return j;
  }

  static std::string join(const std::string& chain, std::string_view step) {
    return chain.empty() ? std::string(step) : chain + " > " + std::string(step);
  }

  void emit(size_t begin, size_t end, std::string chain, std::string text) {
    if (m_kept + text.size() > m_limits.max_output) {
      text.resize(m_limits.max_output - std::min(m_kept, m_limits.max_output));
    }
    m_kept += text.size();
    m_out.push_back({std::move(text), std::move(chain), begin, end});
  }

  std::string_view m_src;
  const DecodeLimits& m_limits;
  bool m_rot13 = false;
  bool m_keys_collected = false;  // keys are looked for once some bytes need them
  std::vector<std::string> m_keys;
  std::vector<DecodedPayload> m_out;
  size_t m_kept = 0;
  size_t m_work = 0;
};

size_t count_of(std::string_view text, std::string_view needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos && n < 64;
       at = text.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

}  // namespace

std::optional<std::string> inflate_bounded(std::string_view data, size_t limit) {
  if (data.size() < 6) {
    return std::nullopt;
  }
  auto b0 = static_cast<unsigned char>(data[0]), b1 = static_cast<unsigned char>(data[1]);
  bool gzip = b0 == 0x1f && b1 == 0x8b;
  bool zlib = (b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0;
  if (!gzip && !zlib) {
    return std::nullopt;
  }
  z_stream z{};
  if (inflateInit2(&z, 15 + 32) != Z_OK) {
    return std::nullopt;
  }
  std::string out;
  char buffer[16384];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  int status = Z_OK;
  while (status == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    status = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
    if (out.size() > limit) {
      status = Z_MEM_ERROR;
    }
    if (status == Z_BUF_ERROR && z.avail_in == 0) {
      break;  // truncated: keep what was inflated
    }
  }
  inflateEnd(&z);
  bool ok = status == Z_STREAM_END || (status == Z_BUF_ERROR && !out.empty());
  return ok ? std::optional<std::string>(std::move(out)) : std::nullopt;
}

bool looks_like_code(std::string_view text) {
  if (text.size() < 12) {
    return false;
  }
  size_t control = 0, high = 0;
  for (unsigned char c : text) {
    control += c < 0x20 && c != '\n' && c != '\r' && c != '\t';
    high += c >= 0x80;
  }
  if (control * 50 > text.size() || high * 4 > text.size()) {
    return false;
  }
  if (text.find('(') == std::string_view::npos || text.find(')') == std::string_view::npos) {
    return false;
  }
  for (std::string_view word :
       {"require(", "import ", "eval(",    "exec(",   "function",   "=>",      "def ",
        "console.", "print(",  "process.", "os.",     "subprocess", "http",    "fetch(",
        "return",   "var ",    "let ",     "const ",  "socket",     "Buffer.", "__import__",
        "open(",    "system(", "spawn",    "window.", "document."}) {
    if (text.find(word) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

Lang payload_language(std::string_view text, Lang file_lang) {
  size_t py = count_of(text, "def ") + count_of(text, "import ") + count_of(text, "__import__") +
              count_of(text, "print(") + count_of(text, "os.system") + count_of(text, ":\n");
  size_t js = count_of(text, "require(") + count_of(text, "function") + count_of(text, "=>") +
              count_of(text, "const ") + count_of(text, "var ") + count_of(text, ";") +
              count_of(text, "console.") + count_of(text, "process.");
  bool file_is_js = file_lang != Lang::python;
  if (file_is_js && py > js * 2) {
    return Lang::python;
  }
  if (!file_is_js && js > py * 2) {
    return Lang::javascript;
  }
  return file_lang == Lang::bash ? Lang::javascript : file_lang;
}

std::vector<DecodedPayload> decode_payloads(std::string_view source, const DecodeLimits& limits) {
  if (limits.max_depth <= 0) {
    return {};
  }
  return Decoder(source, limits).run();
}

}  // namespace tarsier
