// The entry point of faultline and of every checker built with the SDK: installs the Ctrl-C
// handler, adds the caller's models to the built-in ones, hands argv to run_cli, and checks
// that standard output was written.
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "cli/fd_streambuf.hpp"
#include "core/errors.hpp"

namespace {

// The program's only global mutable state, and it has to be: a signal handler can reach
// nothing else. Set by the SIGINT and SIGTERM handler (Ctrl-C, `timeout`, a CI job's
// cancellation); the engine sees it through CheckOptions::interrupt, stops cleanly and
// returns Verdict::Interrupted with statistics. A second signal kills the process the
// default way, but only a second request: one that comes within kRepeatWindowNs of the
// first is the same one delivered twice (`timeout` signals the process, then its whole
// process group, so the checker gets two SIGTERMs microseconds apart; a handler reset after
// the first, as SA_RESETHAND does, let the second kill it about half the time).
std::atomic<bool> g_interrupted{false};
std::atomic<int64_t> g_first_signal_ns{0};  // CLOCK_MONOTONIC of the first signal, 0 before
static_assert(std::atomic<bool>::is_always_lock_free, "needed in a signal handler");
static_assert(std::atomic<int64_t>::is_always_lock_free, "needed in a signal handler");
constexpr int64_t kRepeatWindowNs = 1'000'000'000;

void on_signal(int sig) {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);  // async-signal-safe
  const int64_t now = (static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec) | 1;
  int64_t first = 0;
  if (g_first_signal_ns.compare_exchange_strong(first, now)) {
    g_interrupted.store(true);
    return;
  }
  if (now - first < kRepeatWindowNs) return;
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

// The exit code once standard output is flushed and closed: a write that failed (a full
// disk, /dev/full, a closed descriptor) is one line on stderr and exit 3, whatever the run
// found. A reader that went away (`| head`) ends the process by SIGPIPE, quietly, as before
// (and EPIPE, where SIGPIPE is ignored, stays quiet too).
int checked_stdout(faultline::FdStreambuf& out, int code) {
  std::cout.flush();
  const int e = out.close();
  if (!e || e == EPIPE) return code;
  std::cerr << "faultline: writing to standard output failed (" << std::strerror(e)
            << "); the output is incomplete\n";
  return faultline::kExitSpec;
}

}  // namespace

namespace faultline {

int run_cli(int argc, char** argv, std::vector<ModelInfo> models) {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  for (const ModelInfo& builtin : all_models()) {
    for (const ModelInfo& own : models)
      if (own.name == builtin.name) {
        std::cerr << "faultline: model '" << own.name
                  << "' is registered twice: a built-in model has that name; rename yours\n";
        return kExitInternal;
      }
    models.push_back(builtin);
  }
  CliEnv env;
  env.models = &models;
  env.interrupt = &g_interrupted;
  env.stderr_is_tty = isatty(STDERR_FILENO) != 0;
  const std::vector<std::string> args(argv + 1, argv + argc);
  static faultline::FdStreambuf checked(STDOUT_FILENO);
  std::streambuf* const stdio = std::cout.rdbuf(&checked);
  const int code = checked_stdout(checked, run_cli(args, std::cout, std::cerr, env));
  std::cout.rdbuf(stdio);
  return code;
}

}  // namespace faultline
