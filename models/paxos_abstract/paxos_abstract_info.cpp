// paxos-abstract's registration: parameters and variants, and the runner built from them.
#include "models/paxos_abstract/paxos_abstract.hpp"
#include "models/registry.hpp"
#include "trace/typed_runner.hpp"

namespace faultline {
namespace {

struct Config {
  int acceptors = 3, values = 2, ballots = 4, quorum = 0;
  PaxosAbstract::Variant variant = PaxosAbstract::Variant::Correct;
};

}  // namespace

ModelInfo paxos_abstract_model_info() {
  using namespace paxos_abstract;
  using V = PaxosAbstract::Variant;
  const ModelCard<Config, V> card = {
      .name = "paxos-abstract",
      .summary = "Single-decree Paxos as in Lamport's Paxos.tla: acceptors keep "
                 "maxBal/maxVBal/maxVal, msgs is the set of all messages ever sent; actions "
                 "Phase1a/1b/2a/2b; same state graph as TLC and as the SPIN peer (gen_paxos.py)",
      .params = {int_param("acceptors", &Config::acceptors, 3, 1, kMaxAcceptors,
                           "number of acceptors"),
                 int_param("values", &Config::values, 2, 1, kMaxValues,
                           "number of values that may be proposed"),
                 int_param("ballots", &Config::ballots, 4, 1, kMaxBallots,
                           "number of ballots (ballots 0..ballots-1, TLA+ MaxBallot+1)"),
                 int_param("quorum", &Config::quorum, 0, 0, kMaxAcceptors,
                           "quorum size: all subsets of this many acceptors are quorums (0 = "
                           "majority); at most acceptors")},
      .variant = &Config::variant,
      .variants = {{"correct", V::Correct, "Paxos.tla as written"},
                   {"any-value", V::AnyValue,
                    "bug: Phase2a sends any value once a quorum answered, ignoring the value of "
                    "the highest-ballot vote reported in the 1b messages"}},
  };
  return card.info([](const Config& c) {
    return make_runner(
        PaxosAbstract(Constants{c.acceptors, c.values, c.ballots, c.quorum}, c.variant));
  });
}

}  // namespace faultline

FAULTLINE_INSTANTIATE_ENGINE(faultline::PaxosAbstract)
