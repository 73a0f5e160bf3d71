// The parent link of every stored state, indexed by state id (8 bytes a state), kept on disk
// as TLC keeps its trace file: an unlinked temporary file (store/temp_file.hpp) appended to in
// batches as each BFS level is committed and read back only to rebuild a trace. The process's
// memory then holds only the visited fingerprints. Where no temporary file can be made, the
// links stay in memory (fixed-size chunks, so growth never copies).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "store/temp_file.hpp"

namespace faultline {

class LinkLog {
 public:
  LinkLog() : file_("faultline-links") {}

  bool on_disk() const { return file_.open(); }
  uint64_t size() const { return size_; }

  // Stores links[0..n) as the links of ids size()..size()+n-1.
  void append(const uint64_t* links, uint64_t n) {
    if (on_disk()) {
      file_.write_at(size_ * sizeof(uint64_t), links, n * sizeof(uint64_t));
    } else {
      while (chunks_.size() * kChunk < size_ + n) chunks_.emplace_back(new uint64_t[kChunk]);
      for (uint64_t i = 0; i < n; ++i)
        chunks_[(size_ + i) / kChunk][(size_ + i) % kChunk] = links[i];
    }
    size_ += n;
  }

  uint64_t operator[](uint64_t id) const {
    if (!on_disk()) return chunks_[id / kChunk][id % kChunk];
    uint64_t link = 0;
    file_.read_at(id * sizeof link, &link, sizeof link);
    return link;
  }

  // Memory held (the disk file is not counted).
  size_t memory_bytes() const { return chunks_.size() * kChunk * sizeof(uint64_t); }

 private:
  static constexpr uint64_t kChunk = uint64_t{1} << 20;
  TempFile file_;
  std::vector<std::unique_ptr<uint64_t[]>> chunks_;  // in memory
  uint64_t size_ = 0;
};

}  // namespace faultline
