// The BFS frontier on its own: with and without a memory budget, order() hands out a level
// as one sequence (every state once, sorted by fingerprint then bytes), and expand() gives
// every state once with its index in that sequence, whether the level stayed in memory or
// went through spilled runs and a level file, and when a large level is ordered in slices;
// records larger than a read buffer survive; a level in memory gives its blocks back while it
// is expanded; the budget's charges return to zero.
#include "engine/frontier.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
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
  std::vector<Entry> committed;      // from order(), with the first index of each batch checked
  std::vector<std::string> expanded;  // from expand(), placed by the index it gave
  std::vector<unsigned> times_expanded;
  bool on_disk = false;
  int64_t charged_at_first_run = 0, least_charged_while_expanding = 0;
  int64_t charged_after = 0;  // with the level still alive
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
  out.expanded.resize(states.size());
  out.times_expanded.resize(states.size());
  std::mutex mutex;
  bool first_run = true;
  level.expand(spill, [&](const LevelRun& run) {
    std::lock_guard<std::mutex> lock(mutex);
    if (first_run) out.charged_at_first_run = out.least_charged_while_expanding = spill.used();
    first_run = false;
    out.least_charged_while_expanding = std::min(out.least_charged_while_expanding, spill.used());
    run.for_each([&](std::string_view bytes, uint64_t index) {
      EXPECT_LT(index, states.size());
      if (index >= states.size()) return false;
      out.expanded[index] = std::string(bytes);
      ++out.times_expanded[index];
      return true;
    });
  });
  out.charged_after = spill.used();
  return out;
}

std::vector<std::string> bytes_of(const std::vector<Entry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.second);
  return out;
}

TEST(Frontier, SameOrderInMemoryAndSpilled) {
  std::vector<Entry> states = random_states(20000, 1);
  std::vector<Entry> sorted = states;
  std::sort(sorted.begin(), sorted.end());
  const std::vector<unsigned> once(states.size(), 1);

  FrontierSpill unbounded;
  Ordered plain = run_level(states, unbounded, 3);
  EXPECT_FALSE(plain.on_disk);
  EXPECT_EQ(plain.committed, sorted);
  EXPECT_EQ(plain.expanded, bytes_of(sorted));
  EXPECT_EQ(plain.times_expanded, once);
  EXPECT_EQ(unbounded.bytes_written(), 0u);
  EXPECT_EQ(plain.charged_after, 0);

  for (uint64_t budget : {uint64_t{16} << 10, uint64_t{256} << 10, uint64_t{4} << 20}) {
    FrontierSpill spill;
    spill.set_budget(budget);
    Ordered spilled = run_level(states, spill, 3);
    SCOPED_TRACE("budget " + std::to_string(budget));
    EXPECT_TRUE(spilled.on_disk);
    EXPECT_EQ(spilled.committed, sorted);
    EXPECT_EQ(spilled.expanded, bytes_of(sorted));
    EXPECT_EQ(spilled.times_expanded, once);
    EXPECT_GT(spill.bytes_written(), 0u);
    EXPECT_EQ(spill.used(), 0);  // every charge was returned
  }
}

TEST(Frontier, LevelInMemoryGivesItsBlocksBackAsItIsExpanded) {
  // About 20 MiB of records in 1 MiB blocks, over 2 buffers.
  std::vector<Entry> states = random_states(20000, 3);
  FrontierSpill unbounded;
  Ordered r = run_level(states, unbounded, 2);
  EXPECT_FALSE(r.on_disk);
  EXPECT_GT(r.charged_at_first_run, int64_t{16} << 20);
  EXPECT_LT(r.least_charged_while_expanding, r.charged_at_first_run - (int64_t{8} << 20));
  EXPECT_EQ(r.charged_after, 0);
}

TEST(FrontierSpill, RecycledBlocksAreReusedWithTheirChargeAndThePoolIsBounded) {
  FrontierSpill spill;
  const size_t bytes = size_t{1} << 20;
  std::vector<FrontierSpill::Block> blocks;
  for (int i = 0; i < 20; ++i) {
    blocks.push_back(spill.take_block(bytes));
    spill.charge(static_cast<int64_t>(bytes));  // as a FrontierBuffer does
  }
  for (auto& b : blocks) spill.recycle_block(std::move(b));
  // Pooled blocks stay charged (resident); the rest went back to the system.
  EXPECT_EQ(spill.pooled_blocks(), 8u);
  EXPECT_EQ(spill.used(), static_cast<int64_t>(8 * bytes));
  // A block of the pooled size comes from the pool, its charge handed to the taker.
  FrontierSpill::Block again = spill.take_block(bytes);
  EXPECT_EQ(spill.pooled_blocks(), 7u);
  EXPECT_EQ(spill.used(), static_cast<int64_t>(7 * bytes));
  EXPECT_EQ(again.size(), bytes);
  // Another size is mapped afresh.
  FrontierSpill::Block other = spill.take_block(bytes / 2);
  EXPECT_EQ(spill.pooled_blocks(), 7u);
  spill.drop_recycled_blocks();
  EXPECT_EQ(spill.pooled_blocks(), 0u);
  EXPECT_EQ(spill.used(), 0);
}

TEST(Frontier, LargeLevelIsOrderedInSlicesAsOne) {
  // More states than Frontier::kSliceStates: ordered in fingerprint slices, the batches must
  // still come as one sorted sequence with consecutive first indices.
  const size_t n = Frontier::kSliceStates + Frontier::kSliceStates / 2;
  std::mt19937_64 rng(5);
  std::vector<Entry> states;
  states.reserve(n);
  for (size_t i = 0; i < n; ++i) states.emplace_back(rng(), std::to_string(i));
  std::vector<Entry> sorted = states;
  std::sort(sorted.begin(), sorted.end());
  FrontierSpill unbounded;
  Ordered r = run_level(states, unbounded, 2);
  EXPECT_FALSE(r.on_disk);
  EXPECT_EQ(r.committed, sorted);
  EXPECT_EQ(r.expanded, bytes_of(sorted));
  EXPECT_EQ(r.times_expanded, std::vector<unsigned>(n, 1));
  EXPECT_EQ(r.charged_after, 0);
}

TEST(Frontier, SmallLevelStaysInMemoryUnderABudget) {
  std::vector<Entry> states = random_states(50, 2);
  FrontierSpill spill;
  spill.set_budget(uint64_t{64} << 20);
  Ordered r = run_level(states, spill, 2);
  EXPECT_FALSE(r.on_disk);
  EXPECT_EQ(spill.bytes_written(), 0u);
  EXPECT_EQ(r.committed.size(), 50u);
  EXPECT_EQ(r.charged_after, 0);
}

}  // namespace
}  // namespace faultline
