// Text rendering of `faultline replay`: each step of a hand-written trace with its location
// in the file, what changed, the properties failing there and the goals first reached; at a
// step that is not enabled, the actions that were; then a result line per failing property.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "core/check_types.hpp"
#include "core/properties.hpp"

namespace faultline {

struct ReplayTextOptions {
  std::vector<std::string> locations;  // per step of the trace file: "line 7", "steps[3]"
  std::vector<PropertyInfo> properties;
  bool full_states = false;  // print every field after each step, not only the changes
};

// A property that fails somewhere on a replayed trace, and the 0-based steps where it does
// (0: the initial state; step properties: the step that breaks them).
struct ReplayedFailure {
  std::string property;
  std::string kind;
  std::vector<size_t> steps;
};

// The failing properties in order of first failure.
std::vector<ReplayedFailure> replay_failures(const LabelReplay& replay);

void write_replay_text(std::ostream& out, const LabelReplay& replay,
                       const ReplayTextOptions& options);

}  // namespace faultline
