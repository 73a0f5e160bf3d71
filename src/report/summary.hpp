// Text summary of a check: the verdict line, then statistics, goals and the frontier left.
#pragma once
#include <optional>
#include <ostream>
#include <string>

#include "core/check_types.hpp"

namespace faultline {

// "holds: all properties hold on every reachable state", "VIOLATION of Agreement", ...
// `witness_goal` names the goal of a --goal run (used when no finding names it).
std::string verdict_line(const CheckResult& result,
                         const std::optional<std::string>& witness_goal = std::nullopt);

// The verdict line followed by "distinct states: N", "generated states: N", ... lines.
void write_summary(std::ostream& out, const CheckResult& result,
                   const std::optional<std::string>& witness_goal = std::nullopt);

}  // namespace faultline
