// `faultline check SPEC [options]`: spec + overrides -> model runner -> summary, trace,
// [expect] verdict and exit code.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace faultline {

// `args` are the arguments after "check". Throws UsageError / SpecError for bad input.
// The summary and trace go to `out`, except that a trace document requested with
// --trace-format (not text) and no --trace-out takes `out` alone and the summary goes to
// `err`.
int run_check_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                      const CliEnv& env);

// The text of `faultline check --help`.
std::string check_help();

}  // namespace faultline
