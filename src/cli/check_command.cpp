// The check subcommand: flags (Boost.Program_options), spec loading, running, reporting.
#include "cli/check_command.hpp"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include "cli/cli.hpp"
#include "cli/command_support.hpp"
#include "cli/output_file.hpp"
#include "cli/render_watch.hpp"
#include "cli/exit_codes.hpp"
#include "core/errors.hpp"
#include "report/coverage_text.hpp"
#include "report/result_json.hpp"
#include "report/summary.hpp"
#include "report/trace_format.hpp"
#include "report/trace_text.hpp"
#include "spec/expectation.hpp"
#include "spec/spec_file.hpp"

namespace po = boost::program_options;

namespace faultline {
namespace {

po::options_description check_options() {
  po::options_description desc("options", /*line_length=*/100, /*min_description_length=*/50);
  auto add = desc.add_options();
  add("help,h", "show this help");
  add("model", po::value<std::string>()->value_name("NAME"),
      "check model NAME without a spec file: defaults, changed with --set (model.name)");
  add("variant", po::value<std::string>()->value_name("V"),
      "the variant to check (model.variant; default: correct)");
  add("no-expect", po::bool_switch(), "run a spec without checking its [expect] section");
  add_set_option(add);
  add_engine_flags(add, kCheckCommand);
  add("trace-format", po::value<std::string>()->value_name("F"),
      "trace format: text (default), json, html (a sequence chart page) or mermaid (a "
      "sequence diagram); without --trace-out, the trace alone goes to stdout and the "
      "summary to stderr");
  add("trace-out", po::value<std::string>()->value_name("FILE"),
      "also write the counterexample or witness to FILE, in --trace-format or else by "
      "extension: .html, .mmd/.mermaid, .txt, anything else JSON");
  add("goal", po::value<std::string>()->value_name("NAME"),
      "witness mode: find a shortest trace reaching goal NAME (overrides engine.goal)");
  add("coverage", po::bool_switch(), "count transitions per kind of action; flag unfired kinds");
  add("json", po::bool_switch(), "print the result as one JSON document (schema: docs/cli.md)");
  add_progress_options(add);
  return desc;
}

// What a checkpoint records and must match to be resumed: the model and its parameters after
// overrides, and the settings that change results (not workers, limits, progress or outputs).
std::vector<std::string> checkpoint_run(const CheckRequest& r, const std::optional<std::string>& goal) {
  const CheckOptions& o = r.options;
  auto on_off = [](bool on) { return std::string(on ? "on" : "off"); };
  std::vector<std::string> out = {"model.name = " + r.model->name, "model.variant = " + r.variant};
  for (const auto& [key, value] : r.params.all()) out.push_back("param " + key + " = " + value);
  out.push_back(std::string("engine.store = ") +
                (o.store == StoreMode::Exact ? "exact" : "fingerprint"));
  out.push_back("engine.fingerprint_bits = " + std::to_string(o.fingerprint_bits));
  out.push_back("engine.symmetry = " + on_off(o.symmetry));
  out.push_back("engine.sweep = " + on_off(o.sweep));
  out.push_back("engine.check_deadlock = " + on_off(o.check_deadlock));
  out.push_back("engine.goal = " + goal.value_or("(none)"));
  out.push_back("bounds.max_depth = " +
                (o.max_depth ? std::to_string(*o.max_depth) : std::string("(none)")));
  return out;
}

// Checks that the run can be checkpointed or resumed as asked, makes the checkpoint folder
// (and tries a write there, so that a folder that cannot take one fails now, not hours in),
// and fills in what a checkpoint records.
void prepare_checkpoints(const CheckRequest& request, const std::optional<std::string>& goal,
                         CheckOptions& options) {
  const std::string key =
      options.checkpoint_dir.empty() ? "engine.resume" : "engine.checkpoint";
  auto refuse = [&](const std::string& why) {
    throw SpecError(request.where(key) + ": " + key + " needs " + why);
  };
  if (options.strategy == SearchStrategy::Dfs) refuse("engine.strategy = bfs");
  if (options.bitstate_log2_bits) refuse("a store it can save (fingerprint or exact), not bitstate");
  if (options.coverage) refuse("a run without --coverage");
  options.checkpoint_version = version();
  options.checkpoint_run = checkpoint_run(request, goal);
  if (options.checkpoint_dir.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(options.checkpoint_dir, ec);
  const std::string probe = options.checkpoint_dir + "/.write-test";
  std::ofstream test(probe);
  test << "checkpoint\n";
  test.flush();
  const bool writable = static_cast<bool>(test);
  test.close();
  std::filesystem::remove(probe, ec);
  if (!writable)
    throw SpecError(request.where(key) + ": engine.checkpoint = " + options.checkpoint_dir +
                    ": cannot write there (" + std::strerror(errno) + ")");
}

void check_goal_name(const std::string& goal, const CheckRequest& request,
                     const std::vector<PropertyInfo>& properties) {
  std::vector<std::string> goals;
  for (const auto& p : properties)
    if (p.kind == PropertyKind::Goal) goals.push_back(p.name);
  for (const auto& g : goals)
    if (g == goal) return;
  throw SpecError("--goal '" + quote_input(goal) + "': not a goal of model " +
                  request.model->name + " (goals: " +
                  (goals.empty() ? std::string("none") : join(goals)) + ")" +
                  goal_hint(request, goal));
}

// Where the trace goes and in which format (from --trace-format and --trace-out).
struct TraceOutput {
  TraceFormat format = TraceFormat::Text;
  std::optional<std::string> path;  // --trace-out; without it the trace goes to stdout
  // A non-text trace without --trace-out: stdout carries only that document.
  bool document_on_stdout() const { return !path && format != TraceFormat::Text; }
};

TraceOutput trace_output(const po::variables_map& vm) {
  TraceOutput t;
  t.path = output_path(vm, "check", "trace-out");
  if (t.path) t.format = trace_format_for_path(*t.path);
  if (vm.count("trace-format")) {
    const std::string name = vm["trace-format"].as<std::string>();
    auto format = parse_trace_format(name);
    if (!format)
      throw UsageError("check: --trace-format '" + name + "': not a trace format (accepted: " +
                       trace_format_names() + ")");
    t.format = *format;
  }
  return t;
}

// How the result compares with [expect] (nullopt: the spec has none). `applies`: false for a
// --goal run that answers another question than the spec's.
std::optional<ExpectOutcome> expect_outcome(const CheckRequest& request, const CheckResult& result,
                                            bool applies, bool wanted) {
  if (!request.expect.any()) return std::nullopt;
  ExpectOutcome e;
  if (!wanted) {
    e.note = "--no-expect";
  } else if (!request.overridden.empty()) {
    e.note = "[expect] was written for other values than " + join(request.overridden);
  } else if (!applies) {
    e.note = "a --goal run answers another question";
  } else if (result.verdict == Verdict::Interrupted) {
    e.note = "interrupted";
  } else if (result.verdict == Verdict::Nondeterministic) {
    e.note = "model error";
  } else {
    // What the search mode cannot promise is not compared: a depth-first trace need not be
    // shortest, and bitstate hashing may omit states.
    Expectation expect = request.expect;
    std::vector<std::string> skipped;
    if (request.options.strategy == SearchStrategy::Dfs && expect.trace_length) {
      expect.trace_length.reset();
      skipped.push_back("trace_length (depth-first traces need not be shortest)");
    }
    if (request.options.strategy == SearchStrategy::Dfs && !expect.goal_depths.empty()) {
      expect.goal_depths.clear();
      skipped.push_back("goal_depths (depth-first search need not reach a goal at its depth)");
    }
    if (request.options.bitstate_log2_bits) {
      std::vector<std::string> keys;
      if (expect.distinct_states) keys.push_back("distinct_states");
      if (expect.generated_states) keys.push_back("generated_states");
      if (!expect.goal_depths.empty()) keys.push_back("goal_depths");
      expect.distinct_states.reset();
      expect.generated_states.reset();
      expect.goal_depths.clear();
      if (!keys.empty())
        skipped.push_back(join(keys) + " (bitstate hashing may omit states)");
    }
    e.checked = true;
    e.mismatches = expectation_mismatches(result, expect);
    if (request.options.bitstate_log2_bits && expect.verdict &&
        (*expect.verdict == ExpectedVerdict::Vacuous ||
         *expect.verdict == ExpectedVerdict::GoalUnreachable))
      e.mismatches.push_back("bitstate hashing cannot show that a goal is unreachable");
    e.met = e.mismatches.empty();
    if (!skipped.empty()) e.note = "not compared: " + join(skipped, "; ");
  }
  return e;
}

void write_expect_text(std::ostream& out, const ExpectOutcome& e) {
  if (!e.checked)
    out << "expect: not checked (" << e.note << ")\n";
  else if (e.met)
    out << "expect: met" << (e.note.empty() ? "" : " (" + e.note + ")") << "\n";
  else
    out << "expect: NOT met: " << join(e.mismatches, "; ")
        << (e.note.empty() ? "" : " (" + e.note + ")") << "\n";
}

}  // namespace

std::string check_help() {
  std::ostringstream s;
  s << "usage: faultline check SPEC [options]\n"
       "       faultline check --model NAME [--variant V] [--set params.KEY=VALUE ...] [options]\n\n"
       "Checks the design described by the spec file SPEC (INI: [model], [params], [faults],\n"
       "[bounds], [limits], [engine], [expect]; see docs/spec-files.md), or model NAME with its\n"
       "default parameters, and prints the verdict, statistics, and a counterexample when a property\n"
       "fails (a shortest one with the default breadth-first search; --strategy dfs finds one\n"
       "that need not be). A --set or flag that changes the model, a parameter, fault, bound,\n"
       "limit or symmetry leaves the spec's [expect] unchecked: it was written for other values.\n\n"
    << check_options()
    << "\nexit codes: 0 holds (also within a depth bound, or --goal reached), 10 violation,\n"
       "11 deadlock, 12 vacuous (a goal never reached; --goal unreachable), 13 [expect] not\n"
       "met, 4 limit reached or interrupted, 5 nondeterministic model, 2 usage error,\n"
       "3 spec or parameter error, 255 internal error.\n";
  return s.str();
}

int run_check_command(const std::vector<std::string>& args, std::ostream& stdout_stream,
                      std::ostream& err, const CliEnv& env) {
  const auto started = std::chrono::steady_clock::now();  // limits count from here
  const po::variables_map vm = parse_command_args(args, check_options(), "check");
  if (vm.count("help")) {
    stdout_stream << check_help();
    return kExitHolds;
  }
  const bool by_model = vm.count("model") > 0;
  if (vm.count("variant") && !by_model)
    throw UsageError("check: --variant needs --model (a spec file names its variant: --set "
                     "model.variant=V)");
  const std::string spec =
      by_model ? std::string()
               : positional_args(vm, "check", {"SPEC"},
                                 {"the spec file to check, or --model NAME"}).front();
  if (by_model && vm.count("positional"))
    throw UsageError("check: give a SPEC or --model NAME, not both (a spec names its model)");
  const bool progress = progress_wanted(vm, "check", env.stderr_is_tty);
  const bool json = vm["json"].as<bool>();
  const TraceOutput trace = trace_output(vm);
  if (json && trace.document_on_stdout())
    throw UsageError(
        "check: --json and a non-text --trace-format both want stdout; add --trace-out FILE");
  // The summary goes to stdout, unless stdout carries a trace document.
  std::ostream& out = trace.document_on_stdout() ? err : stdout_stream;

  const std::vector<ModelInfo>& models = env.models ? *env.models : all_models();
  std::vector<SpecOverride> overrides = spec_overrides(vm, kCheckCommand);
  if (by_model) {
    overrides.insert(overrides.begin(), {"model.name", vm["model"].as<std::string>(), "--model"});
    if (vm.count("variant"))
      overrides.insert(overrides.begin() + 1,
                       {"model.variant", vm["variant"].as<std::string>(), "--variant"});
  }
  CheckRequest request =
      by_model ? command_line_request(overrides, models) : load_spec(spec, overrides, models);
  // A spec's engine.goal runs in witness mode with its [expect]; a --goal naming another goal
  // (or given for a spec without one) answers another question, so [expect] is not checked.
  std::optional<std::string> goal = request.options.witness_goal;
  bool expect_applies = true;
  if (vm.count("goal")) {
    expect_applies = goal == vm["goal"].as<std::string>();
    goal = vm["goal"].as<std::string>();
  }

  auto runner = build_runner(request);
  const auto properties = runner->properties();
  check_expectation_names(request, properties,
                          [&](const std::string& g) { return goal_hint(request, g); });
  if (request.options.symmetry && runner->symmetry().empty())
    throw SpecError(request.where("engine.symmetry") + ": engine.symmetry = on: model " +
                    request.model->name +
                    " declares no symmetry here (no interchangeable nodes, no shiftable counters)");
  if (request.options.sweep && runner->progress_measure().empty())
    throw SpecError(request.where("engine.sweep") + ": engine.sweep = on: model " +
                    request.model->name +
                    " declares no graded progress measure (a count that every action raises "
                    "by exactly one, such as paxos-abstract's messages sent)");
  if (goal && !expect_applies) check_goal_name(*goal, request, properties);
  check_model_contract(*runner);
  std::optional<OutputFile> trace_out;
  if (trace.path) {
    std::error_code ec;
    if (!spec.empty() && std::filesystem::equivalent(*trace.path, spec, ec))
      throw SpecError("--trace-out '" + quote_input(*trace.path) +
                      "' is the spec file itself; write the trace to another file");
    trace_out.emplace("--trace-out", *trace.path);
  }

  CheckOptions options = request.options;
  options.witness_goal = goal;
  options.coverage = vm["coverage"].as<bool>();
  options.progress = progress;
  options.interrupt = env.interrupt;
  options.run_start = started;
  if (!options.checkpoint_dir.empty() || !options.resume_dir.empty())
    prepare_checkpoints(request, goal, options);

  if (!json) {
    out << model_line(request) << "\n";
    if (goal) out << "witness mode: looking for goal " << *goal << "\n";
    out.flush();
  }
  const CheckResult result = [&] {
    try {
      return runner->check(options);
    } catch (const SpecError& e) {  // e.g. an infinite state space: points at its key
      const std::string what = e.what();
      if (!options.resume_dir.empty() && what.rfind(options.resume_dir, 0) == 0)
        throw;  // a checkpoint that cannot be resumed: names its own file
      throw located(request, e);
    }
  }();
  // A limit after the search may have kept the trace from being rebuilt: nothing to write.
  const Finding* finding = finding_with_trace(result);
  const bool rebuilt = finding || !result.finding;
  const std::string verdict = effective_verdict_name(result);
  const TraceJsonHeader header{request.model->name, request.variant, verdict};
  // Written after the summary, so that a failed write (a full disk) does not hide the verdict.
  auto write_trace_out = [&] {
    if (!trace_out || !rebuilt) return;
    write_trace(trace_out->stream(), trace.format, header, finding);
    trace_out->commit("; the result above is complete");
  };
  const std::optional<ExpectOutcome> expect =
      expect_outcome(request, result, expect_applies, !vm["no-expect"].as<bool>());
  int code = exit_code_for(result);
  if (expect && expect->checked && !expect->met) code = kExitExpectMismatch;

  const std::string temp = trace_out ? trace_out->temporary() : "";
  if (json) {
    const RenderWatch watch(options, "while writing the result as JSON; the output is incomplete",
                            temp);
    ResultJsonInput in;
    in.spec = spec;
    in.model = request.model->name;
    in.variant = request.variant;
    in.params.assign(request.params.all().begin(), request.params.all().end());
    in.goal = goal;
    in.verdict = verdict;
    in.exit_code = code;
    in.properties = properties;
    in.expect = expect;
    in.coverage = options.coverage;
    out << result_json(in, result).dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
    write_trace_out();
    return code;
  }
  write_summary(out, result, goal);
  if (options.coverage) {
    out << "\n";
    write_coverage_text(out, result.coverage);
  }
  out.flush();
  const RenderWatch watch(options, kWritingTheTrace, temp);
  if (trace.document_on_stdout() && rebuilt) {
    write_trace(stdout_stream, trace.format, header, finding);
    stdout_stream.flush();
  } else if (finding) {
    out << "\n";
    write_trace_text(out, *finding);
  }
  if (expect) {
    out << "\n";
    write_expect_text(out, *expect);
  }
  write_trace_out();
  return code;
}

}  // namespace faultline
