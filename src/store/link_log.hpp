// The parent link of every stored state, indexed by state id (8 bytes a state), kept on disk
// as TLC keeps its trace file: an unlinked temporary file (store/temp_file.hpp) appended to in
// batches as each BFS level is committed and read back only to rebuild a trace. The process's
// memory then holds only the visited fingerprints. A batch is written by a background thread
// while the search goes on (the next access waits for it), so the write is not a serial step
// between BFS levels. Where no temporary file can be made, the links stay in memory
// (fixed-size chunks, so growth never copies).
#pragma once
#include <algorithm>
#include <cstdint>
#include <future>
#include <memory>
#include <vector>

#include "store/checked_file.hpp"
#include "store/temp_file.hpp"
#include "store/uninit_vector.hpp"

namespace faultline {

class LinkLog {
 public:
  LinkLog() : file_("faultline-links") {}

  bool on_disk() const { return file_.open(); }
  uint64_t size() const { return size_; }

  // Stores `links` as the links of ids size()..size()+links.size()-1.
  void append(UninitVector<uint64_t> links) {
    const uint64_t n = links.size();
    if (on_disk()) {
      wait();
      const uint64_t offset = size_ * sizeof(uint64_t);
      pending_bytes_ = n * sizeof(uint64_t);
      pending_ = std::async(std::launch::async, [this, offset, batch = std::move(links)] {
        file_.write_at(offset, batch.data(), batch.size() * sizeof(uint64_t));
      });
    } else {
      while (chunks_.size() * kChunk < size_ + n) chunks_.emplace_back(new uint64_t[kChunk]);
      for (uint64_t i = 0; i < n; ++i)
        chunks_[(size_ + i) / kChunk][(size_ + i) % kChunk] = links[i];
    }
    size_ += n;
  }

  uint64_t operator[](uint64_t id) {
    if (!on_disk()) return chunks_[id / kChunk][id % kChunk];
    wait();
    uint64_t link = 0;
    file_.read_at(id * sizeof link, &link, sizeof link);
    return link;
  }

  // A checkpoint's links part (engine/checkpoint.hpp): every link in id order, and back.
  void save(CheckedWriter& out) {
    wait();
    std::vector<uint64_t> batch;
    for (uint64_t first = 0; first < size_; first += kChunk) {
      const uint64_t n = std::min(kChunk, size_ - first);
      if (on_disk()) {
        batch.resize(n);
        file_.read_at(first * sizeof(uint64_t), batch.data(), n * sizeof(uint64_t));
        out.write(batch.data(), n * sizeof(uint64_t));
      } else {
        out.write(chunks_[first / kChunk].get(), n * sizeof(uint64_t));
      }
    }
  }
  void load(CheckedReader& in, uint64_t count) {
    for (uint64_t done = 0; done < count;) {
      const uint64_t n = std::min(kChunk, count - done);
      UninitVector<uint64_t> batch(n);
      in.read(batch.data(), n * sizeof(uint64_t));
      append(std::move(batch));
      done += n;
    }
  }

  // Waits for the batch being written, if any; rethrows its write error.
  void wait() {
    if (!pending_.valid()) return;
    pending_bytes_ = 0;
    pending_.get();
  }

  // Memory held: the in-memory chunks or the batch being written (not the disk file).
  size_t memory_bytes() const {
    return chunks_.size() * kChunk * sizeof(uint64_t) + pending_bytes_;
  }

 private:
  static constexpr uint64_t kChunk = uint64_t{1} << 20;
  TempFile file_;
  std::vector<std::unique_ptr<uint64_t[]>> chunks_;  // in memory
  uint64_t size_ = 0;
  std::future<void> pending_;  // the background write of the last batch
  size_t pending_bytes_ = 0;
};

}  // namespace faultline
