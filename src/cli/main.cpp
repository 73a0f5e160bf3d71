// The faultline executable: installs the Ctrl-C handler and hands argv to run_cli.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace {

// The program's only global mutable state, and it has to be: a signal handler can reach
// nothing else. Set by the SIGINT and SIGTERM handler (Ctrl-C, `timeout`, a CI job's
// cancellation); the engine sees it through CheckOptions::interrupt, stops cleanly and
// returns Verdict::Interrupted with statistics. The handler is one-shot (SA_RESETHAND), so
// a second signal kills the process the default way.
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "needed in a signal handler");

void on_sigint(int) { g_interrupted.store(true); }

}  // namespace

int main(int argc, char** argv) {
  struct sigaction action {};
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  faultline::CliEnv env;
  env.interrupt = &g_interrupted;
  env.stderr_is_tty = isatty(STDERR_FILENO) != 0;
  const std::vector<std::string> args(argv + 1, argv + argc);
  return faultline::run_cli(args, std::cout, std::cerr, env);
}
