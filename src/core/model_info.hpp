// The one place models are type-erased: a ModelInfo describes a model (parameters, variants)
// and makes a ModelRunner that runs the templated engine on it.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/check_types.hpp"
#include "core/params.hpp"
#include "core/properties.hpp"
#include "core/state_graph.hpp"

namespace faultline {

struct VariantInfo {
  std::string name;  // "correct" is every model's default
  std::string help;
};

// What a model self-check found (trace/model_self_check.hpp): states checked and one line
// per broken contract; no problems means the contract holds on those states.
struct SelfCheckReport {
  size_t states = 0;
  std::vector<std::string> problems;
};

// Runs the templated engine on one configured model instance.
class ModelRunner {
 public:
  virtual ~ModelRunner() = default;
  virtual CheckResult check(const CheckOptions& options) const = 0;
  // Random walks (`faultline simulate`); uses options.workers, check_deadlock and the limits.
  virtual CheckResult simulate(const CheckOptions& options, const SimulateOptions& sim) const = 0;
  virtual std::vector<PropertyInfo> properties() const = 0;
  // Replays action labels from the (first) initial state, evaluating every property.
  virtual LabelReplay replay_labels(const std::vector<std::string>& labels) const = 0;
  // What symmetry reduction may exploit as configured ("acceptors a1..a3 are
  // interchangeable (6 permutations)", "time shifted ..."); empty when the model declares
  // none.
  virtual std::string symmetry() const = 0;
  // The model's graded progress measure, for engine.sweep ("messages sent"); empty when the
  // model declares none.
  virtual std::string progress_measure() const = 0;
  // The reachable state graph, or as much as max_states allows (too_large set).
  virtual StateGraph state_graph(const StateGraphOptions& options) const = 0;
  // The model contract on the first max_states reachable states (trace/model_self_check.hpp).
  virtual SelfCheckReport self_check(size_t max_states) const = 0;
};

struct ModelInfo {
  std::string name;
  std::string summary;
  std::vector<ParamSpec> params;      // "params" and "faults" sections
  std::vector<VariantInfo> variants;  // first is the correct protocol
  // Builds the model; throws SpecError naming the key for inconsistent parameter combinations.
  std::function<std::unique_ptr<ModelRunner>(const ParamValues&, const std::string& variant)>
      make;
};

// models/registry.cpp: the explicit list of all models.
const std::vector<ModelInfo>& all_models();
const ModelInfo* find_model(const std::string& name);

}  // namespace faultline
