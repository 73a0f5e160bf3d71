// paxos-abstract's ModelInfo: declares the parameters and variants and builds the typed runner.
#include "models/paxos_abstract/paxos_abstract_info.hpp"

#include "core/errors.hpp"
#include "models/paxos_abstract/paxos_abstract.hpp"
#include "trace/typed_runner.hpp"

namespace faultline {

ModelInfo paxos_abstract_model_info() {
  using namespace paxos_abstract;
  ModelInfo info;
  info.name = "paxos-abstract";
  info.summary =
      "Single-decree Paxos as in Lamport's Paxos.tla: acceptors keep maxBal/maxVBal/maxVal, "
      "msgs is the set of all messages ever sent; actions Phase1a/1b/2a/2b; same state graph "
      "as TLC and as the SPIN peer (gen_paxos.py)";
  info.params = {
      ParamSpec::integer("acceptors", 3, 1, kMaxAcceptors, "number of acceptors"),
      ParamSpec::integer("values", 2, 1, kMaxValues, "number of values that may be proposed"),
      ParamSpec::integer("ballots", 4, 1, kMaxBallots,
                         "number of ballots (ballots 0..ballots-1, TLA+ MaxBallot+1)"),
      ParamSpec::integer("quorum", 0, 0, kMaxAcceptors,
                         "quorum size: all subsets of this many acceptors are quorums "
                         "(0 = majority); at most acceptors"),
  };
  info.variants = {
      {"correct", "Paxos.tla as written"},
      {"any-value",
       "bug: Phase2a sends any value once a quorum answered, ignoring the value of the "
       "highest-ballot vote reported in the 1b messages"},
  };
  info.make = [](const ParamValues& p, const std::string& variant) -> std::unique_ptr<ModelRunner> {
    Constants c;
    c.acceptors = static_cast<int>(p.get_int("acceptors"));
    c.values = static_cast<int>(p.get_int("values"));
    c.ballots = static_cast<int>(p.get_int("ballots"));
    c.quorum = static_cast<int>(p.get_int("quorum"));
    PaxosAbstract::Variant v;
    if (variant == "correct")
      v = PaxosAbstract::Variant::Correct;
    else if (variant == "any-value")
      v = PaxosAbstract::Variant::AnyValue;
    else
      throw SpecError("model.variant = '" + variant + "': expected one of: correct, any-value");
    return make_runner(PaxosAbstract(c, v));
  };
  return info;
}

}  // namespace faultline
