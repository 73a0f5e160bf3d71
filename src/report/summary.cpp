// Summary renderer: verdict wording and statistics formatting.
#include "report/summary.hpp"

#include <cstdio>
#include <vector>

namespace faultline {
namespace {

std::string format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

std::vector<std::string> unreached_goals(const CheckResult& r) {
  std::vector<std::string> out;
  for (const auto& g : r.goals)
    if (!g.reached) out.push_back(g.name);
  return out;
}

}  // namespace

std::string verdict_line(const CheckResult& r, const std::optional<std::string>& witness_goal) {
  const std::string depth = std::to_string(r.stats.depth);
  // Vacuous (as spec/expectation.cpp's is_vacuous; report sits below spec, so not shared).
  auto missing = unreached_goals(r);
  if ((r.verdict == Verdict::Holds || r.verdict == Verdict::HoldsUpToDepth) && !missing.empty()) {
    std::string goals = (missing.size() == 1 ? "goal " : "goals ") + join(missing);
    std::string was = missing.size() == 1 ? " was" : " were";
    if (r.verdict == Verdict::HoldsUpToDepth)
      return "VACUOUS: properties hold up to depth " + depth + " but " + goals + was +
             " never reached within the bound";
    return "VACUOUS: properties hold but " + goals + was + " never reached";
  }
  auto with_reason = [&](const std::string& head, const std::string& tail) {
    return r.stop_reason.empty() ? head + tail : head + " (" + r.stop_reason + ")" + tail;
  };
  std::string goal = r.finding ? r.finding->property : witness_goal.value_or("goal");
  switch (r.verdict) {
    case Verdict::Holds:
      return "holds: all properties hold on every reachable state";
    case Verdict::HoldsUpToDepth:
      return "holds up to depth " + depth + " (bound reached; deeper states unexplored)";
    case Verdict::Violation:
      return "VIOLATION of " + (r.finding ? r.finding->property : std::string("a property"));
    case Verdict::Deadlock:
      return "DEADLOCK: a reachable state has no enabled action";
    case Verdict::GoalReached:
      return "goal " + goal + " reached (witness below)";
    case Verdict::GoalUnreachable:
      return "goal " + goal + " is unreachable: no explored state reaches it" +
             (r.stop_reason.empty() ? "" : " (" + r.stop_reason + ")");
    case Verdict::LimitReached:
      return with_reason("LIMIT REACHED", ": no verdict");
    case Verdict::Interrupted:
      return "interrupted: no verdict";
    case Verdict::Nondeterministic:
      return "model error: " + (r.stop_reason.empty()
                                    ? std::string("the model's enumeration is not deterministic")
                                    : r.stop_reason);
  }
  return "unknown verdict";
}

void write_summary(std::ostream& out, const CheckResult& r,
                   const std::optional<std::string>& witness_goal) {
  const Stats& s = r.stats;
  out << verdict_line(r, witness_goal) << "\n";
  out << "distinct states: " << s.distinct_states << "\n";
  out << "generated states: " << s.generated_states << "\n";
  out << "depth: " << s.depth << "\n";
  out << "states/s: " << format("%.0f", s.states_per_s) << "\n";
  out << "wall time: " << format("%.2f", s.wall_s) << " s\n";
  out << "peak memory: " << format("%.1f", s.peak_rss_bytes / (1024.0 * 1024.0)) << " MiB\n";
  out << "workers: " << s.workers << "\n";
  if (s.store == StoreMode::Exact)
    out << "store: exact\n";
  else
    out << "store: fingerprint (collision probability ~ " << format("%.1e", s.collision_probability)
        << ")\n";
  if (!s.symmetry.empty())
    out << "symmetry: " << s.symmetry << "; distinct states are symmetry classes\n";
  std::vector<std::string> reached, missing;
  for (const auto& g : r.goals) {
    if (g.reached)
      reached.push_back(g.name + " (depth " + std::to_string(g.depth) + ")");
    else
      missing.push_back(g.name);
  }
  if (!reached.empty()) out << "goals reached: " << join(reached) << "\n";
  if (!missing.empty()) out << "goals not reached: " << join(missing) << "\n";
  if (s.frontier > 0) out << "frontier left unexplored: " << s.frontier << " states\n";
}

}  // namespace faultline
