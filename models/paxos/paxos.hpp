// Single-decree Paxos with message passing, built on the distributed layer (src/dist), with
// seeded bug variants. See paxos.cpp for the protocol's transitions and paxos_properties.cpp
// for Agreement, Validity, AcceptedBelowPromise, PromiseMonotonic and ValueChosen.
//
// Nodes: proposers p1..pP (ids 0..P-1), acceptors a1..aN (ids P..P+N-1).
//  - Acceptor: promised ballot and accepted (ballot, value), all persistent (kept across a
//    crash), none volatile. Variant forget-promise-on-restart makes acceptors amnesiac.
//  - Proposer: the number of its ballots already started is persistent (so it never reuses a
//    ballot); the ballot in progress (phase, promises or acks gathered, highest accepted
//    value reported) is volatile and lost on a crash.
// Messages: Prepare(b) and Accept(b,v) go to every acceptor; Promise and Accepted go back
// to the proposer that sent the Prepare/Accept (the proposer is also the learner: it marks
// its ballot decided after a q2 of Accepted). Acceptors answer a Prepare(b) with b >= promised
// (re-answering a repeated prepare) and accept Accept(b,v) with b >= promised; otherwise they
// ignore the message (no nacks). A proposer moves to phase 2 on its q1-th promise and sends
// the value of the highest-ballot accepted value reported, else its own value (i mod V) + 1.
// "Chosen" is judged on a ghost history of votes: v is chosen when q2 acceptors accepted (b, v)
// for the same b. It never shrinks, even if acceptors later forget.
// Reduction: after every step, messages that can never again change any node's state are
// discarded: replies for a ballot or phase the proposer left, or from an acceptor it already
// counted; prepares/accepts below an acceptor's promise (when promises are durable, i.e. not
// in forget-promise-on-restart), and repeats that leave the acceptor unchanged and would only
// produce such a useless reply. Delivering them would be a stutter step, so no protocol state
// or property verdict changes; drop/duplicate just cannot target them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "core/fields.hpp"
#include "core/properties.hpp"
#include "dist/action_kinds.hpp"
#include "dist/cluster.hpp"
#include "models/paxos/paxos_messages.hpp"

namespace faultline::paxos {

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

enum class Phase : uint8_t { Idle, Preparing, Accepting, Decided };

struct ProposerDurable {
  uint8_t ballots_used = 0;  // ballots started so far
  auto operator<=>(const ProposerDurable&) const = default;
};

struct ProposerVolatile {
  Phase phase = Phase::Idle;
  uint8_t ballot = 0;  // the ballot in progress
  uint8_t value = 0;   // Accepting, Decided: the value sent in phase 2
  uint8_t best_b = 0;  // Preparing: the adopted accepted ballot reported so far (0: none)
  uint8_t best_v = 0;  //   and its value
  dist::NodeSet acks;  // Preparing: acceptors that promised; Accepting: that accepted
  auto operator<=>(const ProposerVolatile&) const = default;
};

struct AcceptorDurable {
  uint8_t promised = 0;
  uint8_t acc_b = 0;  // accepted ballot (0: none)
  uint8_t acc_v = 0;  // accepted value
  auto operator<=>(const AcceptorDurable&) const = default;
};

using Proposer = dist::Node<ProposerDurable, ProposerVolatile>;
using Acceptor = dist::Node<AcceptorDurable, dist::NoState>;

// Ghost history: the acceptors that ever accepted (ballot, value). Sorted by (ballot, value).
struct Vote {
  uint8_t ballot = 0;
  uint8_t value = 0;
  dist::NodeSet by;
  auto operator<=>(const Vote&) const = default;
};

struct PaxosState {
  dist::ClusterState<PaxosMsg> env;
  std::vector<Proposer> proposers;
  std::vector<Acceptor> acceptors;
  std::vector<Vote> votes;  // ghost
  uint32_t proposed = 0;    // ghost: bit v set when some proposer started a ballot with input v
  bool operator==(const PaxosState&) const = default;
};

class PaxosModel {
 public:
  using State = PaxosState;
  using Action = dist::Action;
  static constexpr uint16_t kStart = 0;  // Local step code: a proposer starts its next ballot

  explicit PaxosModel(PaxosConfig config);

  std::vector<State> initial_states() const;
  void actions(const State& s, std::vector<Action>& out) const;
  std::optional<State> next_state(const State& s, const Action& a) const;
  std::string action_label(const State& s, const Action& a) const;
  void encode(const State& s, ByteSink& out) const;
  State decode(ByteSource& in) const;
  void describe(const State& s, FieldWriter& w) const;
  const PropertySet<State>& properties() const { return props_; }
  // Coverage: "start", "deliver Prepare" .. "deliver Accepted", and the budgeted faults.
  const std::vector<std::string>& action_kinds() const { return kinds_.names(); }
  size_t action_kind(const State& s, const Action& a) const;

  const PaxosConfig& config() const { return config_; }
  unsigned q1() const { return q1_; }  // effective quorums (variant applied)
  unsigned q2() const { return q2_; }
  // The ballot number of proposer p's k-th ballot (both 0-based).
  uint8_t ballot_of(unsigned p, unsigned k) const;
  // Proposer p's own input value, 1..V.
  uint8_t input_of(unsigned p) const { return static_cast<uint8_t>(p % config_.values + 1); }
  dist::NodeId acceptor_node(unsigned a) const {
    return static_cast<dist::NodeId>(config_.proposers + a);
  }
  const dist::Cluster<PaxosMsg>& cluster() const { return cluster_; }

 private:
  void deliver(State& s, const dist::Envelope<PaxosMsg>& e) const;
  void on_acceptor(State& s, unsigned a, const dist::Envelope<PaxosMsg>& e) const;
  void on_proposer(State& s, unsigned p, const dist::Envelope<PaxosMsg>& e) const;
  void start(State& s, unsigned p) const;
  // Whether e can never again change its receiver's state (see paxos.cpp); such messages
  // are discarded after every step.
  bool useless(const State& s, const dist::Envelope<PaxosMsg>& e) const;
  // Whether a reply of this type for ballot b from `from` to proposer p would be useless.
  bool reply_useless(const State& s, unsigned p, dist::NodeId from, MsgType type, uint8_t b) const;

  PaxosConfig config_;
  unsigned q1_ = 0, q2_ = 0;
  dist::NodeSet acceptor_set_;
  dist::Cluster<PaxosMsg> cluster_;
  PropertySet<State> props_;
  dist::ActionKindTable kinds_;
};

// The values chosen in s: (ballot, value, acceptors) for every ghost vote with a q2.
std::vector<Vote> chosen_votes(const PaxosState& s, unsigned q2);

// Properties over PaxosState; q2 and the node names are captured by value.
PropertySet<PaxosState> paxos_properties(unsigned q2, const dist::NodeNames& names,
                                         unsigned proposers);

}  // namespace faultline::paxos
