// The command-line front end as a testable function: run_cli parses the arguments, runs a
// subcommand, prints to `out`/`err`, and returns the process exit code (never throws).
#pragma once
#include <atomic>
#include <ostream>
#include <string>
#include <vector>

#include "core/model_info.hpp"

namespace faultline {

struct CliEnv {
  const std::vector<ModelInfo>* models = nullptr;  // nullptr: all_models(), the registry
  const std::atomic<bool>* interrupt = nullptr;    // set on Ctrl-C (see entry_point.cpp)
  bool stderr_is_tty = false;                      // progress defaults on for a terminal
};

// The version of faultline, as `faultline --version` prints it and the CMake package gives it.
const char* version();

// The whole program, as faultline's main() and a checker of your own call it: installs the
// Ctrl-C/SIGTERM handler (a first signal stops the run cleanly with its statistics), runs the
// CLI over `models` (yours, listed first) and every built-in model, and returns the exit code.
// A model of yours with a built-in's name is refused (exit 255).
//   int main(int argc, char** argv) { return faultline::run_cli(argc, argv, {my_model_info()}); }
int run_cli(int argc, char** argv, std::vector<ModelInfo> models = {});

// `args` excludes the program name: {"check", "specs/x.ini", "--workers", "2"}.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            const CliEnv& env = {});

}  // namespace faultline
