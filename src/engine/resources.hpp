// Process resource readings for limits and the summary (resident memory now and at peak),
// and the malloc settings that keep resident memory close to what the checker holds.
#pragma once
#include <cstdint>

#include "core/process_memory.hpp"

namespace faultline {

// Large blocks (256 KiB and up) always come from mmap, so freeing them returns them to the
// system (glibc otherwise raises that threshold after the first large free, and freed
// frontier vectors then stay resident as free heap). Process-wide; call before exploring.
void use_prompt_release_malloc();
// Returns free heap pages to the system (between BFS levels).
void release_free_heap();

}  // namespace faultline
