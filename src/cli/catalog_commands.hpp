// `faultline list` and `faultline describe MODEL`: what models exist and what they accept.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "core/model_info.hpp"

namespace faultline {

// Every model with its summary and variants.
void write_model_list(std::ostream& out, const std::vector<ModelInfo>& models);

// Parameters (section.key, accepted values, default, help), variants, and properties (from a
// runner built with default parameters and the first variant). Throws SpecError for an
// unknown model, listing the known ones.
void write_model_description(std::ostream& out, const std::vector<ModelInfo>& models,
                             const std::string& name);

}  // namespace faultline
