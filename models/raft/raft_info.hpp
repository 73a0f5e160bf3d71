// Registration of the "raft" model: its parameters, variants and factory (ModelInfo), and the
// translation of validated parameter values into a RaftConfig.
#pragma once
#include <string>

#include "core/model_info.hpp"
#include "core/params.hpp"
#include "models/raft/raft.hpp"

namespace faultline {

ModelInfo raft_model_info();

namespace raft {

// The variant named `name` (one of raft_model_info().variants); throws SpecError otherwise.
Variant parse_variant(const std::string& name);

// A RaftConfig from validated values.
RaftConfig raft_config_from_params(const ParamValues& values, const std::string& variant);

}  // namespace raft
}  // namespace faultline
