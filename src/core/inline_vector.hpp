// InlineVector<T, N>: a vector of at most N elements stored inside the object. Model states
// are copied once per generated successor; keeping their short sequences (a Raft log, a
// leader's nextIndex) inline makes that copy a memcpy instead of one heap allocation per
// sequence. Going past N is a bug in the model's bounds and throws std::length_error.
#pragma once
#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>

namespace faultline {

template <class T, size_t N>
class InlineVector {
  static_assert(N > 0 && N <= 255, "size is kept in one byte");

 public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;

  InlineVector() = default;
  InlineVector(std::initializer_list<T> items) {
    for (const T& x : items) push_back(x);
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  static constexpr size_t capacity() { return N; }

  T* begin() { return items_.data(); }
  T* end() { return items_.data() + size_; }
  const T* begin() const { return items_.data(); }
  const T* end() const { return items_.data() + size_; }
  T* data() { return items_.data(); }
  const T* data() const { return items_.data(); }
  T& operator[](size_t i) { return items_[i]; }
  const T& operator[](size_t i) const { return items_[i]; }
  T& front() { return items_[0]; }
  const T& front() const { return items_[0]; }
  T& back() { return items_[size_ - 1]; }
  const T& back() const { return items_[size_ - 1]; }

  void push_back(const T& x) {
    check(size_ + 1);
    items_[size_++] = x;
  }
  void pop_back() { items_[--size_] = T{}; }
  void clear() { resize(0); }
  // Elements past the size are kept value-initialized, so defaulted copies stay canonical.
  void resize(size_t n, const T& fill = T{}) {
    check(n);
    for (size_t i = size_; i < n; ++i) items_[i] = fill;
    for (size_t i = n; i < size_; ++i) items_[i] = T{};
    size_ = static_cast<uint8_t>(n);
  }
  void assign(size_t n, const T& fill) {
    clear();
    resize(n, fill);
  }
  T* insert(const T* pos, const T& x) {
    check(size_ + 1);
    const size_t at = static_cast<size_t>(pos - begin());
    for (size_t i = size_; i > at; --i) items_[i] = items_[i - 1];
    items_[at] = x;
    ++size_;
    return begin() + at;
  }
  T* erase(const T* first, const T* last) {
    const size_t a = static_cast<size_t>(first - begin());
    const size_t b = static_cast<size_t>(last - begin());
    std::copy(begin() + b, end(), begin() + a);
    resize(size_ - (b - a));
    return begin() + a;
  }
  T* erase(const T* pos) { return erase(pos, pos + 1); }

  friend bool operator==(const InlineVector& a, const InlineVector& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }
  friend auto operator<=>(const InlineVector& a, const InlineVector& b) {
    return std::lexicographical_compare_three_way(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  static void check(size_t n) {
    if (n > N) throw std::length_error("InlineVector: more than " + std::to_string(N) + " items");
  }

  std::array<T, N> items_{};
  uint8_t size_ = 0;
};

}  // namespace faultline
