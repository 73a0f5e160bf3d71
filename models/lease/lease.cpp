// Lease service transitions: initial state, action enumeration, next state, labels, and the
// state's canonical encoding and description, and the symmetry declarations (clients
// interchangeable; time shifted with unbounded time). The protocol is documented in lease.hpp.
#include "models/lease/lease.hpp"

#include <cassert>

namespace faultline::lease {

using dist::ActionKind;
using dist::NodeId;
using dist::NodeSet;

LeaseModel::LeaseModel(LeaseConfig config) : config_(config) {
  assert(config_.margin < config_.duration);
  dist::ClusterConfig cc;
  cc.names = {"g"};
  for (const auto& n : dist::make_node_names({{"c", config_.clients}})) cc.names.push_back(n);
  cc.budget = config_.faults;
  const NodeSet all = NodeSet::range(0, config_.clients + 1);
  config_.time.clocked = all;
  config_.time.pausable = all;
  env_ = dist::TimedCluster<LeaseMsg>(std::move(cc), config_.time);
  props_ = lease_properties(env_.names());
  kinds_ = dist::ActionKindTable({"request", "check lease", "act as holder"},
                                 {"Request", "Grant", "Busy"}, config_.faults, config_.time);
}

size_t LeaseModel::action_kind(const State& s, const Action& a) const {
  const bool deliver = a.kind == ActionKind::Deliver;
  return kinds_.kind(a, deliver ? static_cast<size_t>(s.env.net.net[a.arg].env.msg.type) : 0);
}

unsigned LeaseModel::holder_margin() const {
  return config_.variant == Variant::NoDriftMargin ? 0 : config_.margin;
}

std::vector<LeaseState> LeaseModel::initial_states() const {
  State s;
  s.env = env_.initial();
  s.clients.resize(config_.clients);
  return {s};
}

void LeaseModel::actions(const State& s, std::vector<Action>& out) const {
  NodeSet busy;
  for (unsigned k = 1; k <= config_.clients; ++k) {
    const NodeId n = static_cast<NodeId>(k);
    const Client& c = s.clients[k - 1];
    if (c.ready) busy.insert(n);
    if (!s.env.running(n)) continue;
    if (!c.pending) out.push_back({ActionKind::Local, n, kRequest, 0});
    if (c.ready)
      out.push_back({ActionKind::Local, n, kAct, 0});
    else if (c.ends)
      out.push_back({ActionKind::Local, n, kCheck, 0});
  }
  env_.env_actions(s.env, busy, out);
}

std::optional<LeaseState> LeaseModel::next_state(const State& s, const Action& a) const {
  State n = s;
  switch (a.kind) {
    case ActionKind::Local: {
      Client& c = n.clients[a.node - 1];
      if (a.code == kRequest) {
        c.pending = true;
        c.sent = static_cast<uint16_t>(n.env.clock(a.node));
        n.env.net.net.send(a.node, kGrantor, LeaseMsg{MsgType::Request, c.sent});
      } else if (a.code == kCheck) {
        c.ready = true;
      } else {
        c.ready = false;
        n.acted.insert(a.node);
        n.ever_acted.insert(a.node);
      }
      break;
    }
    case ActionKind::Deliver:
      deliver(n, env_.cluster().take_delivery(n.env.net, a));
      break;
    default:
      const bool ticked = env_.apply_env(n.env, a, [&](NodeId node, dist::ResetScope scope) {
        // The grantor's lease record is persistent (it survives a crash); clients keep nothing.
        if (node != kGrantor) n.clients[node - 1] = Client{};
        if (node == kGrantor && scope == dist::ResetScope::Persistent) n.grantor = Grantor{};
      });
      if (ticked) n.acted = NodeSet();
      break;
  }
  forget_ended(n);
  return n;
}

void LeaseModel::forget_ended(State& s) const {
  if (s.grantor.ends && s.grantor.ends <= s.env.clock(kGrantor)) s.grantor = Grantor{};
  for (unsigned k = 1; k <= config_.clients; ++k) {
    Client& c = s.clients[k - 1];
    if (c.ends && c.ends <= s.env.clock(static_cast<NodeId>(k))) c.ends = 0;
  }
}

void LeaseModel::deliver(State& s, const dist::Envelope<LeaseMsg>& e) const {
  if (e.dst == kGrantor) {
    Grantor& g = s.grantor;
    const bool grant = g.holder == 0 || g.holder == e.src;  // ended leases are already forgotten
    if (grant) {
      g.holder = e.src;
      g.ends = static_cast<uint16_t>(s.env.clock(kGrantor) + config_.duration);
    }
    s.env.net.net.send(kGrantor, e.src,
                      LeaseMsg{grant ? MsgType::Grant : MsgType::Busy, e.msg.at});
    return;
  }
  Client& c = s.clients[e.dst - 1];
  if (!c.pending || e.msg.at != c.sent) return;  // a reply to an earlier request
  c.pending = false;
  if (e.msg.type == MsgType::Grant) {
    const bool on_receipt = config_.timer_on_receipt || config_.variant == Variant::TimerOnReceipt;
    const unsigned start = on_receipt ? s.env.clock(e.dst) : c.sent;
    c.ends = static_cast<uint16_t>(start + config_.duration - holder_margin());
  }
  c.sent = 0;
}

std::string LeaseModel::action_label(const State& s, const Action& a) const {
  if (a.kind != ActionKind::Local) return env_.label(s.env, a);
  const std::string& who = env_.names()[a.node];
  const Client& c = s.clients[a.node - 1];
  const std::string clock = std::to_string(s.env.clock(a.node));
  if (a.code == kRequest)
    return "request " + who + (c.ends ? " (renewal, clock " : " (clock ") + clock + ")";
  if (a.code == kCheck)
    return who + " checks its lease (clock " + clock + " < " + std::to_string(c.ends) + ")";
  return who + " acts as holder";
}

void LeaseModel::encode(const State& s, ByteSink& out) const {
  s.env.encode(out);
  out.u8(s.grantor.holder);
  out.varint(s.grantor.ends);
  for (const auto& c : s.clients) {
    out.u8(static_cast<uint8_t>(c.pending | (c.ready << 1)));
    out.varint(c.sent);
    out.varint(c.ends);
  }
  out.varint(s.acted.bits());
  out.varint(s.ever_acted.bits());
}

LeaseState LeaseModel::decode(ByteSource& in) const {
  State s;
  s.env = dist::TimedEnv<LeaseMsg>::decode(in, dist::NetworkMode::Multiset, config_.clients + 1);
  s.grantor.holder = in.u8();
  s.grantor.ends = static_cast<uint16_t>(in.varint());
  s.clients.resize(config_.clients);
  for (auto& c : s.clients) {
    const uint8_t flags = in.u8();
    c.pending = flags & 1;
    c.ready = flags & 2;
    c.sent = static_cast<uint16_t>(in.varint());
    c.ends = static_cast<uint16_t>(in.varint());
  }
  s.acted = NodeSet(static_cast<uint32_t>(in.varint()));
  s.ever_acted = NodeSet(static_cast<uint32_t>(in.varint()));
  return s;
}

void LeaseModel::describe(const State& s, FieldWriter& w) const {
  const auto& names = env_.names();
  w.field("g", s.grantor.holder ? "lease to " + names[s.grantor.holder] + " until " +
                                      std::to_string(s.grantor.ends)
                                : std::string("no lease"));
  for (unsigned k = 1; k <= config_.clients; ++k) {
    const Client& c = s.clients[k - 1];
    std::string d = c.ends ? "holds until " + std::to_string(c.ends) : "no lease";
    if (c.pending) d += ", requested at " + std::to_string(c.sent);
    if (c.ready) d += ", about to act";
    w.field(names[k], std::move(d));
  }
  w.field("acted now", dist::format_node_set(s.acted, names));
  w.field("ever acted", dist::format_node_set(s.ever_acted, names));
  env_.describe(s.env, w);
}

SymmetryDecl LeaseModel::symmetry() const {
  return interchangeable(config_.clients + 1, 1, config_.clients,
                         "clients c1..c" + std::to_string(config_.clients));
}

LeaseState LeaseModel::permute(const State& s, const Permutation& p) const {
  State t;  // built field by field: copying s first would copy its network for nothing
  t.env = s.env.permuted(p, config_.clients + 1);
  t.grantor = s.grantor;
  t.clients.resize(config_.clients);
  if (s.grantor.holder) t.grantor.holder = p[s.grantor.holder];
  for (unsigned k = 1; k <= config_.clients; ++k) t.clients[p[k] - 1] = s.clients[k - 1];
  t.acted = dist::permute(s.acted, p);
  t.ever_acted = dist::permute(s.ever_acted, p);
  return t;
}

void LeaseModel::symmetry_signatures(const State& s, std::vector<uint64_t>& sigs) const {
  s.env.add_signatures(sigs, config_.clients + 1);
  for (unsigned k = 1; k <= config_.clients; ++k) {
    const Client& c = s.clients[k - 1];
    uint64_t h = signature_add(sigs[k], c.pending * 2u + c.ready);
    h = signature_add(h, uint64_t{c.sent} << 16 | c.ends);
    h = signature_add(h, (s.grantor.holder == k) * 4u + s.acted.contains(k) * 2u +
                             s.ever_acted.contains(k));
    sigs[k] = h;
  }
}

std::vector<IntervalDecl> LeaseModel::intervals() const {
  return dist::time_interval(
      config_.time,
      "true time, clocks, lease ends and request times; request times too old to start a running "
      "lease packed together");
}

void LeaseModel::interval_values(const State& s, size_t, std::vector<uint32_t>& out) const {
  out.push_back(s.env.time.now);
  if (s.grantor.holder) out.push_back(s.grantor.ends);
  for (const Client& c : s.clients) {
    if (c.ends) out.push_back(c.ends);
    if (c.pending) out.push_back(c.sent);
  }
  for (const auto& e : s.env.net.net.entries()) out.push_back(e.env.msg.at);
}

int64_t LeaseModel::interval_cutoff(const State& s, size_t) const {
  // A send time t with t + D - M <= now is stale (see the top of this file).
  return int64_t{s.env.time.now} + 1 - (int64_t{config_.duration} - holder_margin());
}

LeaseState LeaseModel::remap_interval(const State& s, size_t, const IntervalMap& f) const {
  State t = s;
  auto map = [&](uint16_t v) { return static_cast<uint16_t>(f(v)); };
  t.env.time.now = map(s.env.time.now);
  if (t.grantor.holder) t.grantor.ends = map(s.grantor.ends);
  for (Client& c : t.clients) {
    if (c.ends) c.ends = map(c.ends);
    if (c.pending) c.sent = map(c.sent);
  }
  t.env.net.net = s.env.net.net.transformed([&](LeaseMsg m) {
    m.at = map(m.at);
    return m;
  });
  return t;
}

}  // namespace faultline::lease
