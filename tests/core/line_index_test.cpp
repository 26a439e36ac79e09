#include "analyzer/core/line_index.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "analyzer/core/diagnostic.h"

using namespace tarsier;

namespace {
std::pair<int, int> at(const LineIndex& index, size_t offset) {
  int line = 0, column = 0;
  index.position(offset, &line, &column);
  return {line, column};
}
}  // namespace

TEST_CASE("line index: lines and columns by the text's line breaks", "[line_index]") {
  std::string text = "ab\ncd\r\nef\rgh";
  LineIndex any(text);
  CHECK(at(any, 0) == std::make_pair(1, 1));
  CHECK(at(any, 2) == std::make_pair(1, 3));  // the "\n" itself ends line 1
  CHECK(at(any, 3) == std::make_pair(2, 1));
  CHECK(at(any, 7) == std::make_pair(3, 1));
  CHECK(at(any, 10) == std::make_pair(4, 1));    // after a lone "\r"
  CHECK(at(any, 1000) == std::make_pair(4, 3));  // clamped to the end
  LineIndex lf(text, LineBreaks::lf_only);
  CHECK(at(lf, 10) == std::make_pair(3, 4));  // a lone "\r" is no break in code
  CHECK(lf.line(12) == 3);
  CHECK(lf.covers(text));
  std::string copy = text;
  CHECK_FALSE(lf.covers(copy));                              // other bytes in memory
  CHECK_FALSE(lf.covers(std::string_view(text).substr(1)));  // another slice
}

TEST_CASE("line index: lf_only answers as offset_to_line_col does", "[line_index]") {
  std::mt19937 random(7);
  for (int round = 0; round < 50; ++round) {
    std::string text;
    size_t size = random() % 300;
    for (size_t i = 0; i < size; ++i) {
      const char pick[] = {'a', 'b', '\n', '\r', ' '};
      text += pick[random() % 5];
    }
    LineIndex index(text, LineBreaks::lf_only);
    for (size_t offset = 0; offset <= text.size() + 1; ++offset) {
      int line = 0, column = 0;
      offset_to_line_col(text, offset, &line, &column);
      CHECK(at(index, offset) == std::make_pair(line, column));
    }
  }
}
