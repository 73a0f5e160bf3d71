// Anonymous memory for the checker's big arrays (visited tables, level tables, sorted refs,
// frontier blocks): mapped directly, so that freeing gives it back to the system at once, with
// its pages present, and backed by 2 MiB transparent huge pages where the kernel allows it
// (madvise mode, Debian's default). Huge pages matter twice: a hash table's random probes
// miss the TLB on nearly every access with 4 KiB pages once it outgrows a few MiB, and making
// a fresh mapping present costs one page fault per page, which on virtual machines is many
// microseconds: mapping and touching 64 MiB took 157 ms with 4 KiB pages and 3 ms with huge
// pages on the development VM. A mapping of 2 MiB or more is aligned to 2 MiB so that its
// whole 2 MiB ranges can be huge pages; its tail (and any smaller mapping) uses small pages,
// so no memory is spent on rounding up.
#pragma once
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

namespace faultline {

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; older kernels answer EINVAL and pages fault in
#endif

inline constexpr size_t kHugePageBytes = size_t{2} << 20;

// `bytes` of zero-filled, writable memory with its pages present; nullptr when none is left.
inline void* map_pages(size_t bytes) {
  if (bytes < kHugePageBytes) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    return p == MAP_FAILED ? nullptr : p;
  }
  // Reserve a 2 MiB-larger range, keep its aligned part, give the rest back.
  const size_t reserved = bytes + kHugePageBytes;
  void* r = mmap(nullptr, reserved, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (r == MAP_FAILED) return nullptr;
  const uintptr_t start = reinterpret_cast<uintptr_t>(r);
  const uintptr_t aligned = (start + kHugePageBytes - 1) & ~(uintptr_t{kHugePageBytes} - 1);
  static const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t end = (aligned + bytes + page - 1) & ~(page - 1);
  if (aligned > start) munmap(r, aligned - start);
  if (start + reserved > end) munmap(reinterpret_cast<void*>(end), start + reserved - end);
  void* p = reinterpret_cast<void*>(aligned);
  madvise(p, bytes, MADV_HUGEPAGE);  // a hint: refused where THP is off, and then ignored
  madvise(p, bytes, MADV_POPULATE_WRITE);  // as MAP_POPULATE, now with the huge pages
  return p;
}

// Gives back what map_pages(bytes) returned.
inline void unmap_pages(void* p, size_t bytes) { munmap(p, bytes); }

}  // namespace faultline
