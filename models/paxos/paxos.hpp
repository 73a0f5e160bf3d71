// Single-decree Paxos on the actor layer (src/dist/actor_model.hpp), with seeded bug variants.
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
#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "dist/actor_model.hpp"

namespace faultline::paxos {

using dist::NodeId;
using dist::NodeSet;

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

// "Promise(b=2)" without an accepted value, "Promise(b=2,vb=1,v=1)" with one.
inline void faultline_format(std::string& out, const Promise& m, const FormatContext&) {
  out += "Promise(b=" + std::to_string(m.b);
  if (m.vb != 0) out += ",vb=" + std::to_string(m.vb) + ",v=" + std::to_string(m.v);
  out += ')';
}

enum class Variant : uint8_t {
  Correct,
  ForgetPromiseOnRestart,  // acceptors keep nothing across a crash
  IgnorePromisedValues,    // phase 2 always proposes the proposer's own value
  AdoptAnyValue,           // adopts the reported value with the lowest ballot, not the highest
  QuorumFloor,             // majority counted as "at least half": n/2 for even n
  SharedBallots            // every proposer uses ballots 1, 2, ..., B
};

FAULTLINE_ENUM(Phase, idle, preparing, accepting, decided)

struct Proposer {
  uint8_t ballots_used = 0;  // ballots started so far (durable)
  Phase phase = Phase::idle;
  uint8_t ballot = 0;  // the ballot in progress
  uint8_t value = 0;   // accepting, decided: the value sent in phase 2
  uint8_t best_b = 0;  // preparing: the adopted accepted ballot reported so far (0: none)
  uint8_t best_v = 0;  //   and its value
  NodeSet acks;        // preparing: acceptors that promised; accepting: that accepted
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
  NodeSet by;
  FAULTLINE_FIELDS(Vote, ballot, value, by)
};
struct History {
  std::vector<Vote> votes;  // sorted by (ballot, value)
  uint32_t proposed = 0;    // bit v set when some proposer started a ballot with input v
  FAULTLINE_FIELDS(History, votes, proposed)
};

struct Paxos : dist::Protocol<Paxos, std::variant<Prepare, Promise, Accept, Accepted>,
                              dist::ByRole<Proposer, Acceptor>, History> {
  static constexpr unsigned kProposers = 0, kAcceptors = 1;  // roles
  unsigned proposers = 2;
  unsigned acceptors = 3;
  unsigned values = 2;
  unsigned ballots = 2;  // per proposer
  unsigned q1_size = 0;  // phase-1 quorum; 0: majority
  unsigned q2_size = 0;  // phase-2 quorum; 0: majority
  dist::FaultBudget faults;
  dist::NetworkMode network = dist::NetworkMode::Multiset;
  Variant variant = Variant::Correct;

  // The effective quorums (variant applied).
  unsigned majority() const {
    return variant == Variant::QuorumFloor ? (acceptors + 1) / 2 : acceptors / 2 + 1;
  }
  unsigned q1() const { return q1_size ? q1_size : majority(); }
  unsigned q2() const { return q2_size ? q2_size : majority(); }
  // The ballot number of proposer p's k-th ballot (both 0-based).
  uint8_t ballot_of(unsigned p, unsigned k) const {
    return static_cast<uint8_t>(variant == Variant::SharedBallots ? k + 1 : p + 1 + k * proposers);
  }
  // Proposer p's own input value, 1..V.
  uint8_t input_of(unsigned p) const { return static_cast<uint8_t>(p % values + 1); }
  static uint8_t ballot_in(const Msg& m) {
    return std::visit([](const auto& x) { return x.b; }, m);
  }
  // The votes of a phase-2 quorum: the values chosen.
  std::vector<Vote> chosen(const State& s) const {
    std::vector<Vote> out;
    std::copy_if(s.ghost.votes.begin(), s.ghost.votes.end(), std::back_inserter(out),
                 [&](const Vote& v) { return v.by.size() >= q2(); });
    return out;
  }

  Config actor_config() const {
    return {.roles = {{.name = "p", .count = proposers},
                      {.name = "a",
                       .count = acceptors,
                       .amnesia = variant == Variant::ForgetPromiseOnRestart}},
            .network = network,
            .faults = faults,
            .unchanged = dist::UnchangedDelivery::Consume,
            .describe_node = describe_node,
            .describe_ghost = describe_history,
            .normalize = [](const Paxos& p, State& s) {
              dist::erase_messages(s, [&](NodeId src, NodeId dst, const Msg& m) {
                return p.useless(s, src, dst, m);
              });
            }};
  }

  Steps local_steps() const {
    return {
        {.name = "start",
         .enabled = [](const Paxos& p, const Proposer& pr) { return pr.ballots_used < p.ballots; },
         .run =
             [](const Paxos& p, Actor& self, Proposer& pr) {
               const uint8_t b = p.ballot_of(self.self(), pr.ballots_used);
               pr = Proposer{.ballots_used = static_cast<uint8_t>(pr.ballots_used + 1),
                             .phase = Phase::preparing,
                             .ballot = b,
                             .value = 0,
                             .best_b = 0,
                             .best_v = 0,
                             .acks = {}};
               self.ghost().proposed |= 1u << p.input_of(self.self());
               self.broadcast(kAcceptors, Prepare{b});
             },
         .detail =
             [](const Paxos& p, const State& s, NodeId id) {
               return "b=" + std::to_string(p.ballot_of(id, s.node<Proposer>(id).ballots_used));
             }}};
  }

  void on_message(Actor& self, Acceptor& acc, NodeId from, const Msg& m) const {
    if (ballot_in(m) < acc.promised) return;  // a lower ballot: ignored, no nack
    if (const auto* p = std::get_if<Prepare>(&m)) {
      acc.promised = p->b;
      self.send(from, Promise{p->b, acc.acc_b, acc.acc_v});
    } else if (const auto* a = std::get_if<Accept>(&m)) {
      acc.promised = acc.acc_b = a->b;
      acc.acc_v = a->v;
      auto& votes = self.ghost().votes;
      auto it =
          std::lower_bound(votes.begin(), votes.end(), *a, [](const Vote& x, const Accept& y) {
            return std::tie(x.ballot, x.value) < std::tie(y.b, y.v);
          });
      if (it == votes.end() || it->ballot != a->b || it->value != a->v)
        it = votes.insert(it, Vote{a->b, a->v, {}});
      it->by.insert(self.self());
      self.send(from, Accepted{a->b, a->v});
    }
  }

  void on_message(Actor& self, Proposer& v, NodeId from, const Msg& m) const {
    if (ballot_in(m) != v.ballot) return;  // about another ballot: stale
    if (const auto* pm = std::get_if<Promise>(&m); pm && v.phase == Phase::preparing) {
      v.acks.insert(from);
      const bool adopt = variant == Variant::AdoptAnyValue
                             ? (v.best_b == 0 || pm->vb < v.best_b)  // bug: lowest, not highest
                             : pm->vb > v.best_b;
      if (pm->vb != 0 && adopt) {
        v.best_b = pm->vb;
        v.best_v = pm->v;
      }
      if (v.acks.size() >= q1()) {
        const bool use_reported = v.best_b != 0 && variant != Variant::IgnorePromisedValues;
        v.value = use_reported ? v.best_v : input_of(self.self());
        v.phase = Phase::accepting;
        v.acks = NodeSet();
        v.best_b = v.best_v = 0;
        self.broadcast(kAcceptors, Accept{v.ballot, v.value});
      }
    } else if (std::holds_alternative<Accepted>(m) && v.phase == Phase::accepting) {
      v.acks.insert(from);
      if (v.acks.size() >= q2()) {
        v.phase = Phase::decided;
        v.acks = NodeSet();
      }
    }
  }

  // Whether a message can never again change its receiver's state (the normalize hook).
  bool useless(const State& s, NodeId src, NodeId dst, const Msg& m) const {
    const uint8_t b = ballot_in(m);
    if (dst < proposers)
      return reply_useless(
          s, dst, src, std::holds_alternative<Promise>(m) ? Phase::preparing : Phase::accepting, b);
    // Below the promise: useless forever only if promises never decrease (not with amnesia).
    if (variant == Variant::ForgetPromiseOnRestart) return false;
    const Acceptor& acc = s.node<Acceptor>(dst);
    if (b < acc.promised) return true;
    // A repeat that leaves the acceptor as it is and whose reply would be useless.
    if (b == acc.promised) {
      if (std::holds_alternative<Prepare>(m))
        return reply_useless(s, src, dst, Phase::preparing, b);
      const auto* a = std::get_if<Accept>(&m);
      if (a && acc.acc_b == b && acc.acc_v == a->v)
        return reply_useless(s, src, dst, Phase::accepting, b);
    }
    return false;
  }
  // Whether a reply for ballot b from `from` to proposer p, in phase `phase`, is useless.
  // Replies name a ballot the proposer already started; it never returns to an old ballot
  // (ballots_used is durable), so a reply for another ballot or phase stays useless, and so
  // does a second reply from the same acceptor (acks only grow within a phase; a repeated
  // promise cannot report a newer accepted ballot, which would have to be b itself).
  static bool reply_useless(const State& s, NodeId p, NodeId from, Phase phase, uint8_t b) {
    const Proposer& v = s.node<Proposer>(p);
    return b != v.ballot || v.acks.contains(from) || v.phase != phase;
  }

  static std::string pair_text(uint8_t b, uint8_t v) {
    return "(b=" + std::to_string(b) + ",v=" + std::to_string(v) + ")";
  }
  static std::string value_set(uint32_t mask) {
    std::string out = "{";
    for (unsigned v = 1; v < 32; ++v)
      if (mask & (1u << v)) out += (out.size() > 1 ? "," : "") + std::to_string(v);
    return out + "}";
  }
  // "preparing b=1 promises={a1} highest=(b=1,v=2), ballots used 1/2"; "promised 2, accepted none"
  static std::string describe_node(const Paxos& p, NodeId, const Node& node) {
    if (const auto* acc = std::get_if<Acceptor>(&node))
      return "promised " + std::to_string(acc->promised) + ", accepted " +
             (acc->acc_b ? pair_text(acc->acc_b, acc->acc_v) : std::string("none"));
    const Proposer& v = std::get<Proposer>(node);
    const std::string b = std::to_string(v.ballot), value = std::to_string(v.value);
    std::string d = "idle";
    if (v.phase == Phase::preparing) {
      d = "preparing b=" + b + " promises=" + p.names(v.acks);
      if (v.best_b) d += " highest=" + pair_text(v.best_b, v.best_v);
    } else if (v.phase == Phase::accepting) {
      d = "accepting b=" + b + " v=" + value + " acks=" + p.names(v.acks);
    } else if (v.phase == Phase::decided) {
      d = "decided b=" + b + " v=" + value;
    }
    return d + ", ballots used " + std::to_string(v.ballots_used) + "/" + std::to_string(p.ballots);
  }
  // "votes" = "(b=1,v=1) by {a1,a2}", "chosen" = "{1}", "proposed" = "{1,2}"
  static void describe_history(const Paxos& p, const State& s, FieldWriter& w) {
    std::string votes;
    for (const auto& v : s.ghost.votes)
      votes += (votes.empty() ? "" : "; ") + pair_text(v.ballot, v.value) + " by " + p.names(v.by);
    w.field("votes", votes.empty() ? "none" : votes);
    uint32_t chosen = 0;
    for (const auto& v : p.chosen(s)) chosen |= 1u << v.value;
    w.field("chosen", value_set(chosen));
    w.field("proposed", value_set(s.ghost.proposed));
  }

  // Each reason names the acceptors, ballots and values.
  // PromiseMonotonic and amnesia: with forget-promise-on-restart an acceptor's promise drops to
  // 0 on "restart aN (state lost)". That is exactly the broken guarantee (a promise must be
  // durable), so the step property fails on that step, before any Agreement violation; the
  // bug's consequence for Agreement is pinned separately in tests/models/paxos_test.cpp.
  Properties properties() const {
    return {
        .invariants = {{"Agreement",
                        "at most one value is chosen (accepted by a phase-2 quorum in one ballot)",
                        [](const Paxos& p, const State& s) -> Failure {
                          const auto chosen = p.chosen(s);
                          for (const Vote& v : chosen)
                            if (v.value != chosen.front().value)
                              return chosen_text(p, chosen.front()) + " and value " +
                                     std::to_string(v.value) + " by " + p.names(v.by) +
                                     " at b=" + std::to_string(v.ballot);
                          return {};
                        }},
                       {"Validity",
                        "a chosen value is the input of a proposer that started a ballot",
                        [](const Paxos& p, const State& s) -> Failure {
                          for (const Vote& v : p.chosen(s))
                            if (!(s.ghost.proposed & (1u << v.value)))
                              return chosen_text(p, v) + ", but no proposer proposed it";
                          return {};
                        }},
                       {"AcceptedBelowPromise",
                        "an acceptor's accepted ballot is never above its promised ballot",
                        [](const Paxos& p, const State& s) -> Failure {
                          for (auto [n, a] : s.all<Acceptor>())
                            if (a.acc_b > a.promised)
                              return p.name(n) + " accepted b=" + std::to_string(a.acc_b) +
                                     " but promised only b=" + std::to_string(a.promised);
                          return {};
                        }}},
        .steps = {{"PromiseMonotonic",
                   "an acceptor's promised ballot never decreases (promises are durable)",
                   [](const Paxos& p, const State& before, const State& after) -> Failure {
                     for (auto [n, a] : before.all<Acceptor>())
                       if (const unsigned b0 = a.promised, b1 = after.node<Acceptor>(n).promised;
                           b1 < b0)
                         return p.name(n) + " had promised b=" + std::to_string(b0) +
                                " and now promises only b=" + std::to_string(b1) +
                                " (its promise was lost), so it may accept ballots below b=" +
                                std::to_string(b0);
                     return {};
                   }}},
        .goals = {{"ValueChosen", "some value is chosen", [](const Paxos& p, const State& s) {
                     return std::any_of(s.ghost.votes.begin(), s.ghost.votes.end(),
                                        [&](const Vote& v) { return v.by.size() >= p.q2(); });
                   }}}};
  }
  static std::string chosen_text(const Paxos& p, const Vote& v) {
    return "value " + std::to_string(v.value) + " chosen by " + p.names(v.by) +
           " at b=" + std::to_string(v.ballot);
  }
};

using PaxosModel = dist::ActorModel<Paxos>;

}  // namespace faultline::paxos
