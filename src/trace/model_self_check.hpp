// The model contract, checked on the states a model reaches: what every model must satisfy for
// the engine's counts and traces to mean anything. Over the first `max_states` distinct states
// of a breadth-first search that keeps live states (never decoded ones), for each state s:
//  - encode, decode, encode gives the same bytes (decode mirrors encode);
//  - decode(encode(s)) enumerates the same actions (compared by label) as s;
//  - each successor of decode(encode(s)) encodes as the successor of s does, and every
//    successor (also one whose bytes were seen before) enumerates what its decoded copy does:
//    otherwise something outside the encoding steers the model (a field left out of the state);
//  - enumerating s twice gives the same actions and successors (determinism);
//  - no enabled action leads from s back to s (a step that changes nothing);
//  - two actions of s with the same label are a model error (traces name steps by label);
//  - where the model declares interchangeable nodes (core/symmetry.hpp), for each allowed
//    renaming p (at most kSelfCheckPermutations of them): permute(s, p) agrees with s on every
//    invariant and goal, its successors are the renamed successors of s, and node signatures
//    move with the nodes (a node named by a plain integer rather than a NodeRef breaks this).
// Problems come back as one line each, naming the first state's labels path; none: it holds.
#pragma once
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/model.hpp"
#include "core/model_info.hpp"
#include "core/symmetry.hpp"
#include "core/symmetry_signatures.hpp"

namespace faultline {

inline constexpr const char* kUnencodedField =
    ": the decoded state enumerates other actions than the state it came from (a field that "
    "steers the model is not encoded)";

inline constexpr size_t kSelfCheckPermutations = 24;

// The symmetry contract on state s (see the top of this file): the first problem, if any.
template <SymmetricModel M>
std::optional<std::string> symmetry_problem(const M& model, const typename M::State& s,
                                            const std::vector<Permutation>& perms) {
  using State = typename M::State;
  auto bytes = [&](const State& st) {
    ByteSink sink;
    model.encode(st, sink);
    return std::string(sink.view());
  };
  auto successors = [&](const State& st, const Permutation* rename) {
    std::vector<typename M::Action> as;
    model.actions(st, as);
    std::multiset<std::string> out;
    for (const auto& a : as)
      if (auto n = model.next_state(st, a))
        out.insert(bytes(rename ? model.permute(*n, *rename) : *n));
    return out;
  };
  const auto& props = model.properties();
  std::vector<uint64_t> sigs, psigs;
  if constexpr (SignedSymmetricModel<M>) {
    sigs.assign(model.symmetry().size, 0);
    model.symmetry_signatures(s, sigs);
  }
  for (size_t k = 1; k < perms.size() && k <= kSelfCheckPermutations; ++k) {
    const Permutation& p = perms[k];
    std::string renaming;
    for (size_t i = 0; i < p.size(); ++i)
      if (p[i] != i) renaming += (renaming.empty() ? "" : ", ") + std::to_string(i) + "->" +
                                 std::to_string(p[i]);
    const std::string by = "renaming the nodes (" + renaming + ")";
    const State ps = model.permute(s, p);
    for (const auto& inv : props.invariants)
      if (inv.holds(s) != inv.holds(ps)) return by + " changes invariant " + inv.name;
    for (const auto& g : props.goals)
      if (g.reached(s) != g.reached(ps)) return by + " changes goal " + g.name;
    if (successors(s, &p) != successors(ps, nullptr))
      return by + " does not rename the successors (a node id kept in a plain integer "
                  "rather than a NodeRef, or a node treated by its index?)";
    if constexpr (SignedSymmetricModel<M>) {
      psigs.assign(sigs.size(), 0);
      model.symmetry_signatures(ps, psigs);
      for (size_t i = 0; i < p.size(); ++i)
        if (psigs[p[i]] != sigs[i])
          return by + " changes the signature of node " + std::to_string(i);
    }
  }
  return std::nullopt;
}

template <Model M>
SelfCheckReport self_check_model(const M& model, size_t max_states) {
  using State = typename M::State;
  using Action = typename M::Action;
  SelfCheckReport out;
  auto bytes = [&](const State& s) {
    ByteSink sink;
    model.encode(s, sink);
    return std::string(sink.view());
  };
  struct Item {
    State state;
    std::vector<std::string> path;  // labels from the initial state
  };
  std::set<std::string> seen;
  std::deque<Item> queue;
  for (auto& s : model.initial_states())
    if (seen.insert(bytes(s)).second) queue.push_back({std::move(s), {}});
  auto where = [](const std::vector<std::string>& path) {
    std::string w = "after [";
    for (size_t i = 0; i < path.size(); ++i) w += (i ? ", " : "") + path[i];
    return w + "]";
  };
  std::vector<Permutation> perms;
  if constexpr (SymmetricModel<M>) perms = all_permutations(model.symmetry());
  std::vector<Action> as, again, decoded_as;
  while (!queue.empty() && out.states < max_states && out.problems.size() < 5) {
    Item item = std::move(queue.front());
    queue.pop_front();
    ++out.states;
    const State& s = item.state;
    const std::string b = bytes(s);
    std::optional<State> back;
    try {
      ByteSource src(b);
      back = model.decode(src);
      if (!src.done()) out.problems.push_back(where(item.path) + ": decode left bytes unread");
    } catch (const ModelError& e) {
      out.problems.push_back(where(item.path) + ": " + e.what());
      continue;
    }
    if (bytes(*back) != b) {
      out.problems.push_back(where(item.path) + ": encode, decode, encode gives other bytes");
      continue;
    }
    as.clear();
    again.clear();
    decoded_as.clear();
    model.actions(s, as);
    model.actions(s, again);
    model.actions(*back, decoded_as);
    // Actions compared by their labels (the Model concept does not ask for ==).
    auto labels_of = [&](const State& st, const std::vector<Action>& list) {
      std::vector<std::string> names;
      for (const Action& a : list) names.push_back(model.action_label(st, a));
      return names;
    };
    const auto first = labels_of(s, as);
    if (first != labels_of(s, again)) {
      out.problems.push_back(where(item.path) + ": enumerating the state twice gave different "
                                                "actions (the enumeration is not deterministic)");
      continue;
    }
    if (first != labels_of(*back, decoded_as)) {
      out.problems.push_back(where(item.path) + kUnencodedField);
      continue;
    }
    if constexpr (SymmetricModel<M>) {
      if (auto problem = symmetry_problem(model, s, perms)) {
        out.problems.push_back(where(item.path) + ": " + *problem);
        continue;
      }
    }
    std::set<std::string> labels;
    for (size_t i = 0; i < as.size(); ++i) {
      const std::string& label = first[i];
      if (!labels.insert(label).second)
        out.problems.push_back(where(item.path) + ": two enabled actions are both labelled '" +
                               label + "' (a trace could not tell them apart)");
      auto n = model.next_state(s, as[i]);
      auto n2 = model.next_state(s, again[i]);
      auto nd = model.next_state(*back, decoded_as[i]);
      if (n.has_value() != n2.has_value() || (n && bytes(*n) != bytes(*n2))) {
        out.problems.push_back(where(item.path) + ": '" + label +
                               "' gave two different successors (next_state is not "
                               "deterministic)");
        continue;
      }
      if (n.has_value() != nd.has_value() || (n && bytes(*n) != bytes(*nd))) {
        out.problems.push_back(where(item.path) + ": '" + label +
                               "' leads elsewhere from the decoded state (a field that steers "
                               "the model is not encoded)");
        continue;
      }
      if (!n) continue;
      auto path = item.path;
      path.push_back(label);
      const std::string nb = bytes(*n);
      // Every successor, new or not, must behave as its decoded copy: a successor whose bytes
      // were seen before may still differ from that state in a field left out of the encoding.
      if (!seen.count(nb)) {
        queue.push_back({std::move(*n), std::move(path)});
        seen.insert(nb);
        continue;
      }
      std::vector<Action> live, copy;
      model.actions(*n, live);
      ByteSource src(nb);
      const State decoded = model.decode(src);
      model.actions(decoded, copy);
      if (labels_of(*n, live) != labels_of(decoded, copy))
        out.problems.push_back(where(path) + kUnencodedField);
      else if (nb == b)
        out.problems.push_back(where(item.path) + ": '" + label +
                               "' changes nothing (a step from the state to itself: its guard "
                               "lets it run where it has no effect)");
    }
  }
  return out;
}

}  // namespace faultline
