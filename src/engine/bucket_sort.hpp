// A parallel sort for records keyed by a uniformly distributed 64-bit fingerprint (a BFS
// level's FrontierRefs): one most-significant-bits scatter into 2^k buckets, then each bucket
// sorted on its own. Both passes run in parallel, with no serial partitioning step at the top
// as a parallel quicksort has, so a level's ordering scales with the workers instead of
// bounding the speedup. Records must have a `fp` member and an operator< that orders by fp
// first (ties are left to operator<).
#pragma once
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "store/uninit_vector.hpp"

namespace faultline {

// Sorts one bucket whose records share their top `bits` fingerprint bits: a counting sort on
// the next 8 bits, then insertion sort of the small groups that leaves (a comparison sort of
// the whole bucket mispredicts a branch on about every other comparison of random keys).
template <class T>
void sort_bucket(std::span<T> bucket, unsigned bits, std::vector<T>& scratch) {
  constexpr unsigned kDigitBits = 8;
  if (bucket.size() <= 32) {
    std::sort(bucket.begin(), bucket.end());
    return;
  }
  const unsigned shift = 64 - bits - kDigitBits;
  auto digit = [shift](const T& r) { return static_cast<size_t>((r.fp >> shift) & 0xff); };
  size_t start[257] = {};
  for (const T& r : bucket) ++start[digit(r) + 1];
  for (size_t d = 1; d <= 256; ++d) start[d] += start[d - 1];
  scratch.resize(bucket.size());
  size_t next[256];
  std::copy(start, start + 256, next);
  for (const T& r : bucket) scratch[next[digit(r)]++] = r;
  for (size_t d = 0; d < 256; ++d) {
    T* first = scratch.data() + start[d];
    T* last = scratch.data() + start[d + 1];
    if (last - first > 32) {  // crowded keys (equal fingerprints): no quadratic insertion sort
      std::sort(first, last);
      continue;
    }
    for (T* i = first + 1; i < last; ++i) {  // insertion sort: groups of a few records
      T v = *i;
      T* j = i;
      for (; j > first && v < *(j - 1); --j) *j = *(j - 1);
      *j = v;
    }
  }
  std::copy(scratch.begin(), scratch.end(), bucket.begin());
}

// Sorts the records of `pieces` into one vector, by operator<. A piece holds at most a few
// tens of thousands of records and has size() and for_each(f), which calls f(record) for each
// of them (a span of records, or a run of records stored some other way). The pieces are
// counted and scattered in parallel, each by one task, twice: for_each must give the same
// records both times.
template <class T, class Piece>
UninitVector<T> bucket_sort_pieces(const std::vector<Piece>& pieces) {
  constexpr size_t kPerBucket = 1024;  // aimed-at records per bucket
  constexpr unsigned kMaxBucketBits = 12;
  size_t n = 0;
  for (const auto& p : pieces) n += p.size();
  UninitVector<T> out(n);
  if (n <= 4 * kPerBucket) {
    size_t at = 0;
    for (const auto& p : pieces) p.for_each([&](const T& r) { out[at++] = r; });
    std::sort(out.begin(), out.end());
    return out;
  }
  const unsigned bits = std::min<unsigned>(kMaxBucketBits, std::bit_width(n / kPerBucket) - 1);
  const size_t buckets = size_t{1} << bits;
  auto bucket_of = [bits](const T& r) { return static_cast<size_t>(r.fp >> (64 - bits)); };

  std::vector<uint32_t> counts(pieces.size() * buckets, 0);  // row per piece
  tbb::parallel_for(size_t{0}, pieces.size(), [&](size_t p) {
    uint32_t* row = &counts[p * buckets];
    pieces[p].for_each([&](const T& r) { ++row[bucket_of(r)]; });
  });
  // Where each piece's share of each bucket starts (counts become offsets), and bucket bounds.
  std::vector<size_t> bucket_start(buckets + 1);
  std::vector<size_t> offsets(pieces.size() * buckets);
  size_t at = 0;
  for (size_t b = 0; b < buckets; ++b) {
    bucket_start[b] = at;
    for (size_t p = 0; p < pieces.size(); ++p) {
      offsets[p * buckets + b] = at;
      at += counts[p * buckets + b];
    }
  }
  bucket_start[buckets] = at;
  tbb::parallel_for(size_t{0}, pieces.size(), [&](size_t p) {
    size_t* next = &offsets[p * buckets];
    pieces[p].for_each([&](const T& r) { out[next[bucket_of(r)]++] = r; });
  });
  tbb::parallel_for(tbb::blocked_range<size_t>(0, buckets, 16),
                    [&](const tbb::blocked_range<size_t>& range) {
                      std::vector<T> scratch;
                      for (size_t b = range.begin(); b != range.end(); ++b)
                        sort_bucket(std::span<T>(out.data() + bucket_start[b],
                                                 bucket_start[b + 1] - bucket_start[b]),
                                    bits, scratch);
                    });
  return out;
}

// A span of records as a piece for bucket_sort_pieces.
template <class T>
struct SpanPiece {
  std::span<const T> records;
  size_t size() const { return records.size(); }
  template <class F>
  void for_each(F&& f) const {
    for (const T& r : records) f(r);
  }
};

// Concatenates `inputs` into one vector sorted by operator<.
template <class T>
UninitVector<T> bucket_sort_by_fingerprint(const std::vector<std::span<const T>>& inputs) {
  constexpr size_t kPiece = size_t{1} << 16;  // records a scatter task reads
  std::vector<SpanPiece<T>> pieces;
  for (const auto& in : inputs)
    for (size_t i = 0; i < in.size(); i += kPiece)
      pieces.push_back({in.subspan(i, std::min(kPiece, in.size() - i))});
  return bucket_sort_pieces<T>(pieces);
}

}  // namespace faultline
