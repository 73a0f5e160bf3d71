// A BFS level's states in compact form: each state's canonical bytes, with its fingerprint,
// in blocks. Workers fill one FrontierBuffer each; between levels the buffers
// make one Frontier, ordered by (fingerprint, bytes), which gives every state a deterministic
// id whatever the number of workers.
//
// Memory is bounded by a FrontierSpill budget (engine/frontier_spill.hpp): a buffer that
// needs a new block while the frontier as a whole is over budget writes its states, sorted,
// to disk as a run. A level with runs on disk, or too large to keep in memory beside the next
// one, is merged (runs and buffers, k ways) into a level file, one batch at a time, and later
// expanded chunk by chunk from that file. Without a budget nothing is ever written.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <queue>
#include <span>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "engine/bucket_sort.hpp"
#include "engine/frontier_spill.hpp"
#include "store/zeroed_array.hpp"

namespace faultline {

class FrontierBuffer {
 public:
  FrontierBuffer() = default;
  explicit FrontierBuffer(FrontierSpill* spill) : spill_(spill) {}
  FrontierBuffer(FrontierBuffer&& o) noexcept { *this = std::move(o); }
  FrontierBuffer& operator=(FrontierBuffer&& o) noexcept {
    if (this != &o) {
      release();
      spill_ = o.spill_;
      blocks_ = std::move(o.blocks_);
      used_ = o.used_;
      refs_ = std::move(o.refs_);
      charged_ = o.charged_;
      o.blocks_.clear();
      o.refs_.clear();
      o.used_ = 0;
      o.charged_ = 0;
    }
    return *this;
  }
  ~FrontierBuffer() { release(); }

  void add(uint64_t fp, std::string_view bytes) {
    size_t need = bytes.size() + kMaxVarint;
    if (blocks_.empty() || used_ + need > blocks_.back().size()) new_block(need);
    char* start = blocks_.back().data() + used_;
    char* dst = put_varint(start, bytes.size());
    std::memcpy(dst, bytes.data(), bytes.size());
    used_ += static_cast<size_t>(dst - start) + bytes.size();
    size_t cap = refs_.capacity();
    refs_.push_back({fp, start});
    if (refs_.capacity() != cap)
      charge(static_cast<int64_t>((refs_.capacity() - cap) * sizeof(FrontierRef)));
  }
  const std::vector<FrontierRef>& refs() const { return refs_; }
  bool empty() const { return refs_.empty(); }

 private:
  friend class Frontier;

  void new_block(size_t need) {
    if (spill_ && spill_->over_budget() && !refs_.empty() &&
        charged_ >= static_cast<int64_t>(spill_->min_run_bytes()))
      spill_run();
    size_t size = std::max(spill_ ? spill_->block_bytes() : kDefaultBlock, need);
    blocks_.emplace_back(size);
    used_ = 0;
    charge(static_cast<int64_t>(size));
  }

  // Writes the buffer's states, sorted, to disk as one run and frees their memory.
  void spill_run() {
    std::sort(refs_.begin(), refs_.end());
    spill_->write_run(refs_);
    blocks_.clear();
    std::vector<FrontierRef>().swap(refs_);
    charge(-charged_);
    used_ = 0;
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
  std::vector<ZeroedArray<char>> blocks_;  // mapped when large: freed memory goes back
  size_t used_ = 0;
  std::vector<FrontierRef> refs_;
  int64_t charged_ = 0;  // bytes counted against the spill budget
};

// One level: the workers' buffers (which it owns) and the runs they spilled.
class Frontier {
 public:
  static constexpr size_t kCommitBatch = size_t{1} << 20;  // states per ordered batch

  void adopt(FrontierBuffer&& buffer) {
    count_ += buffer.refs_.size();
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
  // and it fits in half the budget; otherwise it is merged into a level file on disk.
  template <class Commit>
  void order(FrontierSpill& spill, Commit&& commit) {
    UninitVector<FrontierRef> sorted = take_sorted_refs(spill);
    if (runs_.runs.empty() && !spill.too_large_to_keep(held_bytes())) {
      refs_ = std::move(sorted);
      for (size_t i = 0; i < refs_.size(); i += kCommitBatch)
        commit(std::span<const FrontierRef>(refs_).subspan(
                   i, std::min(kCommitBatch, refs_.size() - i)),
               uint64_t{i});
      return;
    }
    merge_to_file(spill, std::move(sorted), commit);
  }

  // Calls visit(chunk, first_index) for consecutive chunks of the ordered level (all of it at
  // once when in memory).
  template <class Visit>
  void for_each_chunk(FrontierSpill& spill, Visit&& visit) const {
    if (!on_disk()) {
      visit(std::span<const FrontierRef>(refs_), uint64_t{0});
      return;
    }
    RecordReader reader(*level_file_, 0, level_bytes_, spill.chunk_bytes(), spill);
    std::vector<FrontierRef> chunk;
    uint64_t first = 0;
    while (reader.fill_chunk(chunk)) {
      visit(std::span<const FrontierRef>(chunk), first);
      first += chunk.size();
    }
  }

 private:
  // Every in-memory state of the level, sorted (the buffers' refs are freed).
  UninitVector<FrontierRef> take_sorted_refs(FrontierSpill& spill) {
    std::vector<std::span<const FrontierRef>> inputs;
    for (const auto& b : buffers_) inputs.emplace_back(b.refs_);
    UninitVector<FrontierRef> all = bucket_sort_by_fingerprint(inputs);
    for (auto& b : buffers_) {
      b.charge(-static_cast<int64_t>(b.refs_.capacity() * sizeof(FrontierRef)));
      std::vector<FrontierRef>().swap(b.refs_);
    }
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
  UninitVector<FrontierRef> refs_;  // in memory: the ordered level
  SpillCharge refs_charge_;
  std::unique_ptr<TempFile> level_file_;  // on disk: the ordered level's records
  uint64_t level_bytes_ = 0;
};

}  // namespace faultline
