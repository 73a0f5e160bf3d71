// Coverage counting for `check --coverage`: how many transitions each kind of action made.
// Each worker counts into its own KindCounter (no sharing, no atomics); the counters are
// summed at the end, so the totals are the same for any number of workers.
#pragma once
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/check_types.hpp"
#include "core/model.hpp"

namespace faultline {

// The kind of an action derived from its label, for models that declare none: the first
// word, plus the second word's name part when it is a message ("deliver Prepare(b=2) p1->a3"
// -> "deliver Prepare", "crash a2" -> "crash", "Phase1b(a1) on 1a(b=0)" -> "Phase1b").
inline std::string default_action_kind(std::string_view label) {
  auto word_end = [&](size_t from) {
    size_t e = label.find(' ', from);
    return e == std::string_view::npos ? label.size() : e;
  };
  size_t first = word_end(0);
  std::string kind(label.substr(0, std::min(first, label.find('('))));
  if (first >= label.size() || kind.size() < first) return kind;
  size_t second = word_end(first + 1);
  std::string_view word = label.substr(first + 1, second - first - 1);
  size_t paren = word.find('(');
  if (paren != std::string_view::npos && paren > 0) kind += " " + std::string(word.substr(0, paren));
  return kind;
}

template <Model M>
class KindCounter {
 public:
  void count(const M& model, const typename M::State& s, const typename M::Action& a) {
    if constexpr (DeclaresActionKinds<M>) {
      size_t k = model.action_kind(s, a);
      if (k >= declared_.size()) declared_.resize(k + 1, 0);
      ++declared_[k];
    } else {
      ++derived_[default_action_kind(model.action_label(s, a))];
    }
  }

  void add(const KindCounter& other) {
    if (declared_.size() < other.declared_.size()) declared_.resize(other.declared_.size(), 0);
    for (size_t k = 0; k < other.declared_.size(); ++k) declared_[k] += other.declared_[k];
    for (const auto& [kind, n] : other.derived_) derived_[kind] += n;
  }

  // Declared kinds in the model's order (with zeros), then derived kinds by name.
  std::vector<ActionKindCount> counts(const M& model) const {
    std::vector<ActionKindCount> out;
    if constexpr (DeclaresActionKinds<M>) {
      const std::vector<std::string>& names = model.action_kinds();
      for (size_t k = 0; k < names.size(); ++k)
        out.push_back({names[k], k < declared_.size() ? declared_[k] : 0, true});
      for (size_t k = names.size(); k < declared_.size(); ++k)
        out.push_back({"kind #" + std::to_string(k), declared_[k], false});
    }
    for (const auto& [kind, n] : derived_) out.push_back({kind, n, false});
    return out;
  }

 private:
  std::vector<uint64_t> declared_;
  std::map<std::string, uint64_t> derived_;
};

}  // namespace faultline
