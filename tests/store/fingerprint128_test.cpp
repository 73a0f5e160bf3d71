// 128-bit fingerprints: the collision estimate, the 16-byte-slot visited table and the level
// table keyed by both halves, and the engines on a real 64-bit fingerprint collision: the
// 64-bit store loses a state there, 128 bits (BFS and DFS, any worker count) and the exact
// store keep it, and the finding's trace leads to the right one of the two colliding states.
#include <gtest/gtest.h>
#include <tbb/parallel_for.h>

#include <cmath>
#include <string>
#include <vector>

#include "store/fingerprint.hpp"
#include "store/fingerprint_store128.hpp"
#include "store/fingerprint_table128.hpp"
#include "store/level_table.hpp"
#include "testing/model_contracts.hpp"
#include "tests/engine/toy_models.hpp"
#include "trace/check_model.hpp"
#include "trace/label_replay.hpp"

namespace faultline {
namespace {

using testing_support::labels;

CheckOptions options(unsigned workers, unsigned bits, StoreMode store = StoreMode::Fingerprint,
                     SearchStrategy strategy = SearchStrategy::Bfs) {
  CheckOptions o;
  o.workers = workers;
  o.fingerprint_bits = bits;
  o.store = store;
  o.strategy = strategy;
  return o;
}

TEST(Fingerprint128, CollisionEstimateIsNSquaredOverTwoToBitsPlusOne) {
  EXPECT_EQ(fingerprint_collision_probability(0, 128), 0.0);
  EXPECT_DOUBLE_EQ(fingerprint_collision_probability(1000000), 1e12 / std::ldexp(1.0, 65));
  EXPECT_DOUBLE_EQ(fingerprint_collision_probability(1000000, 64), 1e12 / std::ldexp(1.0, 65));
  EXPECT_DOUBLE_EQ(fingerprint_collision_probability(1000000, 128), 1e12 / std::ldexp(1.0, 129));
  // 2^32 states: 2^64 / 2^65 = 0.5 with 64 bits (no longer negligible), 2^-65 with 128.
  EXPECT_DOUBLE_EQ(fingerprint_collision_probability(uint64_t{1} << 32, 64), 0.5);
  EXPECT_DOUBLE_EQ(fingerprint_collision_probability(uint64_t{1} << 32, 128), std::ldexp(1.0, -65));
}

TEST(Fingerprint128, ExtensionIsIndependentOfTheFingerprintAndNeverZero) {
  const std::string a = toy::FingerprintCollision::a(), b = toy::FingerprintCollision::b();
  EXPECT_NE(fingerprint_extension(a), fingerprint(a));
  EXPECT_NE(fingerprint_extension(a), fingerprint_extension(b));
  EXPECT_NE(fingerprint_extension(""), 0u);
  EXPECT_EQ(fingerprint128(fingerprint(a), a),
            (Fingerprint128{fingerprint(a), fingerprint_extension(a)}));
}

TEST(Fingerprint128, TableTellsApartKeysWithTheSameFirstHalf) {
  FingerprintTable128 t;
  const Fingerprint128 x{0x1234, 1}, y{0x1234, 2}, z{0x9999ULL << 50, 1};
  EXPECT_TRUE(t.insert_growing(x));
  EXPECT_FALSE(t.contains(y));
  EXPECT_TRUE(t.insert_growing(y));
  EXPECT_TRUE(t.insert_growing(z));
  EXPECT_FALSE(t.insert_growing(x));
  EXPECT_FALSE(t.insert_growing(y));
  EXPECT_TRUE(t.contains(x) && t.contains(y) && t.contains(z));
  EXPECT_FALSE(t.contains({0x1234, 3}));
  EXPECT_EQ(t.size(), 3u);
}

TEST(Fingerprint128, TableGrowsAndTakesConcurrentInserts) {
  // Many keys sharing first halves (8 second halves each), inserted in parallel after
  // reserve_for, as BFS commits a level; then grown one at a time, as DFS does.
  FingerprintTable128 t;
  constexpr uint64_t kFirst = 20000, kSecond = 8;
  auto key = [](uint64_t i) {
    uint64_t hi = fingerprint(std::to_string(i / kSecond));
    return Fingerprint128{hi, i % kSecond + 1};
  };
  std::vector<size_t> per_segment(t.segments(), 0);
  for (uint64_t i = 0; i < kFirst * kSecond; ++i)
    ++per_segment[FingerprintTable128::segment_of(key(i).hi)];
  t.reserve_for(per_segment);
  tbb::parallel_for(uint64_t{0}, kFirst * kSecond,
                    [&](uint64_t i) { EXPECT_TRUE(t.insert(key(i))); });
  EXPECT_EQ(t.size(), kFirst * kSecond);
  for (uint64_t i = 0; i < kFirst * kSecond; i += 7) EXPECT_TRUE(t.contains(key(i)));
  EXPECT_FALSE(t.contains({key(0).hi, kSecond + 1}));
  for (uint64_t i = 0; i < kFirst * kSecond; ++i) EXPECT_FALSE(t.insert_growing(key(i)));
  for (uint64_t i = kFirst * kSecond; i < 2 * kFirst * kSecond; ++i)
    EXPECT_TRUE(t.insert_growing(key(i)));
  EXPECT_EQ(t.size(), 2 * kFirst * kSecond);
  EXPECT_GE(t.memory_bytes(), 16 * t.size());
}

TEST(Fingerprint128, LevelTableKeepsTheSmallestLinkPerKey) {
  LevelTable128 level;
  const Fingerprint128 x{42, 1}, y{42, 2};
  EXPECT_TRUE(level.insert(x, 9));
  EXPECT_TRUE(level.insert(y, 5));
  EXPECT_FALSE(level.insert(x, 7));
  EXPECT_FALSE(level.insert(y, 8));
  EXPECT_EQ(level.link(x), 7u);
  EXPECT_EQ(level.link(y), 5u);
  EXPECT_EQ(level.link({42, 3}), ~uint64_t{0});
  level.clear();
  EXPECT_EQ(level.link(x), ~uint64_t{0});
}

TEST(Fingerprint128, StoreSeparatesStatesWithOneSixtyFourBitFingerprint) {
  // The engine passes the 64-bit fingerprint; the store hashes the bytes for the rest.
  FingerprintStore128 store;
  const uint64_t fp = 77;
  EXPECT_FALSE(store.seen(store.key(fp, "first")));
  EXPECT_TRUE(store.level_insert(store.key(fp, "first"), 10));
  EXPECT_TRUE(store.level_insert(store.key(fp, "second"), 11));
  EXPECT_FALSE(store.level_insert(store.key(fp, "first"), 3));
  EXPECT_EQ(store.level_link(store.key(fp, "first")), 3u);
  EXPECT_EQ(store.level_link(store.key(fp, "second")), 11u);
  struct Ref {
    uint64_t fp;
  };
  store.reserve(std::vector<Ref>{{fp}, {fp}});
  store.commit(store.key(fp, "first"));
  store.commit(store.key(fp, "second"));
  store.end_level();
  EXPECT_TRUE(store.seen(store.key(fp, "first")));
  EXPECT_TRUE(store.seen(store.key(fp, "second")));
  EXPECT_FALSE(store.seen(store.key(fp, "third")));
  EXPECT_EQ(store.size(), 2u);
}

// The toy model's two states really collide in 64 bits (with this xxHash).
void expect_real_collision() {
  const std::string a = toy::FingerprintCollision::a(), b = toy::FingerprintCollision::b();
  ASSERT_NE(a, b);
  ASSERT_EQ(fingerprint(a), fingerprint(b))
      << "xxHash " << XXH_versionNumber() << ": the precomputed collision no longer is one";
}

TEST(Fingerprint128, RealCollisionLosesAStateWithSixtyFourBitsOnly) {
  expect_real_collision();
  toy::FingerprintCollision model(/*a_is_bad=*/false);
  CheckResult r64 = check_model(model, options(1, 64));
  EXPECT_EQ(r64.verdict, Verdict::Holds);
  EXPECT_EQ(r64.stats.distinct_states, 3u);  // root, B, B': A and A' lost
  EXPECT_FALSE(r64.goals[0].reached);
  for (unsigned workers : {1u, 2u, 4u})
    for (auto [bits, store] : {std::pair{128u, StoreMode::Fingerprint}, {64u, StoreMode::Exact}})
      for (SearchStrategy strategy : {SearchStrategy::Bfs, SearchStrategy::Dfs}) {
        SCOPED_TRACE(std::to_string(workers) + " workers, " + std::to_string(bits) + " bits" +
                     (store == StoreMode::Exact ? " exact" : "") +
                     (strategy == SearchStrategy::Dfs ? " dfs" : ""));
        CheckResult r = check_model(model, options(workers, bits, store, strategy));
        EXPECT_EQ(r.verdict, Verdict::Holds);
        EXPECT_EQ(r.stats.distinct_states, 5u);
        EXPECT_EQ(r.stats.depth, 2u);
        EXPECT_TRUE(r.goals[0].reached);
        EXPECT_EQ(r.goals[0].depth, 2u);
      }
}

TEST(Fingerprint128, FindingInACollidingStateIsTracedToThatState) {
  expect_real_collision();
  toy::FingerprintCollision model(/*a_is_bad=*/true);
  EXPECT_EQ(check_model(model, options(1, 64)).verdict, Verdict::Holds);  // A was never seen
  for (unsigned workers : {1u, 2u, 4u})
    for (auto [bits, store] : {std::pair{128u, StoreMode::Fingerprint}, {64u, StoreMode::Exact}})
      for (SearchStrategy strategy : {SearchStrategy::Bfs, SearchStrategy::Dfs}) {
        SCOPED_TRACE(std::to_string(workers) + " workers, " + std::to_string(bits) + " bits" +
                     (store == StoreMode::Exact ? " exact" : "") +
                     (strategy == SearchStrategy::Dfs ? " dfs" : ""));
        CheckResult r = check_model(model, options(workers, bits, store, strategy));
        ASSERT_EQ(r.verdict, Verdict::Violation) << r.stop_reason;
        ASSERT_TRUE(r.finding);
        EXPECT_EQ(r.finding->property, "NotA");
        EXPECT_EQ(labels(r.finding->trace), std::vector<std::string>{"to A"});
        EXPECT_EQ(r.finding->trace.steps.back().state, (FieldList{{"name", "A"}}));
        LabelReplay replay = replay_labels(model, labels(r.finding->trace));
        ASSERT_TRUE(replay.ok) << replay.error;
        EXPECT_EQ(replay.violated, std::vector<std::string>{"NotA"});
      }
  // Witness mode: the goal past A, through A (BFS: a shortest trace).
  for (unsigned workers : {1u, 4u}) {
    CheckOptions o = options(workers, 128);
    o.witness_goal = "PastA";
    toy::FingerprintCollision fine(/*a_is_bad=*/false);
    CheckResult r = check_model(fine, o);
    ASSERT_EQ(r.verdict, Verdict::GoalReached);
    EXPECT_EQ(labels(r.finding->trace), (std::vector<std::string>{"to A", "step"}));
    EXPECT_EQ(r.finding->trace.steps.back().state, (FieldList{{"name", "A'"}}));
  }
}

TEST(Fingerprint128, CollisionInASpilledLevel) {
  // 3000 more states in A and B's level and a 16 KiB frontier budget: the level goes to disk
  // in sorted runs, merged and committed in chunks; A is still found and traced, by 128 bits
  // and by the exact store, and 64 bits still lose it.
  expect_real_collision();
  toy::FingerprintCollision model(/*a_is_bad=*/true, /*fillers=*/3000);
  for (unsigned workers : {1u, 2u, 4u})
    for (auto [bits, store] : {std::pair{128u, StoreMode::Fingerprint}, {64u, StoreMode::Exact},
                               {64u, StoreMode::Fingerprint}}) {
      SCOPED_TRACE(std::to_string(workers) + " workers, " + std::to_string(bits) + " bits" +
                   (store == StoreMode::Exact ? " exact" : ""));
      CheckOptions o = options(workers, bits, store);
      o.frontier_memory_bytes = 16 * 1024;
      CheckResult r = check_model(model, o);
      EXPECT_GT(r.stats.frontier_spilled_bytes, 0u);
      EXPECT_EQ(r.stats.distinct_states, 3003u);
      if (bits == 64 && store == StoreMode::Fingerprint) {
        EXPECT_EQ(r.verdict, Verdict::Holds);
        continue;
      }
      ASSERT_EQ(r.verdict, Verdict::Violation) << r.stop_reason;
      EXPECT_EQ(labels(r.finding->trace), std::vector<std::string>{"to A"});
      EXPECT_EQ(r.finding->trace.steps.back().state, (FieldList{{"name", "A"}}));
    }
}

TEST(Fingerprint128, StatisticsNameTheWidthAndTheEstimate) {
  toy::Grid grid(30, 30);
  CheckResult r64 = check_model(grid, options(2, 64));
  CheckResult r128 = check_model(grid, options(2, 128));
  CheckResult exact = check_model(grid, options(2, 64, StoreMode::Exact));
  CheckResult dfs128 =
      check_model(grid, options(1, 128, StoreMode::Fingerprint, SearchStrategy::Dfs));
  EXPECT_EQ(r64.stats.fingerprint_bits, 64u);
  EXPECT_EQ(r128.stats.fingerprint_bits, 128u);
  EXPECT_EQ(dfs128.stats.fingerprint_bits, 128u);
  EXPECT_EQ(exact.stats.fingerprint_bits, 0u);
  for (const CheckResult* r : {&r64, &r128, &exact, &dfs128})
    EXPECT_EQ(r->stats.distinct_states, 961u);
  EXPECT_EQ(r128.stats.store, StoreMode::Fingerprint);
  EXPECT_DOUBLE_EQ(r64.stats.collision_probability, fingerprint_collision_probability(961, 64));
  EXPECT_DOUBLE_EQ(r128.stats.collision_probability, fingerprint_collision_probability(961, 128));
  EXPECT_DOUBLE_EQ(dfs128.stats.collision_probability, fingerprint_collision_probability(961, 128));
  EXPECT_EQ(exact.stats.collision_probability, 0.0);
}

}  // namespace
}  // namespace faultline
