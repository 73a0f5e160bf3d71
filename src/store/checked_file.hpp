// The files a checkpoint is made of (engine/checkpoint.hpp). CheckedWriter writes through a
// buffer, counts the bytes and checksums them (XXH3-64), and on finish() flushes and fsyncs
// the file: its summary goes into the manifest. CheckedReader reads the file back, counting
// and checksumming as it goes, so the caller can compare with the manifest at the end; a
// file that ends early is refused. Write errors are EnvironmentErrors and read errors
// SpecErrors, each naming the file.
#pragma once
#include <fcntl.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace faultline {

struct CheckedSummary {
  uint64_t bytes = 0;
  uint64_t hash = 0;  // XXH3-64 of the bytes
};

class CheckedWriter {
 public:
  explicit CheckedWriter(std::string path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) fail("cannot create");
    XXH3_64bits_reset(state_);
    buffer_.reserve(kBuffer);
  }
  ~CheckedWriter() {
    if (fd_ >= 0) ::close(fd_);
    XXH3_freeState(state_);
  }
  CheckedWriter(const CheckedWriter&) = delete;
  CheckedWriter& operator=(const CheckedWriter&) = delete;

  void write(const void* data, size_t n) {
    const char* p = static_cast<const char*>(data);
    XXH3_64bits_update(state_, p, n);
    bytes_ += n;
    if (buffer_.size() + n > kBuffer) flush();
    if (n >= kBuffer) return write_all(p, n);
    buffer_.insert(buffer_.end(), p, p + n);
  }
  void u64(uint64_t v) { write(&v, sizeof v); }
  void u32(uint32_t v) { write(&v, sizeof v); }

  // Flushes, fsyncs and closes the file.
  CheckedSummary finish() {
    flush();
    if (::fsync(fd_) != 0) fail("cannot sync");
    if (::close(fd_) != 0) fail("cannot close");
    fd_ = -1;
    return {bytes_, XXH3_64bits_digest(state_)};
  }

 private:
  static constexpr size_t kBuffer = size_t{1} << 20;
  void flush() {
    write_all(buffer_.data(), buffer_.size());
    buffer_.clear();
  }
  void write_all(const char* p, size_t n) {
    while (n > 0) {
      const ssize_t w = ::write(fd_, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) fail("cannot write");
      p += w;
      n -= static_cast<size_t>(w);
    }
  }
  [[noreturn]] void fail(const char* what) const {
    throw EnvironmentError("checkpoint: " + std::string(what) + " " + path_ + " (" +
                           std::strerror(errno) + ")");
  }

  std::string path_;
  int fd_ = -1;
  XXH3_state_t* state_ = XXH3_createState();  // (its size is known to xxhash alone)
  std::vector<char> buffer_;
  uint64_t bytes_ = 0;
};

class CheckedReader {
 public:
  explicit CheckedReader(std::string path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
      throw SpecError(path_ + ": cannot read the checkpoint part (" + std::strerror(errno) + ")");
    XXH3_64bits_reset(state_);
  }
  ~CheckedReader() {
    ::close(fd_);
    XXH3_freeState(state_);
  }
  CheckedReader(const CheckedReader&) = delete;
  CheckedReader& operator=(const CheckedReader&) = delete;

  void read(void* data, size_t n) {
    char* out = static_cast<char*>(data);
    while (n > 0) {
      if (pos_ == buffer_.size() && !fill())
        throw SpecError(path_ + ": the checkpoint part ends early");
      const size_t k = std::min(n, buffer_.size() - pos_);
      std::memcpy(out, buffer_.data() + pos_, k);
      XXH3_64bits_update(state_, buffer_.data() + pos_, k);
      pos_ += k;
      out += k;
      n -= k;
      bytes_ += k;
    }
  }
  uint64_t u64() {
    uint64_t v = 0;
    read(&v, sizeof v);
    return v;
  }
  uint32_t u32() {
    uint32_t v = 0;
    read(&v, sizeof v);
    return v;
  }
  bool at_end() { return pos_ == buffer_.size() && !fill(); }
  // What was read so far.
  CheckedSummary summary() const { return {bytes_, XXH3_64bits_digest(state_)}; }
  const std::string& path() const { return path_; }

 private:
  bool fill() {
    buffer_.resize(size_t{1} << 20);
    for (;;) {
      const ssize_t n = ::read(fd_, buffer_.data(), buffer_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0)
        throw SpecError(path_ + ": cannot read the checkpoint part (" + std::strerror(errno) + ")");
      buffer_.resize(static_cast<size_t>(n));
      pos_ = 0;
      return n > 0;
    }
  }

  std::string path_;
  int fd_ = -1;
  XXH3_state_t* state_ = XXH3_createState();  // (its size is known to xxhash alone)
  std::vector<char> buffer_;
  size_t pos_ = 0;
  uint64_t bytes_ = 0;
};

}  // namespace faultline
