// run_cli: subcommand dispatch, general help, and the mapping of errors to one line and an
// exit code (usage 2, spec 3, anything else 255). Nothing escapes as an exception.
#include <exception>
#include <sstream>

#include "cli/catalog_commands.hpp"
#include "cli/check_command.hpp"
#include "cli/cli.hpp"
#include "cli/graph_command.hpp"
#include "cli/new_model_command.hpp"
#include "cli/replay_command.hpp"
#include "cli/simulate_command.hpp"
#include "core/errors.hpp"

namespace faultline {
namespace {

const char* kHelp =
    "faultline: an explicit-state model checker for distributed-protocol designs\n"
    "\n"
    "usage:\n"
    "  faultline check SPEC [options]         check the design in spec file SPEC\n"
    "                                         (options: faultline check --help)\n"
    "  faultline replay SPEC TRACE [options]  check a hand-written trace step by step\n"
    "                                         (faultline replay --help)\n"
    "  faultline graph SPEC [-o FILE]         write the reachable state graph (DOT or\n"
    "                                         GraphML; faultline graph --help)\n"
    "  faultline simulate SPEC [options]      random walks checking the same properties\n"
    "                                         (faultline simulate --help)\n"
    "  faultline list                         list the models and their variants\n"
    "  faultline describe MODEL               a model's parameters, variants and properties\n"
    "  faultline new-model NAME [--dir DIR]   a project for a protocol of your own\n"
    "                                         (faultline new-model --help)\n"
    "  faultline --version                    the version\n"
    "  faultline help [SUBCOMMAND]            this help, or a subcommand's\n"
    "\n"
    "exit codes: 0 holds, 10 violation, 11 deadlock, 12 vacuous, 13 [expect] not met,\n"
    "4 limit reached or interrupted, 5 model error (nondeterministic or invalid model),\n"
    "2 usage error, 3 spec, parameter or trace file error (also a replayed step that is not\n"
    "enabled), 255 internal error.\n"
    "\n"
    "documentation (in faultline's source tree):\n"
    "  README.md                  quick start, a counterexample, the commands, exit codes\n"
    "  docs/cli.md                every subcommand and option, output, JSON, charts, replay\n"
    "  docs/spec-files.md         the spec-file keys and [expect]\n"
    "  docs/models.md             the built-in models, their parameters and variants\n"
    "  docs/writing-a-model.md    a protocol of your own, from an empty folder\n"
    "  docs/model-reference.md    the actor layer and the model contract\n"
    "  docs/internals.md          how the search works: stores, symmetry, sweep, tests\n";

bool is_help(const std::string& a) { return a == "--help" || a == "-h" || a == "help"; }

const char* kSubcommands = "check, replay, graph, simulate, list, describe, new-model";

bool has_own_help(const std::string& cmd) {
  return cmd == "check" || cmd == "replay" || cmd == "graph" || cmd == "simulate" ||
         cmd == "new-model";
}

int dispatch(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
             const CliEnv& env) {
  if (args.empty()) throw UsageError(std::string("missing subcommand (") + kSubcommands + ")");
  const std::string& cmd = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  const std::vector<ModelInfo>& models = env.models ? *env.models : all_models();
  if (is_help(cmd)) {
    if (cmd == "help" && !rest.empty()) {  // help SUBCOMMAND: that subcommand's --help
      if (rest.size() > 1) throw UsageError("help: unexpected argument '" + rest[1] + "'");
      if (rest[0] != "list" && rest[0] != "describe" && !has_own_help(rest[0]))
        throw UsageError("help: unknown subcommand '" + rest[0] + "' (subcommands: " +
                         kSubcommands + ")");
      return dispatch({rest[0], "--help"}, out, err, env);
    }
    out << kHelp;
    return kExitHolds;
  }
  if (cmd == "--version" || cmd == "version") {
    if (rest.size() > 0) throw UsageError("--version: unexpected argument '" + rest[0] + "'");
    out << "faultline " << version() << "\n";
    return kExitHolds;
  }
  if (cmd == "check") return run_check_command(rest, out, err, env);
  if (cmd == "replay") return run_replay_command(rest, out, env);
  if (cmd == "graph") return run_graph_command(rest, out, err, env);
  if (cmd == "simulate") return run_simulate_command(rest, out, env);
  if (cmd == "new-model") return run_new_model_command(rest, out, env);
  if (cmd == "list") {
    if (!rest.empty() && is_help(rest[0])) {
      out << "usage: faultline list\n  lists the models and their variants\n";
      return kExitHolds;
    }
    if (!rest.empty()) throw UsageError("list: unexpected argument '" + rest[0] + "'");
    write_model_list(out, models);
    return kExitHolds;
  }
  if (cmd == "describe") {
    if (!rest.empty() && is_help(rest[0])) {
      out << "usage: faultline describe MODEL\n"
             "  prints MODEL's parameters, variants and properties\n";
      return kExitHolds;
    }
    if (rest.empty()) throw UsageError("describe: missing MODEL (see 'faultline list')");
    if (rest.size() > 1) throw UsageError("describe: unexpected argument '" + rest[1] + "'");
    if (!rest[0].empty() && rest[0][0] == '-')
      throw UsageError("describe: unknown option '" + rest[0] + "'");
    write_model_description(out, models, rest[0]);
    return kExitHolds;
  }
  if (!cmd.empty() && cmd[0] == '-') throw UsageError("unknown option '" + cmd + "'");
  throw UsageError("unknown subcommand '" + cmd + "' (subcommands: " + kSubcommands + ")");
}

// An error message as printed: one line whatever user text it quotes (control bytes escaped),
// at most a few lines' worth.
std::string one_line(const std::string& message) { return quote_input(message, 2000); }

}  // namespace

// FAULTLINE_VERSION is the CMake project's version, set for this file alone (CMakeLists.txt).
const char* version() { return FAULTLINE_VERSION; }

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            const CliEnv& env) {
  try {
    return dispatch(args, out, err, env);
  } catch (const UsageError& e) {
    std::string sub = !args.empty() && has_own_help(args[0]) ? " " + args[0] : "";
    out.flush();
    err << "faultline: " << one_line(e.what()) << " (see 'faultline" << sub << " --help')\n";
    return kExitUsage;
  } catch (const SpecError& e) {
    out.flush();
    err << "faultline: " << one_line(e.what()) << "\n";
    return kExitSpec;
  } catch (const EnvironmentError& e) {
    out.flush();
    err << "faultline: " << one_line(e.what()) << "\n";
    return kExitSpec;
  } catch (const ModelError& e) {
    out.flush();
    err << "faultline: " << one_line(e.what()) << "\n";
    return kExitModelError;
  } catch (const std::exception& e) {
    out.flush();
    err << "faultline: internal error: " << one_line(e.what()) << "\n";
    return kExitInternal;
  } catch (...) {
    out.flush();
    err << "faultline: internal error: unknown exception\n";
    return kExitInternal;
  }
}

}  // namespace faultline
