// A spec file turned into typed values: which model, variant, parameters, engine options,
// and what the user expects ([expect]). Produced by load_spec(), consumed by the CLI.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
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
  std::vector<std::string> goals;  // goals that must be reached

  // True when the spec has an [expect] section with at least one key.
  bool any() const {
    return verdict || property || trace_length || distinct_states || !goals.empty();
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

  // origins[key] if known, else the file name.
  std::string where(const std::string& key) const {
    auto it = origins.find(key);
    return it == origins.end() ? file : it->second;
  }
};

}  // namespace faultline
