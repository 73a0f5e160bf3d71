// Registration of the "lease" model: its parameters, variants and factory (ModelInfo), and
// the translation of validated parameter values into a LeaseConfig.
#pragma once
#include <string>

#include "core/model_info.hpp"
#include "core/params.hpp"
#include "models/lease/lease.hpp"

namespace faultline {

ModelInfo lease_model_info();

namespace lease {

// A LeaseConfig from validated values; throws SpecError for an unknown variant or a margin
// that is not below the duration.
LeaseConfig lease_config_from_params(const ParamValues& values, const std::string& variant);

}  // namespace lease
}  // namespace faultline
