// Maps a check's result to the documented process exit code (see core/errors.hpp).
#pragma once
#include "core/check_types.hpp"

namespace faultline {

// 0 holds / holds up to depth / goal reached, 10 violation, 11 deadlock, 12 vacuous or goal
// unreachable, 4 limit reached or interrupted (also after the search, while rebuilding the
// finding's trace), 5 nondeterministic model. The [expect]
// override (13) is applied by the check command, not here.
int exit_code_for(const CheckResult& result);

}  // namespace faultline
