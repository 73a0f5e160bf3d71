// The built-in models' registrations, one per model folder (each in its *_info.cpp), and the
// list of all of them (models/registry.cpp).
#pragma once
#include <vector>

#include "core/model_info.hpp"

namespace faultline {

ModelInfo paxos_model_info();
ModelInfo paxos_abstract_model_info();
ModelInfo raft_model_info();
ModelInfo lease_model_info();
ModelInfo fencing_model_info();
ModelInfo split_brain_model_info();
ModelInfo two_phase_model_info();

}  // namespace faultline
