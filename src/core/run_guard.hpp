// The limits of a whole run (time, memory, Ctrl-C) in the phases after the search, where the
// engine's monitor no longer watches: rebuilding a counterexample by replay. poll() is cheap;
// every 256th call it reads the clock, the interrupt flag and resident memory, and throws
// RunStopped when a limit is passed. Time counts from CheckOptions::run_start (the command's
// start), as the search's does.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/check_types.hpp"
#include "core/process_memory.hpp"

namespace faultline {

// What stopped a phase after the search: "time limit of 5 s reached", ...
struct RunStopped : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// When a run began: CheckOptions::run_start, or now where the caller set none.
inline std::chrono::steady_clock::time_point run_start_of(const CheckOptions& options) {
  return options.run_start == std::chrono::steady_clock::time_point{}
             ? std::chrono::steady_clock::now()
             : options.run_start;
}

class RunGuard {
 public:
  explicit RunGuard(const CheckOptions& options)
      : start_(run_start_of(options)),
        time_limit_s_(options.time_limit_s),
        memory_limit_(options.memory_limit_bytes),
        interrupt_(options.interrupt) {}

  void poll() {
    if ((++calls_ & 255) == 0) check();
  }
  void check() const {
    if (interrupt_ && interrupt_->load(std::memory_order_relaxed))
      throw RunStopped("interrupted (Ctrl-C or SIGTERM)");
    if (time_limit_s_ &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count() >
            *time_limit_s_) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "time limit of %g s reached", *time_limit_s_);
      throw RunStopped(buf);
    }
    if (memory_limit_ && current_rss_bytes() > *memory_limit_)
      throw RunStopped("memory limit of " + std::to_string(*memory_limit_ >> 20) + " MiB reached");
  }

 private:
  std::chrono::steady_clock::time_point start_;
  std::optional<double> time_limit_s_;
  std::optional<uint64_t> memory_limit_;
  const std::atomic<bool>* interrupt_;
  uint32_t calls_ = 0;
};

}  // namespace faultline
