// An anonymous scratch file for data that would not fit in memory (parent links, a spilled
// BFS frontier): created in $TMPDIR (default /tmp) and unlinked at once, so it vanishes with
// the process however it ends. Positioned reads and writes only, so threads may write
// disjoint ranges concurrently. A file that cannot be created leaves the object !open();
// a write or read that fails throws an error naming the directory.
#pragma once
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "core/errors.hpp"

namespace faultline {

class TempFile {
 public:
  explicit TempFile(const char* prefix) {
    const char* dir = std::getenv("TMPDIR");
    dir_ = dir && *dir ? dir : "/tmp";
    std::string path = dir_ + "/" + prefix + "-XXXXXX";
    fd_ = mkstemp(path.data());
    if (fd_ >= 0) unlink(path.c_str());
  }
  ~TempFile() {
    if (fd_ >= 0) close(fd_);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  bool open() const { return fd_ >= 0; }
  const std::string& dir() const { return dir_; }

  void write_at(uint64_t offset, const void* data, size_t size) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
      ssize_t n = pwrite(fd_, p, size, static_cast<off_t>(offset));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0)
        throw EnvironmentError("writing a scratch file in " + dir_ + " failed (" +
                                 std::strerror(errno) + "); set TMPDIR to a larger disk");
      p += n;
      size -= static_cast<size_t>(n);
      offset += static_cast<uint64_t>(n);
    }
  }

  // Reads exactly `size` bytes at `offset` (all of them must have been written).
  void read_at(uint64_t offset, void* data, size_t size) const {
    char* p = static_cast<char*>(data);
    while (size > 0) {
      ssize_t n = pread(fd_, p, size, static_cast<off_t>(offset));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0)
        throw EnvironmentError("reading back a scratch file in " + dir_ + " failed" +
                                 (n < 0 ? std::string(" (") + std::strerror(errno) + ")" : ""));
      p += n;
      size -= static_cast<size_t>(n);
      offset += static_cast<uint64_t>(n);
    }
  }

 private:
  std::string dir_;
  int fd_ = -1;
};

}  // namespace faultline
