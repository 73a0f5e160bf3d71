// The graph subcommand: spec -> state graph (bounded) -> DOT or GraphML file.
#include "cli/graph_command.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cli/command_support.hpp"
#include "cli/output_file.hpp"
#include "core/errors.hpp"
#include "report/state_graph_writer.hpp"

namespace po = boost::program_options;

namespace faultline {
namespace {

constexpr uint64_t kDefaultMaxStates = 10000;

po::options_description graph_options() {
  po::options_description desc("options", /*line_length=*/100, /*min_description_length=*/50);
  auto add = desc.add_options();
  add("help,h", "show this help");
  add("output,o", po::value<std::string>()->value_name("FILE"), "write here (default: stdout)");
  add("format", po::value<std::string>()->value_name("F")->default_value("dot"),
      "dot (Graphviz) or graphml");
  add("max-states", po::value<std::string>()->value_name("N"),
      "refuse graphs with more states than this (default 10000)");
  add_set_option(add);
  add_engine_flags(add, kGraphCommand);
  return desc;
}

uint64_t parse_max_states(const std::string& text) {
  try {
    size_t used = 0;
    long long v = std::stoll(text, &used);
    if (used == text.size() && v >= 1 && v <= 1000000) return static_cast<uint64_t>(v);
  } catch (const std::exception&) {
  }
  throw UsageError("graph: --max-states '" + text + "': expected an integer in 1..1000000");
}

}  // namespace

std::string graph_help() {
  std::ostringstream s;
  s << "usage: faultline graph SPEC [-o FILE] [--format dot|graphml] [options]\n\n"
       "Writes the reachable state graph of the model that spec file SPEC describes, for\n"
       "small bounds: nodes are states (labelled with the fields that differ between states;\n"
       "initial states have a double border, states violating an invariant are red), edges\n"
       "are actions (red where they break a step property). The spec's bounds.max_depth,\n"
       "limits.time_limit and limits.memory_limit apply; limits.max_states (--max-states is\n"
       "the bound here) and [expect] do not. Ctrl-C or SIGTERM stops it cleanly.\n\n"
    << graph_options()
    << "\nexit codes: 0 written, 4 more states than --max-states, a time or memory limit\n"
       "reached, or interrupted (nothing written; lower the bounds), 2 usage error, 3 spec\n"
       "error or unwritable FILE, 255 internal error.\n";
  return s.str();
}

int run_graph_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                      const CliEnv& env) {
  const po::variables_map vm = parse_command_args(args, graph_options(), "graph");
  if (vm.count("help")) {
    out << graph_help();
    return kExitHolds;
  }
  const std::string spec =
      positional_args(vm, "graph", {"SPEC"}, {"the spec file naming the model"}).front();
  const std::string format_name = vm["format"].as<std::string>();
  if (format_name != "dot" && format_name != "graphml")
    throw UsageError("graph: --format '" + format_name + "': expected dot or graphml");
  const GraphFormat format = format_name == "dot" ? GraphFormat::Dot : GraphFormat::GraphML;

  const std::optional<std::string> output = output_path(vm, "graph", "output");
  const std::vector<ModelInfo>& models = env.models ? *env.models : all_models();
  const CheckRequest request = load_spec(spec, spec_overrides(vm, kGraphCommand), models);
  StateGraphOptions options;
  options.max_depth = request.options.max_depth;
  options.max_states =
      vm.count("max-states") ? parse_max_states(vm["max-states"].as<std::string>())
                             : kDefaultMaxStates;
  options.time_limit_s = request.options.time_limit_s;
  options.memory_limit_bytes = request.options.memory_limit_bytes;
  options.interrupt = env.interrupt;
  auto runner = build_runner(request);
  check_model_contract(*runner);
  const StateGraph graph = runner->state_graph(options);
  if (!graph.stopped.empty()) {
    out.flush();
    err << "faultline: graph: " << request.file << ": " << graph.stopped
        << "; nothing written\n";
    return kExitLimit;
  }
  if (graph.too_large) {
    out.flush();
    err << "faultline: graph: " << request.file << " has more than " << options.max_states
        << " reachable states" << (options.max_depth ? " within the depth bound" : "")
        << "; nothing written (lower the bounds, e.g. --max-depth, or raise --max-states)\n";
    return kExitLimit;
  }

  std::ostringstream text;
  write_state_graph(text, graph, format);
  size_t initial = 0, violating = 0;
  for (const auto& n : graph.nodes) {
    initial += n.initial;
    violating += !n.violated.empty();
  }
  if (!output) {
    out << text.str();
    return kExitHolds;
  }
  const std::string& path = *output;
  OutputFile file("--output", path);
  file.stream() << text.str();
  file.commit();
  out << model_line(request) << "\n"
      << "wrote " << path << " (" << format_name << "): " << graph.nodes.size() << " states ("
      << initial << " initial, " << violating << " violating an invariant), "
      << graph.edges.size() << " transitions"
      << (graph.depth_cut ? "; states at depth " + std::to_string(*options.max_depth) +
                                " are drawn without their successors"
                          : "")
      << "\n";
  return kExitHolds;
}

}  // namespace faultline
