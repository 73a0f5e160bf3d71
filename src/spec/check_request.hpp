// A spec file turned into typed values: which model, variant, parameters, engine options,
// and what the user expects ([expect]). Produced by load_spec(), consumed by the CLI.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/check_types.hpp"
#include "core/model_info.hpp"
#include "core/params.hpp"

namespace faultline {

// The verdicts an [expect] section may name. "vacuous" is the effective verdict of a run
// whose properties hold but where some goal was never reached.
enum class ExpectedVerdict {
  Holds,
  HoldsUpToDepth,
  Violation,
  Deadlock,
  Vacuous,
  Limit,
  GoalReached,     // witness mode (engine.goal): a trace reaching the goal
  GoalUnreachable  // witness mode: no reachable state satisfies the goal
};

struct Expectation {
  std::optional<ExpectedVerdict> verdict;
  std::optional<std::string> property;   // name of the violated property
  std::optional<uint64_t> trace_length;  // number of steps (actions) in the trace
  std::optional<uint64_t> distinct_states;
  std::optional<uint64_t> generated_states;  // only with a verdict of a complete search
  std::vector<std::string> goals;            // goals that must be reached
  std::vector<std::pair<std::string, uint32_t>> goal_depths;  // goal, depth first reached at

  // True when the spec has an [expect] section with at least one key.
  bool any() const {
    return verdict || property || trace_length || distinct_states || generated_states ||
           !goals.empty() || !goal_depths.empty();
  }
};

struct CheckRequest {
  std::string file;  // the spec file path, as given
  const ModelInfo* model = nullptr;
  std::string variant;
  ParamValues params;
  CheckOptions options;
  Expectation expect;
  // Where each key's final value came from ("specs/x.ini:7" or "specs/x.ini (--set)"),
  // keyed by "section.key": later checks (goal names, model errors) point back at it.
  std::map<std::string, std::string> origins;
  // What the command line changed of the state space [expect] was written for (a model,
  // parameter, fault, bound or limit key, or engine.symmetry): "params.rms = 7 (--set)".
  std::vector<std::string> overridden;

  // origins[key] if known, else the file name.
  std::string where(const std::string& key) const {
    auto it = origins.find(key);
    return it == origins.end() ? file : it->second;
  }
};

}  // namespace faultline
