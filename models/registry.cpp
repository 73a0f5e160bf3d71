// The explicit list of every model built into faultline. Add a built-in model here and in
// models/registry.hpp; a model of your own is registered in your checker (docs/writing-a-model.md).
#include "models/registry.hpp"

namespace faultline {

const std::vector<ModelInfo>& all_models() {
  static const std::vector<ModelInfo> models = {
      paxos_model_info(),
      paxos_abstract_model_info(),
      raft_model_info(),
      lease_model_info(),
      fencing_model_info(),
      split_brain_model_info(),
      two_phase_model_info(),
  };
  return models;
}

const ModelInfo* find_model(const std::string& name) {
  for (const auto& m : all_models())
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace faultline
