// Time for message-passing models: true time in ticks up to a horizon, one clock per node that
// drifts from true time within a bound, and process pauses (a GC pause, a VM freeze) bounded
// by a budget. Nodes decide by their own clock; properties judge by true time.
//
// Semantics (TimeState; actions enumerated and applied by Clocks):
//  - True time `now` runs 0..horizon. "tick": now + 1, only while now < horizon and no busy
//    node (one in the middle of an instantaneous step, see busy in Clocks::actions) is running.
//    Local computation and message handling take no time; time passes only at ticks.
//    Unbounded time (`unbounded`, params.horizon = 0): no last time. The state space is then
//    infinite unless the model declares time interval-symmetric (src/core/interval.hpp) and
//    the search shifts it (true time, clocks and every timestamp by the same amount). True
//    time is 16 bits (encoded as a varint: one byte below 128, so bounded models encode as
//    they did with a byte), and ticks stop at kUnboundedTimeCap all the same, far beyond
//    anything a shifted search meets (its canonical states keep true time within a few lease
//    durations of 0) or a trace maps back to (one tick a step: a depth-first trace of
//    thousands of steps replays from true time 0).
//  - Clocks. A node's clock reads now + ahead, with 0 <= ahead <= drift: it never reads
//    behind true time and never more than `drift` ticks ahead of it, and it never goes
//    backwards. Hence the drift bound: over any interval, the time a clock measures differs
//    from the true time that passed by at most `drift` ticks (either way), and two clocks
//    measuring the same interval differ by at most 2 * drift. A clock drifts in two ways:
//    "clock of n1 jumps ahead" (ahead + 1, no true time passes) and, during a tick, "clock of
//    n1 lags" (the tick does not advance it: ahead - 1). A tick names the set of lagging
//    clocks in its argument (a bit mask over nodes). Only nodes in `clocked` drift; with
//    drift 0 every clock reads true time and none of these choices exist.
//  - Pauses. "pause n1" (one unit of the pause budget) stops a running, up node for at most
//    `pause_ticks` ticks: it takes no steps and receives no messages (they wait in the
//    network), but its clock keeps running; it resumes with everything it knew before, either
//    by "resume n1" at any point or by itself at the tick that ends the longest pause. A
//    crash ends a pause (the model calls end_pause from its crash callback).
// Enumeration order: tick actions (lag masks in increasing order), jump-ahead (by node),
// pause (by node), resume (by node).
#pragma once
#include <cassert>
#include <cstdint>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "core/errors.hpp"
#include "core/fields.hpp"
#include "core/interval.hpp"
#include "core/model_card.hpp"
#include "core/params.hpp"
#include "core/reflect.hpp"
#include "dist/cluster.hpp"
#include "dist/node_set.hpp"

namespace faultline::dist {

// Unbounded time's last tick (see above): time values, true time plus at most a lease
// duration and the drift, stay within 16 bits.
inline constexpr uint16_t kUnboundedTimeCap = 65000;

// A clock reading or deadline kept in a protocol's state or messages ("lease ends at",
// "request sent at"): a number of ticks that the actor layer shifts when it declares time
// interval-symmetric (src/dist/actor_model.hpp). Converts to and from unsigned, so protocols
// compute with it as with a number; a plain integer field would not be shifted.
struct Time {
  uint16_t ticks = 0;
  constexpr Time() = default;
  constexpr Time(unsigned t) : ticks(static_cast<uint16_t>(t)) {}  // NOLINT: implicit
  constexpr operator unsigned() const { return ticks; }            // compares as a number
};

// As a FAULTLINE_FIELDS field: a varint (one byte below 128), printed as the number.
inline void faultline_encode(ByteSink& out, Time t) { out.varint(t.ticks); }
constexpr size_t faultline_max_encoded_size(const Time*) { return reflect::varint_max(16); }
inline void faultline_encode_raw(char*& p, Time t) { reflect::raw_varint(p, t.ticks); }
inline void faultline_decode(ByteSource& in, Time& t) { t.ticks = reflect::decoded<uint16_t>(in); }
inline void faultline_format(std::string& out, Time t, const FormatContext&) {
  out += std::to_string(t.ticks);
}

struct TimeConfig {
  unsigned nodes = 1;
  uint8_t horizon = 4;      // the last true time
  bool unbounded = false;   // no last true time (horizon ignored; see kUnboundedTimeCap)
  uint8_t drift = 0;        // how far ahead of true time a clock may read
  NodeSet clocked;          // nodes whose clocks drift (others read true time)
  NodeSet pausable;         // nodes that may pause
  uint8_t pauses = 0;       // pause budget
  uint8_t pause_ticks = 1;  // the longest pause, in ticks
};

struct TimeState {
  uint16_t now = 0;                 // true time
  uint8_t pauses = 0;               // pause budget left
  std::vector<uint8_t> ahead;       // per node: clock reading minus true time, 0..drift
  std::vector<uint8_t> pause_left;  // per node: ticks until a paused node resumes; 0: running
  bool operator==(const TimeState&) const = default;

  unsigned clock(NodeId n) const { return now + ahead[n]; }
  bool paused(NodeId n) const { return pause_left[n] != 0; }
  NodeSet paused_nodes() const {
    NodeSet s;
    for (size_t i = 0; i < pause_left.size(); ++i)
      if (pause_left[i]) s.insert(static_cast<NodeId>(i));
    return s;
  }
  void end_pause(NodeId n) { pause_left[n] = 0; }
  // The state with every node n renamed p[n] (symmetry reduction, src/core/symmetry.hpp).
  TimeState permuted(const std::vector<uint8_t>& p) const {
    TimeState out = *this;
    for (size_t n = 0; n < ahead.size(); ++n) {
      out.ahead[p[n]] = ahead[n];
      out.pause_left[p[n]] = pause_left[n];
    }
    return out;
  }

  void encode(ByteSink& out) const {
    out.varint(now);
    out.u8(pauses);
    for (uint8_t a : ahead) out.u8(a);
    for (uint8_t p : pause_left) out.u8(p);
  }
  static TimeState decode(ByteSource& in, unsigned nodes) {
    TimeState t;
    t.now = static_cast<uint16_t>(in.varint());
    t.pauses = in.u8();
    t.ahead.resize(nodes);
    t.pause_left.resize(nodes);
    for (auto& a : t.ahead) a = in.u8();
    for (auto& p : t.pause_left) p = in.u8();
    return t;
  }
  // "true time" = "3", "clocks" = "g=3 c1=4 c2=3" (the drifting clocks; others read true
  // time), "paused" = "c1 (2 ticks left)" (only while some node is paused), "pauses left".
  void describe(FieldWriter& w, const NodeNames& names, NodeSet clocked) const {
    w.field("true time", now);
    std::string clocks;
    clocked.for_each([&](NodeId n) {
      clocks += (clocks.empty() ? "" : " ") + names[n] + "=" + std::to_string(clock(n));
    });
    if (!clocks.empty()) w.field("clocks", clocks);
    std::string p;
    for (size_t i = 0; i < pause_left.size(); ++i)
      if (pause_left[i])
        p += (p.empty() ? "" : ", ") + names[i] + " (" + std::to_string(pause_left[i]) +
             (pause_left[i] == 1 ? " tick left)" : " ticks left)");
    if (!p.empty()) w.field("paused", p);
    w.field("pauses left", pauses);
  }
};

class Clocks {
 public:
  Clocks() = default;
  explicit Clocks(TimeConfig config) : config_(config) {
    assert(config_.pause_ticks >= 1);
    if (config_.drift == 0) config_.clocked = NodeSet();
  }
  const TimeConfig& config() const { return config_; }

  TimeState initial() const {
    TimeState t;
    t.pauses = config_.pauses;
    t.ahead.assign(config_.nodes, 0);
    t.pause_left.assign(config_.nodes, 0);
    return t;
  }

  static bool is_time_action(ActionKind k) {
    return k == ActionKind::Tick || k == ActionKind::ClockAhead || k == ActionKind::Pause ||
           k == ActionKind::Resume;
  }

  // Appends the time actions. busy: nodes in the middle of an instantaneous step; a tick
  // waits until each of them has finished, is paused or is down (`down`).
  void actions(const TimeState& t, NodeSet busy, NodeSet down, std::vector<Action>& out) const {
    const unsigned last = config_.unbounded ? kUnboundedTimeCap : config_.horizon;
    if (t.now < last && busy.minus(t.paused_nodes()).minus(down).empty()) {
      // Every subset of the clocks that may lag (those ahead of true time), smallest first.
      NodeSet laggable;
      config_.clocked.for_each([&](NodeId n) {
        if (t.ahead[n] > 0) laggable.insert(n);
      });
      std::vector<uint32_t> masks;
      for (uint32_t m = laggable.bits();; m = (m - 1) & laggable.bits()) {
        masks.push_back(m);
        if (m == 0) break;
      }
      for (auto it = masks.rbegin(); it != masks.rend(); ++it)
        out.push_back({ActionKind::Tick, 0, 0, *it});
    }
    config_.clocked.for_each([&](NodeId n) {
      if (t.ahead[n] < config_.drift) out.push_back({ActionKind::ClockAhead, n, 0, 0});
    });
    if (t.pauses > 0)
      config_.pausable.minus(down).for_each([&](NodeId n) {
        if (!t.paused(n)) out.push_back({ActionKind::Pause, n, 0, 0});
      });
    for (unsigned n = 0; n < config_.nodes; ++n)
      if (t.pause_left[n]) out.push_back({ActionKind::Resume, static_cast<NodeId>(n), 0, 0});
  }

  void apply(TimeState& t, const Action& a) const {
    switch (a.kind) {
      case ActionKind::Tick:
        ++t.now;
        NodeSet(a.arg).for_each([&](NodeId n) { --t.ahead[n]; });
        for (auto& p : t.pause_left)
          if (p) --p;
        break;
      case ActionKind::ClockAhead:
        ++t.ahead[a.node];
        break;
      case ActionKind::Pause:
        --t.pauses;
        t.pause_left[a.node] = config_.pause_ticks;
        break;
      case ActionKind::Resume:
        t.pause_left[a.node] = 0;
        break;
      default:
        assert(false && "Clocks::apply: not a time action");
    }
  }

  // "tick t=3", "tick t=3 (clock of c1 lags)", "clock of c2 jumps ahead (reads 4 at t=3)",
  // "pause c1 (up to 2 ticks)", "resume c1".
  std::string label(const TimeState& t, const Action& a, const NodeNames& names) const {
    switch (a.kind) {
      case ActionKind::Tick: {
        std::string s = "tick t=" + std::to_string(t.now + 1);
        if (a.arg) {
          std::string who;
          NodeSet(a.arg).for_each(
              [&](NodeId n) { who += (who.empty() ? "" : ", ") + names[n]; });
          s += NodeSet(a.arg).size() == 1 ? " (clock of " + who + " lags)"
                                          : " (clocks of " + who + " lag)";
        }
        return s;
      }
      case ActionKind::ClockAhead:
        return "clock of " + names[a.node] + " jumps ahead (reads " +
               std::to_string(t.clock(a.node) + 1) + " at t=" + std::to_string(t.now) + ")";
      case ActionKind::Pause:
        return "pause " + names[a.node] + " (up to " + std::to_string(config_.pause_ticks) +
               (config_.pause_ticks == 1 ? " tick)" : " ticks)");
      case ActionKind::Resume:
        return "resume " + names[a.node];
      default:
        return "?";
    }
  }

 private:
  TimeConfig config_;
};

inline constexpr int64_t kMaxHorizon = 24;
inline constexpr int64_t kMaxDrift = 4;

// The time keys: "horizon" (params) and "drift", "pause", "pause_ticks" (faults), with the
// model's defaults. With `unbounded`, horizon = 0 is accepted and means unbounded time (for
// models that declare time interval-symmetric).
inline std::vector<ParamSpec> time_param_specs(int64_t horizon, int64_t drift,
                                               bool unbounded = false) {
  return {
      unbounded ? ParamSpec::integer("horizon", horizon, 0, kMaxHorizon,
                                     "the last true time: time advances in ticks 0..horizon; 0: "
                                     "unbounded (no last time: needs engine.symmetry = on, "
                                     "which shifts time, or bounds.max_depth)")
                : ParamSpec::integer("horizon", horizon, 1, kMaxHorizon,
                                     "the last true time: time advances in ticks 0..horizon"),
      ParamSpec::integer("drift", drift, 0, kMaxDrift,
                         "clock drift bound: a clock reads between true time and drift ticks "
                         "ahead of it, so it mismeasures any interval by at most drift ticks",
                         "faults"),
      ParamSpec::integer("pause", 0, 0, kMaxFaultBudget,
                         "process pauses (GC pause, VM freeze): a paused node takes no steps "
                         "and receives no messages, while its clock keeps running",
                         "faults"),
      ParamSpec::integer("pause_ticks", 1, 1, 8, "the longest pause, in ticks of true time",
                         "faults"),
  };
}

// A timed model's interval declaration of time (src/core/interval.hpp): only with unbounded
// time (a horizon is an absolute cap), `what` listing the values shifted for the summary.
inline std::vector<IntervalDecl> time_interval(const TimeConfig& time, const std::string& what) {
  if (!time.unbounded) return {};
  return {{"time", "time shifted to start at 0 (" + what + ")",
           "params.horizon = 0 (unbounded time)"}};
}

// Throws SpecError unless a lease holder's safety margin is below the lease duration (else
// the holder could never use its lease). `when` qualifies the rule, e.g. " while leases are on".
inline void check_lease_margin(int64_t margin, int64_t duration, const std::string& when = "") {
  if (margin >= duration)
    throw SpecError("params.margin = " + std::to_string(margin) + ": must be below params.duration (" +
                    std::to_string(duration) + ")" + when);
}

// A TimeConfig's bounds from validated values (nodes, clocked and pausable are the model's).
inline TimeConfig time_config_from_params(const ParamValues& v) {
  TimeConfig t;
  t.horizon = static_cast<uint8_t>(v.get_int("horizon"));
  t.unbounded = t.horizon == 0;  // accepted only where time_param_specs allowed it
  t.drift = static_cast<uint8_t>(v.get_int("drift"));
  t.pauses = static_cast<uint8_t>(v.get_int("pause"));
  t.pause_ticks = static_cast<uint8_t>(v.get_int("pause_ticks"));
  return t;
}

// The time keys (time_param_specs) bound to a configuration's TimeConfig field.
template <class Config>
ConfigParam<Config> time_params(TimeConfig Config::*field, int64_t horizon, int64_t drift,
                                bool unbounded = false) {
  return {time_param_specs(horizon, drift, unbounded),
          [field](Config& c, const ParamValues& v) { c.*field = time_config_from_params(v); }};
}

}  // namespace faultline::dist
