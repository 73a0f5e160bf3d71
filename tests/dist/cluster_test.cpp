// Tests of dist::Cluster: fault budgets, which deliveries crashes and partitions block,
// reset callbacks on crash and amnesia restart, enumeration order and action labels.
#include "dist/cluster.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "core/params.hpp"
#include "tests/dist/test_cluster.hpp"

namespace faultline::dist {
namespace {

using test::Ping;
using C = test::TestCluster;
using test::no_reset;

std::vector<Action> faults(const C& c, const C::State& s) {
  std::vector<Action> out;
  c.fault_actions(s, out);
  return out;
}

size_t count_kind(const std::vector<Action>& as, ActionKind k) {
  size_t n = 0;
  for (const auto& a : as) n += a.kind == k;
  return n;
}

TEST(ClusterTest, NoBudgetNoFaults) {
  C c = test::make_test_cluster({});
  auto s = c.initial();
  s.net.send(0, 1, Ping{1});
  EXPECT_TRUE(faults(c, s).empty());
}

TEST(ClusterTest, DropAndDuplicateSpendTheirBudget) {
  C c = test::make_test_cluster({.drop = 1, .duplicate = 1});
  auto s = c.initial();
  s.net.send(0, 1, Ping{1});
  s.net.send(0, 2, Ping{1});
  auto as = faults(c, s);
  EXPECT_EQ(count_kind(as, ActionKind::Drop), 2u);
  EXPECT_EQ(count_kind(as, ActionKind::Duplicate), 2u);
  c.apply_fault(s, {ActionKind::Drop, 0, 0, 1}, no_reset);
  EXPECT_EQ(s.budget.drop, 0);
  EXPECT_EQ(s.net.total(), 1u);
  EXPECT_EQ(s.net[0].env.dst, 1);
  as = faults(c, s);
  EXPECT_EQ(count_kind(as, ActionKind::Drop), 0u);
  c.apply_fault(s, {ActionKind::Duplicate, 0, 0, 0}, no_reset);
  EXPECT_EQ(s.net.total(), 2u);
  EXPECT_TRUE(faults(c, s).empty());
}

TEST(ClusterTest, CrashBlocksDeliveryAndResetsVolatileState) {
  C c = test::make_test_cluster({.crash = 1}, NodeSet::range(2, 1));  // a3 is amnesiac
  auto s = c.initial();
  s.net.send(0, 1, Ping{1});
  std::vector<std::pair<NodeId, ResetScope>> resets;
  auto record = [&](NodeId n, ResetScope r) { resets.push_back({n, r}); };
  auto as = faults(c, s);
  EXPECT_EQ(count_kind(as, ActionKind::Crash), 3u);
  c.apply_fault(s, {ActionKind::Crash, 1, 0, 0}, record);
  EXPECT_FALSE(s.up(1));
  EXPECT_EQ(s.budget.crash, 0);
  ASSERT_EQ(resets.size(), 1u);
  EXPECT_EQ(resets[0], (std::pair<NodeId, ResetScope>{1, ResetScope::Volatile}));
  EXPECT_FALSE(c.deliverable(s, 0));  // a2 is down: the message waits
  as = faults(c, s);
  EXPECT_EQ(count_kind(as, ActionKind::Crash), 0u);
  ASSERT_EQ(count_kind(as, ActionKind::Restart), 1u);
  EXPECT_EQ(c.label(s, as[0]), "restart a2");
  c.apply_fault(s, as[0], record);
  EXPECT_TRUE(s.up(1));
  EXPECT_EQ(resets.size(), 1u);  // not amnesiac: persistent state kept
  EXPECT_TRUE(c.deliverable(s, 0));

  auto t = c.initial();
  c.apply_fault(t, {ActionKind::Crash, 2, 0, 0}, record);
  EXPECT_EQ(c.label(t, {ActionKind::Restart, 2, 0, 0}), "restart a3 (state lost)");
  c.apply_fault(t, {ActionKind::Restart, 2, 0, 0}, record);
  ASSERT_EQ(resets.size(), 3u);
  EXPECT_EQ(resets[2], (std::pair<NodeId, ResetScope>{2, ResetScope::Persistent}));
}

TEST(ClusterTest, PartitionsEnumerateEachSplitOnceAndBlockTheCut) {
  C c = test::make_test_cluster({.partition = 1});
  auto s = c.initial();
  s.net.send(0, 1, Ping{1});
  s.net.send(1, 2, Ping{1});
  auto as = faults(c, s);
  ASSERT_EQ(count_kind(as, ActionKind::Partition), 3u);  // 2^(3-1) - 1 splits
  EXPECT_EQ(c.label(s, as[0]), "partition {a2}|{a1,a3}");
  EXPECT_EQ(c.label(s, as[1]), "partition {a3}|{a1,a2}");
  EXPECT_EQ(c.label(s, as[2]), "partition {a1}|{a2,a3}");
  c.apply_fault(s, as[2], no_reset);  // {a1} | {a2,a3}
  EXPECT_TRUE(s.partitioned());
  EXPECT_FALSE(c.deliverable(s, 0));  // a1 -> a2 crosses the cut
  EXPECT_TRUE(c.deliverable(s, 1));   // a2 -> a3 does not
  as = faults(c, s);
  ASSERT_EQ(as.size(), 1u);
  EXPECT_EQ(c.label(s, as[0]), "heal");
  c.apply_fault(s, as[0], no_reset);
  EXPECT_TRUE(c.deliverable(s, 0));
  EXPECT_TRUE(faults(c, s).empty());  // budget spent
}

TEST(ClusterTest, DeliverAndDropLabels) {
  C c = test::make_test_cluster({.drop = 1});
  auto s = c.initial();
  s.net.send(0, 2, Ping{4});
  std::vector<Action> as;
  c.deliver_actions(s, as);
  c.fault_actions(s, as);
  ASSERT_EQ(as.size(), 2u);
  EXPECT_EQ(c.label(s, as[0]), "deliver Ping(4) a1->a3");
  EXPECT_EQ(c.label(s, as[1]), "drop Ping(4) a1->a3");
  EXPECT_EQ(c.take_delivery(s, as[0]), (Envelope<Ping>{0, 2, Ping{4}}));
}

// A FIFO channel holding the same message twice, not adjacent: dropping the first or the
// second copy are different steps, so their labels differ.
TEST(ClusterTest, FifoCopiesOfOneMessageHaveDistinctLabels) {
  ClusterConfig cc;
  cc.names = make_node_names({{"a", 3}});
  cc.mode = NetworkMode::Fifo;
  cc.budget = {.drop = 1, .duplicate = 1};
  C c(cc);
  auto s = c.initial();
  s.net.send(0, 2, Ping{4});
  s.net.send(0, 2, Ping{5});
  s.net.send(0, 2, Ping{4});
  std::vector<Action> as;
  c.fault_actions(s, as);
  std::vector<std::string> drops;
  for (const auto& a : as)
    if (a.kind == ActionKind::Drop) drops.push_back(c.label(s, a));
  EXPECT_EQ(drops, (std::vector<std::string>{"drop Ping(4) a1->a3", "drop Ping(5) a1->a3",
                                             "drop Ping(4) a1->a3 (copy 2)"}));
}

TEST(ClusterTest, StateEncodingRoundTrips) {
  C c = test::make_test_cluster({.drop = 2, .crash = 1, .partition = 1});
  auto s = c.initial();
  s.net.send(0, 2, Ping{4});
  c.apply_fault(s, {ActionKind::Crash, 1, 0, 0}, no_reset);
  c.apply_fault(s, {ActionKind::Partition, 0, 0, 0b100}, no_reset);
  ByteSink sink;
  s.encode(sink);
  ByteSource src(sink.view());
  auto back = C::State::decode(src, NetworkMode::Multiset);
  EXPECT_TRUE(src.done());
  EXPECT_EQ(back, s);
}

TEST(ClusterTest, FaultParamsAreDeclaredInTheFaultsSection) {
  auto specs = fault_param_specs();
  ASSERT_EQ(specs.size(), 4u);
  for (const auto& p : specs) EXPECT_EQ(p.section, "faults");
  auto values = ParamValues::resolve(specs, {{"drop", "2"}, {"crash", "1"}}, "test");
  FaultBudget b = budget_from_params(values);
  EXPECT_EQ(b, (FaultBudget{.drop = 2, .duplicate = 0, .crash = 1, .partition = 0}));
}

}  // namespace
}  // namespace faultline::dist
