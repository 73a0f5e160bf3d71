// Shared by the subcommands that run a spec (check, simulate): building the model runner a
// loaded spec names, and the "model: ..." header line.
#pragma once
#include <memory>
#include <string>

#include "core/model_info.hpp"
#include "spec/check_request.hpp"

namespace faultline {

// The request's model with its parameters and variant; model errors name the spec file.
std::unique_ptr<ModelRunner> make_spec_runner(const CheckRequest& request);

// "model: paxos (variant correct); acceptors=3, ..." (without a newline).
std::string model_line(const CheckRequest& request);

}  // namespace faultline
