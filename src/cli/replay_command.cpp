// The replay subcommand: spec + trace file -> labels replayed on the model -> step report,
// failing properties, exit code; a step that is not enabled is an input error naming its line.
#include "cli/replay_command.hpp"

#include <sstream>

#include "cli/command_support.hpp"
#include "core/errors.hpp"
#include "report/replay_text.hpp"
#include "spec/trace_file.hpp"

namespace po = boost::program_options;

namespace faultline {
namespace {

po::options_description replay_options() {
  po::options_description desc("options", /*line_length=*/100, /*min_description_length=*/50);
  auto add = desc.add_options();
  add("help,h", "show this help");
  add_set_option(add);
  add("full-states", po::bool_switch(), "print every field after each step, not only changes");
  return desc;
}

}  // namespace

std::string replay_help() {
  std::ostringstream s;
  s << "usage: faultline replay SPEC TRACE [options]\n\n"
       "Replays TRACE on the model that spec file SPEC describes (its [model], [params] and\n"
       "[faults]; bounds, limits and [expect] do not apply) and checks at each step that the\n"
       "action is enabled; prints what changes at each step, every invariant or step property\n"
       "that fails and where, and the goals reached.\n\n"
       "TRACE is text, one action label per line as faultline prints them (e.g.\n"
       "'deliver Prepare(b=2) p1->a3', 'crash a2'; '#' starts a comment, blank lines are\n"
       "skipped), or the JSON that 'faultline check --trace-out' writes.\n\n"
    << replay_options()
    << "\nexit codes: 0 every property holds along the trace, 10 a property fails, 3 a step\n"
       "that is not enabled (the error names its line; the enabled actions are listed), or a\n"
       "bad spec or trace file, 2 usage error, 255 internal error.\n";
  return s.str();
}

int run_replay_command(const std::vector<std::string>& args, std::ostream& out, const CliEnv& env) {
  const po::variables_map vm = parse_command_args(args, replay_options(), "replay");
  if (vm.count("help")) {
    out << replay_help();
    return kExitHolds;
  }
  const auto files = positional_args(vm, "replay", {"SPEC", "TRACE"},
                                     {"the spec file naming the model", "the trace file to replay"});
  const std::vector<ModelInfo>& models = env.models ? *env.models : all_models();
  const CheckRequest request = load_spec(files[0], spec_overrides(vm, kReplayCommand), models);
  const TraceFile trace = read_trace_file(files[1]);
  if (trace.model && *trace.model != request.model->name)
    throw SpecError(trace.path + ": the trace was written for model '" +
                    quote_input(*trace.model) + "', but " + request.file + " checks model '" +
                    request.model->name + "'");
  if (trace.steps.empty())  // nothing to check: more likely the wrong file than a wish
    throw SpecError(trace.path + ": the trace has no steps (" +
                    (trace.json ? "\"steps\" holds no action"
                                : "expected one action label a line") +
                    ")");
  auto runner = build_runner(request);
  check_model_contract(*runner);

  out << model_line(request) << "\n";
  out << "trace: " << trace.path << " (" << trace.steps.size()
      << (trace.steps.size() == 1 ? " step" : " steps") << (trace.json ? ", JSON" : "") << ")\n";
  const LabelReplay replay = runner->replay_labels(trace.labels());
  ReplayTextOptions options;
  for (const auto& step : trace.steps)
    options.locations.push_back(step.line ? "line " + std::to_string(step.line) : "");
  options.properties = runner->properties();
  options.full_states = vm["full-states"].as<bool>();
  write_replay_text(out, replay, options);
  if (!replay.ok) {
    out.flush();
    if (replay.failed_step == 0) throw SpecError(trace.path + ": " + replay.error);
    const TraceFileStep& bad = trace.steps[replay.failed_step - 1];
    const size_t n = replay.enabled.size();
    throw SpecError(bad.where + ": step " + std::to_string(replay.failed_step) + " '" +
                    quote_input(bad.label) +
                    "' is not enabled after step " + std::to_string(replay.failed_step - 1) +
                    (n == 0 ? std::string(" (no action is enabled there: a deadlock)")
                            : " (" + std::to_string(n) + (n == 1 ? " action is" : " actions are") +
                                  " enabled there, listed above)"));
  }
  return replay_failures(replay).empty() ? kExitHolds : kExitViolation;
}

}  // namespace faultline
