#include "analyzer/engine/escaped_runs.h"

#include <cstring>
#include <string>

#include "analyzer/engine/resolver.h"
#include "analyzer/util/ascii.h"

namespace tarsier {

namespace {

bool is_boundary(char c) {
  return c == '\'' || c == '"' || c == '`' || c == '\n' || c == '\r';
}

size_t count_while(std::string_view s, size_t from, size_t max, bool (*pred)(char)) {
  size_t n = 0;
  while (n < max && from + n < s.size() && pred(s[from + n])) {
    ++n;
  }
  return n;
}

bool is_hex(char c) {
  return hex_digit_value(c) >= 0;
}
bool is_octal(char c) {
  return c >= '0' && c <= '7';
}

// The length of the escape starting at text[i] == '\\', with the lengths the JavaScript grammar
// and the Python resolver give them (\xHH, \uHHHH, \u{H..}, \UHHHHHHHH, up to three octal
// digits, otherwise the backslash and one character; a CR LF continuation is three bytes).
size_t escape_length(std::string_view text, size_t i) {
  if (i + 1 >= text.size()) {
    return 1;
  }
  char k = text[i + 1];
  switch (k) {
    case 'x':
      return count_while(text, i + 2, 2, is_hex) == 2 ? 4 : 2;
    case 'u':
      if (i + 2 < text.size() && text[i + 2] == '{') {
        size_t digits = count_while(text, i + 3, 8, is_hex);
        if (i + 3 + digits < text.size() && text[i + 3 + digits] == '}') {
          return 4 + digits;
        }
        return 2;
      }
      return count_while(text, i + 2, 4, is_hex) == 4 ? 6 : 2;
    case 'U':
      return count_while(text, i + 2, 8, is_hex) == 8 ? 10 : 2;
    case '\r':
      return i + 2 < text.size() && text[i + 2] == '\n' ? 3 : 2;
    default:
      break;
  }
  if (is_octal(k)) {
    return 1 + count_while(text, i + 1, 3, is_octal);
  }
  return 2;
}

}  // namespace

bool any_escaped_run(std::string_view text, const std::function<bool(std::string_view)>& visit) {
  const char* first = static_cast<const char*>(std::memchr(text.data(), '\\', text.size()));
  if (first == nullptr) {
    return false;
  }
  std::string decoded;
  size_t run_start = 0;
  // Start at the run holding the first backslash: everything before it has none.
  for (size_t j = static_cast<size_t>(first - text.data()); j > 0; --j) {
    if (is_boundary(text[j - 1])) {
      run_start = j;
      break;
    }
  }
  bool escaped = false;
  size_t i = run_start;
  auto flush = [&](size_t end) {
    bool stop = false;
    if (escaped) {
      decoded.clear();
      size_t k = run_start;
      while (k < end) {
        if (text[k] != '\\') {
          decoded += text[k++];
          continue;
        }
        size_t len = std::min(escape_length(text, k), end - k);
        std::string_view esc = text.substr(k, len);
        if (esc.size() == 3 && esc[1] == '\r') {
          // CR LF line continuation: nothing
        } else if (!resolve::decode_escape(esc, &decoded)) {
          decoded += esc;
        }
        k += len;
      }
      stop = visit(decoded);
    }
    escaped = false;
    return stop;
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == '\\') {
      escaped = true;
      i += escape_length(text, i);  // an escaped quote or line break stays inside the run
      continue;
    }
    if (is_boundary(c)) {
      if (flush(i)) {
        return true;
      }
      run_start = i + 1;
      if (!escaped) {
        // Jump to the run holding the next backslash.
        const char* next =
            static_cast<const char*>(std::memchr(text.data() + i + 1, '\\', text.size() - i - 1));
        if (next == nullptr) {
          return false;
        }
        size_t b = static_cast<size_t>(next - text.data());
        for (size_t j = b; j > i + 1; --j) {
          if (is_boundary(text[j - 1])) {
            run_start = j;
            break;
          }
        }
        i = b;
        continue;
      }
    }
    ++i;
  }
  return flush(std::min(i, text.size()));
}

}  // namespace tarsier
