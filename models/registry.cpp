// The explicit list of every model faultline knows. Add a model here (see README).
#include "core/model_info.hpp"
#include "models/fencing/fencing_info.hpp"
#include "models/lease/lease_info.hpp"
#include "models/paxos/paxos_info.hpp"
#include "models/paxos_abstract/paxos_abstract_info.hpp"
#include "models/raft/raft_info.hpp"
#include "models/split_brain/split_brain_info.hpp"
#include "models/two_phase/two_phase_info.hpp"

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
