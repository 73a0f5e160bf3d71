// Text rendering of a counterexample or witness: numbered steps with the action label and
// only the fields that changed, then the violated property and the reason.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "core/check_types.hpp"
#include "core/fields.hpp"

namespace faultline {

// Lines describing how `after` differs from `before`, each indented by two spaces:
//   "  a1.promised: 0 -> 2"   a field whose single value changed
//   "  msgs: + m3, - m1"       a set-valued field ("{m1, m2}" -> "{m2, m3}"): only the
//                              elements that left or joined the set
//   "  + net.msg = Promise"   a field (or one value of a repeated field) that appeared
//   "  - net.msg = Prepare"   a field (or one value of a repeated field) that disappeared
// Fields are matched by name; order follows `after`, then fields only in `before`.
std::vector<std::string> diff_fields(const FieldList& before, const FieldList& after);

// "  name = value" for every field.
void write_fields(std::ostream& out, const FieldList& fields);

// The diff_fields lines from `before` to `after`, or "  (no change)".
void write_changes(std::ostream& out, const FieldList& before, const FieldList& after);

// "step 0: initial state" with every field, then "step i: <label>" with the diff per step,
// then "violated: <property> — <description>" (or "deadlock: ..." / "reached: ...") and
// "because: <reason>".
void write_trace_text(std::ostream& out, const Finding& finding);

}  // namespace faultline
