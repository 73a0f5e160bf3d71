// Symmetry declarations: a model whose nodes (acceptors, servers, clients) are interchangeable
// says so by providing symmetry() (which index sets may be permuted, and a description for
// the summary) and permute(state, p) (the state with every index i renamed p[i]: per-node
// arrays, node ids inside messages, sets of nodes). The engine then stores one canonical
// representative per class (src/engine/symmetric_model.hpp).
//
// Contract: for every permutation p allowed by symmetry() and every state s,
//  - actions(permute(s, p)) are, up to order, the actions of s renamed by p, and their
//    successors are the renamed successors;
//  - every invariant, step property and goal has the same truth value on permute(s, p) as on s
//    (ghost histories must therefore hold node ids renamed too).
// tests/models check this contract on every reachable state of small configurations.
#pragma once
#include <algorithm>
#include <concepts>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace faultline {

// p[i] is the new index of index i.
using Permutation = std::vector<uint8_t>;

struct SymmetryDecl {
  std::string description;                  // "acceptors a1..a3 are interchangeable"
  unsigned size = 0;                        // indices 0..size-1
  std::vector<std::vector<uint8_t>> groups; // each group's indices may be permuted among
                                            // themselves; indices in no group stay fixed
};

template <class M>
concept SymmetricModel = Model<M> && requires(const M& m, const typename M::State& s,
                                              const Permutation& p) {
  { m.symmetry() } -> std::convertible_to<SymmetryDecl>;
  { m.permute(s, p) } -> std::same_as<typename M::State>;
};

// The common declaration: `count` nodes with indices first..first+count-1, of `size` in all,
// interchangeable among themselves; `who` names them for the summary ("clients c1..c3"). With
// fewer than two there is nothing to permute: no group and no description.
inline SymmetryDecl interchangeable(unsigned size, unsigned first, unsigned count,
                                    const std::string& who) {
  SymmetryDecl d;
  d.size = size;
  if (count < 2) return d;
  d.description = who + " are interchangeable";
  std::vector<uint8_t> group(count);
  std::iota(group.begin(), group.end(), static_cast<uint8_t>(first));
  d.groups = {group};
  return d;
}

// Every permutation the declaration allows (the product of each group's permutations), the
// identity first.
inline std::vector<Permutation> all_permutations(const SymmetryDecl& d) {
  Permutation identity(d.size);
  std::iota(identity.begin(), identity.end(), uint8_t{0});
  std::vector<Permutation> out = {identity};
  for (const auto& group : d.groups) {
    std::vector<uint8_t> images = group;
    std::sort(images.begin(), images.end());
    std::vector<Permutation> next;
    for (const Permutation& base : out) {
      std::vector<uint8_t> order = images;
      do {
        Permutation p = base;
        for (size_t k = 0; k < group.size(); ++k) p[images[k]] = order[k];
        next.push_back(std::move(p));
      } while (std::next_permutation(order.begin(), order.end()));
    }
    out = std::move(next);
  }
  return out;
}

}  // namespace faultline
