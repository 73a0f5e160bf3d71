// A three-node cluster (a1, a2, a3) of Ping messages for the distributed-layer tests.
#pragma once
#include "dist/cluster.hpp"
#include "tests/dist/test_message.hpp"

namespace faultline::dist::test {

using TestCluster = Cluster<Ping>;

inline TestCluster make_test_cluster(FaultBudget budget, NodeSet amnesia = {}) {
  ClusterConfig cc;
  cc.names = make_node_names({{"a", 3}});
  cc.budget = budget;
  cc.amnesia = amnesia;
  return TestCluster(cc);
}

// A reset callback for tests whose nodes have no state of their own.
inline void no_reset(NodeId, ResetScope) {}

}  // namespace faultline::dist::test
