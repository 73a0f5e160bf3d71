// The permutations a symmetry declaration allows.
#include "core/symmetry.hpp"

#include <gtest/gtest.h>

#include <set>

namespace faultline {
namespace {

TEST(Symmetry, AllPermutationsOfOneGroup) {
  SymmetryDecl d{"", 3, {{0, 1, 2}}};
  auto perms = all_permutations(d);
  ASSERT_EQ(perms.size(), 6u);
  EXPECT_EQ(perms[0], (Permutation{0, 1, 2}));
  EXPECT_EQ(std::set<Permutation>(perms.begin(), perms.end()).size(), 6u);
}

TEST(Symmetry, GroupsPermuteSeparatelyAndOtherIndicesStay) {
  // Index 0 fixed (say a coordinator), {1,2} and {3,4} interchangeable among themselves.
  SymmetryDecl d{"", 5, {{1, 2}, {3, 4}}};
  auto perms = all_permutations(d);
  ASSERT_EQ(perms.size(), 4u);
  EXPECT_EQ(perms[0], (Permutation{0, 1, 2, 3, 4}));
  for (const auto& p : perms) {
    EXPECT_EQ(p[0], 0);
    EXPECT_EQ(std::set<uint8_t>({p[1], p[2]}), std::set<uint8_t>({1, 2}));
    EXPECT_EQ(std::set<uint8_t>({p[3], p[4]}), std::set<uint8_t>({3, 4}));
  }
}

TEST(Symmetry, NoGroupsIsJustTheIdentity) {
  EXPECT_EQ(all_permutations(SymmetryDecl{"", 2, {}}).size(), 1u);
}

}  // namespace
}  // namespace faultline
