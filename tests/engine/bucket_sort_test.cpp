// The parallel bucket sort that orders a BFS level: for any split of the records into inputs
// and any size (below and above the point where it starts to bucket), the result is the
// records of all inputs in the order std::sort gives, equal fingerprints included.
#include "engine/bucket_sort.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <span>
#include <tuple>
#include <vector>

namespace faultline {
namespace {

struct Record {
  uint64_t fp;
  uint32_t tie;  // orders records with equal fingerprints, as a state's bytes do
  friend bool operator<(const Record& a, const Record& b) {
    return std::tie(a.fp, a.tie) < std::tie(b.fp, b.tie);
  }
  friend bool operator==(const Record&, const Record&) = default;
};

std::vector<Record> random_records(size_t n, uint64_t seed, bool crowded) {
  std::mt19937_64 rng(seed);
  std::vector<Record> out(n);
  for (size_t i = 0; i < n; ++i) {
    // crowded: few distinct fingerprints, all in one bucket, so ties and a full bucket occur
    uint64_t fp = crowded ? (uint64_t{0xabc} << 52) | (rng() % 7) : rng();
    out[i] = {fp, static_cast<uint32_t>(rng())};
  }
  return out;
}

void expect_sorted_like_std(const std::vector<Record>& all, const std::vector<size_t>& cuts) {
  std::vector<std::span<const Record>> inputs;
  size_t from = 0;
  for (size_t to : cuts) {
    inputs.emplace_back(all.data() + from, to - from);
    from = to;
  }
  inputs.emplace_back(all.data() + from, all.size() - from);
  UninitVector<Record> got = bucket_sort_by_fingerprint(inputs);
  std::vector<Record> want = all;
  std::sort(want.begin(), want.end());
  ASSERT_EQ(got.size(), want.size());
  EXPECT_TRUE(std::equal(got.begin(), got.end(), want.begin()));
}

TEST(BucketSort, MatchesStdSortForEverySizeAndSplit) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{4096}, size_t{4097}, size_t{100000},
                   size_t{300000}}) {
    std::vector<Record> all = random_records(n, n + 1, false);
    expect_sorted_like_std(all, {});
    expect_sorted_like_std(all, {n / 3, n / 3, n / 2});  // an empty input among them
  }
}

TEST(BucketSort, KeepsEqualFingerprintsInTieOrder) {
  std::vector<Record> all = random_records(200000, 7, true);
  expect_sorted_like_std(all, {50000, 150000});
}

TEST(BucketSort, OrdersSmallGroupsOfEqualFingerprintsByTie) {
  // Each fingerprint three times, spread over the whole range: the insertion-sorted groups
  // hold ties.
  std::mt19937_64 rng(11);
  std::vector<Record> all;
  for (uint32_t i = 0; i < 30000; ++i) {
    uint64_t fp = rng();
    for (uint32_t k = 0; k < 3; ++k) all.push_back({fp, static_cast<uint32_t>(rng())});
  }
  std::shuffle(all.begin(), all.end(), rng);
  expect_sorted_like_std(all, {40000});
}

TEST(BucketSort, UsesTheTopBitsOnly) {
  // Fingerprints differing only in their lowest bits share a bucket and still sort.
  std::vector<Record> all;
  for (uint32_t i = 0; i < 70000; ++i)
    all.push_back({(uint64_t{1} << 63) | ((i * 2654435761u) & 0xffff), i});
  expect_sorted_like_std(all, {35000});
}

}  // namespace
}  // namespace faultline
