// `faultline simulate SPEC --runs N --depth D --seed S`: random walks over the spec's model,
// checking the same properties as `check`, reproducible from the seed.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace faultline {

// `args` are the arguments after "simulate". Throws UsageError / SpecError for bad input.
int run_simulate_command(const std::vector<std::string>& args, std::ostream& out,
                         const CliEnv& env);

// The text of `faultline simulate --help`.
std::string simulate_help();

}  // namespace faultline
