// The permutations a symmetry declaration allows, those that sort nodes by signature, and
// Symmetric's choice between them.
#include "core/symmetry.hpp"

#include "core/symmetry_signatures.hpp"
#include "engine/symmetric_model.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace faultline {
namespace {

TEST(Symmetry, AllPermutationsOfOneGroup) {
  SymmetryDecl d{"", 3, {{0, 1, 2}}};
  auto perms = all_permutations(d);
  ASSERT_EQ(perms.size(), 6u);
  EXPECT_EQ(perms[0], (Permutation{0, 1, 2}));
  std::set<std::string> distinct;  // as strings: GCC 12 warns falsely on sets of byte vectors
  for (const auto& p : perms) distinct.insert(std::string(p.begin(), p.end()));
  EXPECT_EQ(distinct.size(), 6u);
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

std::vector<Permutation> sorting_permutations(const SymmetryDecl& d,
                                              const std::vector<uint64_t>& sigs) {
  std::vector<Permutation> out;
  for_each_sorting_permutation(d, sigs, [&](const Permutation& p) { out.push_back(p); });
  return out;
}

TEST(SymmetrySignatures, DistinctSignaturesGiveTheOneSortingPermutation) {
  SymmetryDecl d{"", 3, {{0, 1, 2}}};
  // Node 2 has the smallest signature, so it becomes 0; node 0 the largest, so it becomes 2.
  EXPECT_EQ(sorting_permutations(d, {30, 20, 10}), (std::vector<Permutation>{{2, 1, 0}}));
  EXPECT_EQ(sorting_permutations(d, {1, 2, 3}), (std::vector<Permutation>{{0, 1, 2}}));
}

TEST(SymmetrySignatures, EqualSignaturesTryEveryOrderAmongThem) {
  SymmetryDecl d{"", 4, {{0, 1, 2, 3}}};
  // Sorted: node 3 (1), node 1 (3), then nodes 0 and 2 (5) in either order.
  const auto perms = sorting_permutations(d, {5, 3, 5, 1});
  EXPECT_EQ(perms, (std::vector<Permutation>{{2, 1, 3, 0}, {3, 1, 2, 0}}));
  // All equal: every permutation, each once.
  const auto all = sorting_permutations(d, {7, 7, 7, 7});
  std::set<std::string> distinct;
  for (const auto& p : all) distinct.insert(std::string(p.begin(), p.end()));
  EXPECT_EQ(all.size(), 24u);
  EXPECT_EQ(distinct.size(), 24u);
}

TEST(SymmetrySignatures, GroupsSortSeparatelyAndOtherIndicesStay) {
  // Index 0 fixed; {1,2} and {3,4} sorted among themselves, {3,4} tied.
  SymmetryDecl d{"", 5, {{1, 2}, {3, 4}}};
  const auto perms = sorting_permutations(d, {0, 9, 8, 4, 4});
  EXPECT_EQ(perms, (std::vector<Permutation>{{0, 2, 1, 3, 4}, {0, 2, 1, 4, 3}}));
}

TEST(SymmetrySignatures, TheSortedSetIsTheSameFromEveryRenaming) {
  // What makes the smallest encoding over the set a class function: renaming the nodes by q
  // (signatures move with them) gives the set {p o q^-1}, whose images of the renamed state
  // are the images of the original.
  SymmetryDecl d{"", 4, {{0, 1, 2, 3}}};
  const std::vector<uint64_t> sigs = {5, 3, 5, 1};
  for (const Permutation& q : all_permutations(d)) {
    std::vector<uint64_t> renamed(4);
    for (size_t i = 0; i < 4; ++i) renamed[q[i]] = sigs[i];
    std::set<std::string> images, renamed_images;  // an image: where each original node goes
    for (const auto& p : sorting_permutations(d, sigs)) images.insert(std::string(p.begin(), p.end()));
    for (const auto& p : sorting_permutations(d, renamed)) {
      std::string via(4, 0);
      for (size_t i = 0; i < 4; ++i) via[i] = static_cast<char>(p[q[i]]);
      renamed_images.insert(via);
    }
    EXPECT_EQ(images, renamed_images);
  }
}

// Two interchangeable nodes holding one byte each, whose signatures sort the larger value
// first: wrong on purpose, since the smallest encoding puts the smaller value first.
struct WronglySigned {
  using State = std::vector<uint8_t>;
  using Action = int;
  std::vector<State> initial_states() const { return {{1, 2}}; }
  void actions(const State&, std::vector<Action>&) const {}
  std::optional<State> next_state(const State&, Action) const { return std::nullopt; }
  std::string action_label(const State&, Action) const { return ""; }
  void encode(const State& s, ByteSink& out) const { out.raw(s.data(), s.size()); }
  State decode(ByteSource& in) const { return {in.u8(), in.u8()}; }
  void describe(const State&, FieldWriter&) const {}
  const PropertySet<State>& properties() const { return props; }
  SymmetryDecl symmetry() const { return {"nodes", 2, {{0, 1}}}; }
  State permute(const State& s, const Permutation& p) const {
    State t(2);
    for (size_t i = 0; i < 2; ++i) t[p[i]] = s[i];
    return t;
  }
  void symmetry_signatures(const State& s, std::vector<uint64_t>& sigs) const {
    for (size_t i = 0; i < 2; ++i) sigs[i] = 255 - s[i];
  }
  PropertySet<State> props;
};

std::string canonical(const Symmetric<WronglySigned>& sym, const WronglySigned::State& s) {
  ByteSink sink;
  sym.encode(s, sink);
  return std::string(sink.view());
}

TEST(SymmetricModel, SignaturesChooseThePermutationUnlessTurnedOff) {
  static_assert(SignedSymmetricModel<WronglySigned>);
  const WronglySigned m;
  EXPECT_EQ(canonical(Symmetric<WronglySigned>(m), {1, 2}), std::string("\x02\x01", 2));
  EXPECT_EQ(canonical(Symmetric<WronglySigned>(m, /*use_signatures=*/false), {2, 1}),
            std::string("\x01\x02", 2));
}

}  // namespace
}  // namespace faultline
