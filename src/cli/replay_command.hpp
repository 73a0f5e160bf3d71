// `faultline replay SPEC TRACE [options]`: checks a hand-written (or --trace-out) trace
// against the model the spec describes, step by step.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace faultline {

// `args` are the arguments after "replay". Returns 0 when every property holds along the
// trace, 10 when one fails; throws UsageError, or SpecError for a bad spec, a bad trace file
// or a step that is not enabled (exit 3).
int run_replay_command(const std::vector<std::string>& args, std::ostream& out, const CliEnv& env);

std::string replay_help();

}  // namespace faultline
