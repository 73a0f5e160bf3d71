// Text rendering of a counterexample or witness: numbered steps with the action label and
// only the fields that changed, then the violated property and the reason.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "core/check_types.hpp"
#include "core/fields.hpp"
#include "report/field_diff.hpp"

namespace faultline {

// "step 0: initial state" with every field, then "step i: <label>" with the diff per step,
// then "violated: <property> — <description>" (or "deadlock: ..." / "reached: ...") and
// "because: <reason>".
void write_trace_text(std::ostream& out, const Finding& finding);

}  // namespace faultline
