// What the subcommands that take a SPEC share: command-line parsing with Boost.Program_options
// (positional arguments, no abbreviations), --set overrides, and building the model runner
// with errors that name the spec file.
#pragma once
#include <boost/program_options.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model_info.hpp"
#include "core/text.hpp"
#include "spec/check_request.hpp"
#include "spec/engine_options.hpp"
#include "core/errors.hpp"
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

// The repeatable --set option, and the engine flags that `command` offers (the table of
// spec/engine_options.hpp: "--workers N" sets engine.workers).
void add_set_option(boost::program_options::options_description_easy_init& add);
void add_engine_flags(boost::program_options::options_description_easy_init& add,
                      OptionCommand command);
// The overrides of the --set options, in order, then of the engine flags given: each sets its
// spec key, so that it is validated as the spec's value would be.
std::vector<SpecOverride> spec_overrides(const boost::program_options::variables_map& vm,
                                         OptionCommand command);

// --progress and --no-progress, and whether progress lines go to stderr: asked for, or by
// default when stderr is a terminal. Both at once is a UsageError naming `command`.
void add_progress_options(boost::program_options::options_description_easy_init& add);
bool progress_wanted(const boost::program_options::variables_map& vm, const std::string& command,
                     bool stderr_is_tty);

// A model's or the engine's SpecError about the spec, with where its key was set in front
// ("specs/x.ini:7: params.quorum = 5: ...", "specs/x.ini (--set): ..."), or else the spec file.
SpecError located(const CheckRequest& request, const SpecError& e);

// For a goal the configured model does not declare: "; it is a goal with params.K = true" when
// turning on one boolean parameter K would declare it (e.g. raft's recovery_goals), else "".
std::string goal_hint(const CheckRequest& request, const std::string& goal);

// Builds the runner; a model's SpecError is located (above).
std::unique_ptr<ModelRunner> build_runner(const CheckRequest& request);

// The model contract (trace/model_self_check.hpp) on the first kPreflightStates states, run by
// check, simulate, replay and graph before they start: a field left out of the state, a nondeterministic
// enumeration or a step that changes nothing is named there (ModelError, exit 5), where the
// search would show only its symptoms (a runaway count, a replay that diverges) or nothing.
inline constexpr size_t kPreflightStates = 1000;
void check_model_contract(const ModelRunner& runner);

// The file named by an output option (--trace-out, -o), or nothing when it is not given. An
// empty name, or a flag where the name should be ("--trace-out --no-progress"), is a
// UsageError.
std::optional<std::string> output_path(const boost::program_options::variables_map& vm,
                                       const std::string& command, const std::string& option);

// The finding whose trace is to be written: none without a finding, or when a limit after
// the search kept its trace from being rebuilt (Finding::trace_stopped).
inline const Finding* finding_with_trace(const CheckResult& r) {
  return r.finding && r.finding->trace_stopped.empty() ? &*r.finding : nullptr;
}

// "model: paxos (variant correct); acceptors=3, ..."
std::string model_line(const CheckRequest& request);

}  // namespace faultline
