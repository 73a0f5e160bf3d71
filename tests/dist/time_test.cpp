// Tests of dist::Clocks (true time, drifting clocks, pauses) and dist::TimedCluster: hand-counted
// reachable state spaces, the drift bound, pause length and budget, busy nodes holding ticks
// back, deliveries held for paused nodes, and labels.
#include "dist/time.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dist/timed_cluster.hpp"
#include "tests/dist/test_message.hpp"
#include "testing/model_contracts.hpp"
#include "trace/check_model.hpp"

namespace faultline::dist {
namespace {

// Time alone as a model: states are TimeStates, actions the time actions.
class TimeOnly {
 public:
  using State = TimeState;
  using Action = dist::Action;
  explicit TimeOnly(TimeConfig c) : clocks_(c) {}
  std::vector<State> initial_states() const { return {clocks_.initial()}; }
  void actions(const State& s, std::vector<Action>& out) const {
    clocks_.actions(s, {}, {}, out);
  }
  std::optional<State> next_state(const State& s, const Action& a) const {
    State n = s;
    clocks_.apply(n, a);
    return n;
  }
  std::string action_label(const State& s, const Action& a) const {
    return clocks_.label(s, a, names_);
  }
  void encode(const State& s, ByteSink& out) const { s.encode(out); }
  State decode(ByteSource& in) const { return TimeState::decode(in, clocks_.config().nodes); }
  void describe(const State& s, FieldWriter& w) const {
    s.describe(w, names_, clocks_.config().clocked);
  }
  const PropertySet<State>& properties() const { return props_; }

 private:
  Clocks clocks_;
  NodeNames names_ = make_node_names({{"n", 3}});
  PropertySet<State> props_;
};

TimeConfig config(unsigned nodes, uint8_t horizon, uint8_t drift) {
  TimeConfig c;
  c.nodes = nodes;
  c.horizon = horizon;
  c.drift = drift;
  c.clocked = NodeSet::range(0, nodes);
  return c;
}

TEST(TimeTest, DriftingClocksReachEveryOffsetAtEveryTime) {
  // now in 0..2, each of the two clocks 0 or 1 tick ahead: 3 * 2 * 2 = 12 states, all
  // reachable (a clock jumps ahead at any time and lags during any tick).
  TimeOnly m(config(2, 2, 1));
  EXPECT_EQ(check_model(m, testing_support::workers(1)).stats.distinct_states, 12u);
  // Drift 0: the clocks read true time, so only now varies: 3 states.
  EXPECT_EQ(check_model(TimeOnly(config(2, 2, 0)), testing_support::workers(1))
                .stats.distinct_states,
            3u);
}

TEST(TimeTest, ClocksStayWithinTheDriftBoundAndNeverGoBack) {
  TimeOnly m(config(3, 4, 2));
  testing_support::explore_all(m, [&](const TimeState& s) {
    std::vector<Action> as;
    m.actions(s, as);
    for (unsigned n = 0; n < 3; ++n) ASSERT_LE(s.ahead[n], 2);
    for (const auto& a : as) {
      TimeState t = *m.next_state(s, a);
      for (unsigned n = 0; n < 3; ++n) {
        const auto id = static_cast<NodeId>(n);
        EXPECT_GE(t.clock(id), s.clock(id));  // monotonic
        EXPECT_LE(t.clock(id), t.now + 2u);
        EXPECT_GE(t.clock(id), t.now);
      }
    }
  });
}

TEST(TimeTest, PausesLastAtMostPauseTicks) {
  // One pausable node, budget 1, pauses of up to 2 ticks, horizon 2, no drift. States by
  // (budget left, ticks left in the pause): (1, 0) at now 0, 1, 2: 3; (0, 2) just paused, at
  // any now: 3; (0, 1) one tick into the pause, now 1 or 2: 2; (0, 0) resumed, now 0, 1, 2: 3.
  TimeConfig c = config(1, 2, 0);
  c.pausable = NodeSet::range(0, 1);
  c.pauses = 1;
  c.pause_ticks = 2;
  EXPECT_EQ(check_model(TimeOnly(c), testing_support::workers(1)).stats.distinct_states, 11u);

  TimeOnly m(c);
  TimeState s = testing_support::after(m, {"pause n1 (up to 2 ticks)", "tick t=1"});
  EXPECT_TRUE(s.paused(0));
  EXPECT_EQ(s.pauses, 0);
  s = testing_support::after(m, {"pause n1 (up to 2 ticks)", "tick t=1", "tick t=2"});
  EXPECT_FALSE(s.paused(0));  // resumed by itself at the end of the longest pause
  s = testing_support::after(m, {"pause n1 (up to 2 ticks)", "resume n1"});
  EXPECT_FALSE(s.paused(0));
}

TEST(TimeTest, TickLabelsAndLagMasks) {
  TimeOnly m(config(2, 3, 1));
  TimeState s = testing_support::after(
      m, {"clock of n1 jumps ahead (reads 1 at t=0)", "clock of n2 jumps ahead (reads 1 at t=0)"});
  std::vector<Action> as;
  m.actions(s, as);
  std::vector<std::string> labels;
  for (const auto& a : as) labels.push_back(m.action_label(s, a));
  const std::vector<std::string> want = {"tick t=1", "tick t=1 (clock of n1 lags)",
                                         "tick t=1 (clock of n2 lags)",
                                         "tick t=1 (clocks of n1, n2 lag)"};
  EXPECT_EQ(labels, want);  // both clocks at the bound: no jump ahead is enabled
  TimeState t = testing_support::after(m, {"clock of n1 jumps ahead (reads 1 at t=0)",
                                           "clock of n2 jumps ahead (reads 1 at t=0)",
                                           "tick t=1 (clocks of n1, n2 lag)"});
  EXPECT_EQ(t.now, 1);
  EXPECT_EQ(t.clock(0), 1u);
  EXPECT_EQ(t.clock(1), 1u);
}

TEST(TimeTest, BusyNodesHoldTicksBackUnlessPausedOrDown) {
  TimeConfig c = config(2, 3, 0);
  c.pausable = NodeSet::range(0, 2);
  c.pauses = 1;
  Clocks clocks(c);
  TimeState t = clocks.initial();
  auto ticks = [&](NodeSet busy, NodeSet down) {
    std::vector<Action> as;
    clocks.actions(t, busy, down, as);
    size_t n = 0;
    for (const auto& a : as) n += a.kind == ActionKind::Tick;
    return n;
  };
  EXPECT_EQ(ticks({}, {}), 1u);
  EXPECT_EQ(ticks(NodeSet(1), {}), 0u);
  EXPECT_EQ(ticks(NodeSet(1), NodeSet(1)), 1u);
  clocks.apply(t, {ActionKind::Pause, 0, 0, 0});
  EXPECT_EQ(ticks(NodeSet(1), {}), 1u);
  t.now = 3;
  EXPECT_EQ(ticks({}, {}), 0u);  // the horizon
}

TEST(TimeTest, TimedClusterHoldsDeliveriesToPausedNodesAndCrashEndsAPause) {
  ClusterConfig cc;
  cc.names = make_node_names({{"n", 2}});
  cc.budget.crash = 1;
  TimeConfig tc = config(2, 2, 0);
  tc.pausable = NodeSet::range(0, 2);
  tc.pauses = 1;
  TimedCluster<test::Ping> tcl(cc, tc);
  auto e = tcl.initial();
  e.net.net.send(0, 1, test::Ping{1});
  auto deliveries = [&] {
    std::vector<Action> as;
    tcl.env_actions(e, {}, as);
    size_t n = 0;
    for (const auto& a : as) n += a.kind == ActionKind::Deliver;
    return n;
  };
  EXPECT_EQ(deliveries(), 1u);
  tcl.apply_env(e, {ActionKind::Pause, 1, 0, 0}, [](NodeId, ResetScope) {});
  EXPECT_FALSE(e.running(1));
  EXPECT_EQ(deliveries(), 0u);
  EXPECT_EQ(tcl.label(e, {ActionKind::Resume, 1, 0, 0}), "resume n2");
  tcl.apply_env(e, {ActionKind::Crash, 1, 0, 0}, [](NodeId, ResetScope) {});
  EXPECT_FALSE(e.time.paused(1));
  tcl.apply_env(e, {ActionKind::Restart, 1, 0, 0}, [](NodeId, ResetScope) {});
  EXPECT_TRUE(e.running(1));
  EXPECT_EQ(deliveries(), 1u);
}

TEST(TimeTest, TimeParametersAndTheMarginRule) {
  const auto specs = time_param_specs(6, 1);
  ASSERT_EQ(specs.size(), 4u);
  EXPECT_EQ(specs[0].name, "horizon");
  EXPECT_EQ(specs[0].section, "params");
  for (size_t k = 1; k < specs.size(); ++k) EXPECT_EQ(specs[k].section, "faults");
  auto v = ParamValues::resolve(specs, {{"drift", "2"}, {"pause", "1"}, {"pause_ticks", "3"}}, "x");
  TimeConfig c = time_config_from_params(v);
  EXPECT_EQ(c.horizon, 6);
  EXPECT_EQ(c.drift, 2);
  EXPECT_EQ(c.pauses, 1);
  EXPECT_EQ(c.pause_ticks, 3);
  EXPECT_THROW(ParamValues::resolve(specs, {{"pause_ticks", "0"}}, "x"), SpecError);
  EXPECT_NO_THROW(check_lease_margin(2, 3));
  EXPECT_THROW(check_lease_margin(3, 3), SpecError);
}

}  // namespace
}  // namespace faultline::dist
