// Registration of the "split-brain" model: its parameters (one switch per piece of the
// design), the single variant, the factory (ModelInfo), and the translation of validated
// parameter values into a SplitBrainConfig.
#pragma once
#include <string>

#include "core/model_info.hpp"
#include "core/params.hpp"
#include "models/split_brain/split_brain.hpp"

namespace faultline {

ModelInfo split_brain_model_info();

namespace split_brain {

// A SplitBrainConfig from validated values; throws SpecError for a margin not below the
// duration while leases are on.
SplitBrainConfig split_brain_config_from_params(const ParamValues& values);

}  // namespace split_brain
}  // namespace faultline
