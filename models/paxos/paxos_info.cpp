// The "paxos" model's ModelInfo: parameter declarations, variant list with help text, and the
// factory that validates cross-parameter constraints and builds the typed runner.
#include "models/paxos/paxos_info.hpp"

#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "dist/fault_budget.hpp"
#include "trace/typed_runner.hpp"

namespace faultline {
namespace paxos {
namespace {

const std::vector<std::pair<std::string, Variant>>& variant_names() {
  static const std::vector<std::pair<std::string, Variant>> names = {
      {"correct", Variant::Correct},
      {"forget-promise-on-restart", Variant::ForgetPromiseOnRestart},
      {"ignore-promised-values", Variant::IgnorePromisedValues},
      {"adopt-any-value", Variant::AdoptAnyValue},
      {"quorum-floor", Variant::QuorumFloor},
      {"shared-ballots", Variant::SharedBallots},
  };
  return names;
}

}  // namespace

Variant parse_variant(const std::string& name) {
  for (const auto& [n, v] : variant_names())
    if (n == name) return v;
  throw SpecError("model.variant = '" + name + "': not a variant of paxos");
}

PaxosConfig paxos_config_from_params(const ParamValues& values, const std::string& variant) {
  PaxosConfig c;
  c.proposers = static_cast<unsigned>(values.get_int("proposers"));
  c.acceptors = static_cast<unsigned>(values.get_int("acceptors"));
  c.values = static_cast<unsigned>(values.get_int("values"));
  c.ballots = static_cast<unsigned>(values.get_int("ballots"));
  c.q1 = static_cast<unsigned>(values.get_int("q1"));
  c.q2 = static_cast<unsigned>(values.get_int("q2"));
  c.network = dist::network_from_params(values);
  c.faults = dist::budget_from_params(values);
  c.variant = parse_variant(variant);
  for (auto [key, q] : {std::pair{"q1", c.q1}, std::pair{"q2", c.q2}})
    if (q > c.acceptors)
      throw SpecError(std::string("params.") + key + " = " + std::to_string(q) +
                      ": must be at most acceptors (" + std::to_string(c.acceptors) + ")");
  return c;
}

}  // namespace paxos

ModelInfo paxos_model_info() {
  ModelInfo info;
  info.name = "paxos";
  info.summary =
      "Single-decree Paxos with message passing: proposers p1..pP run ballots (prepare/promise, "
      "accept/accepted) against acceptors a1..aN; optional Flexible Paxos quorums; faults: "
      "message loss, duplication, crash-restart, partitions.";
  info.params = {
      ParamSpec::integer("proposers", 2, 1, 4, "number of proposers p1..pP"),
      ParamSpec::integer("acceptors", 3, 1, 7, "number of acceptors a1..aN"),
      ParamSpec::integer("values", 2, 1, 4,
                         "number of distinct values; proposer pi proposes ((i-1) mod values) + 1"),
      ParamSpec::integer("ballots", 2, 1, 4,
                         "ballots per proposer; proposer pi uses i, i+P, i+2P, ... (P proposers)"),
      ParamSpec::integer("q1", 0, 0, 7, "phase-1 (prepare) quorum size; 0: majority"),
      ParamSpec::integer("q2", 0, 0, 7,
                         "phase-2 (accept) quorum size; 0: majority. Safe when q1 + q2 > "
                         "acceptors (Flexible Paxos)"),
      dist::network_param_spec(),
  };
  dist::append_fault_params(info.params);
  info.variants = {
      {"correct", "the protocol as published"},
      {"forget-promise-on-restart",
       "acceptors keep nothing across a crash (promise and accepted value lost on restart)"},
      {"ignore-promised-values",
       "a proposer ignores the accepted values reported in promises and proposes its own"},
      {"adopt-any-value",
       "a proposer adopts a reported value, but the one with the lowest ballot instead of the "
       "highest (needs 3 ballots to show)"},
      {"quorum-floor",
       "majority counted as 'at least half' (count*2 >= n): right for odd n, two disjoint "
       "quorums for even n"},
      {"shared-ballots", "all proposers use the same ballot numbers 1, 2, ..., B"},
  };
  info.make = [](const ParamValues& values, const std::string& variant) {
    return make_runner(
        paxos::PaxosModel(paxos::Paxos(paxos::paxos_config_from_params(values, variant))));
  };
  return info;
}

}  // namespace faultline
