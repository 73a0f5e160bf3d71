// Raft (leader election, log replication, commitment) on the actor layer
// (src/dist/actor_model.hpp), with seeded bug variants: the state and its bytes here, handlers
// in raft.cpp, trace text in raft_text.cpp, properties in raft_properties.cpp.
//
// Servers s1..sN, interchangeable. Durable: currentTerm, votedFor, log (vote-not-persisted
// loses term and vote too). Volatile: role, commitIndex, votes, nextIndex/matchIndex.
// Local steps: "timeout sN" (a follower or candidate starts term+1, votes for itself and asks
// every peer; terms up to max_term), "client sN" (a leader appends the next command, values
// 1..commands, each once; logs up to max_log), "append sN->sM" (a leader sends the
// AppendEntries for nextIndex[M], with at most one entry, unless that very message or a
// response from M of its term is in flight: this bounds the network, yet an older request can
// still arrive after a newer one).
// A message of a term below the receiver's is ignored without reply (the published protocol
// replies so that the sender steps down: that never helps safety, and the sender learns the
// term from any later message). A follower answers a matching AppendEntries with AppendOk
// (truncating only on a real conflict), else with AppendFail(prevIndex), on which the leader
// moves nextIndex back unless the failure is stale. A leader commits index N once a majority's
// matchIndex >= N and entry N is of its term (any term: commit-old-term-entries); a follower
// commits up to min(leaderCommit, its match).
// Ghost: the leaders elected per term; every entry any server committed, with the earliest
// term it was committed in; the commands issued. With recovery_goals also the first
// disruption: a crash of the newest leader (of the highest term elected so far), a crash of a
// follower while it is up, or a partition leaving it in a minority (off by default: it splits
// states that differ only in history).
// Reduction (normalize, where terms are durable): a message that can never change anything
// is discarded: below its receiver's term (but a vote grant in count-stale-votes), a vote to
// a server no longer a candidate of its term, counted already or denied, an append response
// to a server no longer leader of its term or at or below its matchIndex for the sender. A
// server never returns to candidacy or leadership in a term it left (that takes a timeout).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/inline_vector.hpp"
#include "dist/actor_model.hpp"

namespace faultline::raft {

using dist::NodeId;
using dist::NodeRef;
using dist::NodeSet;

enum class Variant : uint8_t {
  Correct,
  VoteNotPersisted,       // currentTerm and votedFor lost on a crash
  CommitOldTermEntries,   // a leader commits entries of earlier terms by counting replicas
  NoLogUpToDateCheck,     // votes granted without comparing logs
  TruncateOnStaleAppend,  // follower truncates after prevIndex even when nothing conflicts
  CountStaleVotes         // a candidate counts granted votes from an older term
};

struct RaftConfig {
  unsigned servers = 3, commands = 1, max_term = 2, max_log = 2;
  dist::FaultBudget faults;
  dist::NetworkMode network = dist::NetworkMode::Multiset;
  Variant variant = Variant::Correct;
  bool recovery_goals = false;  // record the first Disruption and check the recovery goals
};

// Bounds of the parameters (raft_info.cpp) and of the committed history (one entry per index
// where the protocol is correct; a violating state is never expanded).
inline constexpr size_t kMaxServers = 5, kMaxLog = 6, kMaxTerm = 6, kMaxHistory = 16;

struct LogEntry {
  uint8_t term = 0, value = 0;
  FAULTLINE_FIELDS(LogEntry, term, value)
};
using Log = InlineVector<LogEntry, kMaxLog>;

// Messages, labelled RequestVote(t=2,last=1/1), Vote(t=2,granted), Vote(t=2,denied),
// AppendEntries(t=1,prev=0/0,e=1:v1,c=0), AppendEntries(t=1,prev=1/1,c=1) (a heartbeat),
// AppendOk(t=1,match=1), AppendFail(t=1,prev=1).
struct RequestVote {
  uint8_t term = 0, last_index = 0, last_term = 0;
  FAULTLINE_FIELDS(RequestVote, term, last_index, last_term)
};
struct Vote {
  uint8_t term = 0;
  bool granted = false;
  FAULTLINE_FIELDS(Vote, term, granted)
};
struct AppendEntries {
  uint8_t term = 0, prev_index = 0, prev_term = 0;
  LogEntry entry = {};  // term 0: none (a heartbeat)
  uint8_t commit = 0;
  FAULTLINE_FIELDS(AppendEntries, term, prev_index, prev_term, entry, commit)
};
struct AppendOk {
  uint8_t term = 0, match = 0;
  FAULTLINE_FIELDS(AppendOk, term, match)
};
struct AppendFail {
  uint8_t term = 0, prev_index = 0;
  FAULTLINE_FIELDS(AppendFail, term, prev_index)
};
using Msg = std::variant<RequestVote, Vote, AppendEntries, AppendOk, AppendFail>;

inline uint8_t term_of(const Msg& m) {
  uint8_t t = 0;
  reflect::visit_alternative(m, [&](const auto& x) { t = x.term; });
  return t;
}

FAULTLINE_ENUM(Role, follower, candidate, leader)

struct Progress {  // a leader's bookkeeping for one server (itself included)
  NodeRef server;
  uint8_t next = 0, match = 0;
  FAULTLINE_FIELDS(Progress, server, next, match)
};

struct Server {
  uint8_t term = 0;
  std::optional<NodeRef> voted_for;
  Log log;
  Role role = Role::follower;
  uint8_t commit = 0;
  NodeSet votes;                                 // candidate: who granted its vote
  InlineVector<Progress, kMaxServers> progress;  // leader: one per server, in id order
  FAULTLINE_FIELDS(Server, term, voted_for, log, role, commit, votes, progress)
  FAULTLINE_DURABLE(Server, term, voted_for, log)
};

// An entry some server committed, and the earliest term one committed it in (its currentTerm).
struct Committed {
  uint8_t index = 0, term = 0, value = 0, cterm = 0;
  FAULTLINE_FIELDS(Committed, index, term, value, cterm)
};

FAULTLINE_ENUM(DisruptionKind, leader_crash, follower_crash, leader_partitioned)

struct Disruption {
  DisruptionKind kind = DisruptionKind::leader_crash;
  NodeRef server;                // the crashed or partitioned-away server
  uint8_t term = 0;              // its currentTerm then
  uint8_t committed_before = 0;  // how many entries were committed then
  FAULTLINE_FIELDS(Disruption, kind, server, term, committed_before)
};

struct History {
  std::array<NodeSet, kMaxTerm + 1> leaders;       // by term: the servers elected in it
  InlineVector<Committed, kMaxHistory> committed;  // sorted, unique by (index, term, value)
  uint8_t commands = 0;                            // client commands issued
  std::optional<Disruption> disruption;            // recovery_goals: the first one
  FAULTLINE_FIELDS(History, leaders, committed, commands, disruption)
};

// The labels above (raft_text.cpp).
void faultline_format(std::string& out, const Msg& m, const FormatContext&);

class Raft {
 public:
  using Msg = raft::Msg;
  using Node = Server;
  using Nodes = InlineVector<Server, kMaxServers>;
  using Ghost = History;
  using State = dist::ActorState<Raft>;
  using Actor = dist::Actor<Raft>;
  static constexpr bool symmetric = true;
  static constexpr unsigned kServers = 0;  // the one role

  Raft(RaftConfig config);  // NOLINT: implicit, so RaftModel(config) works

  dist::ActorConfig<Raft> actor_config() const;
  Node init(NodeId) const { return {}; }
  void on_start(Actor&, Node&) const {}
  void on_message(Actor& self, Node& sv, NodeId from, const Msg& msg) const;
  void on_timer(Actor&, Node&, unsigned) const {}
  std::vector<dist::LocalStep<Raft>> local_steps() const;
  dist::ActorProperties<Raft> properties() const;

  const RaftConfig& config() const { return config_; }
  const dist::NodeNames& names() const { return names_; }
  unsigned majority() const { return config_.servers / 2 + 1; }
  // The AppendEntries leader sv would send to server j now.
  AppendEntries append_for(const Server& sv, NodeId j) const;

 private:
  void become_leader(Actor& self, Server& sv) const;
  void advance_commit(Actor& self, Server& sv) const;
  void set_commit(Actor& self, Server& sv, uint8_t commit) const;
  bool useless(const State& s, NodeId src, NodeId dst, const Msg& m) const;

  RaftConfig config_;
  dist::NodeNames names_;
};

using RaftModel = dist::ActorModel<Raft>;
using RaftState = Raft::State;

// Server j's entry in a leader's progress (renaming the servers may have reordered them).
template <class S>
auto& progress_of(S& sv, NodeId j) {
  for (auto& p : sv.progress)
    if (p.server == j) return p;
  throw ModelError("model error: no progress for server " + std::to_string(j));
}

// Trace text (raft_text.cpp): "leader next=1,2 match=1,1, term 1, voted s1, log [1:v1],
// commit 1"; the ghost's fields "elected", "committed", "commands issued" (and "disruption").
inline std::string text(unsigned v) { return std::to_string(v); }
std::string format_log(const Log& log);  // "[1:v1 2:v2]"
std::string describe_server(const Raft& p, NodeId, const Server& sv);
void describe_history(const Raft& p, const RaftState& s, FieldWriter& w);

// ---- The bytes: those of the hand-written model this one replaced, so that fingerprints, and
// with them the choice among shortest counterexamples, stay the same. A message is a type byte
// (AppendOk and AppendFail share one, told apart by a flag), term, index and flag, then an
// AppendEntries' entry and commit; votedFor is the id + 1 (0: none), nextIndex and matchIndex
// two runs after one count; the elected leaders (term, server) pairs; the commands byte's top
// bit says a disruption follows. Inline: the layer's encode and decode call them per node.

namespace bytes {
template <class V>
[[gnu::noinline]] V sorted(V v) {
  for (size_t i = 1; i < v.size(); ++i)
    for (size_t j = i; j > 0 && v[j] < v[j - 1]; --j) std::swap(v[j], v[j - 1]);
  return v;
}
}  // namespace bytes

inline void faultline_encode(ByteSink& out, const Msg& m) {
  char* p = out.reserve(7);
  auto put = [&](auto... bytes) { ((*p++ = static_cast<char>(bytes)), ...); };
  if (const auto* rv = std::get_if<RequestVote>(&m)) {
    put(0, rv->term, rv->last_index, rv->last_term);
  } else if (const auto* v = std::get_if<Vote>(&m)) {
    put(1, v->term, 0, v->granted);
  } else if (const auto* ae = std::get_if<AppendEntries>(&m)) {
    put(2, ae->term, ae->prev_index, ae->prev_term, ae->entry.term, ae->entry.value, ae->commit);
  } else if (const auto* ok = std::get_if<AppendOk>(&m)) {
    put(3, ok->term, ok->match, 1);
  } else {
    put(3, std::get<AppendFail>(m).term, std::get<AppendFail>(m).prev_index, 0);
  }
  out.commit(p);
}

inline void faultline_decode(ByteSource& in, Msg& m) {
  const uint8_t type = in.u8(), term = in.u8(), index = in.u8(), flag = in.u8();
  if (type == 0) {
    m = RequestVote{term, index, flag};
  } else if (type == 1 && index == 0 && flag <= 1) {
    m = Vote{term, flag == 1};
  } else if (type == 2) {
    const LogEntry entry{in.u8(), in.u8()};
    m = AppendEntries{term, index, flag, entry, in.u8()};
  } else if (type == 3 && flag <= 1) {
    m = flag ? Msg(AppendOk{term, index}) : Msg(AppendFail{term, index});
  } else {
    reflect::decode_fail("not a Raft message");
  }
}

inline void faultline_encode(ByteSink& out, const Server& sv) {
  // votedFor takes one byte, but two for the layer's markers in node signatures (0xFE, 0xFF).
  char* p = out.reserve(1 + 2 + reflect::max_encoded_size<Log>() + 2 +
                        reflect::max_encoded_size<NodeSet>() + 1 + 2 * kMaxServers);
  *p++ = static_cast<char>(sv.term);
  reflect::raw_varint(p, sv.voted_for ? sv.voted_for->id + 1u : 0u);
  reflect::encode_raw(p, sv.log);
  *p++ = static_cast<char>(sv.role);
  *p++ = static_cast<char>(sv.commit);
  reflect::encode_raw(p, sv.votes);
  // nextIndex, then matchIndex, in id order (renaming the servers may have reordered them).
  const size_t n = sv.progress.size();
  bool in_order = true;
  for (size_t j = 0; j < n; ++j) in_order &= sv.progress[j].server == j;
  auto put = [&](const auto& progress) {
    *p++ = static_cast<char>(n);
    for (size_t j = 0; j < n; ++j) *p++ = static_cast<char>(progress[j].next);
    for (size_t j = 0; j < n; ++j) *p++ = static_cast<char>(progress[j].match);
  };
  in_order ? put(sv.progress) : put(bytes::sorted(sv.progress));
  out.commit(p);
}

inline void faultline_decode(ByteSource& in, Server& sv) {
  sv.term = in.u8();
  const uint64_t voted = in.varint();
  if (voted > kMaxServers) reflect::decode_fail("votedFor names no server");
  sv.voted_for.reset();
  if (voted) sv.voted_for = NodeRef(static_cast<NodeId>(voted - 1));
  reflect::decode(in, sv.log);
  reflect::decode(in, sv.role);
  sv.commit = in.u8();
  reflect::decode(in, sv.votes);
  const uint64_t n = in.varint();
  if (n > kMaxServers) reflect::decode_fail("a leader's progress is longer than the servers");
  sv.progress.resize(n);
  for (NodeId j = 0; j < n; ++j) sv.progress[j] = {j, in.u8(), 0};
  for (Progress& p : sv.progress) p.match = in.u8();
}

inline void faultline_encode(ByteSink& out, const History& h) {
  char* p = out.reserve(1 + 2 * kMaxServers * h.leaders.size() +
                        reflect::max_encoded_size<decltype(h.committed)>() + 1 +
                        reflect::max_encoded_size<Disruption>());
  char* const elected = p++;  // their count: at most 35, one byte
  for (uint8_t t = 0; t <= kMaxTerm; ++t)
    h.leaders[t].for_each([&](NodeId i) {
      *p++ = static_cast<char>(t);
      *p++ = static_cast<char>(i);
    });
  *elected = static_cast<char>((p - elected - 1) / 2);
  reflect::encode_raw(p, h.committed);
  *p++ = static_cast<char>(h.commands | (h.disruption ? 0x80 : 0));
  if (h.disruption) reflect::encode_raw(p, *h.disruption);
  out.commit(p);
}

inline void faultline_decode(ByteSource& in, History& h) {
  h.leaders.fill(NodeSet());
  for (uint64_t k = in.varint(); k > 0; --k) {
    const uint8_t t = in.u8(), i = in.u8();
    if (t > kMaxTerm || i >= kMaxServers) reflect::decode_fail("an election out of range");
    h.leaders[t].insert(i);
  }
  reflect::decode(in, h.committed);
  h.commands = in.u8();
  h.disruption.reset();
  if (h.commands & 0x80) reflect::decode(in, h.disruption.emplace());
  h.commands &= 0x7F;
}

}  // namespace faultline::raft
