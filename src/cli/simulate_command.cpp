// The simulate subcommand: flags, spec loading, random walks, reporting, [expect].
#include "cli/simulate_command.hpp"

#include <boost/program_options.hpp>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cli/exit_codes.hpp"
#include "cli/command_support.hpp"
#include "cli/output_file.hpp"
#include "cli/render_watch.hpp"
#include "core/errors.hpp"
#include "report/coverage_text.hpp"
#include "report/summary.hpp"
#include "report/trace_format.hpp"
#include "report/trace_text.hpp"
#include "spec/expectation.hpp"
#include "spec/spec_file.hpp"

namespace po = boost::program_options;

namespace faultline {
namespace {

constexpr uint64_t kMaxRuns = uint64_t{1} << 40;
constexpr uint64_t kMaxWalkDepth = 1000000000;

po::options_description simulate_options() {
  po::options_description desc("options", /*line_length=*/100, /*min_description_length=*/50);
  auto add = desc.add_options();
  add("help,h", "show this help");
  add("runs", po::value<std::string>()->value_name("N"), "random walks to run (default 1000)");
  add("depth", po::value<std::string>()->value_name("D"),
      "steps per walk at most (default 100; a walk also ends where no action is enabled)");
  add("seed", po::value<std::string>()->value_name("S"),
      "PRNG seed, 0..2^64-1 (default 1); the same seed gives the same walks");
  add_set_option(add);
  add_engine_flags(add, kSimulateCommand);
  add("coverage", po::bool_switch(),
      "count the steps the walks took per kind of action; flag kinds no walk took");
  add_progress_options(add);
  add("trace-out", po::value<std::string>()->value_name("FILE"),
      "also write the counterexample to FILE, in the format its extension names: .html, "
      ".mmd/.mermaid, .txt, anything else JSON");
  return desc;
}

uint64_t parse_count(const po::variables_map& vm, const char* flag, uint64_t min, uint64_t max,
                     uint64_t fallback) {
  if (!vm.count(flag)) return fallback;
  const std::string& t = vm[flag].as<std::string>();
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || t[0] == '+' || ec != std::errc() || ptr != t.data() + t.size() || v < min ||
      v > max)
    throw UsageError(std::string("simulate: --") + flag + " '" + t + "': expected an integer in " +
                     std::to_string(min) + ".." + std::to_string(max));
  return v;
}

// Exit code and the "expect:" line for the part of [expect] a simulation can judge.
int check_expect(std::ostream& out, const CheckResult& result, const Expectation& expect,
                 int code) {
  if (!expect.any()) return code;
  out << "\n";
  auto judged = simulation_expectation(expect);
  if (result.verdict == Verdict::Interrupted || result.verdict == Verdict::LimitReached) {
    out << "expect: not checked (no verdict)\n";
  } else if (result.verdict == Verdict::Nondeterministic) {
    out << "expect: not checked (model error)\n";
  } else if (!judged) {
    out << "expect: not checked (simulate judges only [expect] verdict violation, deadlock, "
           "holds, holds-up-to-depth or vacuous)\n";
  } else if (auto mismatches = expectation_mismatches(result, *judged); mismatches.empty()) {
    out << "expect: met (verdict and property; simulate does not check trace_length, "
           "distinct_states or goals)\n";
  } else {
    std::string text;
    for (const auto& m : mismatches) text += (text.empty() ? "" : "; ") + m;
    out << "expect: NOT met: " << text << "\n";
    return kExitExpectMismatch;
  }
  return code;
}

}  // namespace

std::string simulate_help() {
  std::ostringstream s;
  s << "usage: faultline simulate SPEC [--runs N] [--depth D] [--seed S] [options]\n\n"
       "Runs N random walks over the model of spec file SPEC, each from an initial state for up\n"
       "to D steps, choosing uniformly among the enabled actions, and checks the invariants,\n"
       "step properties and goals (and deadlocks with --deadlock) along every walk. Walk r uses\n"
       "a PRNG seeded from (S, r), so a seed gives the same walks and the same result for any\n"
       "number of workers. The first violating walk (by number) is printed as a trace, as\n"
       "`check` prints counterexamples (not necessarily a shortest one). Finding nothing proves\n"
       "nothing: the verdict says how many walks found no violation. The spec's [bounds],\n"
       "[limits] max_states and [engine] strategy/store/fingerprint_bits/bitstate/goal/symmetry\n"
       "keys are not used; of [expect], only verdict and property are checked. A time or\n"
       "memory limit, Ctrl-C or SIGTERM stops even a walk in progress and prints the counts so\n"
       "far (exit 4); a walk's memory grows with the distinct states it meets, not with D.\n\n"
    << simulate_options()
    << "\nexit codes: 0 no violation found, 10 violation, 11 deadlock, 13 [expect] not met,\n"
       "4 time or memory limit reached or interrupted, 5 nondeterministic model, 2 usage\n"
       "error, 3 spec or parameter error, 255 internal error.\n";
  return s.str();
}

int run_simulate_command(const std::vector<std::string>& args, std::ostream& out,
                         const CliEnv& env) {
  const auto started = std::chrono::steady_clock::now();  // limits count from here
  const po::variables_map vm = parse_command_args(args, simulate_options(), "simulate");
  if (vm.count("help")) {
    out << simulate_help();
    return kExitHolds;
  }
  const std::string spec =
      positional_args(vm, "simulate", {"SPEC"}, {"the spec file to simulate"}).front();
  const bool progress = progress_wanted(vm, "simulate", env.stderr_is_tty);
  SimulateOptions sim;
  sim.runs = parse_count(vm, "runs", 1, kMaxRuns, sim.runs);
  sim.depth = static_cast<uint32_t>(parse_count(vm, "depth", 1, kMaxWalkDepth, sim.depth));
  sim.seed = parse_count(vm, "seed", 0, ~uint64_t{0}, sim.seed);

  const std::vector<ModelInfo>& models = env.models ? *env.models : all_models();
  CheckRequest request = load_spec(spec, spec_overrides(vm, kSimulateCommand), models);
  auto runner = build_runner(request);
  check_expectation_names(request, runner->properties());
  check_model_contract(*runner);
  const std::optional<std::string> trace_path = output_path(vm, "simulate", "trace-out");
  std::optional<OutputFile> trace_out;
  if (trace_path) trace_out.emplace("--trace-out", *trace_path);

  CheckOptions options = request.options;
  options.witness_goal.reset();
  options.max_states.reset();
  options.interrupt = env.interrupt;
  options.run_start = started;
  options.progress = progress;
  options.coverage = vm["coverage"].as<bool>();
  out << model_line(request) << "\n";
  out << "simulate: " << sim.runs << " random runs of up to " << sim.depth << " steps, seed "
      << sim.seed << "\n";
  out.flush();

  const CheckResult result = runner->simulate(options, sim);
  write_summary(out, result);
  if (options.coverage) {
    out << "\n";
    write_coverage_text(out, result.coverage);
  }
  out.flush();
  const RenderWatch watch(options, kWritingTheTrace, trace_out ? trace_out->temporary() : "");
  const Finding* finding = finding_with_trace(result);
  const bool rebuilt = finding || !result.finding;
  if (finding) {
    out << "\n";
    write_trace_text(out, *finding);
  }
  if (trace_out && rebuilt) {
    write_trace(trace_out->stream(), trace_format_for_path(*trace_path),
                {request.model->name, request.variant, effective_verdict_name(result)}, finding);
    trace_out->commit("; the result above is complete");
  }
  return check_expect(out, result, request.expect, exit_code_for(result));
}

}  // namespace faultline
