// Canonical byte encoding of states: models write their state into a ByteSink (equal states
// must give equal bytes) and read it back from a ByteSource. Fingerprints hash these bytes,
// the exact store keeps them, and the BFS frontier holds states in this form.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/errors.hpp"

namespace faultline {

// Appends bytes to a buffer that only grows (clear() keeps the memory): the engine reuses one
// sink per worker, so encoding a state allocates nothing once the buffer is warm. Writes are
// inlined bounds checks, not std::string::push_back calls (which showed up at ~12% of a Raft
// run's profile).
class ByteSink {
 public:
  void clear() { size_ = 0; }
  void truncate(size_t size) { size_ = std::min(size_, size); }
  [[gnu::always_inline]] void u8(uint8_t v) {
    if (size_ == buf_.size()) [[unlikely]]
      grow(1);
    buf_[size_++] = static_cast<char>(v);
  }
  void u16(uint16_t v) { raw(&v, sizeof v); }
  void u32(uint32_t v) { raw(&v, sizeof v); }
  void u64(uint64_t v) { raw(&v, sizeof v); }
  void i8(int8_t v) { u8(static_cast<uint8_t>(v)); }
  void boolean(bool v) { u8(v ? 1 : 0); }
  // Variable-length unsigned integer (LEB128): small counts and ids take one byte.
  [[gnu::always_inline]] void varint(uint64_t v) {
    if (v < 0x80) [[likely]] {
      u8(static_cast<uint8_t>(v));
      return;
    }
    while (v >= 0x80) {
      u8(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    u8(static_cast<uint8_t>(v));
  }
  [[gnu::always_inline]] void raw(const void* p, size_t n) {
    if (buf_.size() - size_ < n) [[unlikely]]
      grow(n);
    std::memcpy(buf_.data() + size_, p, n);
    size_ += n;
  }
  // Appends the first n bytes of buf, copying all N of them (a copy of constant size is a
  // few moves, not a call): the bytes past n are scratch, overwritten by the next write.
  template <size_t N>
  [[gnu::always_inline]] void raw_prefix(const char (&buf)[N], size_t n) {
    if (buf_.size() - size_ < N) [[unlikely]]
      grow(N);
    std::memcpy(buf_.data() + size_, buf, N);
    size_ += n;
  }
  // For a write of at most n bytes through a local cursor (reflect.hpp's bounded encode): the
  // cursor, then commit(cursor past the last byte written). Writes through a member pointer
  // are reloaded after every byte (a char store may alias anything); a local cursor is not.
  [[gnu::always_inline]] char* reserve(size_t n) {
    if (buf_.size() - size_ < n) [[unlikely]]
      grow(n);
    return buf_.data() + size_;
  }
  [[gnu::always_inline]] void commit(const char* end) {
    size_ = static_cast<size_t>(end - buf_.data());
  }
  std::string_view view() const { return {buf_.data(), size_}; }
  size_t size() const { return size_; }

 private:
  [[gnu::noinline]] void grow(size_t n) { buf_.resize(std::max<size_t>(2 * buf_.size(), size_ + n + 64)); }

  std::string buf_;  // buf_.size() is the capacity; bytes [0, size_) are written
  size_t size_ = 0;
};

// Reads what a ByteSink wrote. Every read is bounds-checked in every build: a decode that
// reads past the end (a model whose decode does not mirror its encode) throws DecodeError
// instead of reading another state's bytes.
class ByteSource {
 public:
  explicit ByteSource(std::string_view bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}
  uint8_t u8() {
    if (p_ == end_) [[unlikely]]
      overrun();
    return static_cast<uint8_t>(*p_++);
  }
  uint16_t u16() { return get<uint16_t>(); }
  uint32_t u32() { return get<uint32_t>(); }
  uint64_t u64() { return get<uint64_t>(); }
  int8_t i8() { return static_cast<int8_t>(u8()); }
  bool boolean() { return u8() != 0; }
  // At most 10 bytes (64 bits); a longer run of continuation bytes is a DecodeError.
  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t b = u8();
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    too_long();
  }
  void raw(void* out, size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) [[unlikely]]
      overrun();
    std::memcpy(out, p_, n);
    p_ += n;
  }
  bool done() const { return p_ == end_; }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }

 private:
  template <class T>
  T get() {
    T v;
    raw(&v, sizeof v);
    return v;
  }
  [[noreturn, gnu::cold, gnu::noinline]] static void overrun() {
    throw DecodeError("decoding a state read past the end of its bytes");
  }
  [[noreturn, gnu::cold, gnu::noinline]] static void too_long() {
    throw DecodeError("a varint in a state's bytes runs past 10 bytes");
  }
  const char* p_;
  const char* end_;
};

}  // namespace faultline
