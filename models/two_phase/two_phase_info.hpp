// Registration of the "two-phase" model (two-phase commit on the actor layer).
#pragma once
#include "core/model_info.hpp"

namespace faultline {

ModelInfo two_phase_model_info();

}  // namespace faultline
