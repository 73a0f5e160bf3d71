// Paxos handlers, the start step, the normalize reduction and the trace text of nodes and ghost
// history. The protocol itself is documented in paxos.hpp.
#include "models/paxos/paxos.hpp"

#include <algorithm>
#include <tuple>

namespace faultline::paxos {

using dist::NodeId;
using dist::NodeSet;

namespace {

uint8_t ballot_in(const PaxosMsg& m) {
  uint8_t b = 0;
  reflect::visit_alternative(m, [&](const auto& x) { b = x.b; });
  return b;
}

std::string pair_text(uint8_t b, uint8_t v) {
  return "(b=" + std::to_string(b) + ",v=" + std::to_string(v) + ")";
}

std::string value_set(uint32_t mask) {
  std::string out = "{";
  for (unsigned v = 1; v < 32; ++v)
    if (mask & (1u << v)) out += (out.size() > 1 ? "," : "") + std::to_string(v);
  return out + "}";
}

// "preparing b=1 promises={a1} highest=(b=1,v=2), ballots used 1/2"; "promised 2, accepted none"
std::string describe_node(const Paxos& p, NodeId, const Paxos::Node& node) {
  if (const auto* acc = std::get_if<Acceptor>(&node))
    return "promised " + std::to_string(acc->promised) + ", accepted " +
           (acc->acc_b ? pair_text(acc->acc_b, acc->acc_v) : std::string("none"));
  const Proposer& v = std::get<Proposer>(node);
  std::string d;
  switch (v.phase) {
    case Phase::idle:
      d = "idle";
      break;
    case Phase::preparing:
      d = "preparing b=" + std::to_string(v.ballot) +
          " promises=" + dist::format_node_set(v.acks, p.names());
      if (v.best_b) d += " highest=" + pair_text(v.best_b, v.best_v);
      break;
    case Phase::accepting:
      d = "accepting b=" + std::to_string(v.ballot) + " v=" + std::to_string(v.value) +
          " acks=" + dist::format_node_set(v.acks, p.names());
      break;
    case Phase::decided:
      d = "decided b=" + std::to_string(v.ballot) + " v=" + std::to_string(v.value);
      break;
  }
  return d + ", ballots used " + std::to_string(v.ballots_used) + "/" +
         std::to_string(p.config().ballots);
}

// "votes" = "(b=1,v=1) by {a1,a2}", "chosen" = "{1}", "proposed" = "{1,2}"
void describe_history(const Paxos& p, const PaxosState& s, FieldWriter& w) {
  std::string votes;
  for (const auto& v : s.ghost.votes) {
    if (!votes.empty()) votes += "; ";
    votes += pair_text(v.ballot, v.value) + " by " + dist::format_node_set(v.by, p.names());
  }
  w.field("votes", votes.empty() ? "none" : votes);
  uint32_t chosen = 0;
  for (const auto& v : chosen_votes(s, p.q2())) chosen |= 1u << v.value;
  w.field("chosen", value_set(chosen));
  w.field("proposed", value_set(s.ghost.proposed));
}

}  // namespace

void faultline_format(std::string& out, const Promise& m, const FormatContext&) {
  out += "Promise(b=" + std::to_string(m.b);
  if (m.vb != 0) out += ",vb=" + std::to_string(m.vb) + ",v=" + std::to_string(m.v);
  out += ')';
}

Paxos::Paxos(PaxosConfig config) : config_(config) {
  const unsigned n = config_.acceptors;
  const unsigned majority = config_.variant == Variant::QuorumFloor ? (n + 1) / 2 : n / 2 + 1;
  q1_ = config_.q1 ? config_.q1 : majority;
  q2_ = config_.q2 ? config_.q2 : majority;
  names_ = dist::make_node_names({{"p", config_.proposers}, {"a", n}});
}

dist::ActorConfig<Paxos> Paxos::actor_config() const {
  return {.roles = {{.name = "p", .count = config_.proposers},
                    {.name = "a",
                     .count = config_.acceptors,
                     .amnesia = config_.variant == Variant::ForgetPromiseOnRestart}},
          .timers = {},
          .network = config_.network,
          .faults = config_.faults,
          .unchanged = dist::UnchangedDelivery::Consume,
          .describe_node = describe_node,
          .describe_ghost = describe_history,
          .normalize = [](const Paxos& p, State& s) {
            dist::erase_messages(s, [&](NodeId src, NodeId dst, const Msg& m) {
              return p.useless(s, src, dst, m);
            });
          }};
}

uint8_t Paxos::ballot_of(unsigned p, unsigned k) const {
  if (config_.variant == Variant::SharedBallots) return static_cast<uint8_t>(k + 1);
  return static_cast<uint8_t>(p + 1 + k * config_.proposers);
}

std::vector<dist::LocalStep<Paxos>> Paxos::local_steps() const {
  return {{.name = "start",
           .role = kProposers,
           .enabled = [](const Paxos& p, const State& s, NodeId id) {
             return std::get<Proposer>(s.nodes[id]).ballots_used < p.config_.ballots;
           },
           .run =
               [](const Paxos& p, Actor& self, Node& n) {
                 Proposer& pr = std::get<Proposer>(n);
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
           .detail = [](const Paxos& p, const State& s, NodeId id) {
             return "b=" +
                    std::to_string(p.ballot_of(id, std::get<Proposer>(s.nodes[id]).ballots_used));
           }}};
}

void Paxos::on_message(Actor& self, Node& node, NodeId from, const Msg& msg) const {
  if (auto* pr = std::get_if<Proposer>(&node))
    on_proposer(self, *pr, from, msg);
  else
    on_acceptor(self, std::get<Acceptor>(node), from, msg);
}

void Paxos::on_acceptor(Actor& self, Acceptor& acc, NodeId from, const Msg& m) const {
  if (ballot_in(m) < acc.promised) return;  // a lower ballot: ignored, no nack
  if (const auto* p = std::get_if<Prepare>(&m)) {
    acc.promised = p->b;
    self.send(from, Promise{p->b, acc.acc_b, acc.acc_v});
  } else if (const auto* a = std::get_if<Accept>(&m)) {
    acc.promised = acc.acc_b = a->b;
    acc.acc_v = a->v;
    auto& votes = self.ghost().votes;
    auto it = std::lower_bound(votes.begin(), votes.end(), *a, [](const Vote& x, const Accept& y) {
      return std::tie(x.ballot, x.value) < std::tie(y.b, y.v);
    });
    if (it == votes.end() || it->ballot != a->b || it->value != a->v)
      it = votes.insert(it, Vote{a->b, a->v, {}});
    it->by.insert(self.self());
    self.send(from, Accepted{a->b, a->v});
  }
}

void Paxos::on_proposer(Actor& self, Proposer& v, NodeId from, const Msg& m) const {
  if (ballot_in(m) != v.ballot) return;  // about another ballot: stale
  if (const auto* pm = std::get_if<Promise>(&m); pm && v.phase == Phase::preparing) {
    v.acks.insert(from);
    if (pm->vb != 0) {
      const bool adopt = config_.variant == Variant::AdoptAnyValue
                             ? (v.best_b == 0 || pm->vb < v.best_b)  // bug: lowest, not highest
                             : pm->vb > v.best_b;
      if (adopt) {
        v.best_b = pm->vb;
        v.best_v = pm->v;
      }
    }
    if (v.acks.size() >= q1_) {
      const bool use_reported = v.best_b != 0 && config_.variant != Variant::IgnorePromisedValues;
      v.value = use_reported ? v.best_v : input_of(self.self());
      v.phase = Phase::accepting;
      v.acks = NodeSet();
      v.best_b = v.best_v = 0;
      self.broadcast(kAcceptors, Accept{v.ballot, v.value});
    }
  } else if (std::holds_alternative<Accepted>(m) && v.phase == Phase::accepting) {
    v.acks.insert(from);
    if (v.acks.size() >= q2_) {
      v.phase = Phase::decided;
      v.acks = NodeSet();
    }
  }
}

bool Paxos::useless(const State& s, NodeId src, NodeId dst, const Msg& m) const {
  const uint8_t b = ballot_in(m);
  if (dst < config_.proposers)
    return reply_useless(s, dst, src,
                         std::holds_alternative<Promise>(m) ? Phase::preparing : Phase::accepting,
                         b);
  // Below the promise: useless forever only if promises never decrease (not with amnesia).
  if (config_.variant == Variant::ForgetPromiseOnRestart) return false;
  const Acceptor& acc = std::get<Acceptor>(s.nodes[dst]);
  if (b < acc.promised) return true;
  // A repeat that leaves the acceptor as it is and whose reply would be useless.
  if (b == acc.promised) {
    if (std::holds_alternative<Prepare>(m)) return reply_useless(s, src, dst, Phase::preparing, b);
    const auto* a = std::get_if<Accept>(&m);
    if (a && acc.acc_b == b && acc.acc_v == a->v)
      return reply_useless(s, src, dst, Phase::accepting, b);
  }
  return false;
}

bool Paxos::reply_useless(const State& s, unsigned p, NodeId from, Phase phase, uint8_t b) const {
  // Replies name a ballot the proposer already started; it never returns to an old ballot
  // (ballots_used is durable), so a reply for another ballot or phase stays useless, and so
  // does a second reply from the same acceptor (acks only grow within a phase; a repeated
  // promise cannot report a newer accepted ballot, which would have to be b itself).
  const Proposer& v = proposer(s, p);
  if (b != v.ballot || v.acks.contains(from)) return true;
  return v.phase != phase;
}

}  // namespace faultline::paxos
