// The field diff between two rendered states, shared by every trace renderer (text, HTML,
// Mermaid): which fields changed, appeared or disappeared, each as one line of text.
#pragma once
#include <string>
#include <vector>

#include "core/fields.hpp"

namespace faultline {

// One changed field: its name and the line that describes the change.
struct FieldChange {
  std::string name;
  std::string line;
  bool operator==(const FieldChange&) const = default;
};

// How `after` differs from `before`, one entry per change:
//   "a1.promised: 0 -> 2"   a field whose single value changed
//   "msgs: + m3, - m1"       a set-valued field ("{m1, m2}" -> "{m2, m3}"): only the
//                            elements that left or joined the set
//   "+ net.msg = Promise"   a field (or one value of a repeated field) that appeared
//   "- net.msg = Prepare"   a field (or one value of a repeated field) that disappeared
// Fields are matched by name; order follows `after`, then fields only in `before`.
std::vector<FieldChange> field_changes(const FieldList& before, const FieldList& after);

// The same lines, each indented by two spaces (the text trace's format).
std::vector<std::string> diff_fields(const FieldList& before, const FieldList& after);

}  // namespace faultline
