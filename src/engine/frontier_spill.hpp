// The pieces of a BFS frontier that can live on disk (used by engine/frontier.hpp):
//  - FrontierRef, a state's fingerprint and where its length-prefixed bytes are;
//  - FrontierSpill, the memory budget of the frontier (every buffer charges what it holds)
//    and the runs that buffers spilled in the level being generated;
//  - RecordReader and BatchWriter, sequential access to files of records, each record the
//    fingerprint (8 bytes, little-endian), the length as a varint, then the bytes.
// Spill files are unlinked temporary files in $TMPDIR (store/temp_file.hpp).
#pragma once
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "store/temp_file.hpp"
#include "store/uninit_vector.hpp"

namespace faultline {

inline constexpr size_t kMaxVarint = 10;

inline char* put_varint(char* dst, size_t n) {
  while (n >= 0x80) {
    *dst++ = static_cast<char>(n | 0x80);
    n >>= 7;
  }
  *dst++ = static_cast<char>(n);
  return dst;
}

inline size_t varint_size(size_t n) {
  size_t k = 1;
  while (n >= 0x80) n >>= 7, ++k;
  return k;
}

// 16 bytes: the fingerprint and where the state's bytes start, preceded by their length as a
// varint (in a frontier block, a read buffer or a batch).
struct FrontierRef {
  uint64_t fp;
  const char* at;
  std::string_view view() const {
    size_t n = 0;
    const char* p = at;
    for (unsigned shift = 0;; shift += 7) {
      auto b = static_cast<uint8_t>(*p++);
      n |= static_cast<size_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    return {p, n};
  }
  size_t record_size() const {
    std::string_view v = view();
    return sizeof(uint64_t) + static_cast<size_t>(v.data() - at) + v.size();
  }
  // Fingerprint order, ties (equal fingerprints of different states) broken by the bytes.
  friend bool operator<(const FrontierRef& a, const FrontierRef& b) {
    if (a.fp != b.fp) return a.fp < b.fp;
    return a.view() < b.view();
  }
};

// Writes ref's record (fingerprint, varint length, bytes) at dst; returns the end.
inline char* put_record(char* dst, const FrontierRef& ref) {
  std::memcpy(dst, &ref.fp, sizeof ref.fp);
  std::string_view v = ref.view();
  char* p = put_varint(dst + sizeof ref.fp, v.size());
  std::memcpy(p, v.data(), v.size());
  return p + v.size();
}

struct SpilledRun {
  uint64_t offset = 0, bytes = 0, count = 0;
};
struct SpilledRuns {
  std::shared_ptr<TempFile> file;
  std::vector<SpilledRun> runs;  // each sorted
  uint64_t count = 0;
};

class FrontierSpill {
 public:
  static constexpr uint64_t kUnbounded = std::numeric_limits<uint64_t>::max();

  // The frontier's memory budget in bytes (kUnbounded: never spill). Set between levels.
  void set_budget(uint64_t bytes) { budget_.store(bytes, std::memory_order_relaxed); }
  uint64_t budget() const { return budget_.load(std::memory_order_relaxed); }
  bool bounded() const { return budget() != kUnbounded; }

  void charge(int64_t bytes) { used_.fetch_add(bytes, std::memory_order_relaxed); }
  int64_t used() const { return used_.load(std::memory_order_relaxed); }
  bool over_budget() const {
    return bounded() && used() > static_cast<int64_t>(std::min<uint64_t>(budget(), INT64_MAX));
  }

  // Frontier blocks: a block freed while a level is expanded goes to a pool (still charged:
  // it is resident) from which the next level's buffers take theirs, so that expanding a level
  // does not map fresh memory for the next one while unmapping as much of its own. Fresh
  // mappings cost a page fault (or a populate) per page and every unmapping a TLB shootdown
  // across the workers' cores. The pool keeps at most kPooledBlocks (beyond them a level being
  // expanded still gives its memory back) and is emptied when the expansion ends.
  using Block = UninitVector<char>;
  Block take_block(size_t bytes) {
    {
      std::lock_guard<std::mutex> lock(pool_mutex_);
      if (!pool_.empty() && pool_.back().size() == bytes) {
        Block b = std::move(pool_.back());
        pool_.pop_back();
        charge(-static_cast<int64_t>(bytes));  // the taker charges it again
        return b;
      }
    }
    return Block(bytes);
  }
  void recycle_block(Block&& block) {
    {
      std::lock_guard<std::mutex> lock(pool_mutex_);
      if (pool_.size() < kPooledBlocks) {
        pool_.push_back(std::move(block));
        return;
      }
    }
    charge(-static_cast<int64_t>(block.size()));
    Block().swap(block);
  }
  size_t pooled_blocks() {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    return pool_.size();
  }
  void drop_recycled_blocks() {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    for (const Block& b : pool_) charge(-static_cast<int64_t>(b.size()));
    pool_.clear();
  }

  // Sizes derived from the budget.
  size_t block_bytes() const { return bounded() ? clamp(budget() / 64, 4096, kBlock) : kBlock; }
  size_t min_run_bytes() const { return bounded() ? budget() / 32 : 0; }
  size_t chunk_bytes() const { return bounded() ? clamp(budget() / 8, 65536, kChunk) : kChunk; }
  size_t merge_buffer_bytes(size_t readers) const {
    return clamp(budget() / (4 * (readers + 1)), 4096, size_t{4} << 20);
  }
  bool too_large_to_keep(size_t bytes) const { return bounded() && bytes > budget() / 2; }

  // Appends a sorted run of the level being generated (any thread).
  void write_run(const std::vector<FrontierRef>& sorted) {
    uint64_t total = 0;
    for (const auto& r : sorted) total += r.record_size();
    uint64_t offset;
    std::shared_ptr<TempFile> file;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!level_.file) {
        // Published only once open: a worker that comes next must not write to a file that
        // failed to open (it would report EBADF instead of this error).
        auto created = std::make_shared<TempFile>("faultline-frontier");
        if (!created->open())
          throw EnvironmentError("cannot create a scratch file for the BFS frontier in " +
                                   created->dir() + "; set TMPDIR to a writable directory");
        level_.file = std::move(created);
        end_ = 0;
      }
      offset = end_;
      end_ += total;
      level_.runs.push_back({offset, total, sorted.size()});
      level_.count += sorted.size();
      file = level_.file;
    }
    std::vector<char> staging(std::min<uint64_t>(total, kStaging) + 64 * 1024);
    size_t used = 0;
    uint64_t at = offset;
    for (const auto& r : sorted) {
      if (used + r.record_size() > staging.size()) {
        file->write_at(at, staging.data(), used);
        at += used;
        used = 0;
        if (r.record_size() > staging.size()) staging.resize(r.record_size());
      }
      used = static_cast<size_t>(put_record(staging.data() + used, r) - staging.data());
    }
    file->write_at(at, staging.data(), used);
    note_written(total);
  }

  // The runs spilled since the last call (the level just generated).
  SpilledRuns take_runs() {
    std::lock_guard<std::mutex> lock(mutex_);
    SpilledRuns out = std::move(level_);
    level_ = SpilledRuns();
    return out;
  }

  void note_written(uint64_t bytes) { written_.fetch_add(bytes, std::memory_order_relaxed); }
  uint64_t bytes_written() const { return written_.load(std::memory_order_relaxed); }

 private:
  static size_t clamp(uint64_t v, size_t lo, size_t hi) {
    return static_cast<size_t>(std::clamp<uint64_t>(v, lo, hi));
  }
  static constexpr size_t kBlock = size_t{1} << 20;
  static constexpr size_t kChunk = size_t{64} << 20;
  static constexpr size_t kStaging = size_t{1} << 20;
  static constexpr size_t kPooledBlocks = 8;

  std::atomic<uint64_t> budget_{kUnbounded};
  std::mutex pool_mutex_;
  std::vector<Block> pool_;
  std::atomic<int64_t> used_{0};
  std::atomic<uint64_t> written_{0};
  std::mutex mutex_;
  SpilledRuns level_;
  uint64_t end_ = 0;
};

// Bytes counted against a FrontierSpill budget for as long as the object lives.
class SpillCharge {
 public:
  SpillCharge() = default;
  SpillCharge(FrontierSpill& spill, size_t bytes) : spill_(&spill), bytes_(bytes) {
    spill_->charge(static_cast<int64_t>(bytes_));
  }
  SpillCharge(SpillCharge&& o) noexcept : spill_(o.spill_), bytes_(o.bytes_) { o.bytes_ = 0; }
  SpillCharge& operator=(SpillCharge&& o) noexcept {
    if (this != &o) {
      reset();
      spill_ = o.spill_;
      bytes_ = o.bytes_;
      o.bytes_ = 0;
    }
    return *this;
  }
  ~SpillCharge() { reset(); }
  size_t bytes() const { return bytes_; }
  void resize(size_t bytes) {
    if (spill_) spill_->charge(static_cast<int64_t>(bytes) - static_cast<int64_t>(bytes_));
    bytes_ = bytes;
  }

 private:
  void reset() {
    if (spill_ && bytes_) spill_->charge(-static_cast<int64_t>(bytes_));
    bytes_ = 0;
  }
  FrontierSpill* spill_ = nullptr;
  size_t bytes_ = 0;
};

// Reads the records in [offset, offset + bytes) of a file, in order, through one buffer.
class RecordReader {
 public:
  RecordReader(const TempFile& file, uint64_t offset, uint64_t bytes, size_t buffer_bytes,
               FrontierSpill& spill)
      : file_(&file), pos_(offset), end_(offset + bytes),
        buffer_(std::max<size_t>(buffer_bytes, 64)), charge_(spill, buffer_.size()) {}

  // Appends the next record's ref to out (valid until the next call); false at the end.
  bool next(std::vector<FrontierRef>& out) {
    if (!complete_record_at(head_) && !refill()) return false;
    out.push_back(ref_at(head_));
    head_ += out.back().record_size();
    return true;
  }

  // Replaces chunk with the refs of the next buffer-full of whole records (valid until the
  // next call); false at the end.
  bool fill_chunk(std::vector<FrontierRef>& chunk) {
    chunk.clear();
    if (!refill()) return false;
    while (complete_record_at(head_)) {
      chunk.push_back(ref_at(head_));
      head_ += chunk.back().record_size();
    }
    return true;
  }

 private:
  // Moves the unread tail to the front and reads more; false when nothing is left at all.
  bool refill() {
    size_t tail = filled_ - head_;
    std::memmove(buffer_.data(), buffer_.data() + head_, tail);
    head_ = 0;
    filled_ = tail;
    if (pos_ == end_) return complete_record_at(0);
    if (filled_ == buffer_.size()) {  // one record larger than the buffer
      buffer_.resize(buffer_.size() * 2);
      charge_.resize(buffer_.size());
    }
    size_t n = static_cast<size_t>(std::min<uint64_t>(buffer_.size() - filled_, end_ - pos_));
    file_->read_at(pos_, buffer_.data() + filled_, n);
    pos_ += n;
    filled_ += n;
    if (!complete_record_at(0)) return refill();
    return true;
  }

  bool complete_record_at(size_t at) const {
    if (filled_ - at < sizeof(uint64_t) + 1) return false;
    size_t n = 0, k = at + sizeof(uint64_t);
    for (unsigned shift = 0;; shift += 7) {
      if (k >= filled_) return false;
      auto b = static_cast<uint8_t>(buffer_[k++]);
      n |= static_cast<size_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    return filled_ - k >= n;
  }

  FrontierRef ref_at(size_t at) const {
    FrontierRef r;
    std::memcpy(&r.fp, buffer_.data() + at, sizeof r.fp);
    r.at = buffer_.data() + at + sizeof r.fp;
    return r;
  }

  const TempFile* file_;
  uint64_t pos_, end_;
  std::vector<char> buffer_;
  size_t head_ = 0, filled_ = 0;
  SpillCharge charge_;
};

// Collects merged records into batches; each batch is handed out as refs, then appended to
// the file.
class BatchWriter {
 public:
  BatchWriter(TempFile& file, FrontierSpill& spill)
      : file_(&file), spill_(&spill), limit_(spill.chunk_bytes()) {}

  void add(const FrontierRef& ref) {
    size_t need = ref.record_size();
    if (arena_.size() + need > arena_.capacity()) {
      arena_.reserve(std::max(arena_.capacity() * 2, std::max(need, limit_)));
      charge_ = SpillCharge(*spill_, arena_.capacity());
    }
    size_t at = arena_.size();
    arena_.resize(at + need);
    put_record(arena_.data() + at, ref);
    offsets_.push_back(at);
  }
  size_t batch_size() const { return offsets_.size(); }
  bool full() const { return arena_.size() >= limit_; }

  // The batch's refs, pointing into the arena.
  std::span<const FrontierRef> finish_batch() {
    refs_.clear();
    for (size_t at : offsets_) {
      FrontierRef r;
      std::memcpy(&r.fp, arena_.data() + at, sizeof r.fp);
      r.at = arena_.data() + at + sizeof r.fp;
      refs_.push_back(r);
    }
    return refs_;
  }
  // Appends the batch to the file and starts a new one.
  void write_batch() {
    file_->write_at(written_, arena_.data(), arena_.size());
    written_ += arena_.size();
    spill_->note_written(arena_.size());
    arena_.clear();
    offsets_.clear();
    refs_.clear();
  }
  uint64_t written() const { return written_; }

 private:
  TempFile* file_;
  FrontierSpill* spill_;
  size_t limit_;
  std::vector<char> arena_;
  std::vector<size_t> offsets_;
  std::vector<FrontierRef> refs_;
  SpillCharge charge_;
  uint64_t written_ = 0;
};

}  // namespace faultline
