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
  const std::atomic<bool>* interrupt = nullptr;    // set on Ctrl-C (see main.cpp)
  bool stderr_is_tty = false;                      // progress defaults on for a terminal
};

// `args` excludes the program name: {"check", "specs/x.ini", "--workers", "2"}.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            const CliEnv& env = {});

}  // namespace faultline
