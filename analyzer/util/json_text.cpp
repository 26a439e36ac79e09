#include "analyzer/util/json_text.h"

namespace tarsier {

namespace {

// nlohmann's what() reads "[json.exception.parse_error.101] parse error at line 1, column 2:
// syntax error while parsing value - ..."; keep only the part after the position.
std::string short_message(const std::string& what) {
  size_t at = what.find("syntax error");
  if (at == std::string::npos && what.starts_with("[json.exception.")) {
    at = what.find("] ");
    at = at == std::string::npos ? 0 : at + 2;
  }
  return what.substr(at == std::string::npos ? 0 : at);
}

bool is_number_byte(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// The offset of the number literal `token` outside strings, npos when not found.
size_t find_number(std::string_view text, std::string_view token) {
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
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
    } else if (is_number_byte(c) && (i == 0 || !is_number_byte(text[i - 1])) &&
               text.substr(i, token.size()) == token &&
               (i + token.size() == text.size() || !is_number_byte(text[i + token.size()]))) {
      return i;
    }
  }
  return std::string_view::npos;
}

// "number overflow parsing '1e999'" names the literal; find it so the error has a line.
size_t overflow_offset(std::string_view text, const std::string& what) {
  size_t open = what.find('\'');
  size_t close = what.rfind('\'');
  if (open == std::string::npos || close <= open) {
    return 0;
  }
  size_t at = find_number(text, std::string_view(what).substr(open + 1, close - open - 1));
  return at == std::string_view::npos ? 0 : at;
}

}  // namespace

size_t json_depth_violation(std::string_view text, size_t max_depth) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) {
        return i;
      }
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

bool parse_json_text(std::string_view text, nlohmann::json* out, JsonTextError* error,
                     size_t max_depth) {
  size_t deep = json_depth_violation(text, max_depth);
  if (deep != std::string_view::npos) {
    *error = {deep, "nesting deeper than " + std::to_string(max_depth) + " levels"};
    return false;
  }
  try {
    *out = nlohmann::json::parse(text.begin(), text.end());
    return true;
  } catch (const nlohmann::json::parse_error& e) {
    *error = {e.byte > 0 ? e.byte - 1 : 0, short_message(e.what())};
  } catch (const nlohmann::json::out_of_range& e) {
    *error = {overflow_offset(text, e.what()), short_message(e.what())};
  } catch (const std::exception& e) {
    *error = {0, short_message(e.what())};
  }
  return false;
}

std::string json_text(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ordered_json_text(const nlohmann::ordered_json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace tarsier
