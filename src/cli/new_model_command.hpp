// `faultline new-model NAME [--dir DIR]`: writes a standalone project for a protocol of one's
// own (cli/new_model_templates.hpp) into a new or empty folder.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace faultline {

// `args` are the arguments after "new-model". Returns 0 once every file is written; throws
// UsageError for a bad name or flag, EnvironmentError for a folder that exists and is not
// empty (nothing is written then) or a file that cannot be written.
int run_new_model_command(const std::vector<std::string>& args, std::ostream& out,
                          const CliEnv& env);

std::string new_model_help();

}  // namespace faultline
