// Paxos transitions: initial state, action enumeration, next state, labels and the state's
// canonical encoding and description. The protocol itself is documented in paxos.hpp.
#include "models/paxos/paxos.hpp"

#include <algorithm>
#include <cassert>
#include <tuple>

namespace faultline::paxos {

using dist::ActionKind;
using dist::NodeId;
using dist::NodeSet;

PaxosModel::PaxosModel(PaxosConfig config)
    : config_(config),
      kinds_({"start"}, {"Prepare", "Promise", "Accept", "Accepted"}, config.faults) {
  const unsigned n = config_.acceptors;
  const unsigned majority = config_.variant == Variant::QuorumFloor ? (n + 1) / 2 : n / 2 + 1;
  q1_ = config_.q1 ? config_.q1 : majority;
  q2_ = config_.q2 ? config_.q2 : majority;
  acceptor_set_ = NodeSet::range(static_cast<NodeId>(config_.proposers), n);

  dist::ClusterConfig cc;
  cc.names = dist::make_node_names({{"p", config_.proposers}, {"a", n}});
  cc.mode = config_.network;
  cc.budget = config_.faults;
  if (config_.variant == Variant::ForgetPromiseOnRestart) cc.amnesia = acceptor_set_;
  cluster_ = dist::Cluster<PaxosMsg>(std::move(cc));
  props_ = paxos_properties(q2_, cluster_.names(), config_.proposers);
}

uint8_t PaxosModel::ballot_of(unsigned p, unsigned k) const {
  if (config_.variant == Variant::SharedBallots) return static_cast<uint8_t>(k + 1);
  return static_cast<uint8_t>(p + 1 + k * config_.proposers);
}

std::vector<PaxosState> PaxosModel::initial_states() const {
  State s;
  s.env = cluster_.initial();
  s.proposers.resize(config_.proposers);
  s.acceptors.resize(config_.acceptors);
  return {s};
}

void PaxosModel::actions(const State& s, std::vector<Action>& out) const {
  for (unsigned p = 0; p < config_.proposers; ++p)
    if (s.env.up(static_cast<NodeId>(p)) &&
        s.proposers[p].persistent.ballots_used < config_.ballots)
      out.push_back({ActionKind::Local, static_cast<NodeId>(p), kStart, 0});
  cluster_.deliver_actions(s.env, out);
  cluster_.fault_actions(s.env, out);
}

std::optional<PaxosState> PaxosModel::next_state(const State& s, const Action& a) const {
  State n = s;
  switch (a.kind) {
    case ActionKind::Local:
      start(n, a.node);
      break;
    case ActionKind::Deliver:
      deliver(n, cluster_.take_delivery(n.env, a));
      break;
    default:
      cluster_.apply_fault(n.env, a, [&](NodeId node, dist::ResetScope scope) {
        if (node < config_.proposers)
          n.proposers[node].reset(scope);
        else
          n.acceptors[node - config_.proposers].reset(scope);
      });
      break;
  }
  n.env.net.erase_if([&](const dist::Envelope<PaxosMsg>& e) { return useless(n, e); });
  return n;
}

bool PaxosModel::useless(const State& s, const dist::Envelope<PaxosMsg>& e) const {
  const PaxosMsg& m = e.msg;
  if (e.dst < config_.proposers) return reply_useless(s, e.dst, e.src, m.type, m.b);
  const AcceptorDurable& acc = s.acceptors[e.dst - config_.proposers].persistent;
  // Below the promise: useless forever only if promises never decrease (not with amnesia).
  const bool durable = config_.variant != Variant::ForgetPromiseOnRestart;
  if (!durable) return false;
  if (m.b < acc.promised) return true;
  // A repeat that leaves the acceptor as it is and whose reply would be useless.
  if (m.b == acc.promised) {
    if (m.type == MsgType::Prepare) return reply_useless(s, e.src, e.dst, MsgType::Promise, m.b);
    if (m.type == MsgType::Accept && acc.acc_b == m.b && acc.acc_v == m.v)
      return reply_useless(s, e.src, e.dst, MsgType::Accepted, m.b);
  }
  return false;
}

bool PaxosModel::reply_useless(const State& s, unsigned p, NodeId from, MsgType type,
                               uint8_t b) const {
  // Replies name a ballot the proposer already started; it never returns to an old ballot
  // (ballots_used is persistent), so a reply for another ballot or phase stays useless, and
  // so does a second reply from the same acceptor (acks only grow within a phase; a repeated
  // promise cannot report a newer accepted ballot, which would have to be b itself).
  const ProposerVolatile& v = s.proposers[p].vol;
  if (b != v.ballot || v.acks.contains(from)) return true;
  return v.phase != (type == MsgType::Promise ? Phase::Preparing : Phase::Accepting);
}

void PaxosModel::start(State& s, unsigned p) const {
  Proposer& pr = s.proposers[p];
  const uint8_t b = ballot_of(p, pr.persistent.ballots_used);
  ++pr.persistent.ballots_used;
  pr.vol = ProposerVolatile{};
  pr.vol.phase = Phase::Preparing;
  pr.vol.ballot = b;
  s.proposed |= 1u << input_of(p);
  s.env.net.broadcast(static_cast<NodeId>(p), acceptor_set_, PaxosMsg::prepare(b));
}

void PaxosModel::deliver(State& s, const dist::Envelope<PaxosMsg>& e) const {
  if (e.dst < config_.proposers)
    on_proposer(s, e.dst, e);
  else
    on_acceptor(s, e.dst - config_.proposers, e);
}

void PaxosModel::on_acceptor(State& s, unsigned a, const dist::Envelope<PaxosMsg>& e) const {
  AcceptorDurable& acc = s.acceptors[a].persistent;
  const PaxosMsg& m = e.msg;
  if (m.b < acc.promised) return;  // a lower ballot: ignored, no nack
  if (m.type == MsgType::Prepare) {
    acc.promised = m.b;
    s.env.net.send(e.dst, e.src, PaxosMsg::promise(m.b, acc.acc_b, acc.acc_v));
  } else if (m.type == MsgType::Accept) {
    acc.promised = m.b;
    acc.acc_b = m.b;
    acc.acc_v = m.v;
    Vote key{m.b, m.v, {}};
    auto it =
        std::lower_bound(s.votes.begin(), s.votes.end(), key, [](const Vote& x, const Vote& y) {
          return std::tie(x.ballot, x.value) < std::tie(y.ballot, y.value);
        });
    if (it == s.votes.end() || it->ballot != m.b || it->value != m.v) it = s.votes.insert(it, key);
    it->by.insert(e.dst);
    s.env.net.send(e.dst, e.src, PaxosMsg::accepted(m.b, m.v));
  }
}

void PaxosModel::on_proposer(State& s, unsigned p, const dist::Envelope<PaxosMsg>& e) const {
  ProposerVolatile& v = s.proposers[p].vol;
  const PaxosMsg& m = e.msg;
  if (m.b != v.ballot) return;  // about another ballot: stale
  if (m.type == MsgType::Promise && v.phase == Phase::Preparing) {
    v.acks.insert(e.src);
    if (m.vb != 0) {
      const bool adopt = config_.variant == Variant::AdoptAnyValue
                             ? (v.best_b == 0 || m.vb < v.best_b)  // bug: lowest, not highest
                             : m.vb > v.best_b;
      if (adopt) {
        v.best_b = m.vb;
        v.best_v = m.v;
      }
    }
    if (v.acks.size() >= q1_) {
      const bool use_reported = v.best_b != 0 && config_.variant != Variant::IgnorePromisedValues;
      v.value = use_reported ? v.best_v : input_of(p);
      v.phase = Phase::Accepting;
      v.acks = NodeSet();
      v.best_b = v.best_v = 0;
      s.env.net.broadcast(static_cast<NodeId>(p), acceptor_set_,
                          PaxosMsg::accept(v.ballot, v.value));
    }
  } else if (m.type == MsgType::Accepted && v.phase == Phase::Accepting) {
    v.acks.insert(e.src);
    if (v.acks.size() >= q2_) {
      v.phase = Phase::Decided;
      v.acks = NodeSet();
    }
  }
}

size_t PaxosModel::action_kind(const State& s, const Action& a) const {
  const bool deliver = a.kind == ActionKind::Deliver;
  return kinds_.kind(a, deliver ? static_cast<size_t>(s.env.net[a.arg].env.msg.type) : 0);
}

std::string PaxosModel::action_label(const State& s, const Action& a) const {
  if (a.kind == ActionKind::Local) {
    const unsigned p = a.node;
    return "start " + cluster_.names()[p] +
           " b=" + std::to_string(ballot_of(p, s.proposers[p].persistent.ballots_used));
  }
  return cluster_.label(s.env, a);
}

void PaxosModel::encode(const State& s, ByteSink& out) const {
  s.env.encode(out);
  for (const auto& p : s.proposers) {
    out.u8(p.persistent.ballots_used);
    out.u8(static_cast<uint8_t>(p.vol.phase));
    out.u8(p.vol.ballot);
    out.u8(p.vol.value);
    out.u8(p.vol.best_b);
    out.u8(p.vol.best_v);
    out.varint(p.vol.acks.bits());
  }
  for (const auto& a : s.acceptors) {
    out.u8(a.persistent.promised);
    out.u8(a.persistent.acc_b);
    out.u8(a.persistent.acc_v);
  }
  out.varint(s.votes.size());
  for (const auto& v : s.votes) {
    out.u8(v.ballot);
    out.u8(v.value);
    out.varint(v.by.bits());
  }
  out.varint(s.proposed);
}

PaxosState PaxosModel::decode(ByteSource& in) const {
  State s;
  s.env = dist::ClusterState<PaxosMsg>::decode(in, config_.network);
  s.proposers.resize(config_.proposers);
  for (auto& p : s.proposers) {
    p.persistent.ballots_used = in.u8();
    p.vol.phase = static_cast<Phase>(in.u8());
    p.vol.ballot = in.u8();
    p.vol.value = in.u8();
    p.vol.best_b = in.u8();
    p.vol.best_v = in.u8();
    p.vol.acks = NodeSet(static_cast<uint32_t>(in.varint()));
  }
  s.acceptors.resize(config_.acceptors);
  for (auto& a : s.acceptors) {
    a.persistent.promised = in.u8();
    a.persistent.acc_b = in.u8();
    a.persistent.acc_v = in.u8();
  }
  s.votes.resize(in.varint());
  for (auto& v : s.votes) {
    v.ballot = in.u8();
    v.value = in.u8();
    v.by = NodeSet(static_cast<uint32_t>(in.varint()));
  }
  s.proposed = static_cast<uint32_t>(in.varint());
  return s;
}

namespace {

std::string value_set(uint32_t mask) {
  std::string out = "{";
  for (unsigned v = 1; v < 32; ++v)
    if (mask & (1u << v)) out += (out.size() > 1 ? "," : "") + std::to_string(v);
  return out + "}";
}

}  // namespace

void PaxosModel::describe(const State& s, FieldWriter& w) const {
  const auto& names = cluster_.names();
  for (unsigned p = 0; p < config_.proposers; ++p) {
    const Proposer& pr = s.proposers[p];
    const ProposerVolatile& v = pr.vol;
    std::string d;
    switch (v.phase) {
      case Phase::Idle:
        d = "idle";
        break;
      case Phase::Preparing:
        d = "preparing b=" + std::to_string(v.ballot) +
            " promises=" + dist::format_node_set(v.acks, names);
        if (v.best_b)
          d += " highest=(b=" + std::to_string(v.best_b) + ",v=" + std::to_string(v.best_v) + ")";
        break;
      case Phase::Accepting:
        d = "accepting b=" + std::to_string(v.ballot) + " v=" + std::to_string(v.value) +
            " acks=" + dist::format_node_set(v.acks, names);
        break;
      case Phase::Decided:
        d = "decided b=" + std::to_string(v.ballot) + " v=" + std::to_string(v.value);
        break;
    }
    d += ", ballots used " + std::to_string(pr.persistent.ballots_used) + "/" +
         std::to_string(config_.ballots);
    w.field(names[p], std::move(d));
  }
  for (unsigned a = 0; a < config_.acceptors; ++a) {
    const AcceptorDurable& acc = s.acceptors[a].persistent;
    std::string d = "promised " + std::to_string(acc.promised) + ", accepted ";
    d += acc.acc_b ? "(b=" + std::to_string(acc.acc_b) + ",v=" + std::to_string(acc.acc_v) + ")"
                   : std::string("none");
    w.field(names[acceptor_node(a)], std::move(d));
  }
  std::string votes;
  for (const auto& v : s.votes) {
    if (!votes.empty()) votes += "; ";
    votes += "(b=" + std::to_string(v.ballot) + ",v=" + std::to_string(v.value) + ") by " +
             dist::format_node_set(v.by, names);
  }
  w.field("votes", votes.empty() ? "none" : votes);
  uint32_t chosen = 0;
  for (const auto& v : chosen_votes(s, q2_)) chosen |= 1u << v.value;
  w.field("chosen", value_set(chosen));
  w.field("proposed", value_set(s.proposed));
  s.env.describe(w, names);
}

}  // namespace faultline::paxos
