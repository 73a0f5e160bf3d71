// Verdict -> exit code.
#include "cli/exit_codes.hpp"

#include "core/errors.hpp"
#include "spec/expectation.hpp"

namespace faultline {

int exit_code_for(const CheckResult& result) {
  // A finding whose trace a limit or Ctrl-C kept from being rebuilt: the run stopped short.
  if (result.finding && !result.finding->trace_stopped.empty()) return kExitLimit;
  // A goal bitstate hashing did not find may sit in an omitted state: no proof of vacuity.
  const bool bitstate = result.stats.bitstate_log2_bits != 0;
  if (is_vacuous(result) && !bitstate) return kExitVacuous;
  if (bitstate && result.verdict == Verdict::GoalUnreachable) return kExitHolds;
  switch (result.verdict) {
    case Verdict::Holds:
    case Verdict::HoldsUpToDepth:
    case Verdict::GoalReached:
      return kExitHolds;
    case Verdict::Violation:
      return kExitViolation;
    case Verdict::Deadlock:
      return kExitDeadlock;
    case Verdict::GoalUnreachable:
      return kExitVacuous;
    case Verdict::LimitReached:
    case Verdict::Interrupted:
      return kExitLimit;
    case Verdict::Nondeterministic:
      return kExitModelError;
  }
  return kExitInternal;
}

}  // namespace faultline
