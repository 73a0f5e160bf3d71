// A vector whose resize leaves trivially constructible elements uninitialised: for large
// buffers that are about to be filled in parallel, so that one thread does not zero them first.
#pragma once
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace faultline {

// Constructs with no arguments by default-initialisation (no zeroing), with arguments as usual.
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  using std::allocator<T>::allocator;
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
