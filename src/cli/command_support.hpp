// What the subcommands that take a SPEC share: command-line parsing with Boost.Program_options
// (positional arguments, no abbreviations), --set overrides, and building the model runner
// with errors that name the spec file.
#pragma once
#include <boost/program_options.hpp>
#include <memory>
#include <string>
#include <vector>

#include "core/model_info.hpp"
#include "spec/check_request.hpp"
#include "spec/spec_file.hpp"

namespace faultline {

// Parses `args` (after the subcommand name) against `desc`, with the positional arguments
// collected under "positional". Throws UsageError naming `command` on bad flags.
boost::program_options::variables_map parse_command_args(
    const std::vector<std::string>& args, const boost::program_options::options_description& desc,
    const std::string& command);

// The positional arguments, which must number exactly `names.size()`; throws UsageError
// naming the missing one ("replay: missing TRACE (...)") or the extra ones.
std::vector<std::string> positional_args(const boost::program_options::variables_map& vm,
                                         const std::string& command,
                                         const std::vector<std::string>& names,
                                         const std::vector<std::string>& helps);

// The repeatable --set option, and the overrides it gives.
void add_set_option(boost::program_options::options_description_easy_init& add);
std::vector<SpecOverride> set_overrides(const boost::program_options::variables_map& vm);

// Builds the runner; a model's SpecError is prefixed with the spec file name.
std::unique_ptr<ModelRunner> build_runner(const CheckRequest& request);

// "model: paxos (variant correct); acceptors=3, ..."
std::string model_line(const CheckRequest& request);

std::string join(const std::vector<std::string>& items, const std::string& sep = ", ");

}  // namespace faultline
