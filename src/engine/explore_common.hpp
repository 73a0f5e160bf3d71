// Pieces every explorer (bfs.hpp, dfs.hpp, simulate.hpp) shares: goal bookkeeping, and
// running a parallel section on the requested number of worker threads.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include "core/check_types.hpp"
#include "core/properties.hpp"
#include "engine/resources.hpp"
#include "store/fingerprint.hpp"

namespace faultline {

// Whether a goal was reached so far, and at which depth (or walk step).
struct GoalProgress {
  bool reached = false;
  uint32_t depth = 0;
};

// The index of the goal witness mode looks for, if any.
template <class State>
std::optional<size_t> witness_goal_index(const PropertySet<State>& props,
                                         const CheckOptions& options) {
  if (!options.witness_goal) return std::nullopt;
  for (size_t g = 0; g < props.goals.size(); ++g)
    if (props.goals[g].name == *options.witness_goal) return g;
  return std::nullopt;
}

// The result's goal list: each goal's name and description with its progress.
template <class State>
std::vector<GoalStatus> goal_statuses(const PropertySet<State>& props,
                                      const std::vector<GoalProgress>& progress) {
  std::vector<GoalStatus> out;
  for (size_t g = 0; g < props.goals.size(); ++g)
    out.push_back({props.goals[g].name, props.goals[g].description, progress[g].reached,
                   progress[g].depth});
  return out;
}

// The statistics of an exhaustive search; the visited store adds its own (store_concepts.hpp),
// stats.frontier and the strategy are set apart.
inline void set_search_stats(Stats& s, double wall_s, unsigned workers, uint64_t distinct,
                             uint64_t generated, uint32_t depth) {
  s.wall_s = wall_s;
  s.workers = workers;
  s.distinct_states = distinct;
  s.generated_states = generated;
  s.depth = depth;
  s.states_per_s = wall_s > 0 ? static_cast<double>(distinct) / wall_s : 0;
  s.peak_rss_bytes = peak_rss_bytes();
}

// Runs fn() in a task arena of `requested` threads (0: all cores) and returns the count used.
// More threads than cores are allowed when asked (determinism tests run 4 workers on 2 cores).
template <class Fn>
unsigned run_with_workers(unsigned requested, Fn&& fn) {
  const auto cores = static_cast<unsigned>(tbb::info::default_concurrency());
  unsigned workers = requested ? requested : cores;
  std::optional<tbb::global_control> allow;
  if (workers > cores) allow.emplace(tbb::global_control::max_allowed_parallelism, workers);
  tbb::task_arena arena(static_cast<int>(workers));
  arena.execute(fn);
  return workers;
}

}  // namespace faultline
