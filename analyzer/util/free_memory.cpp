#include "analyzer/util/free_memory.h"

#include <malloc.h>

#if defined(__SANITIZE_ADDRESS__)
#define TARSIER_OWN_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
#define TARSIER_OWN_ALLOCATOR 1
#endif
#endif

namespace tarsier {

void release_free_memory() {
#if !defined(TARSIER_OWN_ALLOCATOR) && defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace tarsier
