// Process resource readings for limits and the summary: resident memory now and at peak.
#pragma once
#include <cstdint>

namespace faultline {

uint64_t current_rss_bytes();
uint64_t peak_rss_bytes();

}  // namespace faultline
