// Summary renderer: verdict wording and statistics formatting.
#include "report/summary.hpp"
#include "core/text.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

namespace faultline {
namespace {

std::string format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::vector<std::string> unreached_goals(const CheckResult& r) {
  std::vector<std::string> out;
  for (const auto& g : r.goals)
    if (!g.reached) out.push_back(g.name);
  return out;
}

std::string percent(double fraction) {
  if (fraction >= 1.0) return "100%";
  // Enough digits to tell 99.9999% from 100%.
  return format(fraction > 0.999 ? "%.4f%%" : "%.1f%%", 100.0 * fraction);
}

// The hedge of a bitstate run: states may have been omitted.
std::string bitstate_note(const Stats& s) {
  return "(bitstate: coverage ~" + percent(s.bitstate_coverage) + ")";
}

// The verdicts of runs that do not search every state: random walks and bitstate hashing.
std::optional<std::string> incomplete_search_verdict(const CheckResult& r,
                                                     const std::string& goal) {
  const Stats& s = r.stats;
  if (r.simulation && r.verdict == Verdict::Holds)
    return "no violation in " + std::to_string(r.simulation->runs) + " random runs of up to " +
           std::to_string(r.simulation->options.depth) + " steps";
  if (!s.bitstate_log2_bits) return std::nullopt;
  if (r.verdict == Verdict::Holds && unreached_goals(r).empty())
    return "no violation found " + bitstate_note(s);
  if (r.verdict == Verdict::HoldsUpToDepth && unreached_goals(r).empty())
    return "no violation found up to depth " + std::to_string(s.depth) + " " + bitstate_note(s);
  if (r.verdict == Verdict::GoalUnreachable)
    return "goal " + goal + " not found " + bitstate_note(s) + ": omitted states may reach it" +
           (r.stop_reason.empty() ? "" : " (" + r.stop_reason + ")");
  return std::nullopt;
}

// "goals reached: A (depth 3)" and "goals not reached: B"; `unit` is "depth" or "step".
void write_goal_lines(std::ostream& out, const CheckResult& r, const std::string& unit) {
  std::vector<std::string> reached, missing;
  for (const auto& g : r.goals) {
    if (g.reached)
      reached.push_back(g.name + " (" + unit + " " + std::to_string(g.depth) + ")");
    else
      missing.push_back(g.name);
  }
  if (!reached.empty()) out << "goals reached: " << join(reached) << "\n";
  if (!missing.empty()) out << "goals not reached: " << join(missing) << "\n";
}

}  // namespace

std::string verdict_line(const CheckResult& r, const std::optional<std::string>& witness_goal) {
  const std::string depth = std::to_string(r.stats.depth);
  // Vacuous (as spec/expectation.cpp's is_vacuous; report sits below spec, so not shared).
  auto missing = unreached_goals(r);
  if (!r.simulation && (r.verdict == Verdict::Holds || r.verdict == Verdict::HoldsUpToDepth) &&
      !missing.empty()) {
    std::string goals = (missing.size() == 1 ? "goal " : "goals ") + join(missing);
    std::string was = missing.size() == 1 ? " was" : " were";
    // Bitstate hashing may have omitted states: no claim that the properties hold.
    std::string hold = r.stats.bitstate_log2_bits ? "no violation found " + bitstate_note(r.stats)
                                                  : std::string("properties hold");
    if (r.verdict == Verdict::HoldsUpToDepth)
      return "VACUOUS: " + hold + " up to depth " + depth + " but " + goals + was +
             " never reached within the bound";
    return "VACUOUS: " + hold + " but " + goals + was + " never reached";
  }
  auto with_reason = [&](const std::string& head, const std::string& tail) {
    return r.stop_reason.empty() ? head + tail : head + " (" + r.stop_reason + ")" + tail;
  };
  std::string goal = r.finding ? r.finding->property : witness_goal.value_or("goal");
  if (auto line = incomplete_search_verdict(r, goal)) return *line;
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

namespace {

std::string shortest_trace_caveat(const CheckResult& r) {
  if (!r.finding) return "";
  if (!r.finding->trace_stopped.empty())
    return "the trace was not rebuilt: " + r.finding->trace_stopped +
           " after the search found it (exit 4); raise the limit, or bound the depth, to see it";
  if (r.simulation)
    return "random walk " + std::to_string(r.simulation->violating_run) +
           " (numbered from 0): the trace is not necessarily a shortest one";
  if (r.stats.strategy == SearchStrategy::Dfs)
    return "depth-first search: the trace is not necessarily a shortest one";
  return "";
}

// "store: bitstate, 2^27 bits (16 MiB), 3 hash functions, 16.3 bits per state, expected
// coverage ~ 99.9%": bits per state is SPIN's hash factor.
std::string bitstate_store_line(const Stats& s) {
  const double bits = std::ldexp(1.0, static_cast<int>(s.bitstate_log2_bits));
  const double per_state = s.distinct_states ? bits / static_cast<double>(s.distinct_states) : 0;
  return "store: bitstate, 2^" + std::to_string(s.bitstate_log2_bits) + " bits (" +
         format("%.4g", bits / 8388608.0) + " MiB), " + std::to_string(s.bitstate_hashes) +
         " hash functions, " + format("%.1f", per_state) + " bits per state, expected coverage ~ " +
         percent(s.bitstate_coverage);
}

void write_simulation_summary(std::ostream& out, const CheckResult& r) {
  const Stats& s = r.stats;
  const SimulationStats& sim = *r.simulation;
  out << verdict_line(r) << "\n";
  if (auto caveat = shortest_trace_caveat(r); !caveat.empty()) out << "note: " << caveat << "\n";
  out << "runs: " << sim.runs << " of " << sim.options.runs << " (up to " << sim.options.depth
      << " steps each, seed " << sim.options.seed << ")\n";
  out << "steps: " << sim.steps << "\n";
  out << "longest run: " << s.depth << " steps\n";
  out << "distinct states seen: " << s.distinct_states << "\n";
  out << "steps/s: " << format("%.0f", s.states_per_s) << "\n";
  out << "wall time: " << format("%.2f", s.wall_s) << " s\n";
  out << "peak memory: " << format("%.1f", s.peak_rss_bytes / (1024.0 * 1024.0)) << " MiB\n";
  out << "workers: " << s.workers << "\n";
  write_goal_lines(out, r, "step");
}

}  // namespace

void write_summary(std::ostream& out, const CheckResult& r,
                   const std::optional<std::string>& witness_goal) {
  if (r.simulation) return write_simulation_summary(out, r);
  const Stats& s = r.stats;
  out << verdict_line(r, witness_goal) << "\n";
  if (auto caveat = shortest_trace_caveat(r); !caveat.empty()) out << "note: " << caveat << "\n";
  out << "distinct states: " << s.distinct_states << "\n";
  out << "generated states: " << s.generated_states << "\n";
  out << "depth: " << s.depth << "\n";
  out << "states/s: " << format("%.0f", s.states_per_s) << "\n";
  out << "wall time: " << format("%.2f", s.wall_s) << " s\n";
  out << "peak memory: " << format("%.1f", s.peak_rss_bytes / (1024.0 * 1024.0)) << " MiB\n";
  if (s.frontier_spilled_bytes)
    out << "frontier spilled to disk: "
        << format("%.1f", s.frontier_spilled_bytes / (1024.0 * 1024.0)) << " MiB written\n";
  out << "workers: " << s.workers << "\n";
  if (s.strategy == SearchStrategy::Dfs) out << "search: depth-first (one worker)\n";
  if (s.bitstate_log2_bits)
    out << bitstate_store_line(s) << "\n";
  else if (s.store == StoreMode::Exact)
    out << "store: exact\n";
  else
    out << "store: fingerprint, " << s.fingerprint_bits << " bits (collision probability ~ "
        << format("%.1e", s.collision_probability) << ")\n";
  if (!s.symmetry.empty())
    out << "symmetry: " << s.symmetry << "; distinct states are symmetry classes\n";
  if (!s.sweep.empty())
    out << "sweep: each level forgotten once explored (graded progress measure: " << s.sweep
        << ")\n";
  write_goal_lines(out, r, "depth");
  if (s.frontier > 0) out << "frontier left unexplored: " << s.frontier << " states\n";
  if (const auto& c = r.checkpoint) {
    if (c->resumed) out << "resumed from a checkpoint at depth " << c->resumed_depth << "\n";
    if (c->written > 0)
      out << "checkpoints: " << c->written << " written to " << c->dir << " in "
          << format("%.2f", c->seconds) << " s, the last at depth " << c->depth << " ("
          << c->distinct << " states)\n";
    if (c->written > 0 && r.verdict == Verdict::Interrupted)
      out << "continue with: --resume " << c->dir << " (the same spec and settings)\n";
  }
}

}  // namespace faultline
