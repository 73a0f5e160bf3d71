// A fixed-size, zero-filled array of a trivially copyable type for the checker's big tables
// and buffers. Arrays of 64 KiB or more are mapped directly (mmap) and unmapped when freed,
// so the memory goes back to the system at once; through malloc, a table that grows leaves
// its old arrays behind as free but resident heap, which counts against --memory-limit.
// Mapped pages are present at once, on huge pages where possible (store/page_map.hpp): a
// hash table's first touch is often a read, which would map the shared zero page and then
// take a second fault, with a TLB flush across the workers, on the write.
#pragma once
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>

#include "store/page_map.hpp"

namespace faultline {

template <class T>
class ZeroedArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  ZeroedArray() = default;
  explicit ZeroedArray(size_t n) : size_(n) {
    if (n == 0) return;
    const size_t bytes = n * sizeof(T);
    if (bytes >= kMapThreshold) {
      void* p = map_pages(bytes);
      if (!p) throw std::bad_alloc();
      data_ = static_cast<T*>(p);
      mapped_ = true;
    } else {
      data_ = static_cast<T*>(std::calloc(n, sizeof(T)));
      if (!data_) throw std::bad_alloc();
    }
  }
  ZeroedArray(ZeroedArray&& o) noexcept { swap(o); }
  ZeroedArray& operator=(ZeroedArray&& o) noexcept {
    ZeroedArray tmp(std::move(o));
    swap(tmp);
    return *this;
  }
  ZeroedArray(const ZeroedArray&) = delete;
  ZeroedArray& operator=(const ZeroedArray&) = delete;
  ~ZeroedArray() {
    if (!data_) return;
    if (mapped_)
      unmap_pages(data_, size_ * sizeof(T));
    else
      std::free(data_);
  }

  T* data() const { return data_; }
  size_t size() const { return size_; }
  T& operator[](size_t i) const { return data_[i]; }
  T* begin() const { return data_; }
  T* end() const { return data_ + size_; }

 private:
  static constexpr size_t kMapThreshold = size_t{64} << 10;

  void swap(ZeroedArray& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(mapped_, o.mapped_);
  }
  T* data_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
};

}  // namespace faultline
