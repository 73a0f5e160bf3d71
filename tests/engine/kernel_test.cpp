// The expansion kernel (src/engine/kernel.hpp) and the observers every engine gets through it:
// successors in action order with their indices, property checks as data, coverage, and
// determinism sampling in BFS, DFS and random walks alike.
#include <gtest/gtest.h>

#include "engine/kernel.hpp"
#include "trace/check_model.hpp"

namespace faultline {
namespace {

// A binary tree over 0..last: "left" and "right" go from v to 2v+1 and 2v+2, "stay" leads
// nowhere (no transition), "wrap" goes back to 0 from a leaf. Invariant: below `bad`; step
// property: down the tree or back to the root. With `shuffled`, a hidden counter reverses the
// order of its actions on every other call (the determinism contract broken).
class Tree {
 public:
  struct State {
    uint32_t v = 0;
  };
  enum class Action { Left, Stay, Right, Wrap };
  Tree(uint32_t last, uint32_t bad, bool shuffled = false) : last_(last), shuffled_(shuffled) {
    props_.invariants.push_back({"Below", "v < bad", [bad](const State& s) { return s.v < bad; },
                                 [](const State& s) { return "v = " + std::to_string(s.v); }});
    props_.steps.push_back(
        {"DownOrRoot", "v goes down the tree, or back to 0",
         [](const State& a, const State& b) {
           return b.v == 2 * a.v + 1 || b.v == 2 * a.v + 2 || b.v == 0;
         },
         [](const State&, const State&) { return std::string("jumped"); }});
    props_.goals.push_back({"Last", "v = last", [last](const State& s) { return s.v == last; }});
  }
  std::vector<State> initial_states() const { return {State{}}; }
  void actions(const State&, std::vector<Action>& out) const {
    if (shuffled_ && ++calls_ % 2) {
      out.insert(out.end(), {Action::Wrap, Action::Right, Action::Stay, Action::Left});
      return;
    }
    out.insert(out.end(), {Action::Left, Action::Stay, Action::Right, Action::Wrap});
  }
  std::optional<State> next_state(const State& s, Action a) const {
    const bool leaf = 2 * s.v + 1 > last_;
    if (a == Action::Left && !leaf) return State{2 * s.v + 1};
    if (a == Action::Right && 2 * s.v + 2 <= last_) return State{2 * s.v + 2};
    if (a == Action::Wrap && leaf) return State{0};
    return std::nullopt;
  }
  std::string action_label(const State&, Action a) const {
    const char* names[] = {"left", "stay", "right", "wrap"};
    return names[static_cast<int>(a)];
  }
  void encode(const State& s, ByteSink& out) const { out.u32(s.v); }
  State decode(ByteSource& in) const { return State{in.u32()}; }
  void describe(const State& s, FieldWriter& w) const { w.field("v", s.v); }
  const PropertySet<State>& properties() const { return props_; }

 private:
  uint32_t last_;
  bool shuffled_;
  mutable uint64_t calls_ = 0;
  PropertySet<State> props_;
};

TEST(Kernel, SuccessorsComeInActionOrderWithTheirIndices) {
  const Tree tree(6, 100);
  Kernel<Tree> kernel(tree, /*coverage=*/true);
  std::vector<Tree::Action> scratch;
  std::vector<std::pair<uint32_t, uint32_t>> seen;  // (action index, successor)
  kernel.for_each_successor(Tree::State{1}, scratch, [&](uint32_t k, Tree::Action, auto&& s) {
    seen.emplace_back(k, s.v);
  });
  EXPECT_EQ(seen, (std::vector<std::pair<uint32_t, uint32_t>>{{0, 3}, {2, 4}}));
  EXPECT_EQ(kernel.successor_by_index(Tree::State{3}, 3, scratch)->v, 0u);  // a leaf wraps
  EXPECT_FALSE(kernel.successor_by_index(Tree::State{3}, 0, scratch));  // a leaf has no left
  EXPECT_FALSE(kernel.successor_by_index(Tree::State{1}, 1, scratch));  // "stay": nowhere
  EXPECT_FALSE(kernel.successor_by_index(Tree::State{1}, 4, scratch));  // no 5th action
  // Coverage counts the transitions taken, not the actions tried.
  const auto counts = kernel.kinds().counts(tree);
  uint64_t total = 0;
  for (const auto& c : counts) total += c.count;
  EXPECT_EQ(total, 3u);
}

TEST(Kernel, PropertyChecksReturnFindingsAsData) {
  const Tree tree(5, 2);
  Kernel<Tree> kernel(tree);
  EXPECT_FALSE(kernel.failing_invariant(Tree::State{1}));
  EXPECT_EQ(kernel.failing_invariant(Tree::State{2}), 0u);
  EXPECT_EQ(kernel.failing_step(Tree::State{1}, Tree::State{5}), 0u);
  EXPECT_FALSE(kernel.failing_step(Tree::State{1}, Tree::State{4}));
  EXPECT_FALSE(kernel.failing_step(Tree::State{5}, Tree::State{0}));
  const auto inv = kernel.invariant_failures(Tree::State{3});
  ASSERT_EQ(inv.size(), 1u);
  EXPECT_EQ(inv[0].property, "Below");
  EXPECT_EQ(inv[0].reason, "v = 3");
  EXPECT_EQ(kernel.step_failures(Tree::State{1}, Tree::State{5})[0].property, "DownOrRoot");
  EXPECT_TRUE(kernel.reaches_goal(Tree::State{5}, 0));
  EXPECT_EQ(kernel.fingerprint_of(Tree::State{4}), kernel.fingerprint_of(Tree::State{4}));
  EXPECT_EQ(kernel.as_stored(Tree::State{4}).v, 4u);
}

CheckOptions strategy(SearchStrategy s, unsigned workers = 1) {
  CheckOptions o;
  o.strategy = s;
  o.workers = workers;
  return o;
}

// Determinism sampling is an observer of the kernel: BFS, DFS and random walks all report a
// model whose enumeration changes from call to call, with the same reason, even where no
// property fails and no trace is replayed.
TEST(Kernel, EveryEngineSamplesDeterminism) {
  const uint32_t last = 20000;  // enough states that the fingerprint sample holds some
  for (SearchStrategy s : {SearchStrategy::Bfs, SearchStrategy::Dfs}) {
    CheckResult r = check_model(Tree(last, last + 1, /*shuffled=*/true), strategy(s));
    EXPECT_EQ(r.verdict, Verdict::Nondeterministic) << static_cast<int>(s);
    EXPECT_NE(r.stop_reason.find("not deterministic: enumerating the same state twice"),
              std::string::npos)
        << r.stop_reason;
    // The same model without the hidden counter holds.
    EXPECT_EQ(check_model(Tree(last, last + 1), strategy(s)).verdict, Verdict::Holds);
  }
  SimulateOptions sim;
  sim.runs = 1;
  sim.depth = 100000;  // a walk of about 7,000 root-to-leaf paths
  CheckResult walk = simulate_model(Tree(last, last + 1, true), strategy(SearchStrategy::Bfs), sim);
  EXPECT_EQ(walk.verdict, Verdict::Nondeterministic);
  EXPECT_NE(walk.stop_reason.find("random walk 0 met a state whose successors differ"),
            std::string::npos)
      << walk.stop_reason;
  EXPECT_EQ(simulate_model(Tree(last, last + 1), strategy(SearchStrategy::Bfs), sim).verdict,
            Verdict::Holds);
}

// Coverage is an observer too: random walks count the steps they take by kind, the same sums
// for any number of workers.
TEST(Kernel, RandomWalksCountCoverage) {
  SimulateOptions sim;
  sim.runs = 300;
  sim.depth = 9;
  std::vector<ActionKindCount> first;
  for (unsigned workers : {1u, 3u}) {
    CheckOptions o = strategy(SearchStrategy::Bfs, workers);
    o.coverage = true;
    CheckResult r = simulate_model(Tree(4, 100), o, sim);
    ASSERT_EQ(r.verdict, Verdict::Holds);
    uint64_t total = 0;
    for (const auto& c : r.coverage) total += c.count;
    EXPECT_EQ(total, r.simulation->steps);
    if (first.empty()) {
      first = r.coverage;
      continue;
    }
    ASSERT_EQ(r.coverage.size(), first.size());
    for (size_t k = 0; k < first.size(); ++k) EXPECT_EQ(r.coverage[k].count, first[k].count);
  }
}

}  // namespace
}  // namespace faultline
