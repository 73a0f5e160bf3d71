// `faultline check SPEC [options]`: spec + overrides -> model runner -> summary, trace,
// [expect] verdict and exit code.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace faultline {

// `args` are the arguments after "check". Throws UsageError / SpecError for bad input.
int run_check_command(const std::vector<std::string>& args, std::ostream& out, const CliEnv& env);

// The text of `faultline check --help`.
std::string check_help();

}  // namespace faultline
