// Symmetry reduction as a model wrapper: Symmetric<M> is M whose encode() writes the smallest
// encoding over all permutations M declares (src/core/symmetry.hpp), so the engine, unchanged,
// stores one canonical representative per symmetry class and expands decode(canonical bytes).
// Everything else is M's. Traces found on the wrapper are traces of canonical states; the
// trace layer maps them back to a real run of M (src/trace/unreduce.hpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "core/fields.hpp"
#include "core/symmetry.hpp"

namespace faultline {

template <SymmetricModel M>
class Symmetric {
 public:
  using State = typename M::State;
  using Action = typename M::Action;

  explicit Symmetric(const M& model)
      : model_(model), perms_(all_permutations(model.symmetry())) {}

  const M& base() const { return model_; }
  size_t permutation_count() const { return perms_.size(); }

  std::vector<State> initial_states() const { return model_.initial_states(); }
  void actions(const State& s, std::vector<Action>& out) const { model_.actions(s, out); }
  std::optional<State> next_state(const State& s, const Action& a) const {
    return model_.next_state(s, a);
  }
  std::string action_label(const State& s, const Action& a) const {
    return model_.action_label(s, a);
  }
  void describe(const State& s, FieldWriter& w) const { model_.describe(s, w); }
  const auto& properties() const { return model_.properties(); }
  State decode(ByteSource& in) const { return model_.decode(in); }

  // The lexicographically smallest encoding of any permutation of s.
  void encode(const State& s, ByteSink& out) const {
    const size_t start = out.size();
    model_.encode(s, out);  // perms_[0] is the identity
    thread_local ByteSink scratch;
    for (size_t k = 1; k < perms_.size(); ++k) {
      scratch.clear();
      model_.encode(model_.permute(s, perms_[k]), scratch);
      const std::string_view best = out.view().substr(start);
      if (scratch.view() < best) {
        out.truncate(start);
        out.raw(scratch.view().data(), scratch.size());
      }
    }
  }

 private:
  const M& model_;
  std::vector<Permutation> perms_;
};

}  // namespace faultline
