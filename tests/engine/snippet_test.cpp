#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "analyzer/engine/file_scan.h"

using namespace tarsier;

namespace {
// The definition snippet_at keeps: the whole line when it is at most 160 bytes, else 160 bytes
// of it from 60 before the offset (or from the line's start, if nearer); trimmed.
std::string reference_snippet(std::string_view data, size_t offset) {
  offset = std::min(offset, data.size());
  size_t start = data.rfind('\n', offset == 0 ? 0 : offset - 1);
  start = (start == std::string_view::npos || offset == 0) ? 0 : start + 1;
  size_t end = data.find('\n', offset);
  if (end == std::string_view::npos)
    end = data.size();
  if (end - start > 160) {
    size_t from = offset > start + 60 ? offset - 60 : start;
    start = from;
    end = std::min(end, from + 160);
  }
  std::string out(data.substr(start, end - start));
  while (!out.empty() && (out.back() == ' ' || out.back() == '\t' || out.back() == '\r'))
    out.pop_back();
  size_t first = out.find_first_not_of(" \t");
  return first == std::string::npos ? "" : out.substr(first);
}
}  // namespace

TEST_CASE("snippet: the line or a part of a long one, found without reading the whole line",
          "[snippet]") {
  CHECK(snippet_at("a\n  eval(x)  \nb", 4) == "eval(x)");
  std::string minified(5000, 'x');
  minified.replace(3000, 7, "eval(1)");
  CHECK(snippet_at(minified, 3000) == minified.substr(2940, 160));
  CHECK(snippet_at(minified, 10) == minified.substr(0, 160));
  // Lines of every length around the 160-byte bound, offsets everywhere, against the reference.
  std::mt19937 random(11);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    while (text.size() < 1200) {
      size_t line = random() % 400;
      for (size_t i = 0; i < line; ++i)
        text += static_cast<char>(i % 7 == 0 ? ' ' : 'a' + random() % 26);
      text += random() % 4 == 0 ? "\r\n" : "\n";
    }
    for (size_t offset = 0; offset <= text.size(); offset += 1 + random() % 13) {
      INFO("round " << round << " offset " << offset);
      REQUIRE(snippet_at(text, offset) == reference_snippet(text, offset));
    }
  }
}
