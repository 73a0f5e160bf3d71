// A background thread beside the workers: enforces the time and memory limits, watches for
// Ctrl-C, and prints progress to stderr every few seconds when asked to.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/check_types.hpp"

namespace faultline {

enum class StopCause : int { None = 0, StateLimit, TimeLimit, MemoryLimit, Interrupt };

// Counters the workers update and the monitor reads (all approximate while running).
struct LiveCounters {
  alignas(64) std::atomic<uint64_t> distinct{0};
  std::atomic<uint64_t> generated{0};
  std::atomic<uint32_t> depth{0};
  std::atomic<uint64_t> frontier{0};
  std::atomic<uint64_t> walks{0};        // simulation: walks counted so far
  uint64_t walks_total = 0;              // simulation: walks asked for (0: a search)
  alignas(64) std::atomic<int> stop{0};  // a StopCause; workers poll it (own cache line)

  bool stopping() const { return stop.load(std::memory_order_relaxed) != 0; }
  void request_stop(StopCause cause) {
    int expected = 0;
    stop.compare_exchange_strong(expected, static_cast<int>(cause));
  }
};

class Monitor {
 public:
  Monitor(const CheckOptions& options, LiveCounters& counters);
  ~Monitor();
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;
  double elapsed_s() const;

 private:
  void run();
  void print_progress();

  const CheckOptions& options_;
  LiveCounters& counters_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

std::string stop_cause_text(StopCause cause, const CheckOptions& options);

}  // namespace faultline
