#include "analyzer/util/ascii.h"

namespace tarsier {

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

std::string_view next_line(std::string_view text, size_t* start) {
  size_t begin = *start;
  size_t end = text.find_first_of("\r\n", begin);
  if (end == std::string_view::npos) {
    *start = text.size();
    return text.substr(begin);
  }
  *start = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  return text.substr(begin, end - begin);
}

}  // namespace tarsier
