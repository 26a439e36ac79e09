// The "yarn.lock" format entry: dispatches to the classic or Berry parser, and the descriptor
// handling both share.
#include "parsers/npm/yarn_lock.h"
#include "analyzer/ecosystem/npm/npm.h"

#include "parsers/common/sources.h"
#include "parsers/common/text.h"
#include "parsers/formats.h"
#include "parsers/npm/npm_names.h"

namespace tarsier {

void apply_yarn_descriptor(std::string_view descriptor, PackageRef* ref) {
  std::string local;
  std::string range;
  if (!split_name_at(descriptor, &local, &range)) {
    return;
  }
  if (range.substr(0, 4) == "npm:") {
    std::string real;
    std::string real_range;
    // "alias@npm:real@range" (an alias) or "name@npm:range" (Berry's plain registry range).
    if (split_name_at(std::string_view(range).substr(4), &real, &real_range) && real != local) {
      ref->alias = local;
      if (ref->name.empty() || ref->name == local) {
        ref->name = real;
      }
    }
  }
  if (ref->name.empty()) {
    ref->name = local;
  }
  std::string source = source_of_url(range);
  if (range.substr(0, 10) == "workspace:") {
    ref->source = "workspace";
  } else if (range.substr(0, 5) == "link:" || range.substr(0, 7) == "portal:") {
    ref->source = "link";
  } else if (source == "git" || source == "file") {
    ref->source = source;
  } else if (range.find('/') != std::string::npos && range.find(':') == std::string::npos &&
             range[0] != '@') {
    ref->source = "git";  // "user/repo" is a GitHub shorthand
  }
}

namespace {

class YarnLockParser final : public LockfileParser {
 public:
  std::string_view format() const override { return "yarn.lock"; }
  std::string_view ecosystem() const override { return npm_ecosystem().id; }
  bool accepts_file_name(std::string_view base_name) const override {
    return base_name == "yarn.lock";
  }
  LockfileResult parse(std::string_view text, const std::string& display_path) const override {
    if (is_blank(text)) {
      LockfileResult result;
      result.errors.push_back({display_path, 1, 1, "empty file: expected a yarn lockfile"});
      result.fatal = true;
      return result;
    }
    // Berry always writes a top-level __metadata mapping; classic never does.
    bool berry = text.substr(0, 11) == "__metadata:" ||
                 text.find("\n__metadata:") != std::string_view::npos ||
                 text.find("\r__metadata:") != std::string_view::npos;
    LockfileResult result;
    try {
      result =
          berry ? parse_yarn_berry(text, display_path) : parse_yarn_classic(text, display_path);
    } catch (const std::exception& error) {
      // yaml-cpp throws on unexpected node shapes; never let that escape the parser.
      result = LockfileResult{};
      result.errors.push_back(
          {display_path, 0, 0, std::string("unexpected yarn.lock structure: ") + error.what()});
      result.fatal = true;
    }
    finish_lockfile_result(&result);
    return result;
  }
};

}  // namespace

const LockfileParser& yarn_lock_parser() {
  static const YarnLockParser parser;
  return parser;
}

}  // namespace tarsier
