// The "paxos" model's registration: parameters bound to Paxos, variants, the quorum
// checks.
#include <string>
#include <utility>

#include "models/paxos/paxos.hpp"
#include "models/registry.hpp"
#include "trace/typed_runner.hpp"

namespace faultline {

ModelInfo paxos_model_info() {
  using paxos::Paxos, paxos::Variant;
  return make_model_info<paxos::PaxosModel>(ModelCard<Paxos, Variant>{
      .name = "paxos",
      .summary = "Single-decree Paxos with message passing: proposers p1..pP run ballots "
                 "(prepare/promise, accept/accepted) against acceptors a1..aN; optional Flexible "
                 "Paxos quorums; faults: message loss, duplication, crash-restart, partitions.",
      .params = {int_param("proposers", &Paxos::proposers, 2, 1, 4,
                           "number of proposers p1..pP"),
                 int_param("acceptors", &Paxos::acceptors, 3, 1, 7,
                           "number of acceptors a1..aN"),
                 int_param("values", &Paxos::values, 2, 1, 4,
                           "number of distinct values; proposer pi proposes ((i-1) mod values) + 1"),
                 int_param("ballots", &Paxos::ballots, 2, 1, 4,
                           "ballots per proposer; proposer pi uses i, i+P, i+2P, ... (P proposers)"),
                 int_param("q1", &Paxos::q1_size, 0, 0, 7,
                           "phase-1 (prepare) quorum size; 0: majority"),
                 int_param("q2", &Paxos::q2_size, 0, 0, 7,
                           "phase-2 (accept) quorum size; 0: majority. Safe when q1 + q2 > "
                           "acceptors (Flexible Paxos)"),
                 dist::network_param(&Paxos::network),
                 dist::fault_params(&Paxos::faults)},
      .variant = &Paxos::variant,
      .variants =
          {{"correct", Variant::Correct, "the protocol as published"},
           {"forget-promise-on-restart", Variant::ForgetPromiseOnRestart,
            "acceptors keep nothing across a crash (promise and accepted value lost on restart)"},
           {"ignore-promised-values", Variant::IgnorePromisedValues,
            "a proposer ignores the accepted values reported in promises and proposes its own"},
           {"adopt-any-value", Variant::AdoptAnyValue,
            "a proposer adopts a reported value, but the one with the lowest ballot instead of "
            "the highest (needs 3 ballots to show)"},
           {"quorum-floor", Variant::QuorumFloor,
            "majority counted as 'at least half' (count*2 >= n): right for odd n, two disjoint "
            "quorums for even n"},
           {"shared-ballots", Variant::SharedBallots,
            "all proposers use the same ballot numbers 1, 2, ..., B"}},
      .check =
          [](const Paxos& c) {
            for (auto [key, q] : {std::pair{"q1", c.q1_size}, std::pair{"q2", c.q2_size}})
              if (q > c.acceptors)
                throw SpecError(std::string("params.") + key + " = " + std::to_string(q) +
                                ": must be at most acceptors (" + std::to_string(c.acceptors) +
                                ")");
          },
  });
}

}  // namespace faultline

FAULTLINE_INSTANTIATE_ENGINE(faultline::paxos::PaxosModel)
