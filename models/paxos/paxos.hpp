// Single-decree Paxos on the actor layer (src/dist/actor_model.hpp), with seeded bug variants.
// Handlers in paxos.cpp; Agreement, Validity, AcceptedBelowPromise, PromiseMonotonic and
// ValueChosen in paxos_properties.cpp.
//
// Nodes: proposers p1..pP (ids 0..P-1), acceptors a1..aN (ids P..P+N-1).
//  - Acceptor: promised ballot and accepted (ballot, value), all durable. Variant
//    forget-promise-on-restart makes acceptors amnesiac (a restart loses them).
//  - Proposer: the number of its ballots already started is durable (it never reuses a
//    ballot); the ballot in progress (phase, promises or acks gathered, highest accepted value
//    reported) is lost on a crash.
// Messages: Prepare(b) and Accept(b,v) go to every acceptor; Promise and Accepted go back to
// the proposer that sent the Prepare/Accept (the proposer is also the learner: it marks its
// ballot decided after a q2 of Accepted). Acceptors answer a Prepare(b) with b >= promised
// (re-answering a repeated prepare) and accept Accept(b,v) with b >= promised; otherwise they
// ignore the message (no nacks). A proposer moves to phase 2 on its q1-th promise and sends the
// value of the highest-ballot accepted value reported, else its own value (i mod V) + 1.
// "Chosen" is judged on a ghost history of votes: v is chosen when q2 acceptors accepted (b, v)
// for the same b. It never shrinks, even if acceptors later forget.
// Reduction (the layer's normalize hook): after every step, messages that can never again change
// any node's state are discarded: replies for a ballot or phase the proposer left, or from an
// acceptor it already counted; prepares/accepts below an acceptor's promise (when promises are
// durable, i.e. not in forget-promise-on-restart), and repeats that leave the acceptor
// unchanged and would only produce such a useless reply. A delivery that changes nothing is a
// step that consumes the message (the layer's Consume rule), as it was before the actor layer.
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "dist/actor_model.hpp"

namespace faultline::paxos {

// Ballot 0 and value 0 mean "none"; values print as 1..V.
struct Prepare {
  uint8_t b = 0;
  FAULTLINE_FIELDS(Prepare, b)
};
struct Promise {  // with the acceptor's accepted ballot and value (0: none)
  uint8_t b = 0, vb = 0, v = 0;
  FAULTLINE_FIELDS(Promise, b, vb, v)
};
struct Accept {
  uint8_t b = 0, v = 0;
  FAULTLINE_FIELDS(Accept, b, v)
};
struct Accepted {
  uint8_t b = 0, v = 0;
  FAULTLINE_FIELDS(Accepted, b, v)
};
using PaxosMsg = std::variant<Prepare, Promise, Accept, Accepted>;

// "Promise(b=2)" without an accepted value, "Promise(b=2,vb=1,v=1)" with one.
void faultline_format(std::string& out, const Promise& m, const FormatContext&);

enum class Variant : uint8_t {
  Correct,
  ForgetPromiseOnRestart,  // acceptors keep nothing across a crash
  IgnorePromisedValues,    // phase 2 always proposes the proposer's own value
  AdoptAnyValue,           // adopts the reported value with the lowest ballot, not the highest
  QuorumFloor,             // majority counted as "at least half": n/2 for even n
  SharedBallots            // every proposer uses ballots 1, 2, ..., B
};

struct PaxosConfig {
  unsigned proposers = 2;
  unsigned acceptors = 3;
  unsigned values = 2;
  unsigned ballots = 2;  // per proposer
  unsigned q1 = 0;       // phase-1 quorum; 0: majority
  unsigned q2 = 0;       // phase-2 quorum; 0: majority
  dist::FaultBudget faults;
  dist::NetworkMode network = dist::NetworkMode::Multiset;
  Variant variant = Variant::Correct;
};

FAULTLINE_ENUM(Phase, idle, preparing, accepting, decided)

struct Proposer {
  uint8_t ballots_used = 0;  // ballots started so far (durable)
  Phase phase = Phase::idle;
  uint8_t ballot = 0;  // the ballot in progress
  uint8_t value = 0;   // accepting, decided: the value sent in phase 2
  uint8_t best_b = 0;  // preparing: the adopted accepted ballot reported so far (0: none)
  uint8_t best_v = 0;  //   and its value
  dist::NodeSet acks;  // preparing: acceptors that promised; accepting: that accepted
  FAULTLINE_FIELDS(Proposer, ballots_used, phase, ballot, value, best_b, best_v, acks)
  FAULTLINE_DURABLE(Proposer, ballots_used)
};

struct Acceptor {
  uint8_t promised = 0;
  uint8_t acc_b = 0;  // accepted ballot (0: none)
  uint8_t acc_v = 0;  // accepted value
  FAULTLINE_FIELDS(Acceptor, promised, acc_b, acc_v)
  FAULTLINE_DURABLE(Acceptor, promised, acc_b, acc_v)
};

// Ghost history: the acceptors that ever accepted (ballot, value).
struct Vote {
  uint8_t ballot = 0;
  uint8_t value = 0;
  dist::NodeSet by;
  FAULTLINE_FIELDS(Vote, ballot, value, by)
};

struct History {
  std::vector<Vote> votes;  // sorted by (ballot, value)
  uint32_t proposed = 0;    // bit v set when some proposer started a ballot with input v
  FAULTLINE_FIELDS(History, votes, proposed)
};

class Paxos {
 public:
  using Msg = PaxosMsg;
  using Node = dist::ByRole<Proposer, Acceptor>;
  using Ghost = History;
  using State = dist::ActorState<Paxos>;
  using Actor = dist::Actor<Paxos>;
  static constexpr unsigned kProposers = 0, kAcceptors = 1;  // roles

  Paxos(PaxosConfig config);  // NOLINT: implicit, so PaxosModel(config) works

  dist::ActorConfig<Paxos> actor_config() const;
  Node init(dist::NodeId id) const { return id < config_.proposers ? Node(Proposer{}) : Node(Acceptor{}); }
  void on_start(Actor&, Node&) const {}
  void on_message(Actor& self, Node& node, dist::NodeId from, const Msg& msg) const;
  void on_timer(Actor&, Node&, unsigned) const {}
  std::vector<dist::LocalStep<Paxos>> local_steps() const;
  dist::ActorProperties<Paxos> properties() const;

  const PaxosConfig& config() const { return config_; }
  unsigned q1() const { return q1_; }  // effective quorums (variant applied)
  unsigned q2() const { return q2_; }
  // The ballot number of proposer p's k-th ballot (both 0-based).
  uint8_t ballot_of(unsigned p, unsigned k) const;
  // Proposer p's own input value, 1..V.
  uint8_t input_of(unsigned p) const { return static_cast<uint8_t>(p % config_.values + 1); }
  const dist::NodeNames& names() const { return names_; }

  // Whether a message can never again change its receiver's state (the normalize hook).
  bool useless(const State& s, dist::NodeId src, dist::NodeId dst, const Msg& m) const;

 private:
  void on_acceptor(Actor& self, Acceptor& acc, dist::NodeId from, const Msg& m) const;
  void on_proposer(Actor& self, Proposer& pr, dist::NodeId from, const Msg& m) const;
  // Whether a reply for ballot b from `from` to proposer p, in phase `phase`, is useless.
  bool reply_useless(const State& s, unsigned p, dist::NodeId from, Phase phase, uint8_t b) const;

  PaxosConfig config_;
  unsigned q1_ = 0, q2_ = 0;
  dist::NodeNames names_;
};

using PaxosModel = dist::ActorModel<Paxos>;
using PaxosState = Paxos::State;

inline const Proposer& proposer(const PaxosState& s, unsigned p) {
  return std::get<Proposer>(s.nodes[p]);
}
inline const Acceptor& acceptor(const PaxosState& s, const Paxos& paxos, unsigned a) {
  return std::get<Acceptor>(s.nodes[paxos.config().proposers + a]);
}

// The values chosen in s: (ballot, value, acceptors) for every ghost vote with a q2.
std::vector<Vote> chosen_votes(const PaxosState& s, unsigned q2);

}  // namespace faultline::paxos
