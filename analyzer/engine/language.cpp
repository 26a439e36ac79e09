#include "analyzer/engine/language.h"

#include <array>
#include <cstring>
#include <string>

#include "analyzer/util/binary_magic.h"

extern "C" {
const TSLanguage* tree_sitter_javascript(void);
const TSLanguage* tree_sitter_typescript(void);
const TSLanguage* tree_sitter_tsx(void);
const TSLanguage* tree_sitter_python(void);
const TSLanguage* tree_sitter_bash(void);
}

namespace tarsier {

namespace {
constexpr std::array<std::string_view, k_lang_count> k_names = {"javascript", "typescript", "tsx",
                                                                "python", "bash"};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}
}  // namespace

std::string_view lang_name(Lang lang) {
  return k_names[static_cast<int>(lang)];
}

std::optional<Lang> parse_lang(std::string_view name) {
  for (size_t i = 0; i < k_names.size(); ++i) {
    if (k_names[i] == name) {
      return static_cast<Lang>(i);
    }
  }
  return std::nullopt;
}

const TSLanguage* ts_language(Lang lang) {
  switch (lang) {
    case Lang::javascript:
      return tree_sitter_javascript();
    case Lang::typescript:
      return tree_sitter_typescript();
    case Lang::tsx:
      return tree_sitter_tsx();
    case Lang::python:
      return tree_sitter_python();
    case Lang::bash:
      return tree_sitter_bash();
  }
  return tree_sitter_javascript();
}

std::string_view comment_prefix(Lang lang) {
  return (lang == Lang::python || lang == Lang::bash) ? "#" : "//";
}

std::optional<Lang> lang_from_name(std::string_view path) {
  std::string name = lower(path);
  for (std::string_view ext : {".js", ".cjs", ".mjs", ".jsx"}) {
    if (ends_with(name, ext)) {
      return Lang::javascript;
    }
  }
  if (ends_with(name, ".tsx")) {
    return Lang::tsx;
  }
  // .d.ts parses with the typescript grammar too; declaration files can carry code.
  for (std::string_view ext : {".ts", ".mts", ".cts"}) {
    if (ends_with(name, ext)) {
      return Lang::typescript;
    }
  }
  // .pth lines starting with "import" run at every interpreter start-up.
  for (std::string_view ext : {".py", ".pyw", ".pth"}) {
    if (ends_with(name, ext)) {
      return Lang::python;
    }
  }
  for (std::string_view ext : {".sh", ".bash", ".zsh", ".command"}) {
    if (ends_with(name, ext)) {
      return Lang::bash;
    }
  }
  return std::nullopt;
}

std::optional<Lang> lang_from_content(std::string_view data) {
  if (data.substr(0, 2) != "#!") {
    return std::nullopt;
  }
  auto eol = data.find('\n');
  std::string_view line = data.substr(0, eol == std::string_view::npos ? data.size() : eol);
  if (line.find("node") != std::string_view::npos || line.find("bun") != std::string_view::npos ||
      line.find("deno") != std::string_view::npos) {
    return Lang::javascript;
  }
  if (line.find("python") != std::string_view::npos) {
    return Lang::python;
  }
  if (line.find("sh") != std::string_view::npos) {
    return Lang::bash;
  }
  return std::nullopt;
}

bool is_native_binary(std::string_view d) {
  return !native_format(d).empty();
}

bool looks_textual(std::string_view data) {
  return data.substr(0, 8192).find('\0') == std::string_view::npos;
}

}  // namespace tarsier
