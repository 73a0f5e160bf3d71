// Named properties of a model: invariants over states, step properties over transitions,
// and reachability goals. Each has a cheap `holds`/`reached` test and an `explain` that is
// only called to say why a property fails in a counterexample's last state.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace faultline {

template <class State>
struct Invariant {
  std::string name;
  std::string description;
  std::function<bool(const State&)> holds;
  std::function<std::string(const State&)> explain;
};

template <class State>
struct StepProperty {
  std::string name;
  std::string description;
  std::function<bool(const State& before, const State& after)> holds;
  std::function<std::string(const State& before, const State& after)> explain;
};

template <class State>
struct Goal {
  std::string name;
  std::string description;
  std::function<bool(const State&)> reached;
};

template <class State>
struct PropertySet {
  std::vector<Invariant<State>> invariants;
  std::vector<StepProperty<State>> steps;
  std::vector<Goal<State>> goals;
};

enum class PropertyKind { Invariant, Step, Goal };

// What `describe` prints about a property, independent of the state type.
struct PropertyInfo {
  std::string name;
  PropertyKind kind;
  std::string description;
};

template <class State>
std::vector<PropertyInfo> property_infos(const PropertySet<State>& set) {
  std::vector<PropertyInfo> out;
  for (const auto& p : set.invariants) out.push_back({p.name, PropertyKind::Invariant, p.description});
  for (const auto& p : set.steps) out.push_back({p.name, PropertyKind::Step, p.description});
  for (const auto& p : set.goals) out.push_back({p.name, PropertyKind::Goal, p.description});
  return out;
}

}  // namespace faultline
