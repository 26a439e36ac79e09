#include "analyzer/util/nesting.h"

#include <algorithm>
#include <vector>

#include "analyzer/util/ascii.h"

namespace tarsier {

namespace {

// Skips a quoted scalar starting at line[i]; returns the index after its closing quote.
size_t skip_quoted(std::string_view line, size_t i) {
  char quote = line[i];
  for (++i; i < line.size(); ++i) {
    if (quote == '"' && line[i] == '\\') {
      ++i;
    } else if (line[i] == quote) {
      return i + 1;
    }
  }
  return line.size();
}

// Leading "- " sequence entries of a YAML line (each one nests a level).
size_t compact_entries(std::string_view content) {
  size_t count = 0;
  size_t i = 0;
  while (i + 1 < content.size() && content[i] == '-' && content[i + 1] == ' ') {
    ++count;
    i += 2;
    while (i < content.size() && content[i] == ' ') {
      ++i;
    }
  }
  return count;
}

// Adds the flow brackets of one line to `*flow` (quotes and comments skipped); returns the
// deepest value reached on the line.
size_t flow_depth(std::string_view line, size_t* flow) {
  size_t deepest = *flow;
  for (size_t i = 0; i < line.size();) {
    char c = line[i];
    if (c == '"' || c == '\'') {
      i = skip_quoted(line, i);
      continue;
    }
    if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      break;
    }
    if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++*flow);
    } else if ((c == ']' || c == '}') && *flow > 0) {
      --*flow;
    }
    ++i;
  }
  return deepest;
}

bool is_numeric_byte(char c) {
  return (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-' || c == 'e' || c == 'E';
}

// Dotted-key separators of one TOML line: dots outside quotes, except the one dot of a float
// ("1.5", "2e1.0" is not TOML anyway), plus bracket depth.
size_t toml_line_parts(std::string_view line) {
  size_t dots = 0;
  size_t brackets = 0;
  size_t deepest = 0;
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == '"' || c == '\'') {
      i = skip_quoted(line, i);
      continue;
    }
    if (c == '#') {
      break;
    }
    if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++brackets);
    } else if ((c == ']' || c == '}') && brackets > 0) {
      --brackets;
    }
    if (c != '.' && !is_numeric_byte(c)) {
      ++i;
      continue;
    }
    // A run of digits, signs and dots: one dot inside a number is a float, not a key part.
    size_t begin = i;
    size_t run_dots = 0;
    bool numeric = true;
    while (i < line.size() &&
           (line[i] == '.' || is_numeric_byte(line[i]) || (line[i] >= 'a' && line[i] <= 'z') ||
            (line[i] >= 'A' && line[i] <= 'Z'))) {
      run_dots += line[i] == '.';
      numeric = numeric && (line[i] == '.' || is_numeric_byte(line[i]));
      ++i;
    }
    dots += numeric && run_dots == 1 && i - begin > 1 ? 0 : run_dots;
  }
  return std::max(dots + 1, deepest);
}

}  // namespace

size_t yaml_depth_violation(std::string_view text, size_t max_depth) {
  std::vector<size_t> indents;
  size_t flow = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t line_offset = start;
    std::string_view line = next_line(text, &start);
    size_t indent = line.find_first_not_of(' ');
    if (indent == std::string_view::npos || line[indent] == '#') {
      continue;
    }
    size_t depth = flow;
    if (flow == 0) {
      while (!indents.empty() && indents.back() >= indent) {
        indents.pop_back();
      }
      indents.push_back(indent);
      depth = indents.size() + compact_entries(line.substr(indent));
    }
    depth += flow_depth(line, &flow);
    if (depth > max_depth) {
      return line_offset;
    }
  }
  return std::string_view::npos;
}

size_t toml_depth_violation(std::string_view text, size_t max_parts) {
  size_t start = 0;
  while (start < text.size()) {
    size_t line_offset = start;
    std::string_view line = next_line(text, &start);
    if (toml_line_parts(line) > max_parts) {
      return line_offset;
    }
  }
  return std::string_view::npos;
}

}  // namespace tarsier
