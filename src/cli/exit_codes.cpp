// Verdict -> exit code.
#include "cli/exit_codes.hpp"

#include "core/errors.hpp"
#include "spec/expectation.hpp"

namespace faultline {

int exit_code_for(const CheckResult& result) {
  if (is_vacuous(result)) return kExitVacuous;
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
