#pragma once

namespace tarsier {

// Returns memory the allocator keeps in its arenas to the system (glibc's malloc_trim). Does
// nothing when the allocator is not glibc's own, as under AddressSanitizer, whose replacement
// leaves glibc's arenas uninitialised.
void release_free_memory();

}  // namespace tarsier
