// Random simulation on toy models: findings with replayable traces, deadlocks, goals, counts
// that never exceed the reachable states, and walks that depend on the seed alone (not on the
// worker count); limits and Ctrl-C stop even one endless walk, whose memory grows with the
// distinct states it meets, not with its length.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "engine/resources.hpp"
#include "testing/model_contracts.hpp"
#include "tests/engine/toy_models.hpp"
#include "trace/check_model.hpp"
#include "trace/label_replay.hpp"

namespace faultline {
namespace {

CheckOptions workers(unsigned n) {
  CheckOptions o;
  o.workers = n;
  return o;
}

SimulateOptions sim(uint64_t runs, uint32_t depth, uint64_t seed = 1) {
  SimulateOptions s;
  s.runs = runs;
  s.depth = depth;
  s.seed = seed;
  return s;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Resets the process's peak resident memory to what it holds now (Linux 4.0+); false where
// that is not allowed.
bool reset_peak_rss() {
  std::ofstream f("/proc/self/clear_refs");
  return f && (f << "5" << std::flush);
}

// Endless walks: a grid whose far corner leads back to the origin (16 states in all), and a
// counter that only grows (every state new, for billions of steps).
toy::Grid cycle() { return toy::Grid(3, 3, /*corner_is_bad=*/false, /*deadlock_at_corner=*/false); }
toy::Counter ever_new() { return toy::Counter(2'000'000'000, /*can_drop=*/false); }
constexpr uint32_t kEndless = 1'000'000'000;

using testing_support::labels;

TEST(Simulate, EveryWalkReachesTheBadCorner) {
  toy::Grid grid(4, 4, true);
  CheckResult r = simulate_model(grid, workers(1), sim(50, 20));
  ASSERT_EQ(r.verdict, Verdict::Violation);
  ASSERT_TRUE(r.simulation);
  EXPECT_EQ(r.simulation->violating_run, 0u);
  EXPECT_EQ(r.simulation->runs, 1u);
  EXPECT_EQ(r.finding->property, "NotAtCorner");
  EXPECT_EQ(r.finding->trace.steps.size(), 8u);
  LabelReplay replay = replay_labels(grid, labels(r.finding->trace));
  ASSERT_TRUE(replay.ok) << replay.error;
  EXPECT_EQ(replay.violated, std::vector<std::string>{"NotAtCorner"});
}

TEST(Simulate, StepPropertyFoundAndReplayed) {
  toy::Counter counter(4, true);
  CheckResult r = simulate_model(counter, workers(2), sim(100, 30));
  ASSERT_EQ(r.verdict, Verdict::Violation);
  EXPECT_EQ(r.finding->property, "Monotonic");
  LabelReplay replay = replay_labels(counter, labels(r.finding->trace));
  ASSERT_TRUE(replay.ok) << replay.error;
  EXPECT_EQ(replay.violated, std::vector<std::string>{"Monotonic"});
}

TEST(Simulate, WalksStopWithoutSuccessorsAndDeadlocksOnlyWhenAsked) {
  toy::Grid grid(3, 2);  // every walk ends in the corner after 5 steps
  CheckResult r = simulate_model(grid, workers(1), sim(40, 100));
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.simulation->runs, 40u);
  EXPECT_EQ(r.simulation->steps, 40u * 5u);
  EXPECT_EQ(r.stats.depth, 5u);
  EXPECT_LE(r.stats.distinct_states, 12u);
  CheckOptions o = workers(1);
  o.check_deadlock = true;
  CheckResult dead = simulate_model(grid, o, sim(40, 100));
  ASSERT_EQ(dead.verdict, Verdict::Deadlock);
  EXPECT_EQ(dead.finding->trace.steps.size(), 5u);
  // Walks cut short by the depth bound do not deadlock.
  EXPECT_EQ(simulate_model(grid, o, sim(40, 4)).verdict, Verdict::Holds);
}

TEST(Simulate, GoalsAndCounts) {
  toy::RandomGraph g(500, 2, 7);
  CheckOptions plain = workers(1);
  const uint64_t reachable = check_model(g, plain).stats.distinct_states;
  CheckResult r = simulate_model(g, workers(2), sim(300, 50));
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.simulation->runs, 300u);
  EXPECT_EQ(r.simulation->steps, 300u * 50u);  // every vertex has out-edges
  EXPECT_GT(r.stats.distinct_states, 1u);
  EXPECT_LE(r.stats.distinct_states, reachable);

  CheckResult goal = simulate_model(toy::Grid(3, 3), workers(1), sim(100, 10));
  ASSERT_EQ(goal.goals.size(), 1u);
  EXPECT_TRUE(goal.goals[0].reached);
  EXPECT_EQ(goal.goals[0].depth, 2u);  // some walk goes right, up (or up, right) first
}

TEST(Simulate, SameSeedSameResultForAnyWorkerCount) {
  for (uint64_t seed : {1u, 2u, 99u}) {
    int64_t bad = static_cast<int64_t>(seed * 997 % 3000);
    toy::RandomGraph g(3000, 3, seed, bad);
    CheckResult first = simulate_model(g, workers(1), sim(2000, 200, seed));
    for (unsigned w : {2u, 4u}) {
      CheckResult r = simulate_model(g, workers(w), sim(2000, 200, seed));
      EXPECT_EQ(r.verdict, first.verdict);
      EXPECT_EQ(r.simulation->runs, first.simulation->runs);
      EXPECT_EQ(r.simulation->steps, first.simulation->steps);
      EXPECT_EQ(r.stats.distinct_states, first.stats.distinct_states);
      ASSERT_EQ(r.finding.has_value(), first.finding.has_value());
      if (r.finding) {
        EXPECT_EQ(labels(r.finding->trace), labels(first.finding->trace));
      }
    }
  }
}

TEST(Simulate, InterruptStopsCleanly) {
  std::atomic<bool> flag{true};
  CheckOptions o = workers(2);
  o.interrupt = &flag;
  CheckResult r = simulate_model(toy::Grid(3000, 3000), o, sim(1000000, 1000));
  EXPECT_EQ(r.verdict, Verdict::Interrupted);
  EXPECT_LT(r.simulation->runs, 1000000u);
}

// Progress lines count walks, not BFS levels: "progress: K of N runs, S steps, ...".
TEST(Simulate, ProgressLinesCountWalks) {
  CheckOptions o = workers(2);
  o.progress = true;
  o.progress_interval_s = 0.05;
  o.time_limit_s = 0.4;
  testing::internal::CaptureStderr();
  CheckResult r = simulate_model(toy::Grid(3000, 3000), o, sim(100000000, 1000));
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(r.verdict, Verdict::LimitReached);
  EXPECT_NE(err.find(" of 100000000 runs, "), std::string::npos) << err;
  EXPECT_NE(err.find(" distinct states seen, "), std::string::npos) << err;
  EXPECT_EQ(err.find("frontier"), std::string::npos) << err;
}

TEST(Simulate, TimeLimitStopsOneEndlessWalk) {
  CheckOptions o = workers(2);
  o.time_limit_s = 0.3;
  const auto start = std::chrono::steady_clock::now();
  CheckResult r = simulate_model(cycle(), o, sim(1, kEndless));
  EXPECT_LT(seconds_since(start), 5.0);
  ASSERT_EQ(r.verdict, Verdict::LimitReached);
  EXPECT_EQ(r.stop_reason, "time limit of 0.3 s reached");
  EXPECT_FALSE(r.finding);
  // The walk's steps so far count; the walk itself did not finish.
  EXPECT_EQ(r.simulation->runs, 0u);
  EXPECT_GT(r.simulation->steps, 1000u);
  EXPECT_EQ(r.stats.depth, r.simulation->steps);
  EXPECT_EQ(r.stats.distinct_states, 16u);
  EXPECT_EQ(r.stats.generated_states, r.simulation->steps + 1);
}

TEST(Simulate, InterruptStopsOneEndlessWalk) {
  std::atomic<bool> flag{true};
  CheckOptions o = workers(2);
  o.interrupt = &flag;
  const auto start = std::chrono::steady_clock::now();
  CheckResult r = simulate_model(cycle(), o, sim(3, kEndless));
  EXPECT_LT(seconds_since(start), 5.0);
  EXPECT_EQ(r.verdict, Verdict::Interrupted);
  EXPECT_EQ(r.stop_reason, "interrupted (Ctrl-C or SIGTERM)");
  EXPECT_EQ(r.simulation->runs, 0u);
}

TEST(Simulate, MemoryLimitStopsAWalkOfEverNewStates) {
  const bool measured = reset_peak_rss();
  CheckOptions o = workers(1);
  o.memory_limit_bytes = current_rss_bytes() + (64u << 20);
  o.time_limit_s = 60;  // a safety net: the memory limit must come first
  CheckResult r = simulate_model(ever_new(), o, sim(1, kEndless));
  ASSERT_EQ(r.verdict, Verdict::LimitReached);
  EXPECT_EQ(r.stop_reason.rfind("memory limit of ", 0), 0u) << r.stop_reason;
  EXPECT_TRUE(r.stop_reason.find("fingerprints of the distinct states") != std::string::npos);
  EXPECT_EQ(r.simulation->runs, 0u);
  EXPECT_GT(r.simulation->steps, 1'000'000u);
  // Every state of the walk is new, and every one is counted (without adding the walk's
  // fingerprints to the table of seen states, which would take more memory still).
  EXPECT_EQ(r.stats.distinct_states, r.simulation->steps + 1);
  if (!measured) GTEST_SKIP() << "cannot reset the peak resident memory here";
  EXPECT_LT(r.stats.peak_rss_bytes, *o.memory_limit_bytes + (96u << 20));
}

// A long walk over few states keeps neither its path nor a fingerprint per step: its memory
// is that of the 16 states it meets, whatever its length. (Keeping both took 12 bytes a step,
// 120 MB here.)
TEST(Simulate, LongWalkMemoryFollowsDistinctStatesNotSteps) {
  const bool measured = reset_peak_rss();
  const uint64_t before = current_rss_bytes();
  CheckResult r = simulate_model(cycle(), workers(1), sim(1, 10'000'000));
  EXPECT_EQ(r.verdict, Verdict::Holds);
  EXPECT_EQ(r.simulation->runs, 1u);
  EXPECT_EQ(r.simulation->steps, 10'000'000u);
  EXPECT_EQ(r.stats.distinct_states, 16u);
  if (!measured) GTEST_SKIP() << "cannot reset the peak resident memory here";
  EXPECT_LT(r.stats.peak_rss_bytes, before + (32u << 20));
}

// The reported walk is taken again to rebuild its trace: the trace is that of the walk found,
// for any worker count, also when it is long.
TEST(Simulate, TraceOfALongWalkIsRebuiltExactly) {
  toy::Grid grid(60, 60, /*corner_is_bad=*/true);  // every walk ends in the corner, 120 steps
  for (unsigned w : {1u, 3u}) {
    CheckResult r = simulate_model(grid, workers(w), sim(600, kEndless, 7));
    ASSERT_EQ(r.verdict, Verdict::Violation);
    EXPECT_EQ(r.simulation->violating_run, 0u);
    ASSERT_EQ(r.finding->trace.steps.size(), 120u);
    LabelReplay replay = replay_labels(grid, labels(r.finding->trace));
    ASSERT_TRUE(replay.ok) << replay.error;
    EXPECT_EQ(replay.violated, std::vector<std::string>{"NotAtCorner"});
  }
}

// The process's virtual memory size (VmSize), 0 if unknown.
uint64_t virtual_memory_bytes() {
  std::ifstream status("/proc/self/status");
  std::string key;
  uint64_t kib = 0;
  while (status >> key)
    if (key == "VmSize:" && status >> kib) return kib << 10;
  return 0;
}

// Under an address-space limit (as `ulimit -v` sets) 160 MiB above what the process maps once
// its worker threads run, walks of ever new states until an allocation fails; exits 4 when
// that stopped the run like a limit, 1 otherwise.
[[noreturn]] void simulate_until_out_of_memory() {
  simulate_model(cycle(), workers(2), sim(8, 100));  // the worker threads, started
  const uint64_t mapped = virtual_memory_bytes();
  if (mapped == 0) std::_Exit(3);
  const rlimit limit{mapped + (160u << 20), mapped + (160u << 20)};
  if (setrlimit(RLIMIT_AS, &limit) != 0) std::_Exit(3);
  CheckOptions o = workers(2);
  o.time_limit_s = 60;
  CheckResult r = simulate_model(ever_new(), o, sim(1, kEndless));
  std::fprintf(stderr, "%s\n", r.stop_reason.c_str());
  std::_Exit(r.verdict == Verdict::LimitReached && r.simulation->steps > 0 ? 4 : 1);
}

// A failed allocation stops the run like the memory limit: a result with a reason, not a
// std::bad_alloc out of the engine (exit 255 from the command line).
TEST(SimulateDeathTest, OutOfMemoryIsALimitNotACrash) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(simulate_until_out_of_memory(), ::testing::ExitedWithCode(4),
              "out of memory \\(an allocation failed");
}

}  // namespace
}  // namespace faultline
