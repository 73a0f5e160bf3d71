// Registration of the "fencing" model: its parameters, variants and factory (ModelInfo), and
// the translation of validated parameter values into a FencingConfig.
#pragma once
#include <string>

#include "core/model_info.hpp"
#include "core/params.hpp"
#include "models/fencing/fencing.hpp"

namespace faultline {

ModelInfo fencing_model_info();

namespace fencing {

// A FencingConfig from validated values; throws SpecError for an unknown variant or a margin
// that is not below the duration.
FencingConfig fencing_config_from_params(const ParamValues& values, const std::string& variant);

}  // namespace fencing
}  // namespace faultline
