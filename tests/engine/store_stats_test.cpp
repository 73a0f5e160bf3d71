// Every visited store meets the interface its engine declares (engine/store_concepts.hpp) and
// reports its own statistics: the engines fill in nothing store-specific.
#include <gtest/gtest.h>

#include "engine/store_concepts.hpp"
#include "store/bitstate_store.hpp"
#include "store/exact_store.hpp"
#include "store/fingerprint_store.hpp"
#include "store/fingerprint_store128.hpp"

namespace faultline {
namespace {

static_assert(LevelStore<FingerprintStore> && LevelStore<FingerprintStore128> &&
              LevelStore<ExactStore> && LevelStore<BitstateStore>);
static_assert(VisitedSet<DfsFingerprintSet> && VisitedSet<DfsFingerprint128Set> &&
              VisitedSet<DfsExactSet> && VisitedSet<DfsBitstateSet>);

Stats after(uint64_t distinct) {
  Stats s;
  s.distinct_states = distinct;
  return s;
}

TEST(StoreStats, EachStoreReportsItsOwn) {
  CheckOptions o;
  Stats fp = after(1000000);
  FingerprintStore().add_stats(fp);
  EXPECT_EQ(fp.store, StoreMode::Fingerprint);
  EXPECT_EQ(fp.fingerprint_bits, 64u);
  EXPECT_EQ(fp.collision_probability, fingerprint_collision_probability(1000000, 64));
  EXPECT_GT(fp.collision_probability, 0);

  Stats wide = after(1000000);
  DfsFingerprint128Set(o).add_stats(wide);
  EXPECT_EQ(wide.fingerprint_bits, 128u);
  EXPECT_LT(wide.collision_probability, fp.collision_probability);

  Stats exact = after(1000000);
  ExactStore().add_stats(exact);
  EXPECT_EQ(exact.store, StoreMode::Exact);
  EXPECT_EQ(exact.fingerprint_bits, 0u);
  EXPECT_EQ(exact.collision_probability, 0);

  o.bitstate_log2_bits = 20;
  Stats bits = after(100000);
  DfsBitstateSet(o).add_stats(bits);
  EXPECT_EQ(bits.bitstate_log2_bits, 20u);
  EXPECT_EQ(bits.bitstate_hashes, kBitstateHashes);
  EXPECT_EQ(bits.bitstate_coverage, bitstate_expected_coverage(100000, 20, kBitstateHashes));
  EXPECT_LT(bits.bitstate_coverage, 1.0);
}

}  // namespace
}  // namespace faultline
