// RunGuard: the run's limits after the search (time from the run's start, resident memory,
// Ctrl-C), polled cheaply.
#include "core/run_guard.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>

namespace faultline {
namespace {

std::string stop_of(const RunGuard& guard) {
  try {
    guard.check();
  } catch (const RunStopped& e) {
    return e.what();
  }
  return "";
}

TEST(RunGuard, EachLimitStopsWithItsReason) {
  CheckOptions o;
  EXPECT_EQ(stop_of(RunGuard(o)), "");  // no limits
  o.time_limit_s = 5;
  o.run_start = std::chrono::steady_clock::now() - std::chrono::seconds(6);  // counts from here
  EXPECT_EQ(stop_of(RunGuard(o)), "time limit of 5 s reached");
  o.run_start = std::chrono::steady_clock::now();
  EXPECT_EQ(stop_of(RunGuard(o)), "");
  o.memory_limit_bytes = 1 << 20;  // any test process holds more than 1 MiB
  EXPECT_EQ(stop_of(RunGuard(o)), "memory limit of 1 MiB reached");
  const std::atomic<bool> interrupted{true};
  o.interrupt = &interrupted;
  EXPECT_EQ(stop_of(RunGuard(o)), "interrupted (Ctrl-C or SIGTERM)");
}

TEST(RunGuard, PollChecksEvery256thCall) {
  const std::atomic<bool> interrupted{true};
  CheckOptions o;
  o.interrupt = &interrupted;
  RunGuard guard(o);
  for (int i = 1; i < 256; ++i) guard.poll();
  EXPECT_THROW(guard.poll(), RunStopped);
}

}  // namespace
}  // namespace faultline
