// The languages the engine parses with tree-sitter, and how a file is assigned to one: by name
// first, then by content (shebang, magic bytes), so a renamed payload is still analysed.
#pragma once

#include <optional>
#include <string_view>

#include <tree_sitter/api.h>

namespace tarsier {

enum class Lang { javascript = 0, typescript, tsx, python, bash };
inline constexpr int k_lang_count = 5;

// "javascript", "typescript", "tsx", "python", "bash".
std::string_view lang_name(Lang lang);
std::optional<Lang> parse_lang(std::string_view name);

// The compiled grammar; never null (the grammars are linked in).
const TSLanguage* ts_language(Lang lang);

// The line-comment marker used by rule test files of this language ("//" or "#").
std::string_view comment_prefix(Lang lang);

// Language from the file name alone (extension or well-known name such as setup.py).
std::optional<Lang> lang_from_name(std::string_view path);

// Language from the first bytes (shebang line). Used for extension-less or misnamed files.
std::optional<Lang> lang_from_content(std::string_view data);

// True for ELF, PE, Mach-O (thin or fat) and WebAssembly binaries, by magic bytes.
bool is_native_binary(std::string_view data);

// True when the bytes look like text (no NUL in the first 8 KB).
bool looks_textual(std::string_view data);

}  // namespace tarsier
