#include "analyzer/report/text_util.h"

#include <algorithm>

namespace tarsier {

std::string one_line(std::string_view text, size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes + 3));
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    bool space = byte < 0x20 || byte == 0x7f || c == ' ';
    if (space) {
      if (!out.empty() && out.back() != ' ') {
        out += ' ';
      }
      continue;
    }
    out += c;
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  if (out.size() > max_bytes) {
    size_t cut = max_bytes;
    // Step back over UTF-8 continuation bytes so no character is split.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    out.resize(cut);
    out += "...";
  }
  return out;
}

std::string pad(std::string text, size_t width) {
  if (text.size() < width) {
    text.resize(width, ' ');
  } else {
    text += ' ';
  }
  return text;
}

}  // namespace tarsier
