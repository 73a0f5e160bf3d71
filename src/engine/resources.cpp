// glibc malloc tuning through mallopt and malloc_trim (the memory readings are in
// core/process_memory.cpp).
#include "engine/resources.hpp"

#include <malloc.h>

namespace faultline {

void use_prompt_release_malloc() { mallopt(M_MMAP_THRESHOLD, 256 * 1024); }

void release_free_heap() { malloc_trim(0); }

}  // namespace faultline
