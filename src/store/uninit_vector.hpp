// A vector whose resize leaves trivially constructible elements uninitialised: for large
// buffers that are about to be filled in parallel, so that one thread does not zero them first.
// Buffers of 256 KiB or more are mapped with their pages present (store/page_map.hpp): they
// are written in full at once (a level's sorted refs, its parent links), and one mapping call
// costs far less than a page fault per 4 KiB page (on virtual machines above all).
#pragma once
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include "store/page_map.hpp"

namespace faultline {

// Constructs with no arguments by default-initialisation (no zeroing), with arguments as usual.
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  using std::allocator<T>::allocator;
  static constexpr size_t kMapBytes = size_t{256} << 10;

  T* allocate(size_t n) {
    if (n * sizeof(T) < kMapBytes) return std::allocator<T>::allocate(n);
    void* p = map_pages(n * sizeof(T));
    if (!p) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) noexcept {
    if (n * sizeof(T) < kMapBytes)
      std::allocator<T>::deallocate(p, n);
    else
      unmap_pages(p, n * sizeof(T));
  }
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
template <class T>
using UninitVector = std::vector<T, DefaultInitAllocator<T>>;

}  // namespace faultline
