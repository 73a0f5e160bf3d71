// The BFS frontier on its own: with and without a memory budget, a level comes out of
// order() and for_each_chunk() as the same sequence (every state once, sorted by fingerprint
// then bytes), whether it stayed in memory or went through spilled runs and a level file;
// records larger than a read buffer survive; the budget's charges return to zero.
#include "engine/frontier.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace faultline {
namespace {

using Entry = std::pair<uint64_t, std::string>;

// States of random sizes (some far larger than a 4 KiB read buffer), a few sharing a
// fingerprint so the tie-break by bytes is exercised.
std::vector<Entry> random_states(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Entry> out;
  for (size_t i = 0; i < n; ++i) {
    size_t len = rng() % 13 == 0 ? 3000 + rng() % 20000 : 1 + rng() % 60;
    std::string bytes(len, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    bytes += std::to_string(i);  // distinct states
    uint64_t fp = i % 50 == 7 ? 42 : rng();
    out.emplace_back(fp, std::move(bytes));
  }
  return out;
}

struct Ordered {
  std::vector<Entry> committed;  // from order(), with the first index of each batch checked
  std::vector<Entry> expanded;   // from for_each_chunk()
  bool on_disk = false;
};

Ordered run_level(const std::vector<Entry>& states, FrontierSpill& spill, unsigned buffers) {
  std::vector<FrontierBuffer> bufs;
  for (unsigned b = 0; b < buffers; ++b) bufs.emplace_back(&spill);
  for (size_t i = 0; i < states.size(); ++i)
    bufs[i % buffers].add(states[i].first, states[i].second);
  Frontier level;
  level.adopt_runs(spill.take_runs());
  for (auto& b : bufs) level.adopt(std::move(b));
  EXPECT_EQ(level.size(), states.size());
  Ordered out;
  level.order(spill, [&](std::span<const FrontierRef> batch, uint64_t first) {
    EXPECT_EQ(first, out.committed.size());
    for (const auto& r : batch) out.committed.emplace_back(r.fp, std::string(r.view()));
  });
  out.on_disk = level.on_disk();
  level.for_each_chunk(spill, [&](std::span<const FrontierRef> chunk, uint64_t first) {
    EXPECT_EQ(first, out.expanded.size());
    for (const auto& r : chunk) out.expanded.emplace_back(r.fp, std::string(r.view()));
  });
  return out;
}

TEST(Frontier, SameOrderInMemoryAndSpilled) {
  std::vector<Entry> states = random_states(20000, 1);
  std::vector<Entry> sorted = states;
  std::sort(sorted.begin(), sorted.end());

  FrontierSpill unbounded;
  Ordered plain = run_level(states, unbounded, 3);
  EXPECT_FALSE(plain.on_disk);
  EXPECT_EQ(plain.committed, sorted);
  EXPECT_EQ(plain.expanded, sorted);
  EXPECT_EQ(unbounded.bytes_written(), 0u);

  for (uint64_t budget : {uint64_t{16} << 10, uint64_t{256} << 10, uint64_t{4} << 20}) {
    FrontierSpill spill;
    spill.set_budget(budget);
    Ordered spilled = run_level(states, spill, 3);
    SCOPED_TRACE("budget " + std::to_string(budget));
    EXPECT_TRUE(spilled.on_disk);
    EXPECT_EQ(spilled.committed, sorted);
    EXPECT_EQ(spilled.expanded, sorted);
    EXPECT_GT(spill.bytes_written(), 0u);
    EXPECT_EQ(spill.used(), 0);  // every charge was returned
  }
}

TEST(Frontier, SmallLevelStaysInMemoryUnderABudget) {
  std::vector<Entry> states = random_states(50, 2);
  FrontierSpill spill;
  spill.set_budget(uint64_t{64} << 20);
  Ordered r = run_level(states, spill, 2);
  EXPECT_FALSE(r.on_disk);
  EXPECT_EQ(spill.bytes_written(), 0u);
  EXPECT_EQ(r.committed.size(), 50u);
  EXPECT_EQ(spill.used(), 0);
}

}  // namespace
}  // namespace faultline
