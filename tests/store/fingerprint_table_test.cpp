// The 64-bit visited table: inserts and lookups across segment growth (segments rehashed with
// their entries), and the per-segment counts of a sorted level that size each segment before a
// level is committed.
#include "store/fingerprint_table.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace faultline {
namespace {

struct Ref {
  uint64_t fp;
};

TEST(FingerprintTable, SegmentCountsOfSortedRefsMatchACount) {
  std::mt19937_64 rng(5);
  std::vector<Ref> refs(50000);
  for (auto& r : refs) r.fp = rng() | 1;
  refs.push_back({~uint64_t{0}});                  // the last segment's last value
  refs.push_back({uint64_t{1}});                   // the first segment's first value
  refs.push_back({uint64_t{1} << 56});             // the first value of segment 1
  refs.push_back({(uint64_t{1} << 56) - 1});       // the last value of segment 0
  std::sort(refs.begin(), refs.end(), [](Ref a, Ref b) { return a.fp < b.fp; });
  std::vector<size_t> want(size_t{1} << kFingerprintSegmentBits, 0);
  for (const Ref& r : refs) ++want[FingerprintTable::segment_of(r.fp)];
  EXPECT_EQ(segment_counts_of_sorted(refs), want);
  EXPECT_EQ(segment_counts_of_sorted(std::vector<Ref>{}), std::vector<size_t>(want.size(), 0));
}

TEST(FingerprintTable, HoldsEveryFingerprintInsertedAfterReserve) {
  FingerprintTable table;
  std::mt19937_64 rng(9);
  std::vector<uint64_t> fps(200000);
  for (auto& f : fps) f = rng() | 1;
  std::vector<Ref> refs;
  for (uint64_t f : fps) refs.push_back({f});
  std::sort(refs.begin(), refs.end(), [](Ref a, Ref b) { return a.fp < b.fp; });
  table.reserve_for(segment_counts_of_sorted(refs));
  for (uint64_t f : fps) EXPECT_TRUE(table.insert(f));
  for (uint64_t f : fps) EXPECT_FALSE(table.insert(f));
  EXPECT_EQ(table.size(), fps.size());
  for (uint64_t f : fps) EXPECT_TRUE(table.contains(f));
  EXPECT_FALSE(table.contains(2));  // rng() | 1 is odd
}

TEST(FingerprintTable, KeepsEveryFingerprintAcrossGrowth) {
  FingerprintTable table;
  std::mt19937_64 rng(13);
  std::vector<uint64_t> all;
  const size_t initial_memory = table.memory_bytes();
  for (size_t batch = 1000; batch < 300000; batch *= 3) {  // each level larger: segments grow
    std::vector<Ref> refs(batch);
    for (auto& r : refs) r.fp = rng() | 1;
    std::sort(refs.begin(), refs.end(), [](Ref a, Ref b) { return a.fp < b.fp; });
    table.reserve_for(segment_counts_of_sorted(refs));
    for (const Ref& r : refs) EXPECT_TRUE(table.insert(r.fp));
    for (const Ref& r : refs) all.push_back(r.fp);
    EXPECT_EQ(table.size(), all.size());
    EXPECT_LE(static_cast<double>(all.size()), 0.8 * static_cast<double>(table.memory_bytes() / 8));
  }
  EXPECT_GT(table.memory_bytes(), 8 * initial_memory);  // 364,000 entries in a 160 KB start
  for (uint64_t f : all) EXPECT_TRUE(table.contains(f));
  for (uint64_t f : all) EXPECT_FALSE(table.insert(f));
  EXPECT_FALSE(table.contains(2));
}

}  // namespace
}  // namespace faultline
