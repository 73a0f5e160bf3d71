// The parent link of every stored state, indexed by state id (8 bytes a state), kept on disk
// as TLC keeps its trace file: an unlinked temporary file in $TMPDIR (default /tmp) written one
// BFS level at a time and read back only to rebuild a trace. The process's memory then holds
// only the visited fingerprints. Where no temporary file can be made, the links stay in memory
// (fixed-size chunks, so growth never copies).
#pragma once
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace faultline {

class LinkLog {
 public:
  LinkLog() {
    const char* dir = std::getenv("TMPDIR");
    dir_ = dir && *dir ? dir : "/tmp";
    std::string path = dir_ + "/faultline-links-XXXXXX";
    fd_ = mkstemp(path.data());
    if (fd_ >= 0) unlink(path.c_str());
  }
  ~LinkLog() {
    if (fd_ >= 0) close(fd_);
  }
  LinkLog(const LinkLog&) = delete;
  LinkLog& operator=(const LinkLog&) = delete;

  bool on_disk() const { return fd_ >= 0; }
  uint64_t size() const { return size_; }

  // Appending a level of n states: set_level(i, link) for i in [0, n) (from any thread, each
  // i once), then end_level() stores them as ids size()..size()+n-1.
  void begin_level(uint64_t n) {
    if (on_disk()) {
      level_.assign(n, 0);
    } else {
      while (chunks_.size() * kChunk < size_ + n) chunks_.emplace_back(new uint64_t[kChunk]);
    }
    level_size_ = n;
  }
  void set_level(uint64_t i, uint64_t link) {
    if (on_disk())
      level_[i] = link;
    else
      chunks_[(size_ + i) / kChunk][(size_ + i) % kChunk] = link;
  }
  void end_level() {
    if (on_disk()) {
      const char* p = reinterpret_cast<const char*>(level_.data());
      size_t left = level_.size() * sizeof(uint64_t);
      off_t at = static_cast<off_t>(size_ * sizeof(uint64_t));
      while (left > 0) {
        ssize_t n = pwrite(fd_, p, left, at);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
          throw std::runtime_error("writing the trace links to " + dir_ + " failed (" +
                                   std::strerror(errno) + "); set TMPDIR to a larger disk");
        p += n;
        left -= static_cast<size_t>(n);
        at += n;
      }
      std::vector<uint64_t>().swap(level_);
    }
    size_ += level_size_;
    level_size_ = 0;
  }

  uint64_t operator[](uint64_t id) const {
    if (!on_disk()) return chunks_[id / kChunk][id % kChunk];
    uint64_t link = 0;
    ssize_t n;
    do {
      n = pread(fd_, &link, sizeof link, static_cast<off_t>(id * sizeof link));
    } while (n < 0 && errno == EINTR);
    if (n != static_cast<ssize_t>(sizeof link))
      throw std::runtime_error("reading the trace links back from " + dir_ + " failed");
    return link;
  }

  // Memory held (the disk file is not counted).
  size_t memory_bytes() const {
    return chunks_.size() * kChunk * sizeof(uint64_t) + level_.capacity() * sizeof(uint64_t);
  }

 private:
  static constexpr uint64_t kChunk = uint64_t{1} << 20;
  std::string dir_;
  int fd_ = -1;
  std::vector<uint64_t> level_;  // on disk: the level being appended
  std::vector<std::unique_ptr<uint64_t[]>> chunks_;  // in memory
  uint64_t size_ = 0, level_size_ = 0;
};

}  // namespace faultline
