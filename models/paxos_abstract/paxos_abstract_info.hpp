// Registry entry of the paxos-abstract model: its parameters, variants and factory.
#pragma once
#include "core/model_info.hpp"

namespace faultline {

ModelInfo paxos_abstract_model_info();

}  // namespace faultline
