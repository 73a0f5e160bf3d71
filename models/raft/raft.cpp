// Raft transitions: initial state, action enumeration, next state, labels and the state's
// canonical encoding and description. The protocol itself is documented in raft.hpp.
#include "models/raft/raft.hpp"

#include <algorithm>
#include <cassert>
#include <tuple>

namespace faultline::raft {

using dist::ActionKind;
using dist::NodeId;
using dist::NodeSet;

namespace {

uint8_t last_term(const ServerDurable& d) { return d.log.empty() ? 0 : d.log.back().term; }
uint8_t log_size(const ServerDurable& d) { return static_cast<uint8_t>(d.log.size()); }

// Becomes a follower, keeping commitIndex.
void step_down(Server& sv) {
  const uint8_t commit = sv.vol.commit;
  sv.vol = ServerVolatile{};
  sv.vol.commit = commit;
}

template <class V, class T>
void insert_sorted(V& v, const T& x) {
  auto it = std::lower_bound(v.begin(), v.end(), x);
  if (it == v.end() || *it != x) v.insert(it, x);
}

std::string describe_disruption(const Disruption& d, const dist::NodeNames& names) {
  const std::string who = names[d.server] + " (term " + std::to_string(d.term) + ", " +
                          std::to_string(d.committed_before) + " committed before)";
  switch (d.kind) {
    case Disruption::LeaderCrash:
      return "leader " + who + " crashed";
    case Disruption::FollowerCrash:
      return "follower " + who + " crashed";
    case Disruption::LeaderPartitioned:
      return "leader " + who + " partitioned into a minority";
    default:
      return "none yet";
  }
}

}  // namespace

RaftModel::RaftModel(RaftConfig config)
    : config_(config),
      kinds_({"timeout", "client", "append"},
             {"RequestVote", "Vote", "AppendEntries", "AppendOk", "AppendFail"}, config.faults) {
  all_ = NodeSet::range(0, config_.servers);
  dist::ClusterConfig cc;
  cc.names = dist::make_node_names({{"s", config_.servers}});
  cc.mode = config_.network;
  cc.budget = config_.faults;
  cluster_ = dist::Cluster<RaftMsg>(std::move(cc));
  props_ = raft_properties(cluster_.names(), config_.recovery_goals);
}

std::vector<RaftState> RaftModel::initial_states() const {
  State s;
  s.env = cluster_.initial();
  s.servers.resize(config_.servers);
  return {s};
}

RaftMsg RaftModel::append_for(const State& s, unsigned i, unsigned j) const {
  const Server& sv = s.servers[i];
  const auto& log = sv.persistent.log;
  RaftMsg m;
  m.type = MsgType::AppendEntries;
  m.term = sv.persistent.term;
  const uint8_t next = sv.vol.next_index[j];
  m.index = static_cast<uint8_t>(next - 1);
  m.aux = m.index ? log[m.index - 1].term : 0;
  if (next <= log.size()) {
    m.e_term = log[next - 1].term;
    m.e_val = log[next - 1].value;
  }
  m.commit = sv.vol.commit;
  return m;
}

void RaftModel::actions(const State& s, std::vector<Action>& out) const {
  for (unsigned i = 0; i < config_.servers; ++i) {
    const NodeId n = static_cast<NodeId>(i);
    if (!s.env.up(n)) continue;
    const Server& sv = s.servers[i];
    if (sv.vol.role != Role::Leader) {
      if (sv.persistent.term < config_.max_term) out.push_back({ActionKind::Local, n, kTimeout, 0});
      continue;
    }
    if (s.commands_used < config_.commands && sv.persistent.log.size() < config_.max_log)
      out.push_back({ActionKind::Local, n, kClient, 0});
    for (unsigned j = 0; j < config_.servers; ++j) {
      if (j == i) continue;
      const RaftMsg next = append_for(s, i, j);
      bool outstanding = false;
      for (const auto& e : s.env.net.entries()) {
        const RaftMsg& m = e.env.msg;
        outstanding |= (e.env.src == i && e.env.dst == j && m == next) ||
                       (e.env.src == j && e.env.dst == i && m.term == sv.persistent.term &&
                        m.type == MsgType::AppendEntriesResponse);
      }
      if (!outstanding) out.push_back({ActionKind::Local, n, kAppend, j});
    }
  }
  cluster_.deliver_actions(s.env, out);
  cluster_.fault_actions(s.env, out);
}

std::optional<RaftState> RaftModel::next_state(const State& s, const Action& a) const {
  State n = s;
  switch (a.kind) {
    case ActionKind::Local:
      if (a.code == kTimeout)
        timeout(n, a.node);
      else if (a.code == kClient)
        client(n, a.node);
      else
        n.env.net.send(a.node, static_cast<NodeId>(a.arg), append_for(n, a.node, a.arg));
      break;
    case ActionKind::Deliver:
      deliver(n, cluster_.take_delivery(n.env, a));
      break;
    default:
      if (config_.recovery_goals && n.disruption.kind == Disruption::None) note_disruption(n, a);
      cluster_.apply_fault(n.env, a, [&](NodeId node, dist::ResetScope scope) {
        n.servers[node].reset(scope);
        if (scope == dist::ResetScope::Volatile && config_.variant == Variant::VoteNotPersisted) {
          n.servers[node].persistent.term = 0;
          n.servers[node].persistent.voted_for = 0;
        }
      });
      break;
  }
  n.env.net.erase_if([&](const dist::Envelope<RaftMsg>& e) { return useless(n, e); });
  return n;
}

void RaftModel::note_disruption(State& s, const Action& a) const {
  // Only disruptions of the newest leader count: a leader of the highest term elected so far,
  // or a follower while such a leader is up (the classic exercises).
  const uint8_t newest = s.elected.empty() ? 0 : s.elected.back().term;
  auto newest_leader = [&](unsigned i) {
    return newest > 0 && s.env.up(static_cast<NodeId>(i)) &&
           s.servers[i].vol.role == Role::Leader && s.servers[i].persistent.term == newest;
  };
  Disruption d;
  d.committed_before = static_cast<uint8_t>(s.committed.size());
  if (a.kind == ActionKind::Crash) {
    d.server = static_cast<uint8_t>(a.node);
    if (newest_leader(a.node)) {
      d.kind = Disruption::LeaderCrash;
    } else {
      for (unsigned i = 0; i < config_.servers; ++i)
        if (newest_leader(i)) d.kind = Disruption::FollowerCrash;
    }
  } else if (a.kind == ActionKind::Partition) {
    const NodeSet cut(a.arg);  // the side without s1
    for (unsigned i = 0; i < config_.servers; ++i) {
      const unsigned side =
          cut.contains(static_cast<NodeId>(i)) ? cut.size() : config_.servers - cut.size();
      if (newest_leader(i) && side < majority()) {
        d.kind = Disruption::LeaderPartitioned;
        d.server = static_cast<uint8_t>(i);
      }
    }
  }
  if (d.kind == Disruption::None) return;
  d.term = s.servers[d.server].persistent.term;
  s.disruption = d;
}

bool RaftModel::useless(const State& s, const dist::Envelope<RaftMsg>& e) const {
  if (config_.variant == Variant::VoteNotPersisted) return false;
  const Server& r = s.servers[e.dst];
  const RaftMsg& m = e.msg;
  if (m.type == MsgType::RequestVoteResponse) {
    if (config_.variant == Variant::CountStaleVotes) {
      // Stale grants are counted by a candidate of a later term; keep them while that can
      // still happen (the receiver is below max_term or a candidate, and has not counted it).
      if (m.term > r.persistent.term) return false;
      if (!m.aux) return true;
      return (r.vol.role != Role::Candidate || r.vol.votes.contains(e.src)) &&
             r.persistent.term >= config_.max_term;
    }
    if (m.term < r.persistent.term) return true;
    if (m.term > r.persistent.term) return false;
    return !m.aux || r.vol.role != Role::Candidate || r.vol.votes.contains(e.src);
  }
  if (m.term < r.persistent.term) return true;
  if (m.type == MsgType::AppendEntriesResponse) {
    if (m.term != r.persistent.term) return false;
    // nextIndex > matchIndex always (failures at or below matchIndex are ignored), so a
    // response at or below matchIndex changes nothing, now or later.
    return r.vol.role != Role::Leader || m.index <= r.vol.match_index[e.src];
  }
  return false;
}

void RaftModel::timeout(State& s, unsigned i) const {
  Server& sv = s.servers[i];
  ++sv.persistent.term;
  sv.persistent.voted_for = static_cast<uint8_t>(i + 1);
  step_down(sv);
  sv.vol.role = Role::Candidate;
  sv.vol.votes.insert(static_cast<NodeId>(i));
  RaftMsg m{MsgType::RequestVote,
            sv.persistent.term,
            log_size(sv.persistent),
            last_term(sv.persistent),
            0,
            0,
            0};
  s.env.net.broadcast(static_cast<NodeId>(i), all_.minus(NodeSet::range(static_cast<NodeId>(i), 1)),
                      m);
  if (sv.vol.votes.size() >= majority()) become_leader(s, i);
}

void RaftModel::become_leader(State& s, unsigned i) const {
  Server& sv = s.servers[i];
  sv.vol.role = Role::Leader;
  sv.vol.votes = NodeSet();
  sv.vol.next_index.assign(config_.servers, static_cast<uint8_t>(log_size(sv.persistent) + 1));
  sv.vol.match_index.assign(config_.servers, 0);
  sv.vol.match_index[i] = log_size(sv.persistent);
  insert_sorted(s.elected, Elected{sv.persistent.term, static_cast<uint8_t>(i)});
}

void RaftModel::client(State& s, unsigned i) const {
  Server& sv = s.servers[i];
  ++s.commands_used;
  sv.persistent.log.push_back({sv.persistent.term, s.commands_used});
  sv.vol.match_index[i] = log_size(sv.persistent);
  advance_commit(s, i);  // a single server commits on its own
}

void RaftModel::set_commit(State& s, unsigned i, uint8_t commit) const {
  Server& sv = s.servers[i];
  for (uint8_t k = static_cast<uint8_t>(sv.vol.commit + 1); k <= commit; ++k) {
    const LogEntry& e = sv.persistent.log[k - 1];
    const Committed c{k, e.term, e.value, sv.persistent.term};
    auto it = std::lower_bound(
        s.committed.begin(), s.committed.end(), c, [](const Committed& x, const Committed& y) {
          return std::tie(x.index, x.term, x.value) < std::tie(y.index, y.term, y.value);
        });
    if (it != s.committed.end() && it->index == k && it->term == e.term && it->value == e.value)
      it->cterm = std::min(it->cterm, c.cterm);
    else
      s.committed.insert(it, c);
  }
  sv.vol.commit = std::max(sv.vol.commit, commit);
}

void RaftModel::advance_commit(State& s, unsigned i) const {
  Server& sv = s.servers[i];
  for (unsigned k = sv.persistent.log.size(); k > sv.vol.commit; --k) {
    if (config_.variant != Variant::CommitOldTermEntries &&
        sv.persistent.log[k - 1].term != sv.persistent.term)
      continue;
    unsigned count = 0;
    for (uint8_t mi : sv.vol.match_index) count += mi >= k;
    if (count >= majority()) {
      set_commit(s, i, static_cast<uint8_t>(k));
      return;
    }
  }
}

void RaftModel::deliver(State& s, const dist::Envelope<RaftMsg>& e) const {
  const unsigned i = e.dst;
  Server& sv = s.servers[i];
  ServerDurable& d = sv.persistent;
  const RaftMsg& m = e.msg;
  const bool stale = m.term < d.term;
  if (stale &&
      !(m.type == MsgType::RequestVoteResponse && config_.variant == Variant::CountStaleVotes))
    return;
  if (m.term > d.term) {
    d.term = m.term;
    d.voted_for = 0;
    step_down(sv);
  }
  switch (m.type) {
    case MsgType::RequestVote: {
      const bool up_to_date = config_.variant == Variant::NoLogUpToDateCheck ||
                              m.aux > last_term(d) ||
                              (m.aux == last_term(d) && m.index >= log_size(d));
      const bool grant = up_to_date && (d.voted_for == 0 || d.voted_for == e.src + 1);
      if (grant) d.voted_for = static_cast<uint8_t>(e.src + 1);
      s.env.net.send(e.dst, e.src,
                     RaftMsg{MsgType::RequestVoteResponse, d.term, 0,
                             grant ? uint8_t{1} : uint8_t{0}, 0, 0, 0});
      break;
    }
    case MsgType::RequestVoteResponse:
      if (sv.vol.role == Role::Candidate && m.aux) {
        sv.vol.votes.insert(e.src);
        if (sv.vol.votes.size() >= majority()) become_leader(s, i);
      }
      break;
    case MsgType::AppendEntries: {
      if (sv.vol.role != Role::Follower) step_down(sv);
      const bool ok = m.index == 0 || (m.index <= d.log.size() && d.log[m.index - 1].term == m.aux);
      if (!ok) {
        s.env.net.send(e.dst, e.src,
                       RaftMsg{MsgType::AppendEntriesResponse, d.term, m.index, 0, 0, 0, 0});
        break;
      }
      uint8_t match = m.index;
      const bool truncate = config_.variant == Variant::TruncateOnStaleAppend;
      if (m.e_term) {
        match = static_cast<uint8_t>(m.index + 1);
        const bool have = d.log.size() >= match && d.log[match - 1].term == m.e_term;
        if (!have || truncate) {
          d.log.resize(m.index);
          d.log.push_back({m.e_term, m.e_val});
        }
      } else if (truncate) {
        d.log.resize(m.index);
      }
      const uint8_t c = std::min(m.commit, match);
      if (c > sv.vol.commit && c <= d.log.size()) set_commit(s, i, c);
      s.env.net.send(e.dst, e.src,
                     RaftMsg{MsgType::AppendEntriesResponse, d.term, match, 1, 0, 0, 0});
      break;
    }
    case MsgType::AppendEntriesResponse:
      if (sv.vol.role != Role::Leader || m.term != d.term) break;
      if (m.aux) {
        sv.vol.match_index[e.src] = std::max(sv.vol.match_index[e.src], m.index);
        sv.vol.next_index[e.src] =
            std::max(sv.vol.next_index[e.src], static_cast<uint8_t>(m.index + 1));
        advance_commit(s, i);
      } else if (sv.vol.next_index[e.src] == m.index + 1 && m.index > sv.vol.match_index[e.src]) {
        sv.vol.next_index[e.src] = m.index;
      }
      break;
  }
}

size_t RaftModel::action_kind(const State& s, const Action& a) const {
  if (a.kind != ActionKind::Deliver) return kinds_.kind(a, 0);
  const RaftMsg& m = s.env.net[a.arg].env.msg;
  // Message kinds in the order given to kinds_: responses to appends split by outcome.
  size_t k = static_cast<size_t>(m.type);
  if (m.type == MsgType::AppendEntriesResponse && !m.aux) ++k;
  return kinds_.kind(a, k);
}

std::string RaftModel::action_label(const State& s, const Action& a) const {
  if (a.kind == ActionKind::Local) {
    const auto& names = cluster_.names();
    if (a.code == kTimeout)
      return "timeout " + names[a.node] +
             " t=" + std::to_string(s.servers[a.node].persistent.term + 1);
    if (a.code == kClient)
      return "client " + names[a.node] + " v" + std::to_string(s.commands_used + 1);
    return "append " + names[a.node] + "->" + names[a.arg] + " " +
           append_for(s, a.node, a.arg).label();
  }
  return cluster_.label(s.env, a);
}

void RaftModel::encode(const State& s, ByteSink& out) const {
  s.env.encode(out);
  for (const auto& sv : s.servers) {
    out.u8(sv.persistent.term);
    out.u8(sv.persistent.voted_for);
    out.varint(sv.persistent.log.size());
    for (const auto& e : sv.persistent.log) {
      out.u8(e.term);
      out.u8(e.value);
    }
    out.u8(static_cast<uint8_t>(sv.vol.role));
    out.u8(sv.vol.commit);
    out.varint(sv.vol.votes.bits());
    out.varint(sv.vol.next_index.size());
    for (uint8_t x : sv.vol.next_index) out.u8(x);
    for (uint8_t x : sv.vol.match_index) out.u8(x);
  }
  out.varint(s.elected.size());
  for (const auto& e : s.elected) {
    out.u8(e.term);
    out.u8(e.leader);
  }
  out.varint(s.committed.size());
  for (const auto& c : s.committed) {
    out.u8(c.index);
    out.u8(c.term);
    out.u8(c.value);
    out.u8(c.cterm);
  }
  out.u8(s.commands_used);
  if (config_.recovery_goals) {
    out.u8(s.disruption.kind);
    out.u8(s.disruption.server);
    out.u8(s.disruption.term);
    out.u8(s.disruption.committed_before);
  }
}

RaftState RaftModel::decode(ByteSource& in) const {
  State s;
  s.env = dist::ClusterState<RaftMsg>::decode(in, config_.network);
  s.servers.resize(config_.servers);
  for (auto& sv : s.servers) {
    sv.persistent.term = in.u8();
    sv.persistent.voted_for = in.u8();
    sv.persistent.log.resize(in.varint());
    for (auto& e : sv.persistent.log) {
      e.term = in.u8();
      e.value = in.u8();
    }
    sv.vol.role = static_cast<Role>(in.u8());
    sv.vol.commit = in.u8();
    sv.vol.votes = NodeSet(static_cast<uint32_t>(in.varint()));
    const size_t k = in.varint();
    sv.vol.next_index.resize(k);
    sv.vol.match_index.resize(k);
    for (auto& x : sv.vol.next_index) x = in.u8();
    for (auto& x : sv.vol.match_index) x = in.u8();
  }
  s.elected.resize(in.varint());
  for (auto& e : s.elected) {
    e.term = in.u8();
    e.leader = in.u8();
  }
  s.committed.resize(in.varint());
  for (auto& c : s.committed) {
    c.index = in.u8();
    c.term = in.u8();
    c.value = in.u8();
    c.cterm = in.u8();
  }
  s.commands_used = in.u8();
  if (config_.recovery_goals) {
    s.disruption.kind = in.u8();
    s.disruption.server = in.u8();
    s.disruption.term = in.u8();
    s.disruption.committed_before = in.u8();
  }
  return s;
}

SymmetryDecl RaftModel::symmetry() const {
  return interchangeable(config_.servers, 0, config_.servers,
                         "servers s1..s" + std::to_string(config_.servers));
}

RaftState RaftModel::permute(const State& s, const Permutation& p) const {
  State t;  // built field by field: copying s first would copy its network for nothing
  t.env = s.env.permuted(p, config_.servers);
  t.servers = s.servers;
  t.committed = s.committed;
  t.commands_used = s.commands_used;
  t.disruption = s.disruption;
  for (unsigned i = 0; i < config_.servers; ++i) {
    Server sv = s.servers[i];
    if (sv.persistent.voted_for) sv.persistent.voted_for = static_cast<uint8_t>(p[sv.persistent.voted_for - 1] + 1);
    sv.vol.votes = dist::permute(sv.vol.votes, p);
    for (unsigned j = 0; j < sv.vol.next_index.size(); ++j) {
      sv.vol.next_index[p[j]] = s.servers[i].vol.next_index[j];
      sv.vol.match_index[p[j]] = s.servers[i].vol.match_index[j];
    }
    t.servers[p[i]] = sv;
  }
  t.elected.clear();
  for (const auto& e : s.elected) insert_sorted(t.elected, Elected{e.term, p[e.leader]});
  if (s.disruption.kind != Disruption::None) t.disruption.server = p[s.disruption.server];
  return t;
}

void RaftModel::symmetry_signatures(const State& s, std::vector<uint64_t>& sigs) const {
  s.env.add_signatures(sigs, config_.servers);
  for (unsigned i = 0; i < config_.servers; ++i) {
    const Server& sv = s.servers[i];
    uint64_t h = signature_add(sigs[i], sv.persistent.term);
    const unsigned vote = sv.persistent.voted_for == 0 ? 0 : sv.persistent.voted_for == i + 1 ? 1 : 2;
    h = signature_add(h, vote);
    h = signature_add(h, sv.persistent.log.size());
    for (const LogEntry& e : sv.persistent.log) h = signature_add(h, e.term * 256u + e.value);
    h = signature_add(h, static_cast<uint64_t>(sv.vol.role));
    h = signature_add(h, sv.vol.commit);
    h = signature_add(h, sv.vol.votes.size());
    uint64_t progress = 0;  // the leader's (nextIndex, matchIndex) per server, as a multiset
    for (unsigned j = 0; j < sv.vol.next_index.size(); ++j)
      progress += signature_mix(sv.vol.next_index[j] * 256u + sv.vol.match_index[j]);
    sigs[i] = signature_add(h, progress);
  }
  for (const Elected& e : s.elected) sigs[e.leader] = signature_add(sigs[e.leader], 256u + e.term);
  if (s.disruption.kind != Disruption::None)
    sigs[s.disruption.server] = signature_add(sigs[s.disruption.server], 512u + s.disruption.kind);
}

void RaftModel::describe(const State& s, FieldWriter& w) const {
  const auto& names = cluster_.names();
  for (unsigned i = 0; i < config_.servers; ++i) {
    const Server& sv = s.servers[i];
    std::string d;
    switch (sv.vol.role) {
      case Role::Follower:
        d = "follower";
        break;
      case Role::Candidate:
        d = "candidate votes=" + dist::format_node_set(sv.vol.votes, names);
        break;
      case Role::Leader: {
        d = "leader next=";
        for (unsigned j = 0; j < config_.servers; ++j)
          d += (j ? "," : "") + std::to_string(sv.vol.next_index[j]);
        d += " match=";
        for (unsigned j = 0; j < config_.servers; ++j)
          d += (j ? "," : "") + std::to_string(sv.vol.match_index[j]);
        break;
      }
    }
    d += ", term " + std::to_string(sv.persistent.term) + ", voted " +
         (sv.persistent.voted_for ? names[sv.persistent.voted_for - 1] : std::string("none")) +
         ", log " + format_log(sv.persistent.log) + ", commit " + std::to_string(sv.vol.commit);
    w.field(names[i], std::move(d));
  }
  std::string el;
  for (const auto& e : s.elected)
    el += (el.empty() ? "" : ", ") + names[e.leader] + "@t" + std::to_string(e.term);
  w.field("elected", el.empty() ? "none" : el);
  std::string cm;
  for (const auto& c : s.committed)
    cm += (cm.empty() ? "" : ", ") + std::to_string(c.index) + "=" + std::to_string(c.term) + ":v" +
          std::to_string(c.value) + " (in t" + std::to_string(c.cterm) + ")";
  w.field("committed", cm.empty() ? "none" : cm);
  w.field("commands issued", s.commands_used);
  if (config_.recovery_goals) w.field("disruption", describe_disruption(s.disruption, names));
  s.env.describe(w, names);
}

}  // namespace faultline::raft
