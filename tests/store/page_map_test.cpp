// map_pages: zeroed, writable memory of any size; large mappings start on a 2 MiB boundary
// (so that the kernel can back them with huge pages) and give every byte back when unmapped.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>

#include "store/page_map.hpp"
#include "store/zeroed_array.hpp"

namespace faultline {
namespace {

TEST(PageMap, MappingsOfEverySizeAreZeroedAndWritable) {
  for (size_t bytes : {size_t{4096}, size_t{300} << 10, kHugePageBytes - 8, kHugePageBytes,
                       kHugePageBytes + 8, (size_t{5} << 20) + 12345}) {
    auto* p = static_cast<unsigned char*>(map_pages(bytes));
    ASSERT_NE(p, nullptr) << bytes;
    EXPECT_TRUE(std::all_of(p, p + bytes, [](unsigned char c) { return c == 0; })) << bytes;
    std::memset(p, 0xab, bytes);  // every byte writable, the last one included
    EXPECT_EQ(p[bytes - 1], 0xab);
    if (bytes >= kHugePageBytes) {
      EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % kHugePageBytes, 0u) << bytes;
    }
    unmap_pages(p, bytes);
  }
}

// The process's mapped address space in KiB (VmSize), or -1 where /proc is missing.
long mapped_kib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmSize:", 0) == 0) return std::stol(line.substr(7));
  return -1;
}

TEST(PageMap, RepeatedLargeMappingsDoNotLeakAddressSpace) {
  // 64 rounds of 6 MiB: the 2 MiB a large mapping over-reserves to align must be given back,
  // or the address space would grow by up to 2 MiB a round (128 MiB in all). Checked through
  // ZeroedArray, whose arrays of 64 KiB and more are map_pages mappings.
  const long before = mapped_kib();
  for (int round = 0; round < 64; ++round) {
    ZeroedArray<uint64_t> a((size_t{6} << 20) / sizeof(uint64_t) + round);
    a[a.size() - 1] = static_cast<uint64_t>(round) + 1;
    EXPECT_EQ(a[0], 0u);
    EXPECT_EQ(a[a.size() - 1], static_cast<uint64_t>(round) + 1);
  }
  if (before < 0) GTEST_SKIP() << "no /proc/self/status";
  EXPECT_LT(mapped_kib() - before, 16 * 1024);
}

}  // namespace
}  // namespace faultline
