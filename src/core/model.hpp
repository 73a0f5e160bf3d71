// The model API every protocol implements, as a C++20 concept. Engines are templates over a
// Model; type erasure happens once, in model_runner.hpp.
//
// Contract:
//  - initial_states() and actions(s, out) are deterministic: the same state gives the same
//    actions in the same order (no unordered containers, RNG or clocks). Traces are stored
//    as action indices and rebuilt by replay; the engine reports a model that breaks this.
//  - next_state(s, a) returns the successor, or std::nullopt when the action does nothing.
//  - encode(s, sink) writes canonical bytes (equal states <=> equal bytes) and
//    decode(source) reads them back; describe(s, w) renders named fields for traces.
//  - action_label(s, a) names nodes and message, e.g. "deliver Prepare(b=2) p1->a3".
#pragma once
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "core/fields.hpp"
#include "core/properties.hpp"

namespace faultline {

template <class M>
concept Model = requires(const M& m, const typename M::State& s, const typename M::Action& a,
                         std::vector<typename M::Action>& out, ByteSink& sink, ByteSource& src,
                         FieldWriter& w) {
  typename M::State;
  typename M::Action;
  { m.initial_states() } -> std::same_as<std::vector<typename M::State>>;
  m.actions(s, out);
  { m.next_state(s, a) } -> std::same_as<std::optional<typename M::State>>;
  { m.action_label(s, a) } -> std::convertible_to<std::string>;
  m.encode(s, sink);
  { m.decode(src) } -> std::same_as<typename M::State>;
  m.describe(s, w);
  { m.properties() } -> std::same_as<const PropertySet<typename M::State>&>;
};

}  // namespace faultline

namespace faultline {

// Optional: a graded progress measure (the sweep-line method, engine.sweep). progress(s)
// grows by exactly one on every transition, so every path to a state has the same length
// and a breadth-first search never meets a state of an explored level again: those levels
// can be forgotten. The engine checks the property on every transition it takes (a model
// error otherwise). It must not change under the model's symmetry.
// progress_measure_name() says what it counts, for the summary ("messages sent").
template <class M>
concept GradedModel = Model<M> && requires(const M& m, const typename M::State& s) {
  { m.progress(s) } -> std::convertible_to<uint64_t>;
  { m.progress_measure_name() } -> std::convertible_to<std::string>;
};

// Optional: a model that names its kinds of action (for `check --coverage`). action_kinds()
// lists them in the order to report; action_kind(s, a) is the index of a's kind in that list.
// Models without it get kinds derived from their labels (see engine/coverage.hpp).
template <class M>
concept DeclaresActionKinds =
    Model<M> && requires(const M& m, const typename M::State& s, const typename M::Action& a) {
      { m.action_kinds() } -> std::convertible_to<const std::vector<std::string>&>;
      { m.action_kind(s, a) } -> std::convertible_to<size_t>;
    };

}  // namespace faultline
