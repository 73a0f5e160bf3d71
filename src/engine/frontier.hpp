// A BFS level's states in compact form: for each state a record (an 8-byte header, the length
// of its canonical bytes as a varint, the bytes), in blocks. Workers fill one FrontierBuffer
// each, the header holding the state's fingerprint; between levels the buffers make one
// Frontier. Ordering it by (fingerprint, bytes) gives every state a deterministic index
// whatever the number of workers; in memory, the index then replaces the fingerprint in the
// header and the order itself is dropped: the level is expanded in the order its records lie
// in the blocks, a run of them at a time, and each block, as soon as its states have been
// expanded, is handed to the next level's buffers to fill (through FrontierSpill's pool). So a
// level held in memory costs its records alone, and less as it is expanded.
//
// Memory is bounded by a FrontierSpill budget (engine/frontier_spill.hpp): a buffer that
// needs a new block while the frontier as a whole is over budget writes its states, sorted,
// to disk as a run. A level with runs on disk, or too large to keep in memory beside the next
// one, is merged (runs and buffers, k ways) into a level file, one batch at a time, and later
// expanded chunk by chunk from that file. Without a budget nothing is ever written.
#pragma once
#include <algorithm>
#include <atomic>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <queue>
#include <span>
#include <string_view>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "core/errors.hpp"
#include "engine/bucket_sort.hpp"
#include "engine/frontier_spill.hpp"
#include "store/zeroed_array.hpp"

namespace faultline {

// Reads the record at p: its header and its bytes; returns where the next record starts.
inline const char* read_record(const char* p, uint64_t& header, std::string_view& bytes) {
  std::memcpy(&header, p, sizeof header);
  FrontierRef ref{header, p + sizeof header};
  bytes = ref.view();
  return bytes.data() + bytes.size();
}

// Consecutive records of a level, the unit of expansion work: for_each(f) calls
// f(bytes, index) for each state, index being its position in the level's order, until f
// returns false.
struct LevelRun {
  const char* begin;
  uint32_t count;
  bool indexed;    // the headers hold the indices (in memory); else they are first, first + 1...
  uint64_t first;  // (spilled level: the records come in order and their headers are fingerprints)
  template <class F>
  void for_each(F&& f) const {
    const char* p = begin;
    for (uint32_t i = 0; i < count; ++i) {
      uint64_t header;
      std::string_view bytes;
      p = read_record(p, header, bytes);
      if (!f(bytes, indexed ? header : first + i)) return;
    }
  }
};

class FrontierBuffer {
 public:
  static constexpr uint32_t kRunStates = 64;  // states per LevelRun

  FrontierBuffer() = default;
  explicit FrontierBuffer(FrontierSpill* spill) : spill_(spill) {}
  FrontierBuffer(FrontierBuffer&& o) noexcept { *this = std::move(o); }
  FrontierBuffer& operator=(FrontierBuffer&& o) noexcept {
    if (this != &o) {
      release();
      spill_ = o.spill_;
      blocks_ = std::move(o.blocks_);
      used_ = o.used_;
      runs_ = std::move(o.runs_);
      count_ = o.count_;
      charged_ = o.charged_;
      o.blocks_.clear();
      o.runs_.clear();
      o.used_ = 0;
      o.count_ = 0;
      o.charged_ = 0;
    }
    return *this;
  }
  ~FrontierBuffer() { release(); }

  void add(uint64_t fp, std::string_view bytes) {
    const size_t need = sizeof fp + kMaxVarint + bytes.size();
    const bool block_full = blocks_.empty() || used_ + need > blocks_.back().size();
    if (block_full) new_block(need);  // which may spill the buffer, runs and all
    char* start = blocks_.back().data() + used_;
    std::memcpy(start, &fp, sizeof fp);
    char* dst = put_varint(start + sizeof fp, bytes.size());
    std::memcpy(dst, bytes.data(), bytes.size());
    used_ += static_cast<size_t>(dst - start) + bytes.size();
    if (block_full || runs_.back().count == kRunStates) {
      const size_t cap = runs_.capacity();
      runs_.push_back({start, 0, static_cast<uint32_t>(blocks_.size() - 1)});
      if (runs_.capacity() != cap)
        charge(static_cast<int64_t>((runs_.capacity() - cap) * sizeof(Run)));
    }
    ++runs_.back().count;
    ++count_;
  }
  uint64_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

 private:
  friend class Frontier;

  // Up to kRunStates consecutive records of one block.
  struct Run {
    const char* begin;
    uint32_t count;
    uint32_t block;
  };

  // Calls f(ref) for each record of the runs [first, last), the header taken as fingerprint.
  template <class F>
  static void for_each_ref(const Run* first, const Run* last, F&& f) {
    for (const Run* r = first; r != last; ++r) {
      const char* p = r->begin;
      for (uint32_t i = 0; i < r->count; ++i) {
        FrontierRef ref;
        std::string_view bytes;
        const char* next = read_record(p, ref.fp, bytes);
        ref.at = p + sizeof ref.fp;
        f(ref);
        p = next;
      }
    }
  }

  void new_block(size_t need) {
    if (spill_ && spill_->over_budget() && count_ > 0 &&
        charged_ >= static_cast<int64_t>(spill_->min_run_bytes()))
      spill_run();
    size_t size = std::max(spill_ ? spill_->block_bytes() : kDefaultBlock, need);
    blocks_.push_back(spill_ ? spill_->take_block(size) : FrontierSpill::Block(size));
    used_ = 0;
    charge(static_cast<int64_t>(size));
  }

  // Writes the buffer's states, sorted, to disk as one run and frees their memory.
  void spill_run() {
    std::vector<FrontierRef> refs;
    refs.reserve(count_);
    for_each_ref(runs_.data(), runs_.data() + runs_.size(),
                 [&](const FrontierRef& r) { refs.push_back(r); });
    std::sort(refs.begin(), refs.end());
    spill_->write_run(refs);
    blocks_.clear();
    std::vector<Run>().swap(runs_);
    count_ = 0;
    charge(-charged_);
    used_ = 0;
  }

  // Gives up block k (its states expanded) to the spill's pool, with its charge, for the next
  // level's buffers; called by one thread per block, so the buffer's own count of charged
  // bytes is settled later (release_expanded).
  void free_block(size_t k) {
    if (spill_) spill_->recycle_block(std::move(blocks_[k]));
    FrontierSpill::Block().swap(blocks_[k]);
  }
  // After the expansion: frees the rest (the runs; blocks an interrupted expansion left).
  void release_expanded() {
    int64_t held = static_cast<int64_t>(runs_.capacity() * sizeof(Run));
    for (const auto& b : blocks_) held += static_cast<int64_t>(b.size());
    if (spill_) spill_->charge(-held);  // free_block returned the rest of charged_ already
    charged_ = 0;
    blocks_.clear();
    std::vector<Run>().swap(runs_);
  }

  void charge(int64_t bytes) {
    charged_ += bytes;
    if (spill_) spill_->charge(bytes);
  }
  void release() {
    if (charged_ && spill_) spill_->charge(-charged_);
    charged_ = 0;
  }

  static constexpr size_t kDefaultBlock = size_t{1} << 20;
  FrontierSpill* spill_ = nullptr;
  std::vector<FrontierSpill::Block> blocks_;
  size_t used_ = 0;
  std::vector<Run> runs_;
  uint64_t count_ = 0;
  int64_t charged_ = 0;  // bytes counted against the spill budget
};

// One level: the workers' buffers (which it owns) and the runs they spilled.
class Frontier {
 public:
  static constexpr size_t kCommitBatch = size_t{1} << 20;  // states per ordered batch
  static constexpr uint64_t kSliceStates = uint64_t{1} << 19;  // a level larger is sliced

  void adopt(FrontierBuffer&& buffer) {
    count_ += buffer.count_;
    buffers_.push_back(std::move(buffer));
  }
  void adopt_runs(SpilledRuns runs) {
    count_ += runs.count;
    runs_ = std::move(runs);
  }
  uint64_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  bool on_disk() const { return level_file_ != nullptr; }

  // Orders the level and hands it to commit(batch, first_index) in consecutive batches of
  // refs sorted by (fingerprint, bytes). The level stays in memory when nothing was spilled
  // and it fits in half the budget (each record's header then becomes its index); otherwise
  // it is merged into a level file on disk. A large level in memory is ordered a slice of the
  // fingerprint range at a time (its records scanned once more per slice), so that the sorted
  // refs and the links committed from them need only a slice's worth of memory at once.
  template <class Commit>
  void order(FrontierSpill& spill, Commit&& commit) {
    const unsigned slice_bits = count_ > kSliceStates ? static_cast<unsigned>(std::bit_width(
                                                            (count_ - 1) / kSliceStates))
                                                      : 0;
    const uint64_t slices = uint64_t{1} << slice_bits;
    const size_t slice_refs_bytes = count_ / slices * sizeof(FrontierRef);
    if (!runs_.runs.empty() || spill.too_large_to_keep(held_bytes() + slice_refs_bytes)) {
      merge_to_file(spill, take_sorted_refs(spill, 0, 0), commit);
      return;
    }
    uint64_t first = 0;
    for (uint64_t slice = 0; slice < slices; ++slice) {
      UninitVector<FrontierRef> sorted = take_sorted_refs(spill, slice_bits, slice);
      for (size_t i = 0; i < sorted.size(); i += kCommitBatch)
        commit(std::span<const FrontierRef>(sorted).subspan(
                   i, std::min(kCommitBatch, sorted.size() - i)),
               first + i);
      // The records are the buffers' own (only handed out as const): write the indices.
      tbb::parallel_for(tbb::blocked_range<size_t>(0, sorted.size(), 16384),
                        [&](const tbb::blocked_range<size_t>& r) {
                          for (size_t i = r.begin(); i != r.end(); ++i) {
                            const uint64_t index = first + i;
                            std::memcpy(const_cast<char*>(sorted[i].at) - sizeof index, &index,
                                        sizeof index);
                          }
                        });
      first += sorted.size();
      refs_charge_ = SpillCharge();
    }
  }

  // Calls expand_run(run) for every LevelRun of the ordered level, in parallel, once. A level
  // in memory is expanded in storage order and its blocks recycled as they are done (the level
  // is spent after this; blocks the next level did not take are freed at the end); a level on
  // disk is read chunk by chunk, in order.
  template <class ExpandRun>
  void expand(FrontierSpill& spill, ExpandRun&& expand_run) {
    if (on_disk()) {
      RecordReader reader(*level_file_, 0, level_bytes_, spill.chunk_bytes(), spill);
      std::vector<FrontierRef> chunk;
      uint64_t first = 0;
      while (reader.fill_chunk(chunk)) {
        const size_t k = FrontierBuffer::kRunStates;
        tbb::parallel_for(tbb::blocked_range<size_t>(0, (chunk.size() + k - 1) / k, 1),
                          [&](const tbb::blocked_range<size_t>& r) {
                            for (size_t u = r.begin(); u != r.end(); ++u) {
                              const size_t at = u * k;
                              expand_run(LevelRun{chunk[at].at - sizeof(uint64_t),
                                                  static_cast<uint32_t>(
                                                      std::min(k, chunk.size() - at)),
                                                  false, first + at});
                            }
                          });
        first += chunk.size();
      }
      return;
    }
    struct Unit {
      const FrontierBuffer::Run* run;
      size_t block;  // in pending
      FrontierBuffer* buffer;
    };
    std::vector<Unit> units;
    units.reserve(count_ / FrontierBuffer::kRunStates + buffers_.size());
    size_t blocks = 0;
    for (auto& b : buffers_) {
      for (const auto& run : b.runs_) units.push_back({&run, blocks + run.block, &b});
      blocks += b.blocks_.size();
    }
    std::vector<std::atomic<uint32_t>> pending(blocks);  // runs left per block
    for (const Unit& u : units) pending[u.block].fetch_add(1, std::memory_order_relaxed);
    tbb::parallel_for(tbb::blocked_range<size_t>(0, units.size(), 1),
                      [&](const tbb::blocked_range<size_t>& r) {
                        for (size_t i = r.begin(); i != r.end(); ++i) {
                          const Unit& u = units[i];
                          expand_run(LevelRun{u.run->begin, u.run->count, true, 0});
                          if (pending[u.block].fetch_sub(1, std::memory_order_acq_rel) == 1)
                            u.buffer->free_block(u.run->block);
                        }
                      });
    for (auto& b : buffers_) b.release_expanded();
    spill.drop_recycled_blocks();
  }

 private:
  // Consecutive runs of one buffer, as a piece for bucket_sort_pieces: the records whose
  // fingerprints' top slice_bits bits are `slice` (all of them when slice_bits is 0).
  struct Piece {
    const FrontierBuffer::Run* first;
    const FrontierBuffer::Run* last;
    unsigned slice_bits;
    uint64_t slice;
    size_t states = 0;  // in the slice
    bool in_slice(uint64_t fp) const { return slice_bits == 0 || fp >> (64 - slice_bits) == slice; }
    size_t size() const { return states; }
    template <class F>
    void for_each(F&& f) const {
      FrontierBuffer::for_each_ref(first, last, [&](const FrontierRef& r) {
        if (in_slice(r.fp)) f(r);
      });
    }
  };

  // The in-memory states of the level in one slice of the fingerprint range, sorted.
  UninitVector<FrontierRef> take_sorted_refs(FrontierSpill& spill, unsigned slice_bits,
                                             uint64_t slice) {
    constexpr size_t kPieceRuns = 1024;  // about 64K states a scatter task reads
    std::vector<Piece> pieces;
    for (const auto& b : buffers_)
      for (size_t i = 0; i < b.runs_.size(); i += kPieceRuns)
        pieces.push_back({b.runs_.data() + i,
                          b.runs_.data() + std::min(b.runs_.size(), i + kPieceRuns), slice_bits,
                          slice});
    tbb::parallel_for(size_t{0}, pieces.size(), [&](size_t p) {
      Piece& piece = pieces[p];
      if (slice_bits == 0) {
        for (const auto* r = piece.first; r != piece.last; ++r) piece.states += r->count;
        return;
      }
      piece.for_each([&](const FrontierRef&) { ++piece.states; });
    });
    UninitVector<FrontierRef> all = bucket_sort_pieces<FrontierRef>(pieces);
    refs_charge_ = SpillCharge(spill, all.capacity() * sizeof(FrontierRef));
    return all;
  }

  size_t held_bytes() const {
    size_t n = refs_charge_.bytes();
    for (const auto& b : buffers_) n += static_cast<size_t>(b.charged_);
    return n;
  }

  // k-way merge of the spilled runs and the in-memory states into the level file.
  template <class Commit>
  void merge_to_file(FrontierSpill& spill, UninitVector<FrontierRef> in_memory,
                     Commit&& commit) {
    auto created = std::make_unique<TempFile>("faultline-level");
    if (!created->open())
      throw EnvironmentError("cannot create a scratch file for the BFS frontier in " +
                               created->dir() + "; set TMPDIR to a writable directory");
    level_file_ = std::move(created);
    std::vector<RecordReader> readers;
    readers.reserve(runs_.runs.size());
    size_t per_reader = spill.merge_buffer_bytes(runs_.runs.size());
    for (const SpilledRun& r : runs_.runs)
      readers.emplace_back(*runs_.file, r.offset, r.bytes, per_reader, spill);
    // Heap entries: (ref, source); source == readers.size() is the in-memory run.
    struct Head {
      FrontierRef ref;
      size_t source;
    };
    auto after = [](const Head& a, const Head& b) { return b.ref < a.ref; };
    std::priority_queue<Head, std::vector<Head>, decltype(after)> heap(after);
    std::vector<FrontierRef> one;
    for (size_t k = 0; k < readers.size(); ++k)
      if (readers[k].next(one)) heap.push({one.back(), k});
    size_t mem_pos = 0;
    if (!in_memory.empty()) heap.push({in_memory[mem_pos++], readers.size()});

    BatchWriter out(*level_file_, spill);
    uint64_t first = 0;
    auto flush = [&] {
      std::span<const FrontierRef> batch = out.finish_batch();
      commit(batch, first);
      first += batch.size();
      out.write_batch();
    };
    while (!heap.empty()) {
      Head h = heap.top();
      heap.pop();
      out.add(h.ref);
      if (h.source == readers.size()) {
        if (mem_pos < in_memory.size()) heap.push({in_memory[mem_pos++], h.source});
      } else {
        one.clear();
        if (readers[h.source].next(one)) heap.push({one.back(), h.source});
      }
      if (out.batch_size() >= kCommitBatch || out.full()) flush();
    }
    if (out.batch_size() > 0) flush();
    level_bytes_ = out.written();
    // The level now lives in its file: free the buffers, the runs and the sorted refs.
    buffers_.clear();
    runs_ = SpilledRuns();
    UninitVector<FrontierRef>().swap(in_memory);
    refs_charge_ = SpillCharge();
  }

  std::vector<FrontierBuffer> buffers_;
  SpilledRuns runs_;
  uint64_t count_ = 0;
  SpillCharge refs_charge_;  // the sorted refs, while the level is being ordered
  std::unique_ptr<TempFile> level_file_;  // on disk: the ordered level's records
  uint64_t level_bytes_ = 0;
};

}  // namespace faultline
