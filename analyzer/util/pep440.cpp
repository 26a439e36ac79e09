#include "analyzer/util/pep440.h"

#include <algorithm>

#include "analyzer/util/ascii.h"

namespace tarsier {
namespace {

// Versions are short; anything longer is not a version a registry would serve.
constexpr size_t k_max_version_length = 256;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_separator(char c) {
  return c == '.' || c == '-' || c == '_';
}

std::string lower_trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' ||
                           text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return ascii_lower(text);
}

// A cursor over the lower-cased text; every reader leaves the position unchanged on failure.
class Reader {
 public:
  explicit Reader(std::string_view text) : m_text(text) {}

  bool done() const { return m_pos >= m_text.size(); }
  size_t pos() const { return m_pos; }
  void reset(size_t pos) { m_pos = pos; }
  char peek() const { return done() ? '\0' : m_text[m_pos]; }

  bool take(char c) {
    if (peek() != c) {
      return false;
    }
    ++m_pos;
    return true;
  }

  bool take_separator() {
    if (!is_separator(peek())) {
      return false;
    }
    ++m_pos;
    return true;
  }

  // A decimal number; false on no digits or a value past 19 digits (not a real version).
  bool number(uint64_t* value) {
    size_t start = m_pos;
    uint64_t v = 0;
    while (is_digit(peek())) {
      if (m_pos - start >= 19) {
        m_pos = start;
        return false;
      }
      v = v * 10 + static_cast<uint64_t>(peek() - '0');
      ++m_pos;
    }
    if (m_pos == start) {
      return false;
    }
    *value = v;
    return true;
  }

  // The longest word made of letters.
  std::string_view word() {
    size_t start = m_pos;
    while (is_alpha(peek())) {
      ++m_pos;
    }
    return m_text.substr(start, m_pos - start);
  }

 private:
  std::string_view m_text;
  size_t m_pos = 0;
};

// [sep] word [sep] [number] where word is one of `spellings`; the number defaults to 0.
bool tagged_number(Reader& r, std::initializer_list<std::string_view> spellings,
                   std::string_view* matched, uint64_t* value) {
  size_t start = r.pos();
  r.take_separator();
  std::string_view w = r.word();
  if (std::find(spellings.begin(), spellings.end(), w) == spellings.end()) {
    r.reset(start);
    return false;
  }
  *matched = w;
  size_t before_number = r.pos();
  r.take_separator();
  if (!r.number(value)) {
    r.reset(before_number);
    *value = 0;
  }
  return true;
}

bool parse_local(Reader& r, std::vector<std::string>* local) {
  std::string segment;
  while (!r.done()) {
    char c = r.peek();
    if (is_separator(c)) {
      if (segment.empty()) {
        return false;
      }
      local->push_back(segment);
      segment.clear();
    } else if (is_digit(c) || is_alpha(c)) {
      segment += c;
    } else {
      return false;
    }
    r.take(c);
  }
  if (segment.empty()) {
    return false;
  }
  local->push_back(segment);
  return true;
}

// Numeric local segments sort numerically and after alphanumeric ones (PEP 440).
int compare_local_segment(const std::string& a, const std::string& b) {
  bool a_num = std::all_of(a.begin(), a.end(), is_digit);
  bool b_num = std::all_of(b.begin(), b.end(), is_digit);
  if (a_num != b_num) {
    return a_num ? 1 : -1;
  }
  if (a_num) {
    std::string_view x = a, y = b;
    x.remove_prefix(std::min(x.find_first_not_of('0'), x.size()));
    y.remove_prefix(std::min(y.find_first_not_of('0'), y.size()));
    if (x.size() != y.size()) {
      return x.size() < y.size() ? -1 : 1;
    }
    return x.compare(y);
  }
  return a.compare(b);
}

template <typename T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

}  // namespace

std::optional<Pep440Version> parse_pep440(std::string_view text) {
  if (text.size() > k_max_version_length) {
    return std::nullopt;
  }
  std::string lowered = lower_trimmed(text);
  Reader r(lowered);
  Pep440Version v;
  r.take('v');

  uint64_t n = 0;
  if (!r.number(&n)) {
    return std::nullopt;
  }
  if (r.take('!')) {
    v.epoch = n;
    if (!r.number(&n)) {
      return std::nullopt;
    }
  }
  v.release.push_back(n);
  while (r.peek() == '.') {
    size_t at = r.pos();
    r.take('.');
    if (!r.number(&n)) {
      r.reset(at);  // ".post1", ".dev0" and friends follow
      break;
    }
    v.release.push_back(n);
  }
  while (v.release.size() > 1 && v.release.back() == 0) {
    v.release.pop_back();
  }

  std::string_view tag;
  if (tagged_number(r, {"a", "alpha", "b", "beta", "c", "rc", "pre", "preview"}, &tag, &v.pre)) {
    v.pre_kind = tag == "a" || tag == "alpha" ? 'a' : (tag == "b" || tag == "beta" ? 'b' : 'c');
  }
  uint64_t post = 0;
  size_t before_post = r.pos();
  if (tagged_number(r, {"post", "rev", "r"}, &tag, &post)) {
    v.post = post;
  } else if (r.take('-') && r.number(&post)) {
    v.post = post;  // "1.0-1" is an implicit post-release
  } else {
    r.reset(before_post);
  }
  uint64_t dev = 0;
  if (tagged_number(r, {"dev"}, &tag, &dev)) {
    v.dev = dev;
  }
  if (r.take('+') && !parse_local(r, &v.local)) {
    return std::nullopt;
  }
  if (!r.done()) {
    return std::nullopt;
  }
  return v;
}

std::string canonical_version(std::string_view text) {
  auto v = parse_pep440(text);
  if (!v) {
    return lower_trimmed(text.substr(0, k_max_version_length));
  }
  std::string out;
  if (v->epoch != 0) {
    out += std::to_string(v->epoch) + "!";
  }
  for (size_t i = 0; i < v->release.size(); ++i) {
    if (i) {
      out += '.';
    }
    out += std::to_string(v->release[i]);
  }
  if (v->pre_kind) {
    out += v->pre_kind == 'c' ? std::string("rc") : std::string(1, v->pre_kind);
    out += std::to_string(v->pre);
  }
  if (v->post) {
    out += ".post";
    out += std::to_string(*v->post);
  }
  if (v->dev) {
    out += ".dev";
    out += std::to_string(*v->dev);
  }
  for (size_t i = 0; i < v->local.size(); ++i) {
    out += i ? '.' : '+';
    out += v->local[i];
  }
  return out;
}

bool versions_equal(std::string_view a, std::string_view b) {
  return canonical_version(a) == canonical_version(b);
}

int compare_pep440(const Pep440Version& a, const Pep440Version& b) {
  if (int c = three_way(a.epoch, b.epoch)) {
    return c;
  }
  size_t n = std::max(a.release.size(), b.release.size());
  for (size_t i = 0; i < n; ++i) {
    uint64_t x = i < a.release.size() ? a.release[i] : 0;
    uint64_t y = i < b.release.size() ? b.release[i] : 0;
    if (int c = three_way(x, y)) {
      return c;
    }
  }
  // Pre-release key: a bare dev release (1.0.dev0) sorts before every pre-release of the same
  // release; a final release sorts after them.
  auto pre_rank = [](const Pep440Version& v) -> int {
    if (v.pre_kind) {
      return 1;
    }
    return v.dev && !v.post ? 0 : 2;
  };
  if (int c = three_way(pre_rank(a), pre_rank(b))) {
    return c;
  }
  if (a.pre_kind && b.pre_kind) {
    if (int c = three_way(a.pre_kind, b.pre_kind)) {
      return c;
    }
    if (int c = three_way(a.pre, b.pre)) {
      return c;
    }
  }
  // No post-release sorts before any post-release.
  if (int c = three_way(a.post.has_value(), b.post.has_value())) {
    return c;
  }
  if (a.post && b.post) {
    if (int c = three_way(*a.post, *b.post)) {
      return c;
    }
  }
  // A dev release sorts before the same version without one.
  if (int c = three_way(!a.dev.has_value(), !b.dev.has_value())) {
    return c;
  }
  if (a.dev && b.dev) {
    if (int c = three_way(*a.dev, *b.dev)) {
      return c;
    }
  }
  size_t m = std::min(a.local.size(), b.local.size());
  for (size_t i = 0; i < m; ++i) {
    if (int c = compare_local_segment(a.local[i], b.local[i])) {
      return c;
    }
  }
  return three_way(a.local.size(), b.local.size());
}

}  // namespace tarsier
