// Limits, Ctrl-C and progress lines for a running exploration.
#include "engine/monitor.hpp"

#include <cstdio>

#include "core/run_guard.hpp"
#include "engine/resources.hpp"

namespace faultline {

Monitor::Monitor(const CheckOptions& options, LiveCounters& counters)
    : options_(options), counters_(counters), start_(run_start_of(options)) {
  thread_ = std::thread([this] { run(); });
}

Monitor::~Monitor() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

double Monitor::elapsed_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Monitor::run() {
  double next_progress = options_.progress_interval_s;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!done_) {
    wake_.wait_for(lock, std::chrono::milliseconds(50));
    if (done_) break;
    if (options_.interrupt && options_.interrupt->load()) counters_.request_stop(StopCause::Interrupt);
    double t = elapsed_s();
    if (options_.time_limit_s && t >= *options_.time_limit_s)
      counters_.request_stop(StopCause::TimeLimit);
    if (options_.memory_limit_bytes && current_rss_bytes() > *options_.memory_limit_bytes)
      counters_.request_stop(StopCause::MemoryLimit);
    if (options_.progress && t >= next_progress) {
      print_progress();
      next_progress = t + options_.progress_interval_s;
    }
  }
}

void Monitor::print_progress() {
  double t = elapsed_s();
  uint64_t distinct = counters_.distinct.load();
  if (counters_.walks_total) {
    const uint64_t steps = counters_.generated.load();
    std::fprintf(stderr,
                 "progress: %llu of %llu runs, %llu steps, %.0f steps/s, %llu distinct states "
                 "seen, %.0f s, %.1f MiB\n",
                 static_cast<unsigned long long>(counters_.walks.load()),
                 static_cast<unsigned long long>(counters_.walks_total),
                 static_cast<unsigned long long>(steps), t > 0 ? steps / t : 0.0,
                 static_cast<unsigned long long>(distinct), t, current_rss_bytes() / 1048576.0);
    return;
  }
  std::fprintf(stderr,
               "progress: %llu distinct states, %.0f states/s, depth %u, frontier %llu, "
               "%llu generated, %.0f s, %.1f MiB\n",
               static_cast<unsigned long long>(distinct), t > 0 ? distinct / t : 0.0,
               counters_.depth.load(), static_cast<unsigned long long>(counters_.frontier.load()),
               static_cast<unsigned long long>(counters_.generated.load()), t,
               current_rss_bytes() / 1048576.0);
}

std::string stop_cause_text(StopCause cause, const CheckOptions& options) {
  switch (cause) {
    case StopCause::None:
      return "";
    case StopCause::StateLimit:
      return "state limit of " + std::to_string(options.max_states.value_or(0)) +
             " distinct states reached";
    case StopCause::TimeLimit: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "time limit of %g s reached", options.time_limit_s.value_or(0));
      return buf;
    }
    case StopCause::MemoryLimit:
      return "memory limit of " +
             std::to_string(options.memory_limit_bytes.value_or(0) / 1048576) + " MiB reached (" +
             (options.strategy == SearchStrategy::Dfs
                  ? "the visited states and the depth-first stack need more"
                  : "the visited states need more, though the BFS frontier spills to disk") +
             ": raise the limit, or try --symmetry on" +
             std::string(options.bitstate_log2_bits ? ")" : " or --bitstate)");
    case StopCause::Interrupt:
      return "interrupted (Ctrl-C or SIGTERM)";
  }
  return "";
}

}  // namespace faultline
