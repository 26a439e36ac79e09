// Recognises compiled code by its first bytes: ELF, PE, Mach-O (thin and fat) and WebAssembly.
#pragma once

#include <string_view>

namespace tarsier {

// "ELF", "PE", "Mach-O" or "wasm" when `head` starts like one; "" otherwise. Only the first
// few hundred bytes are looked at (a PE header offset may point a little further).
std::string_view native_format(std::string_view head);

}  // namespace tarsier
