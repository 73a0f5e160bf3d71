// Replay renderer: steps with diffs (or full states), failures and goals, and the result.
#include "report/replay_text.hpp"

#include <algorithm>
#include <optional>

#include "core/text.hpp"
#include "report/trace_text.hpp"

namespace faultline {
namespace {

void write_findings(std::ostream& out, const std::vector<ReplayFailure>& failures,
                    const std::vector<std::string>& goals) {
  for (const auto& f : failures)
    out << "  ! VIOLATED " << f.property << " (" << f.kind << ")"
        << (f.reason.empty() ? "" : ": " + f.reason) << "\n";
  for (const auto& g : goals) out << "  * reached goal " << g << "\n";
}

std::string step_head(size_t step, const ReplayTextOptions& o) {
  std::string head = "step " + std::to_string(step);
  if (step >= 1 && step <= o.locations.size() && !o.locations[step - 1].empty())
    head += " (" + o.locations[step - 1] + ")";
  return head;
}

std::string steps_text(const std::vector<size_t>& steps) {
  std::vector<std::string> parts;
  for (size_t s : steps) parts.push_back(std::to_string(s));
  return (steps.size() == 1 ? "step " : "steps ") + join(parts);
}

}  // namespace

std::vector<ReplayedFailure> replay_failures(const LabelReplay& r) {
  std::vector<ReplayedFailure> out;
  auto add = [&](const std::vector<ReplayFailure>& failures, size_t step) {
    for (const auto& f : failures) {
      auto it = std::find_if(out.begin(), out.end(),
                             [&](const ReplayedFailure& x) { return x.property == f.property; });
      if (it == out.end()) it = out.insert(out.end(), {f.property, f.kind, {}});
      it->steps.push_back(step);
    }
  };
  add(r.initial_failures, 0);
  for (size_t i = 0; i < r.trace.size(); ++i) add(r.trace[i].failures, i + 1);
  return out;
}

void write_replay_text(std::ostream& out, const LabelReplay& r, const ReplayTextOptions& o) {
  out << "step 0: initial state\n";
  write_fields(out, r.initial);
  write_findings(out, r.initial_failures, r.initial_goals);
  const FieldList* prev = &r.initial;
  for (size_t i = 0; i < r.trace.size(); ++i) {
    const ReplayedStep& s = r.trace[i];
    out << step_head(i + 1, o) << ": " << s.label << "\n";
    if (o.full_states)
      write_fields(out, s.state);
    else
      write_changes(out, *prev, s.state);
    write_findings(out, s.failures, s.first_reached);
    prev = &s.state;
  }
  if (!r.ok) {
    if (r.failed_step == 0) {
      out << "replay failed: " << r.error << "\n";
      return;
    }
    out << step_head(r.failed_step, o) << ": " << r.failed_label << "\n"
        << "  NOT ENABLED here; "
        << (r.enabled.empty() ? std::string("no action is enabled (a deadlock)")
                              : std::to_string(r.enabled.size()) +
                                    (r.enabled.size() == 1 ? " action is" : " actions are") +
                                    " enabled:")
        << "\n";
    for (const auto& e : r.enabled) out << "    " << e << "\n";
    return;
  }

  const auto failures = replay_failures(r);
  const size_t n = r.trace.size();
  const std::string steps = std::to_string(n) + (n == 1 ? " step" : " steps");
  if (failures.empty()) {
    out << "result: all properties hold on every state and step of the trace (" << steps
        << ")\n";
  } else {
    out << "result: VIOLATION: " << failures.size()
        << (failures.size() == 1 ? " property fails" : " properties fail") << " on the trace ("
        << steps << ")\n";
    for (const auto& f : failures)
      out << "  " << f.property << " (" << f.kind << ") fails at " << steps_text(f.steps) << "\n";
  }
  std::vector<std::string> reached, missing;
  auto first_step = [&](const std::string& goal) -> std::optional<size_t> {
    if (std::count(r.initial_goals.begin(), r.initial_goals.end(), goal)) return 0;
    for (size_t i = 0; i < n; ++i)
      if (std::count(r.trace[i].first_reached.begin(), r.trace[i].first_reached.end(), goal))
        return i + 1;
    return std::nullopt;
  };
  for (const auto& p : o.properties) {
    if (p.kind != PropertyKind::Goal) continue;
    if (auto step = first_step(p.name))
      reached.push_back(p.name + " (step " + std::to_string(*step) + ")");
    else
      missing.push_back(p.name);
  }
  if (!reached.empty()) out << "goals reached: " << join(reached) << "\n";
  if (!missing.empty()) out << "goals not reached: " << join(missing) << "\n";
}

}  // namespace faultline
