// Fencing-token transitions: initial state, action enumeration, next state, labels, and the
// state's canonical encoding and description. The protocol is documented in fencing.hpp.
#include "models/fencing/fencing.hpp"

#include <algorithm>
#include <cassert>

namespace faultline::fencing {

using dist::ActionKind;
using dist::NodeId;
using dist::NodeSet;

void FencingMsg::encode(ByteSink& out) const {
  out.u8(static_cast<uint8_t>(type));
  out.varint(at);
  out.u8(token);
  out.u8(value);
  out.u8(grant);
}

FencingMsg FencingMsg::decode(ByteSource& in) {
  FencingMsg m;
  m.type = static_cast<MsgType>(in.u8());
  m.at = static_cast<uint16_t>(in.varint());
  m.token = in.u8();
  m.value = in.u8();
  m.grant = in.u8();
  return m;
}

std::string FencingMsg::label() const {
  const std::string at_s = "(at=" + std::to_string(at);
  const std::string tok = "(token=" + std::to_string(token);
  switch (type) {
    case MsgType::Request:
      return "Request" + at_s + ")";
    case MsgType::Grant:
      return "Grant" + at_s + ",token=" + std::to_string(token) + ")";
    case MsgType::Busy:
      return "Busy" + at_s + ")";
    case MsgType::Read:
      return "Read" + tok + ")";
    case MsgType::Value:
      return "Value" + tok + ",v=" + std::to_string(value) + ")";
    case MsgType::Rejected:
      return "Rejected" + tok + ")";
    case MsgType::Write:
      return "Write" + tok + ",v=" + std::to_string(value) + ")";
  }
  return "?";
}

FencingModel::FencingModel(FencingConfig config) : config_(config) {
  assert(config_.margin < config_.duration);
  dist::ClusterConfig cc;
  cc.names = {"l"};
  for (const auto& n : dist::make_node_names({{"c", config_.clients}})) cc.names.push_back(n);
  cc.names.push_back("s");
  cc.budget = config_.faults;
  cc.crashable = NodeSet::range(kLock, 1);
  const NodeSet lock_and_clients = NodeSet::range(0, config_.clients + 1);
  config_.time.clocked = lock_and_clients;
  config_.time.pausable = NodeSet::range(1, config_.clients);
  env_ = dist::TimedCluster<FencingMsg>(std::move(cc), config_.time);
  props_ = fencing_properties(env_.names());
  kinds_ = dist::ActionKindTable({"request", "read", "check lease", "write"},
                                 {"Request", "Grant", "Busy", "Read", "Value", "Rejected", "Write"},
                                 config_.faults, config_.time);
}

size_t FencingModel::action_kind(const State& s, const Action& a) const {
  const bool deliver = a.kind == ActionKind::Deliver;
  return kinds_.kind(a, deliver ? static_cast<size_t>(s.env.net.net[a.arg].env.msg.type) : 0);
}

std::vector<FencingState> FencingModel::initial_states() const {
  State s;
  s.env = env_.initial();
  s.clients.resize(config_.clients);
  return {s};
}

void FencingModel::actions(const State& s, std::vector<Action>& out) const {
  NodeSet busy;
  for (unsigned k = 1; k <= config_.clients; ++k) {
    const NodeId n = static_cast<NodeId>(k);
    const Client& c = s.clients[k - 1];
    if (c.op == Op::Ready) busy.insert(n);
    if (!s.env.running(n)) continue;
    if (!c.pending && !c.ends && c.op != Op::Ready)
      out.push_back({ActionKind::Local, n, kRequest, 0});
    if (c.ends && c.op == Op::None) out.push_back({ActionKind::Local, n, kRead, 0});
    if (c.ends && c.op == Op::HaveValue) out.push_back({ActionKind::Local, n, kCheck, 0});
    if (c.op == Op::Ready) out.push_back({ActionKind::Local, n, kWrite, 0});
  }
  env_.env_actions(s.env, busy, out);
}

std::optional<FencingState> FencingModel::next_state(const State& s, const Action& a) const {
  State n = s;
  switch (a.kind) {
    case ActionKind::Local: {
      Client& c = n.clients[a.node - 1];
      auto& net = n.env.net.net;
      if (a.code == kRequest) {
        c.pending = true;
        c.sent = static_cast<uint16_t>(n.env.clock(a.node));
        net.send(a.node, kLock, FencingMsg{MsgType::Request, c.sent, 0, 0, 0});
      } else if (a.code == kRead) {
        c.op = Op::ReadSent;
        net.send(a.node, storage_id(), FencingMsg{MsgType::Read, 0, c.token, 0, 0});
      } else if (a.code == kCheck) {
        c.op = Op::Ready;
      } else {
        c.op = Op::Done;
        net.send(a.node, storage_id(),
                 FencingMsg{MsgType::Write, 0, c.token, static_cast<uint8_t>(c.value + 1), c.grant});
      }
      break;
    }
    case ActionKind::Deliver:
      deliver(n, env_.cluster().take_delivery(n.env.net, a));
      break;
    default:
      env_.apply_env(n.env, a, [&](NodeId node, dist::ResetScope scope) {
        assert(node == kLock);
        (void)node;
        const LockService before = n.lock;
        n.lock = LockService{};
        n.lock.grants = before.grants;
        if (config_.variant != Variant::CounterForgotten && scope == dist::ResetScope::Volatile)
          n.lock.counter = before.counter;
      });
      break;
  }
  forget_ended(n);
  return n;
}

void FencingModel::forget_ended(State& s) const {
  if (s.lock.ends && s.lock.ends <= s.env.clock(kLock)) {
    s.lock.holder = 0;
    s.lock.ends = 0;
  }
  for (unsigned k = 1; k <= config_.clients; ++k) {
    Client& c = s.clients[k - 1];
    if (c.ends && c.ends <= s.env.clock(static_cast<NodeId>(k))) c.ends = 0;
    // Without a lease a client keeps its token only while a write under it is about to go out
    // or has gone out (a renewal of the same lease then allows no second read-modify-write),
    // or while its read is unanswered (a renewal resumes waiting for the reply: one read in
    // flight per client, so renewals do not pile up reads in the network).
    if (!c.ends && c.token && c.op != Op::Ready && c.op != Op::Done && c.op != Op::ReadSent)
      c = Client{c.pending, c.sent, 0, 0, 0, Op::None, 0};
  }
}

void FencingModel::deliver(State& s, const dist::Envelope<FencingMsg>& e) const {
  if (e.dst == kLock) {
    lock_service(s, e);
    return;
  }
  if (e.dst == storage_id()) {
    storage(s, e);
    return;
  }
  Client& c = s.clients[e.dst - 1];
  switch (e.msg.type) {
    case MsgType::Grant:
    case MsgType::Busy:
      if (!c.pending || e.msg.at != c.sent) return;  // a reply to an earlier request
      c.pending = false;
      if (e.msg.type == MsgType::Grant) {
        c.ends = static_cast<uint16_t>(c.sent + config_.duration - config_.margin);
        if (e.msg.grant != c.grant) {  // a new lease (not a renewal of the one it wrote under)
          c.token = e.msg.token;
          c.grant = e.msg.grant;
          c.op = Op::None;
          c.value = 0;
        }
      }
      c.sent = 0;
      break;
    case MsgType::Value:
      if (c.op != Op::ReadSent || e.msg.token != c.token) return;
      c.op = Op::HaveValue;
      c.value = e.msg.value;
      break;
    case MsgType::Rejected:
      if (c.op == Op::ReadSent && e.msg.token == c.token) c.op = Op::Done;
      break;
    default:
      break;
  }
}

void FencingModel::lock_service(State& s, const dist::Envelope<FencingMsg>& e) const {
  LockService& l = s.lock;
  const FencingMsg& m = e.msg;
  FencingMsg reply{MsgType::Busy, m.at, 0, 0, 0};
  if (l.holder == e.src) {  // a renewal: same token
    l.ends = static_cast<uint16_t>(s.env.clock(kLock) + config_.duration);
    reply = FencingMsg{MsgType::Grant, m.at, l.counter, 0, l.grants};
  } else if (l.holder == 0 && l.counter < config_.tokens) {
    ++l.counter;
    ++l.grants;
    l.holder = e.src;
    l.ends = static_cast<uint16_t>(s.env.clock(kLock) + config_.duration);
    reply = FencingMsg{MsgType::Grant, m.at, l.counter, 0, l.grants};
  }
  s.env.net.net.send(kLock, e.src, reply);
}

void FencingModel::storage(State& s, const dist::Envelope<FencingMsg>& e) const {
  Storage& st = s.storage;
  const FencingMsg& m = e.msg;
  const bool checked = config_.variant != Variant::NoTokenCheck &&
                       (m.type == MsgType::Write || config_.variant != Variant::UncheckedRead);
  if (checked && m.token < st.max_token) {
    if (m.type == MsgType::Read)
      s.env.net.net.send(storage_id(), e.src, FencingMsg{MsgType::Rejected, 0, m.token, 0, 0});
    return;
  }
  if (checked) st.max_token = std::max(st.max_token, m.token);
  if (m.type == MsgType::Read) {
    s.env.net.net.send(storage_id(), e.src, FencingMsg{MsgType::Value, 0, m.token, st.value, 0});
    return;
  }
  st.value = m.value;
  st.last_token = m.token;
  if (!std::binary_search(st.written.begin(), st.written.end(), m.grant))
    st.written.insert(std::lower_bound(st.written.begin(), st.written.end(), m.grant), m.grant);
  if (m.grant < st.newest && st.late_client == 0) {
    st.late_client = e.src;
    st.late_grant = m.grant;
    st.late_newer = st.newest;
  }
  st.newest = std::max(st.newest, m.grant);
}

std::string FencingModel::action_label(const State& s, const Action& a) const {
  if (a.kind != ActionKind::Local) return env_.label(s.env, a);
  const std::string& who = env_.names()[a.node];
  const Client& c = s.clients[a.node - 1];
  const std::string clock = std::to_string(s.env.clock(a.node));
  switch (a.code) {
    case kRequest:
      return "request " + who + " (clock " + clock + ")";
    case kRead:
      return "read " + who + " (token " + std::to_string(c.token) + ")";
    case kCheck:
      return who + " checks its lease (clock " + clock + " < " + std::to_string(c.ends) + ")";
    default:
      return "write " + who + " (token " + std::to_string(c.token) +
             ", v=" + std::to_string(c.value + 1) + ")";
  }
}

void FencingModel::encode(const State& s, ByteSink& out) const {
  s.env.encode(out);
  out.u8(s.lock.counter);
  out.u8(s.lock.holder);
  out.varint(s.lock.ends);
  out.u8(s.lock.grants);
  for (const auto& c : s.clients) {
    out.u8(c.pending);
    out.varint(c.sent);
    out.varint(c.ends);
    out.u8(c.token);
    out.u8(c.grant);
    out.u8(static_cast<uint8_t>(c.op));
    out.u8(c.value);
  }
  const Storage& st = s.storage;
  for (uint8_t x : {st.value, st.max_token, st.last_token, st.newest, st.late_client,
                    st.late_grant, st.late_newer})
    out.u8(x);
  out.varint(st.written.size());
  for (uint8_t g : st.written) out.u8(g);
}

FencingState FencingModel::decode(ByteSource& in) const {
  State s;
  s.env = dist::TimedEnv<FencingMsg>::decode(in, dist::NetworkMode::Multiset, config_.clients + 2);
  s.lock.counter = in.u8();
  s.lock.holder = in.u8();
  s.lock.ends = static_cast<uint16_t>(in.varint());
  s.lock.grants = in.u8();
  s.clients.resize(config_.clients);
  for (auto& c : s.clients) {
    c.pending = in.u8() != 0;
    c.sent = static_cast<uint16_t>(in.varint());
    c.ends = static_cast<uint16_t>(in.varint());
    c.token = in.u8();
    c.grant = in.u8();
    c.op = static_cast<Op>(in.u8());
    c.value = in.u8();
  }
  Storage& st = s.storage;
  for (uint8_t* x : {&st.value, &st.max_token, &st.last_token, &st.newest, &st.late_client,
                     &st.late_grant, &st.late_newer})
    *x = in.u8();
  st.written.resize(in.varint());
  for (uint8_t& g : st.written) g = in.u8();
  return s;
}

void FencingModel::describe(const State& s, FieldWriter& w) const {
  const auto& names = env_.names();
  const LockService& l = s.lock;
  w.field("l", "last token " + std::to_string(l.counter) +
                   (l.holder ? ", lease to " + names[l.holder] + " until " + std::to_string(l.ends)
                             : std::string(", no lease")) +
                   ", grants " + std::to_string(l.grants));
  static const char* const kOps[] = {"", ", read sent", ", read v=", ", about to write v=",
                                     ", wrote"};
  for (unsigned k = 1; k <= config_.clients; ++k) {
    const Client& c = s.clients[k - 1];
    std::string d = c.token ? "token " + std::to_string(c.token) + " (grant " +
                                  std::to_string(c.grant) + ")"
                            : std::string("no token");
    if (c.ends) d += ", holds until " + std::to_string(c.ends);
    if (c.pending) d += ", requested at " + std::to_string(c.sent);
    d += kOps[static_cast<int>(c.op)];
    if (c.op == Op::HaveValue) d += std::to_string(c.value);
    if (c.op == Op::Ready) d += std::to_string(c.value + 1);
    w.field(names[k], std::move(d));
  }
  const Storage& st = s.storage;
  w.field("s", "value " + std::to_string(st.value) + ", max token " +
                   std::to_string(st.max_token) + ", last write token " +
                   std::to_string(st.last_token) + ", writes " + std::to_string(st.writes()) +
                   " (newest grant " + std::to_string(st.newest) + ")");
  if (st.late_client)
    w.field("late write", names[st.late_client] + " (grant " + std::to_string(st.late_grant) +
                              ") after grant " + std::to_string(st.late_newer));
  env_.describe(s.env, w);
}

SymmetryDecl FencingModel::symmetry() const {
  return interchangeable(config_.clients + 2, 1, config_.clients,
                         "clients c1..c" + std::to_string(config_.clients));
}

FencingState FencingModel::permute(const State& s, const Permutation& p) const {
  State t;  // built field by field: copying s first would copy its network for nothing
  t.env = s.env.permuted(p, config_.clients + 2);
  t.lock = s.lock;
  t.clients.resize(config_.clients);
  t.storage = s.storage;
  if (s.lock.holder) t.lock.holder = p[s.lock.holder];
  for (unsigned k = 1; k <= config_.clients; ++k) t.clients[p[k] - 1] = s.clients[k - 1];
  if (s.storage.late_client) t.storage.late_client = p[s.storage.late_client];
  return t;
}

void FencingModel::symmetry_signatures(const State& s, std::vector<uint64_t>& sigs) const {
  s.env.add_signatures(sigs, config_.clients + 2);
  for (unsigned k = 1; k <= config_.clients; ++k) {
    const Client& c = s.clients[k - 1];
    uint64_t h = signature_add(sigs[k], uint64_t{c.sent} << 16 | c.ends);
    h = signature_add(h, c.pending | c.token << 8 | c.grant << 16 | static_cast<unsigned>(c.op) << 24);
    h = signature_add(h, c.value);
    h = signature_add(h, (s.lock.holder == k) * 2u + (s.storage.late_client == k));
    sigs[k] = h;
  }
}

namespace {
bool carries_time(MsgType t) {
  return t == MsgType::Request || t == MsgType::Grant || t == MsgType::Busy;
}
}  // namespace

std::vector<IntervalDecl> FencingModel::intervals() const {
  return dist::time_interval(
      config_.time,
      "true time, clocks, lease ends and request times; request times too old to start a running "
      "lease packed together");
}

void FencingModel::interval_values(const State& s, size_t, std::vector<uint32_t>& out) const {
  out.push_back(s.env.time.now);
  if (s.lock.holder) out.push_back(s.lock.ends);
  for (const Client& c : s.clients) {
    if (c.ends) out.push_back(c.ends);
    if (c.pending) out.push_back(c.sent);
  }
  for (const auto& e : s.env.net.net.entries())
    if (carries_time(e.env.msg.type)) out.push_back(e.env.msg.at);
}

int64_t FencingModel::interval_cutoff(const State& s, size_t) const {
  // A send time t with t + D - M <= now is stale (see fencing.hpp).
  return int64_t{s.env.time.now} + 1 - (int64_t{config_.duration} - config_.margin);
}

FencingState FencingModel::remap_interval(const State& s, size_t, const IntervalMap& f) const {
  State t = s;
  auto map = [&](uint16_t v) { return static_cast<uint16_t>(f(v)); };
  t.env.time.now = map(s.env.time.now);
  if (t.lock.holder) t.lock.ends = map(s.lock.ends);
  for (Client& c : t.clients) {
    if (c.ends) c.ends = map(c.ends);
    if (c.pending) c.sent = map(c.sent);
  }
  t.env.net.net = s.env.net.net.transformed([&](FencingMsg m) {
    if (carries_time(m.type)) m.at = map(m.at);
    return m;
  });
  return t;
}

}  // namespace faultline::fencing
