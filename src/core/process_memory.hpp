// Resident memory of this process, now (/proc/self/statm) and at its peak (getrusage): what
// the memory limit is measured against, in the search and in the phases after it.
#pragma once
#include <cstdint>

namespace faultline {

uint64_t current_rss_bytes();
uint64_t peak_rss_bytes();

}  // namespace faultline
