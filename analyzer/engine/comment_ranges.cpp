#include "analyzer/engine/comment_ranges.h"

#include <algorithm>
#include <string>

namespace tarsier {

namespace {

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

// Skips a quoted string starting at `i` (the quote); JavaScript strings end at a newline too.
size_t skip_quoted(std::string_view s, size_t i) {
  char quote = s[i];
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == quote || s[i] == '\n') {
      return i + 1;
    }
  }
  return s.size();
}

// Skips a regular expression literal starting at `i` (the '/'), classes included.
size_t skip_regex(std::string_view s, size_t i) {
  bool in_class = false;
  for (++i; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\') {
      ++i;
    } else if (c == '\n') {
      return i;
    } else if (c == '[') {
      in_class = true;
    } else if (c == ']') {
      in_class = false;
    } else if (c == '/' && !in_class) {
      return i + 1;
    }
  }
  return s.size();
}

// Whether a '/' at `i` starts a regular expression: it does after an operator, an opening
// bracket, the start of the file or a keyword such as `return`; after a name, a number or a
// closing bracket it divides.
bool regex_can_start(std::string_view s, size_t i) {
  size_t j = i;
  while (j > 0 && (s[j - 1] == ' ' || s[j - 1] == '\t' || s[j - 1] == '\n' || s[j - 1] == '\r'))
    --j;
  if (j == 0)
    return true;
  char p = s[j - 1];
  if (p == ')' || p == ']' || p == '}' || p == '"' || p == '\'' || p == '`')
    return false;
  if (!ident_char(p))
    return true;
  size_t k = j;
  while (k > 0 && ident_char(s[k - 1]))
    --k;
  std::string_view word = s.substr(k, j - k);
  for (std::string_view kw : {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete",
                              "void", "throw", "instanceof", "yield", "await"}) {
    if (word == kw)
      return true;
  }
  return false;
}

using Ranges = std::vector<std::pair<size_t, size_t>>;

void js_comments(std::string_view s, Ranges* out) {
  // Brace depths at which a template literal's `${...}` resumes the template.
  std::vector<int> templates;
  int depth = 0;
  size_t i = 0;
  bool in_template = false;
  while (i < s.size()) {
    char c = s[i];
    if (in_template) {
      if (c == '\\') {
        i += 2;
      } else if (c == '`') {
        in_template = false;
        ++i;
      } else if (c == '$' && i + 1 < s.size() && s[i + 1] == '{') {
        templates.push_back(depth++);
        in_template = false;
        i += 2;
      } else {
        ++i;
      }
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      size_t end = s.find('\n', i);
      end = end == std::string_view::npos ? s.size() : end;
      out->emplace_back(i, end);
      i = end;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t end = s.find("*/", i + 2);
      end = end == std::string_view::npos ? s.size() : end + 2;
      out->emplace_back(i, end);
      i = end;
    } else if (c == '/') {
      i = regex_can_start(s, i) ? skip_regex(s, i) : i + 1;
    } else if (c == '"' || c == '\'') {
      i = skip_quoted(s, i);
    } else if (c == '`') {
      in_template = true;
      ++i;
    } else if (c == '{') {
      ++depth;
      ++i;
    } else if (c == '}') {
      --depth;
      if (!templates.empty() && templates.back() == depth) {
        templates.pop_back();
        in_template = true;
      }
      ++i;
    } else {
      ++i;
    }
  }
}

void python_comments(std::string_view s, Ranges* out) {
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '#') {
      size_t end = s.find('\n', i);
      end = end == std::string_view::npos ? s.size() : end;
      out->emplace_back(i, end);
      i = end;
    } else if ((c == '"' || c == '\'') && s.substr(i, 3) == std::string(3, c)) {
      size_t end = s.find(std::string(3, c), i + 3);
      while (end != std::string_view::npos && s[end - 1] == '\\')
        end = s.find(std::string(3, c), end + 1);
      i = end == std::string_view::npos ? s.size() : end + 3;
    } else if (c == '"' || c == '\'') {
      i = skip_quoted(s, i);
    } else {
      ++i;
    }
  }
}

}  // namespace

CommentRanges::CommentRanges(std::string_view source, std::optional<Lang> lang) {
  if (!lang || *lang == Lang::bash)
    return;
  if (*lang == Lang::python) {
    python_comments(source, &ranges_);
  } else {
    js_comments(source, &ranges_);
  }
}

bool CommentRanges::contains(size_t offset) const {
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), std::make_pair(offset, size_t(-1)));
  if (it == ranges_.begin())
    return false;
  --it;
  return offset >= it->first && offset < it->second;
}

}  // namespace tarsier
