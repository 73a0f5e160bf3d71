// The check subcommand: flags (Boost.Program_options), spec loading, running, reporting.
#include "cli/check_command.hpp"

#include <boost/program_options.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include "cli/exit_codes.hpp"
#include "cli/spec_runner.hpp"
#include "core/errors.hpp"
#include "report/summary.hpp"
#include "report/trace_format.hpp"
#include "report/trace_text.hpp"
#include "spec/expectation.hpp"
#include "spec/spec_file.hpp"

namespace po = boost::program_options;

namespace faultline {
namespace {

// CLI shortcuts and the spec keys they set (applied after every --set).
struct Shortcut {
  const char* flag;
  const char* key;
  const char* help;
};
constexpr Shortcut kShortcuts[] = {
    {"workers", "engine.workers", "worker threads, 0 = all cores (engine.workers)"},
    {"store", "engine.store", "fingerprint or exact (engine.store)"},
    {"symmetry", "engine.symmetry",
     "on: store one state per class of interchangeable nodes (engine.symmetry)"},
    {"strategy", "engine.strategy",
     "bfs (parallel, shortest traces) or dfs (one worker, memory ~ depth) (engine.strategy)"},
    {"bitstate", "engine.bitstate",
     "bitstate hashing with a 2^N-bit array, e.g. 2^30 = 128 MiB (engine.bitstate)"},
    {"max-depth", "bounds.max_depth", "explore up to this depth (bounds.max_depth)"},
    {"max-states", "limits.max_states", "stop after this many states (limits.max_states)"},
    {"time-limit", "limits.time_limit", "stop after this many seconds (limits.time_limit)"},
    {"memory-limit", "limits.memory_limit", "stop above this many MiB (limits.memory_limit)"},
};

po::options_description check_options() {
  po::options_description desc("options", /*line_length=*/100, /*min_description_length=*/50);
  auto add = desc.add_options();
  add("help,h", "show this help");
  add("set", po::value<std::vector<std::string>>()->value_name("SECTION.KEY=VALUE"),
      "override a spec key (repeatable; applied after the file)");
  for (const auto& s : kShortcuts) add(s.flag, po::value<std::string>()->value_name("V"), s.help);
  add("deadlock", po::bool_switch(), "report states without successors (engine.check_deadlock)");
  add("trace-format", po::value<std::string>()->value_name("F"),
      "trace format: text (default), json, html (a sequence chart page) or mermaid (a "
      "sequence diagram); without --trace-out, the trace alone goes to stdout and the "
      "summary to stderr");
  add("trace-out", po::value<std::string>()->value_name("FILE"),
      "also write the counterexample or witness to FILE, in --trace-format or else by "
      "extension: .html, .mmd/.mermaid, .txt, anything else JSON");
  add("goal", po::value<std::string>()->value_name("NAME"),
      "witness mode: find a shortest trace reaching goal NAME (overrides engine.goal)");
  add("progress", po::bool_switch(), "print progress to stderr (default when it is a terminal)");
  add("no-progress", po::bool_switch(), "no progress output");
  return desc;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

void check_goal_name(const std::string& goal, const CheckRequest& request,
                     const std::vector<PropertyInfo>& properties) {
  std::vector<std::string> goals;
  for (const auto& p : properties)
    if (p.kind == PropertyKind::Goal) goals.push_back(p.name);
  for (const auto& g : goals)
    if (g == goal) return;
  throw SpecError("--goal '" + goal + "': not a goal of model " + request.model->name +
                  " (goals: " + (goals.empty() ? std::string("none") : join(goals)) + ")");
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
  if (vm.count("trace-out")) {
    t.path = vm["trace-out"].as<std::string>();
    t.format = trace_format_for_path(*t.path);
  }
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

std::ofstream open_trace_out(const std::string& path) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f)
    throw SpecError("--trace-out '" + path + "': cannot open for writing (" + std::strerror(errno) +
                    ")");
  return f;
}

}  // namespace

std::string check_help() {
  std::ostringstream s;
  s << "usage: faultline check SPEC [options]\n\n"
       "Checks the design described by the spec file SPEC (INI: [model], [params], [faults],\n"
       "[bounds], [limits], [engine], [expect]; see README.md) and prints the verdict,\n"
       "statistics, and a counterexample when a property fails (a shortest one with the default\n"
       "breadth-first search; --strategy dfs finds one that need not be).\n\n"
    << check_options()
    << "\nexit codes: 0 holds (also within a depth bound, or --goal reached), 10 violation,\n"
       "11 deadlock, 12 vacuous (a goal never reached; --goal unreachable), 13 [expect] not\n"
       "met, 4 limit reached or interrupted, 5 nondeterministic model, 2 usage error,\n"
       "3 spec or parameter error, 255 internal error.\n";
  return s.str();
}

int run_check_command(const std::vector<std::string>& args, std::ostream& stdout_stream,
                      std::ostream& err, const CliEnv& env) {
  po::options_description desc = check_options();
  po::options_description hidden;
  hidden.add_options()("spec", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description positional;
  positional.add("spec", -1);
  po::variables_map vm;
  try {
    auto style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(args).options(all).positional(positional).style(style).run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string("check: ") + e.what());
  }
  if (vm.count("help")) {
    stdout_stream << check_help();
    return kExitHolds;
  }
  if (!vm.count("spec")) throw UsageError("check: missing SPEC (the spec file to check)");
  const auto specs = vm["spec"].as<std::vector<std::string>>();
  if (specs.size() > 1)
    throw UsageError("check: one SPEC file expected, got " + std::to_string(specs.size()) + " ('" +
                     specs[0] + "', '" + specs[1] + "', ...)");
  if (vm["progress"].as<bool>() && vm["no-progress"].as<bool>())
    throw UsageError("check: --progress and --no-progress contradict each other");
  const TraceOutput trace = trace_output(vm);
  // The summary goes to stdout, unless stdout carries a trace document.
  std::ostream& out = trace.document_on_stdout() ? err : stdout_stream;

  std::vector<SpecOverride> overrides;
  if (vm.count("set"))
    for (const auto& text : vm["set"].as<std::vector<std::string>>())
      overrides.push_back(parse_set_override(text));
  for (const auto& s : kShortcuts)
    if (vm.count(s.flag))
      overrides.push_back({s.key, vm[s.flag].as<std::string>(), std::string("--") + s.flag});
  if (vm["deadlock"].as<bool>())
    overrides.push_back({"engine.check_deadlock", "true", "--deadlock"});

  const std::vector<ModelInfo>& models = env.models ? *env.models : all_models();
  CheckRequest request = load_spec(specs[0], overrides, models);
  // A spec's engine.goal runs in witness mode with its [expect]; a --goal naming another goal
  // (or given for a spec without one) answers another question, so [expect] is not checked.
  std::optional<std::string> goal = request.options.witness_goal;
  bool expect_applies = true;
  if (vm.count("goal")) {
    expect_applies = goal == vm["goal"].as<std::string>();
    goal = vm["goal"].as<std::string>();
  }

  auto runner = make_spec_runner(request);
  const auto properties = runner->properties();
  check_expectation_names(request, properties);
  if (request.options.symmetry && runner->symmetry().empty())
    throw SpecError(request.where("engine.symmetry") + ": engine.symmetry = on: model " +
                    request.model->name + " declares no interchangeable nodes");
  if (goal && !expect_applies) check_goal_name(*goal, request, properties);
  std::optional<std::ofstream> trace_out;
  if (trace.path) trace_out = open_trace_out(*trace.path);

  CheckOptions options = request.options;
  options.witness_goal = goal;
  options.progress =
      vm["progress"].as<bool>() || (env.stderr_is_tty && !vm["no-progress"].as<bool>());
  options.interrupt = env.interrupt;

  out << model_line(request) << "\n";
  if (goal) out << "witness mode: looking for goal " << *goal << "\n";
  out.flush();

  const CheckResult result = runner->check(options);
  write_summary(out, result, goal);
  const Finding* finding = result.finding ? &*result.finding : nullptr;
  const TraceJsonHeader header{request.model->name, request.variant,
                               effective_verdict_name(result)};
  if (trace.document_on_stdout()) {
    write_trace(stdout_stream, trace.format, header, finding);
    stdout_stream.flush();
  } else if (finding) {
    out << "\n";
    write_trace_text(out, *finding);
  }
  if (trace_out) {
    write_trace(*trace_out, trace.format, header, finding);
    trace_out->flush();
    if (!*trace_out)
      throw SpecError("--trace-out '" + *trace.path + "': write failed (" +
                      std::strerror(errno) + ")");
  }

  int code = exit_code_for(result);
  if (request.expect.any()) {
    out << "\n";
    if (!expect_applies) {
      out << "expect: not checked (a --goal run answers another question)\n";
    } else if (result.verdict == Verdict::Interrupted) {
      out << "expect: not checked (interrupted)\n";
    } else if (result.verdict == Verdict::Nondeterministic) {
      out << "expect: not checked (model error)\n";
    } else if (auto mismatches = expectation_mismatches(result, request.expect);
               mismatches.empty()) {
      out << "expect: met\n";
    } else {
      std::string text;
      for (const auto& m : mismatches) text += (text.empty() ? "" : "; ") + m;
      out << "expect: NOT met: " << text << "\n";
      code = kExitExpectMismatch;
    }
  }
  return code;
}

}  // namespace faultline
