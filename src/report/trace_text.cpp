// Counterexample text renderer.
#include "report/trace_text.hpp"

#include "report/field_diff.hpp"

namespace faultline {

void write_trace_text(std::ostream& out, const Finding& f) {
  const auto& t = f.trace;
  const size_t n = t.steps.size();
  const std::string steps = std::to_string(n) + (n == 1 ? " step" : " steps");
  if (f.kind == "goal")
    out << "witness for goal " << f.property << " (" << steps << "):\n";
  else if (f.kind == "deadlock")
    out << "trace to deadlock (" << steps << "):\n";
  else
    out << "counterexample (" << steps << "):\n";

  out << "step 0: initial state\n";
  for (const auto& field : t.initial) out << "  " << field.name << " = " << field.value << "\n";
  const FieldList* prev = &t.initial;
  for (size_t i = 0; i < n; ++i) {
    out << "step " << i + 1 << ": " << t.steps[i].label << "\n";
    auto lines = diff_fields(*prev, t.steps[i].state);
    if (lines.empty()) out << "  (no change)\n";
    for (const auto& l : lines) out << l << "\n";
    prev = &t.steps[i].state;
  }

  const std::string desc = f.description.empty() ? "" : " \u2014 " + f.description;
  if (f.kind == "goal")
    out << "reached: " << f.property << desc << "\n";
  else if (f.kind == "deadlock")
    out << "deadlock: "
        << (f.description.empty() ? "no action is enabled in the last state" : f.description)
        << "\n";
  else
    out << "violated: " << f.property << desc << "\n";
  if (!f.reason.empty()) out << "because: " << f.reason << "\n";
}

}  // namespace faultline
