// The type-erasure point: wraps a concrete model in a ModelRunner so the CLI can pick a model
// by name while the engine stays a template (no virtual call per state).
#pragma once
#include <memory>

#include "core/model_card.hpp"
#include "core/model_info.hpp"
#include "engine/state_graph.hpp"
#include "trace/check_model.hpp"
#include "trace/label_replay.hpp"
#include "trace/model_self_check.hpp"

namespace faultline {

template <Model M>
class TypedRunner final : public ModelRunner {
 public:
  explicit TypedRunner(M model) : model_(std::move(model)) {}
  CheckResult check(const CheckOptions& options) const override {
    return check_model(model_, options);
  }
  CheckResult simulate(const CheckOptions& options, const SimulateOptions& sim) const override {
    return simulate_model(model_, options, sim);
  }
  std::vector<PropertyInfo> properties() const override {
    return property_infos(model_.properties());
  }
  LabelReplay replay_labels(const std::vector<std::string>& labels) const override {
    return faultline::replay_labels(model_, labels);
  }
  std::string symmetry() const override { return reduction_description(model_); }
  std::string progress_measure() const override {
    if constexpr (GradedModel<M>)
      return model_.progress_measure_name();
    else
      return {};
  }
  StateGraph state_graph(const StateGraphOptions& options) const override {
    return build_state_graph(model_, options);
  }
  SelfCheckReport self_check(size_t max_states) const override {
    return self_check_model(model_, max_states);
  }
  const M& model() const { return model_; }

 private:
  M model_;
};

template <Model M>
std::unique_ptr<ModelRunner> make_runner(M model) {
  return std::make_unique<TypedRunner<M>>(std::move(model));
}

// The ModelInfo of a card whose configuration constructs the model `M`: the engine is
// instantiated for M in the file that calls this.
template <class M, class Config, class V>
ModelInfo make_model_info(const ModelCard<Config, V>& card) {
  return card.info([](const Config& config) { return make_runner(M(config)); });
}

}  // namespace faultline
