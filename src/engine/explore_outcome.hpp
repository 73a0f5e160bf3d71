// What the explorer hands to the trace layer: the result without a trace, plus the path
// (initial-state index and action indices) to the state that must be shown.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "core/check_types.hpp"

namespace faultline {

struct RawPath {
  uint32_t initial_index = 0;
  std::vector<uint32_t> actions;
  uint64_t final_fp = 0;  // the fingerprint replay must arrive at
};

// Declared in reporting priority: a deadlock at depth d beats violations found at d + 1.
enum class TargetKind { Deadlock, Invariant, Step, Goal };

struct ExploreOutcome {
  CheckResult result;  // finding left empty; filled by the trace layer after replay
  std::optional<RawPath> path;
  TargetKind target = TargetKind::Invariant;
  size_t property_index = 0;  // into invariants, steps or goals
};

}  // namespace faultline
