// Split-brain design transitions: initial state, action enumeration, next state, labels, and
// the state's canonical encoding and description. The design is documented in split_brain.hpp.
#include "models/split_brain/split_brain.hpp"

#include <cassert>
#include <tuple>

namespace faultline::split_brain {

using dist::ActionKind;
using dist::NodeId;
using dist::NodeSet;

namespace {

bool older(const Elected& a, const Elected& b) {
  return std::tie(a.epoch, a.order) < std::tie(b.epoch, b.order);
}

}  // namespace

std::string SbMsg::label() const {
  static const char* const kNames[] = {"RequestVote", "Vote", "NewLeader", "Write"};
  return std::string(kNames[static_cast<int>(type)]) + "(e=" + std::to_string(epoch) + ")";
}

SplitBrainModel::SplitBrainModel(SplitBrainConfig config) : config_(config) {
  assert(!config_.lease || config_.margin < config_.duration);
  peers_ = NodeSet::range(0, config_.nodes);
  dist::ClusterConfig cc;
  cc.names = dist::make_node_names({{"n", config_.nodes}});
  cc.names.push_back("s");
  cc.budget = config_.faults;
  cc.crashable = peers_;
  config_.time.clocked = peers_;
  config_.time.pausable = peers_;
  env_ = dist::TimedCluster<SbMsg>(std::move(cc), config_.time);
  props_ = split_brain_properties(env_.names(), config_.lease);
  // Only the messages the election sends: votes by quorum, announcements by takeover.
  const bool quorum = config_.election == Election::Quorum;
  kinds_ = dist::ActionKindTable(
      {quorum ? "campaign" : "takeover", config_.lease ? "check lease" : "check leader", "write"},
      quorum ? std::vector<std::string>{"RequestVote", "Vote", "Write"}
             : std::vector<std::string>{"NewLeader", "Write"},
      config_.faults, config_.time);
}

size_t SplitBrainModel::action_kind(const State& s, const Action& a) const {
  if (a.kind != ActionKind::Deliver) return kinds_.kind(a, 0);
  const MsgType t = s.env.net.net[a.arg].env.msg.type;
  const bool quorum = config_.election == Election::Quorum;
  size_t k = 0;
  switch (t) {
    case MsgType::RequestVote: k = 0; break;
    case MsgType::Vote: k = 1; break;
    case MsgType::NewLeader: k = 0; break;
    case MsgType::Write: k = quorum ? 2 : 1; break;
  }
  return kinds_.kind(a, k);
}

std::vector<SplitBrainState> SplitBrainModel::initial_states() const {
  State s;
  s.env = env_.initial();
  s.nodes.resize(config_.nodes);
  if (config_.election == Election::Timeout)
    for (auto& n : s.nodes) n.persistent.promise = static_cast<uint16_t>(config_.duration);
  return {s};
}

bool SplitBrainModel::may_elect(const State& s, unsigned i) const {
  const SbNode& n = s.nodes[i];
  if (n.vol.role == Role::Leader || n.persistent.epoch >= config_.max_epoch) return false;
  const bool waits = config_.election == Election::Timeout || config_.lease;
  return !waits || s.env.clock(static_cast<NodeId>(i)) >= n.persistent.promise;
}

void SplitBrainModel::actions(const State& s, std::vector<Action>& out) const {
  NodeSet busy;
  for (unsigned i = 0; i < config_.nodes; ++i) {
    const NodeId id = static_cast<NodeId>(i);
    const NodeVolatile& v = s.nodes[i].vol;
    if (v.act == kActReady) busy.insert(id);
    if (!s.env.running(id)) continue;
    if (may_elect(s, i)) out.push_back({ActionKind::Local, id, kElect, 0});
    if (v.role == Role::Leader && v.act == kActNone)
      out.push_back({ActionKind::Local, id, kCheck, 0});
    if (v.act == kActReady) out.push_back({ActionKind::Local, id, kWrite, 0});
  }
  env_.env_actions(s.env, busy, out);
}

std::optional<SplitBrainState> SplitBrainModel::next_state(const State& s, const Action& a) const {
  State n = s;
  switch (a.kind) {
    case ActionKind::Local: {
      NodeVolatile& v = n.nodes[a.node].vol;
      if (a.code == kElect) {
        elect(n, a.node);
      } else if (a.code == kCheck) {
        v.act = kActReady;
      } else {
        v.act = kActDone;
        n.acted.insert(a.node);
        n.env.net.net.send(a.node, storage_id(),
                           SbMsg{MsgType::Write, n.nodes[a.node].persistent.epoch, v.order});
      }
      break;
    }
    case ActionKind::Deliver:
      deliver(n, env_.cluster().take_delivery(n.env.net, a));
      break;
    default:
      if (env_.apply_env(n.env, a, [&](NodeId node, dist::ResetScope scope) {
            n.nodes[node].reset(scope);
          }))
        n.acted = NodeSet();  // a new true time
      break;
  }
  end_leases(n);
  n.env.net.net.erase_if([&](const dist::Envelope<SbMsg>& e) { return useless(n, e); });
  return n;
}

void SplitBrainModel::elect(State& s, unsigned i) const {
  SbNode& n = s.nodes[i];
  const uint16_t clock = static_cast<uint16_t>(s.env.clock(static_cast<NodeId>(i)));
  const uint8_t epoch = static_cast<uint8_t>(n.persistent.epoch + 1);
  adopt(s, i, epoch);
  const NodeSet others = peers_.minus(NodeSet::range(static_cast<NodeId>(i), 1));
  if (config_.election == Election::Timeout) {
    n.persistent.promise = static_cast<uint16_t>(clock + config_.duration);
    n.vol.start = clock;
    become_leader(s, i);
    s.env.net.net.broadcast(static_cast<NodeId>(i), others, SbMsg{MsgType::NewLeader, epoch, 0});
    return;
  }
  if (config_.lease) n.persistent.promise = static_cast<uint16_t>(clock + config_.duration);
  n.vol.role = Role::Candidate;
  n.vol.votes.insert(static_cast<NodeId>(i));
  n.vol.start = clock;
  s.env.net.net.broadcast(static_cast<NodeId>(i), others, SbMsg{MsgType::RequestVote, epoch, 0});
  if (n.vol.votes.size() >= majority()) become_leader(s, i);
}

void SplitBrainModel::become_leader(State& s, unsigned i) const {
  NodeVolatile& v = s.nodes[i].vol;
  v.role = Role::Leader;
  v.votes = NodeSet();
  v.lease =
      config_.lease ? static_cast<uint16_t>(v.start + config_.duration - config_.margin) : 0;
  v.start = 0;
  v.order = static_cast<uint8_t>(s.elected.size() + 1);
  s.elected.push_back({s.nodes[i].persistent.epoch, static_cast<uint8_t>(i), v.order});
}

void SplitBrainModel::adopt(State& s, unsigned i, uint8_t epoch) const {
  s.nodes[i].persistent.epoch = epoch;
  s.nodes[i].vol = NodeVolatile{};
}

// A leader whose lease has run out by its clock steps down, unless it is in the middle of
// acting (checked, not yet written: it does not know its lease is over until it looks again).
void SplitBrainModel::end_leases(State& s) const {
  if (!config_.lease) return;
  for (unsigned i = 0; i < config_.nodes; ++i) {
    NodeVolatile& v = s.nodes[i].vol;
    if (v.role == Role::Leader && v.act != kActReady &&
        v.lease <= s.env.clock(static_cast<NodeId>(i)))
      v = NodeVolatile{};
  }
}

void SplitBrainModel::deliver(State& s, const dist::Envelope<SbMsg>& e) const {
  if (e.dst == storage_id()) {
    write(s, e);
    return;
  }
  SbNode& n = s.nodes[e.dst];
  const uint16_t clock = static_cast<uint16_t>(s.env.clock(e.dst));
  const SbMsg& m = e.msg;
  switch (m.type) {
    case MsgType::RequestVote:
      if (m.epoch <= n.persistent.epoch) return;
      if (config_.lease && clock < n.persistent.promise) return;  // not yet: it may later
      adopt(s, e.dst, m.epoch);
      if (config_.lease) n.persistent.promise = static_cast<uint16_t>(clock + config_.duration);
      s.env.net.net.send(e.dst, e.src, SbMsg{MsgType::Vote, m.epoch, 0});
      break;
    case MsgType::Vote:
      if (n.vol.role != Role::Candidate || n.persistent.epoch != m.epoch) return;
      n.vol.votes.insert(e.src);
      if (n.vol.votes.size() >= majority()) become_leader(s, e.dst);
      break;
    case MsgType::NewLeader:
      if (m.epoch < n.persistent.epoch) return;
      if (m.epoch == n.persistent.epoch && n.vol.role == Role::Leader) return;
      adopt(s, e.dst, m.epoch);
      n.persistent.promise = static_cast<uint16_t>(clock + config_.duration);
      break;
    case MsgType::Write:
      break;
  }
}

void SplitBrainModel::write(State& s, const dist::Envelope<SbMsg>& e) const {
  Storage& st = s.storage;
  if (config_.fencing && e.msg.epoch < st.max_epoch) return;  // fenced off
  st.max_epoch = std::max(st.max_epoch, e.msg.epoch);
  st.last_epoch = e.msg.epoch;
  const Elected writer{e.msg.epoch, e.src, e.msg.order};
  if (older(writer, st.newest)) {
    if (st.late.epoch == 0) {
      st.late = writer;
      st.late_after = st.newest;
    }
  } else {
    st.newest = writer;
  }
}

bool SplitBrainModel::useless(const State& s, const dist::Envelope<SbMsg>& e) const {
  if (e.dst == storage_id()) return false;
  const SbNode& n = s.nodes[e.dst];
  switch (e.msg.type) {
    case MsgType::RequestVote:
      return e.msg.epoch <= n.persistent.epoch;
    case MsgType::Vote:
      return n.vol.role != Role::Candidate || n.persistent.epoch != e.msg.epoch ||
             n.vol.votes.contains(e.src);
    case MsgType::NewLeader:
      return e.msg.epoch < n.persistent.epoch;
    case MsgType::Write:
      break;
  }
  return false;
}

std::string SplitBrainModel::action_label(const State& s, const Action& a) const {
  if (a.kind != ActionKind::Local) return env_.label(s.env, a);
  const std::string& who = env_.names()[a.node];
  const SbNode& n = s.nodes[a.node];
  const std::string clock = std::to_string(s.env.clock(a.node));
  switch (a.code) {
    case kElect:
      return (config_.election == Election::Quorum ? "campaign " : "takeover ") + who +
             " (epoch " + std::to_string(n.persistent.epoch + 1) + ", clock " + clock + ")";
    case kCheck:
      return config_.lease ? who + " checks its lease (clock " + clock + " < " +
                                 std::to_string(n.vol.lease) + ")"
                           : who + " checks it is leader";
    default:
      return "write " + who + " (epoch " + std::to_string(n.persistent.epoch) + ")";
  }
}

void SplitBrainModel::encode(const State& s, ByteSink& out) const {
  s.env.encode(out);
  for (const auto& n : s.nodes) {
    out.u8(n.persistent.epoch);
    out.varint(n.persistent.promise);
    out.u8(static_cast<uint8_t>(n.vol.role));
    out.varint(n.vol.votes.bits());
    out.varint(n.vol.start);
    out.varint(n.vol.lease);
    out.u8(n.vol.order);
    out.u8(n.vol.act);
  }
  const Storage& st = s.storage;
  out.u8(st.max_epoch);
  out.u8(st.last_epoch);
  for (const Elected* e : {&st.newest, &st.late, &st.late_after}) {
    out.u8(e->epoch);
    out.u8(e->leader);
    out.u8(e->order);
  }
  out.varint(s.elected.size());
  for (const auto& e : s.elected) {
    out.u8(e.epoch);
    out.u8(e.leader);
  }
  out.varint(s.acted.bits());
}

SplitBrainState SplitBrainModel::decode(ByteSource& in) const {
  State s;
  s.env = dist::TimedEnv<SbMsg>::decode(in, dist::NetworkMode::Multiset, config_.nodes + 1);
  s.nodes.resize(config_.nodes);
  for (auto& n : s.nodes) {
    n.persistent.epoch = in.u8();
    n.persistent.promise = static_cast<uint16_t>(in.varint());
    n.vol.role = static_cast<Role>(in.u8());
    n.vol.votes = NodeSet(static_cast<uint32_t>(in.varint()));
    n.vol.start = static_cast<uint16_t>(in.varint());
    n.vol.lease = static_cast<uint16_t>(in.varint());
    n.vol.order = in.u8();
    n.vol.act = in.u8();
  }
  Storage& st = s.storage;
  st.max_epoch = in.u8();
  st.last_epoch = in.u8();
  for (Elected* e : {&st.newest, &st.late, &st.late_after}) {
    e->epoch = in.u8();
    e->leader = in.u8();
    e->order = in.u8();
  }
  s.elected.resize(in.varint());
  for (size_t k = 0; k < s.elected.size(); ++k) {
    s.elected[k].epoch = in.u8();
    s.elected[k].leader = in.u8();
    s.elected[k].order = static_cast<uint8_t>(k + 1);
  }
  s.acted = NodeSet(static_cast<uint32_t>(in.varint()));
  return s;
}

void SplitBrainModel::describe(const State& s, FieldWriter& w) const {
  const auto& names = env_.names();
  auto leadership = [&](const Elected& e) {
    return names[e.leader] + " (epoch " + std::to_string(e.epoch) + ", election " +
           std::to_string(e.order) + ")";
  };
  for (unsigned i = 0; i < config_.nodes; ++i) {
    const SbNode& n = s.nodes[i];
    std::string d;
    switch (n.vol.role) {
      case Role::Follower:
        d = "follower";
        break;
      case Role::Candidate:
        d = "candidate votes=" + dist::format_node_set(n.vol.votes, names) + " start " +
            std::to_string(n.vol.start);
        break;
      case Role::Leader:
        d = "leader";
        if (config_.lease) d += " lease until " + std::to_string(n.vol.lease);
        break;
    }
    d += ", epoch " + std::to_string(n.persistent.epoch);
    if (n.persistent.promise)
      d += (config_.election == Election::Quorum ? ", promised until " : ", timer until ") +
           std::to_string(n.persistent.promise);
    if (n.vol.act == kActReady) d += ", about to write";
    if (n.vol.act == kActDone) d += ", wrote";
    w.field(names[i], std::move(d));
  }
  const Storage& st = s.storage;
  w.field("s", "max epoch " + std::to_string(st.max_epoch) + ", last write epoch " +
                   std::to_string(st.last_epoch) +
                   (st.newest.epoch ? ", newest writer " + leadership(st.newest) : std::string()));
  if (st.late.epoch)
    w.field("late write", leadership(st.late) + " after " + leadership(st.late_after));
  std::string el;
  for (const auto& e : s.elected)
    el += (el.empty() ? "" : ", ") + names[e.leader] + "@e" + std::to_string(e.epoch);
  w.field("elected", el.empty() ? "none" : el);
  w.field("acted now", dist::format_node_set(s.acted, names));
  env_.describe(s.env, w);
}

SymmetryDecl SplitBrainModel::symmetry() const {
  return interchangeable(config_.nodes + 1, 0, config_.nodes,
                         "nodes n1..n" + std::to_string(config_.nodes));
}

SplitBrainState SplitBrainModel::permute(const State& s, const Permutation& p) const {
  State t;  // built field by field: copying s first would copy its network for nothing
  t.env = s.env.permuted(p, config_.nodes + 1);
  t.nodes.resize(config_.nodes);
  for (unsigned i = 0; i < config_.nodes; ++i) {
    t.nodes[p[i]] = s.nodes[i];
    t.nodes[p[i]].vol.votes = dist::permute(s.nodes[i].vol.votes, p);
  }
  auto rename = [&](Elected& e) {
    if (e.epoch) e.leader = p[e.leader];  // epoch 0: no leadership
  };
  t.storage = s.storage;
  t.elected = s.elected;
  rename(t.storage.newest);
  rename(t.storage.late);
  rename(t.storage.late_after);
  for (Elected& e : t.elected) rename(e);
  t.acted = dist::permute(s.acted, p);
  return t;
}

void SplitBrainModel::symmetry_signatures(const State& s, std::vector<uint64_t>& sigs) const {
  s.env.add_signatures(sigs, config_.nodes + 1);
  for (unsigned i = 0; i < config_.nodes; ++i) {
    const SbNode& n = s.nodes[i];
    uint64_t h = signature_add(sigs[i], n.persistent.epoch | uint64_t{n.persistent.promise} << 8);
    h = signature_add(h, static_cast<unsigned>(n.vol.role) | n.vol.votes.size() << 8 |
                             n.vol.order << 16 | n.vol.act << 24);
    h = signature_add(h, uint64_t{n.vol.start} << 16 | n.vol.lease);
    sigs[i] = signature_add(h, s.acted.contains(i));
  }
  // Elections, in election order: (epoch, order) and which ghost field names them.
  auto mark = [&](const Elected& e, unsigned tag) {
    if (e.epoch) sigs[e.leader] = signature_add(sigs[e.leader], tag << 16 | e.epoch << 8 | e.order);
  };
  for (const Elected& e : s.elected) mark(e, 1);
  mark(s.storage.newest, 2);
  mark(s.storage.late, 3);
  mark(s.storage.late_after, 4);
}

std::vector<IntervalDecl> SplitBrainModel::intervals() const {
  return dist::time_interval(
      config_.time,
      "true time, clocks, promises, lease starts and ends; values too old to matter packed "
      "together");
}

void SplitBrainModel::interval_values(const State& s, size_t, std::vector<uint32_t>& out) const {
  out.push_back(s.env.time.now);
  for (const SbNode& n : s.nodes) {
    if (uses_promise()) out.push_back(n.persistent.promise);
    if (n.vol.role == Role::Candidate) out.push_back(n.vol.start);
    if (n.vol.role == Role::Leader && config_.lease) out.push_back(n.vol.lease);
  }
}

int64_t SplitBrainModel::interval_cutoff(const State& s, size_t) const {
  // Stale (see split_brain.hpp): with leases, a start t with t + D - M <= now; without, a
  // value below true time (true time itself is never stale).
  const int64_t window = config_.lease ? int64_t{config_.duration} - config_.margin : 1;
  return int64_t{s.env.time.now} + 1 - window;
}

SplitBrainState SplitBrainModel::remap_interval(const State& s, size_t,
                                                const IntervalMap& f) const {
  State t = s;
  auto map = [&](uint16_t v) { return static_cast<uint16_t>(f(v)); };
  t.env.time.now = map(s.env.time.now);
  for (SbNode& n : t.nodes) {
    if (uses_promise()) n.persistent.promise = map(n.persistent.promise);
    if (n.vol.role == Role::Candidate) n.vol.start = map(n.vol.start);
    if (n.vol.role == Role::Leader && config_.lease) n.vol.lease = map(n.vol.lease);
  }
  return t;
}

}  // namespace faultline::split_brain

