#include "parsers/common/json_document.h"

#include "analyzer/util/json_text.h"

namespace tarsier {

namespace {

constexpr char k_separator = '\x1f';
// Keys below a longer path get no position: hostile nesting would otherwise cost memory
// quadratic in the depth (every recorded key stores its whole path).
constexpr size_t k_max_recorded_path = 4096;

void append_utf8(std::string* out, unsigned code) {
  if (code < 0x80) {
    *out += static_cast<char>(code);
  } else if (code < 0x800) {
    *out += static_cast<char>(0xC0 | (code >> 6));
    *out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    *out += static_cast<char>(0xE0 | (code >> 12));
    *out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (code >> 18));
    *out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

unsigned hex4(std::string_view text, size_t at) {
  unsigned value = 0;
  for (size_t i = at; i < at + 4 && i < text.size(); ++i) {
    char c = text[i];
    value <<= 4;
    if (c >= '0' && c <= '9') {
      value |= static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      value |= static_cast<unsigned>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      value |= static_cast<unsigned>(c - 'A' + 10);
    }
  }
  return value;
}

// Decodes the string literal starting at text[start] == '"'; returns the offset after it.
size_t read_string(std::string_view text, size_t start, std::string* out) {
  out->clear();
  size_t i = start + 1;
  while (i < text.size() && text[i] != '"') {
    if (text[i] != '\\' || i + 1 >= text.size()) {
      *out += text[i++];
      continue;
    }
    char e = text[i + 1];
    i += 2;
    switch (e) {
      case 'n':
        *out += '\n';
        break;
      case 't':
        *out += '\t';
        break;
      case 'r':
        *out += '\r';
        break;
      case 'b':
        *out += '\b';
        break;
      case 'f':
        *out += '\f';
        break;
      case 'u': {
        unsigned code = hex4(text, i);
        i += 4;
        // Combine a surrogate pair, as nlohmann does, so decoded keys compare equal.
        if (code >= 0xD800 && code < 0xDC00 && i + 6 <= text.size() && text[i] == '\\' &&
            text[i + 1] == 'u') {
          unsigned low = hex4(text, i + 2);
          if (low >= 0xDC00 && low < 0xE000) {
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        append_utf8(out, code);
        break;
      }
      default:
        *out += e;
        break;
    }
  }
  return i + 1;
}

std::string join_path(const std::vector<std::string>& path) {
  std::string key;
  for (size_t i = 0; i < path.size(); ++i) {
    if (i > 0) {
      key += k_separator;
    }
    key += path[i];
  }
  return key;
}

// Replaces each comma that directly precedes '}' or ']' with a space, outside strings, so
// nlohmann accepts the text and every offset stays the same.
void blank_trailing_commas(std::string* text) {
  size_t last_comma = std::string::npos;
  bool in_string = false;
  for (size_t i = 0; i < text->size(); ++i) {
    char c = (*text)[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      last_comma = std::string::npos;
    } else if (c == ',') {
      last_comma = i;
    } else if (c == '}' || c == ']') {
      if (last_comma != std::string::npos) {
        (*text)[last_comma] = ' ';
      }
      last_comma = std::string::npos;
    } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      last_comma = std::string::npos;
    }
  }
}

// `path` extended by one component, at `depth` open containers (the top level has no separator).
std::string child_path(std::string path, size_t depth, const std::string& component) {
  if (depth > 1) {
    path += k_separator;
  }
  path += component;
  return path;
}

}  // namespace

void JsonKeyPositions::build(std::string_view text, size_t max_depth) {
  m_offsets.clear();
  struct Frame {
    bool object = false;
    bool expecting_key = false;
    size_t index = 0;
    size_t path_length = 0;  // length of `path` before this frame's component
  };
  std::vector<Frame> stack;
  std::string path;
  std::string key;
  size_t key_offset = 0;
  bool have_key = false;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"' && !stack.empty() && stack.back().object && stack.back().expecting_key) {
      key_offset = i;
      i = read_string(text, i, &key);
      stack.back().expecting_key = false;
      have_key = true;
      continue;
    }
    if (c == '"' && !have_key) {
      std::string ignored;
      i = read_string(text, i, &ignored);  // an array element or the root value
      continue;
    }
    if (c == '{' || c == '[') {
      Frame frame;
      frame.object = c == '{';
      frame.expecting_key = frame.object;
      frame.path_length = path.size();
      if (!stack.empty()) {
        std::string component = stack.back().object ? (have_key ? key : std::string())
                                                    : std::to_string(stack.back().index);
        path = child_path(std::move(path), stack.size(), component);
        if (stack.back().object && have_key && stack.size() <= max_depth &&
            path.size() <= k_max_recorded_path) {
          m_offsets.emplace(path, key_offset);
        }
      }
      have_key = false;
      stack.push_back(frame);
    } else if (have_key && c != ':' && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      // A scalar value: record its key too (within the depth limit), so a wrong-typed entry
      // such as `"node_modules/x": "1.0.0"` still gets a position.
      if (stack.size() <= max_depth && path.size() <= k_max_recorded_path) {
        m_offsets.emplace(child_path(path, stack.size(), key), key_offset);
      }
      have_key = false;
      if (c == '"') {
        std::string ignored;
        i = read_string(text, i, &ignored);
        continue;
      }
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) {
        path.resize(stack.back().path_length);
        stack.pop_back();
      }
      have_key = false;
    } else if (c == ',' && !stack.empty()) {
      if (stack.back().object) {
        stack.back().expecting_key = true;
      } else {
        ++stack.back().index;
      }
      have_key = false;
    }
    ++i;
  }
}

size_t JsonKeyPositions::offset(std::initializer_list<std::string_view> path) const {
  std::string key;
  bool first = true;
  for (auto part : path) {
    if (!first) {
      key += k_separator;
    }
    first = false;
    key += part;
  }
  auto it = m_offsets.find(key);
  return it == m_offsets.end() ? k_no_offset : it->second;
}

size_t JsonKeyPositions::offset(const std::vector<std::string>& path) const {
  auto it = m_offsets.find(join_path(path));
  return it == m_offsets.end() ? k_no_offset : it->second;
}

int JsonDocument::line_of(const std::vector<std::string>& key_path) const {
  size_t at = keys.offset(key_path);
  return at == k_no_offset ? 0 : lines.line(at);
}

Diagnostic JsonDocument::error_at(const std::vector<std::string>& key_path,
                                  std::string message) const {
  size_t at = keys.offset(key_path);
  if (at == k_no_offset) {
    return Diagnostic{path, 0, 0, std::move(message)};
  }
  return diagnostic_at(path, lines, at, std::move(message));
}

bool parse_json_lockfile(std::string_view text, const std::string& path,
                         const JsonParseOptions& options, JsonDocument* document,
                         LockfileResult* result) {
  document->path = path;
  if (is_blank(text)) {
    // An empty lockfile is almost always a mistake (a failed install, a bad merge): say so.
    result->errors.push_back({path, 1, 1, "empty file: expected a JSON lockfile"});
    result->fatal = true;
    return false;
  }
  std::string patched;
  std::string_view source = text;
  if (options.trailing_commas) {
    patched.assign(text);
    blank_trailing_commas(&patched);
    source = patched;
  }
  document->lines = LineIndex(text);
  JsonTextError error;
  if (!parse_json_text(source, &document->root, &error)) {
    result->errors.push_back(
        diagnostic_at(path, document->lines, error.offset, "invalid JSON: " + error.message));
    result->fatal = true;
    return false;
  }
  if (!document->root.is_object()) {
    result->errors.push_back({path, 1, 1, "expected a JSON object at the top level"});
    result->fatal = true;
    return false;
  }
  if (options.key_depth > 0) {
    document->keys.build(source, options.key_depth);
  }
  return true;
}

bool json_string_member(const nlohmann::json& object, const char* key, std::string* out,
                        std::string* error) {
  out->clear();
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return true;
  }
  if (!it->is_string()) {
    *error = std::string("expected \"") + key + "\" to be a string, got " + it->type_name();
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

bool json_flag(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace tarsier
