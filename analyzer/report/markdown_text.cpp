#include "analyzer/report/markdown_text.h"

#include "analyzer/report/text_util.h"

namespace tarsier {

std::string markdown_escape(std::string_view raw, size_t max_bytes) {
  std::string text = one_line(raw, max_bytes);
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '@':
        out += "&#64;";  // no mentions
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '#':
      case '~':
      case '!':
      case '(':
      case ')':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string markdown_code(std::string_view raw, size_t max_bytes) {
  std::string text = one_line(raw, max_bytes);
  std::string out = "<code>";
  for (char c : text) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '@')
      out += "&#64;";
    else if (c == '|')
      out += "&#124;";
    else
      out += c;
  }
  return out + "</code>";
}

}  // namespace tarsier
