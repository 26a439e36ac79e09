#include "analyzer/ecosystem/loose_version_order.h"

#include <cctype>
#include <string>
#include <vector>

namespace tarsier {

namespace {

struct Parsed {
  std::vector<unsigned long long> release;
  std::string pre;  // "" for a release
};

Parsed parse(std::string_view text) {
  Parsed out;
  if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) {
    text.remove_prefix(1);
  }
  size_t i = 0;
  while (i < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      break;
    }
    unsigned long long value = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      value = value * 10 + static_cast<unsigned long long>(text[i] - '0');
      if (value > (1ull << 60)) {
        value = 1ull << 60;  // absurd numbers saturate instead of overflowing
      }
      ++i;
    }
    out.release.push_back(value);
    if (i < text.size() && text[i] == '.') {
      ++i;
      continue;
    }
    break;
  }
  std::string_view rest = text.substr(i);
  size_t build = rest.find('+');  // build metadata never orders versions
  rest = rest.substr(0, build);
  while (!rest.empty() && (rest[0] == '-' || rest[0] == '.' || rest[0] == '_')) {
    rest.remove_prefix(1);
  }
  out.pre = std::string(rest);
  // Trailing zeros do not make a different release: 1.0 == 1.0.0.
  while (out.release.size() > 1 && out.release.back() == 0) {
    out.release.pop_back();
  }
  return out;
}

}  // namespace

int compare_loose_versions(std::string_view a, std::string_view b) {
  Parsed pa = parse(a), pb = parse(b);
  size_t n = std::max(pa.release.size(), pb.release.size());
  for (size_t i = 0; i < n; ++i) {
    unsigned long long x = i < pa.release.size() ? pa.release[i] : 0;
    unsigned long long y = i < pb.release.size() ? pb.release[i] : 0;
    if (x != y) {
      return x < y ? -1 : 1;
    }
  }
  // PEP 440 post releases ("1.0.post1") come after the release, everything else before it.
  auto rank = [](const std::string& pre) {
    if (pre.empty())
      return 1;
    if (pre.rfind("post", 0) == 0)
      return 2;
    return 0;
  };
  int ra = rank(pa.pre), rb = rank(pb.pre);
  if (ra != rb) {
    return ra < rb ? -1 : 1;
  }
  int c = pa.pre.compare(pb.pre);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace tarsier
