// Registration of the "paxos" model: its parameters, variants and factory (ModelInfo), and the
// translation of validated parameter values into a PaxosConfig.
#pragma once
#include <string>

#include "core/model_info.hpp"
#include "core/params.hpp"
#include "models/paxos/paxos.hpp"

namespace faultline {

ModelInfo paxos_model_info();

namespace paxos {

// The variant named `name` (one of paxos_model_info().variants); throws SpecError otherwise.
Variant parse_variant(const std::string& name);

// A PaxosConfig from validated values; throws SpecError for inconsistent combinations
// (e.g. "params.q1 = 5: must be at most acceptors (3)").
PaxosConfig paxos_config_from_params(const ParamValues& values, const std::string& variant);

}  // namespace paxos
}  // namespace faultline
