// Raft (leader election, log replication, commitment) with message passing, built on the
// distributed layer (src/dist), with seeded bug variants. See raft.cpp for the transitions
// and raft_properties.cpp for the properties.
//
// Nodes: servers s1..sN (ids 0..N-1).
//  - Persistent (kept across a crash): currentTerm, votedFor, log. Volatile (lost): role,
//    commitIndex, the candidate's votes, the leader's nextIndex/matchIndex.
//    Variant vote-not-persisted loses currentTerm and votedFor on a crash as well.
// Local steps: "timeout sN" (a follower or candidate becomes candidate in term+1, votes for
// itself and sends RequestVote to every peer; bounded by max_term), "client sN" (a leader
// appends the next command, values 1..commands, each used once; log length <= max_log),
// "append sN->sM" (a leader sends AppendEntries with at most one entry, the one at
// nextIndex[M], unless that identical message or a response from M of its term is in
// flight: this bounds the network, yet older requests can still arrive after newer ones).
// Messages with a term below the receiver's currentTerm are ignored without reply (the
// published protocol replies with its term so the sender steps down; a step-down never
// helps safety, and the sender learns the term from any later message).
// A follower answers an AppendEntries whose prevIndex/prevTerm match with AppendOk(match =
// prevIndex + 1 or prevIndex) after truncating only on a real conflict; otherwise
// AppendFail(prevIndex), on which the leader moves nextIndex back to prevIndex (ignored when
// prevIndex <= matchIndex or nextIndex moved on: a stale failure). The leader
// commits index N when a majority's matchIndex >= N and entry N is of its current term (any
// term in commit-old-term-entries); a follower commits up to min(leaderCommit, match).
// Ghosts: every (term, leader) ever elected; every (index, term, value) ever committed by
// any server, with the earliest term it was committed in; the number of commands issued.
// With recovery_goals on, also the first disruption: a crash of the newest leader (the leader
// of the highest term elected so far), a crash of a follower while that leader is up, or a
// partition that leaves the newest leader on the minority side; for the goals LeaderCrashRecovered,
// FollowerCrashRecovered and PartitionRecovered (raft_properties.cpp). It is off by default
// because it splits states that differ only in history.
// Reduction: after every step, messages that can never again change any state are
// discarded (only where terms are durable, i.e. not in vote-not-persisted): any message whose
// term is below its receiver's currentTerm (ignored now, and terms never decrease), except
// vote responses in count-stale-votes; vote responses to a server that is no longer a
// candidate in that term, or that already counted the voter, or that deny; append responses
// to a server that is not leader in that term, or at or below its matchIndex for the
// sender. A server never returns to candidacy or
// leadership in a term it left (both need a timeout, which raises the term), so these stay
// useless.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "core/fields.hpp"
#include "core/inline_vector.hpp"
#include "core/properties.hpp"
#include "core/symmetry.hpp"
#include "core/symmetry_signatures.hpp"
#include "dist/action_kinds.hpp"
#include "dist/cluster.hpp"
#include "models/raft/raft_messages.hpp"

namespace faultline::raft {

enum class Variant : uint8_t {
  Correct,
  VoteNotPersisted,       // currentTerm and votedFor lost on a crash
  CommitOldTermEntries,   // a leader commits entries of earlier terms by counting replicas
  NoLogUpToDateCheck,     // votes granted without comparing logs
  TruncateOnStaleAppend,  // follower truncates after prevIndex even when nothing conflicts
  CountStaleVotes         // a candidate counts granted votes from an older term
};

struct RaftConfig {
  unsigned servers = 3;
  unsigned commands = 1;
  unsigned max_term = 2;
  unsigned max_log = 2;
  dist::FaultBudget faults;
  dist::NetworkMode network = dist::NetworkMode::Multiset;
  Variant variant = Variant::Correct;
  bool recovery_goals = false;  // track the first Disruption and check the recovery goals
};

enum class Role : uint8_t { Follower, Candidate, Leader };

// Bounds of the parameters (raft_info.cpp) and of the ghost histories, which sizes the
// inline vectors of the state. A history grows by one entry per step and a violating state
// is never expanded, so it holds at most one entry more than the correct protocol allows
// (one leader per term, one committed entry per index).
inline constexpr size_t kMaxServers = 5;
inline constexpr size_t kMaxLog = 6;
inline constexpr size_t kMaxHistory = 16;

struct LogEntry {
  uint8_t term = 0;
  uint8_t value = 0;
  auto operator<=>(const LogEntry&) const = default;
};

using Log = InlineVector<LogEntry, kMaxLog>;

struct ServerDurable {
  uint8_t term = 0;
  uint8_t voted_for = 0;  // 0: none; else server id + 1
  Log log;
  auto operator<=>(const ServerDurable&) const = default;
};

struct ServerVolatile {
  Role role = Role::Follower;
  uint8_t commit = 0;
  dist::NodeSet votes;               // Candidate: servers that granted their vote
  InlineVector<uint8_t, kMaxServers> next_index;   // Leader: per server; empty otherwise
  InlineVector<uint8_t, kMaxServers> match_index;  // Leader: per server; empty otherwise
  auto operator<=>(const ServerVolatile&) const = default;
};

using Server = dist::Node<ServerDurable, ServerVolatile>;

struct Elected {
  uint8_t term = 0;
  uint8_t leader = 0;  // server id
  auto operator<=>(const Elected&) const = default;
};

// An entry some server committed: sorted and unique by (index, term, value); cterm is the
// earliest term in which a server committed it (the committing server's currentTerm).
struct Committed {
  uint8_t index = 0;  // 1-based log index
  uint8_t term = 0;
  uint8_t value = 0;
  uint8_t cterm = 0;
  auto operator<=>(const Committed&) const = default;
};

// The first disruption of a run (ghost, recovery_goals only).
struct Disruption {
  enum Kind : uint8_t { None, LeaderCrash, FollowerCrash, LeaderPartitioned };
  uint8_t kind = None;
  uint8_t server = 0;            // the crashed or partitioned-away server
  uint8_t term = 0;              // its currentTerm at that moment
  uint8_t committed_before = 0;  // how many entries were committed then
  auto operator<=>(const Disruption&) const = default;
};

struct RaftState {
  dist::ClusterState<RaftMsg> env;
  InlineVector<Server, kMaxServers> servers;
  InlineVector<Elected, kMaxHistory> elected;      // ghost, sorted
  InlineVector<Committed, kMaxHistory> committed;  // ghost, sorted
  uint8_t commands_used = 0;         // ghost: client commands issued so far
  Disruption disruption;             // ghost: recovery_goals only
  bool operator==(const RaftState&) const = default;
};

class RaftModel {
 public:
  using State = RaftState;
  using Action = dist::Action;
  static constexpr uint16_t kTimeout = 0;  // Local step codes
  static constexpr uint16_t kClient = 1;
  static constexpr uint16_t kAppend = 2;  // arg: the peer

  explicit RaftModel(RaftConfig config);

  std::vector<State> initial_states() const;
  void actions(const State& s, std::vector<Action>& out) const;
  std::optional<State> next_state(const State& s, const Action& a) const;
  std::string action_label(const State& s, const Action& a) const;
  void encode(const State& s, ByteSink& out) const;
  State decode(ByteSource& in) const;
  void describe(const State& s, FieldWriter& w) const;
  const PropertySet<State>& properties() const { return props_; }
  // Symmetry: servers are interchangeable (ids appear only as node ids, votedFor, vote sets,
  // nextIndex/matchIndex positions and the ghosts' leader and disrupted server).
  SymmetryDecl symmetry() const;
  State permute(const State& s, const Permutation& p) const;
  // Per server, what renaming keeps (src/core/symmetry_signatures.hpp): its messages, up or
  // down, term, log, role, commit, vote count, whether it voted for itself, its leader
  // bookkeeping as a multiset, and the terms it was elected in.
  void symmetry_signatures(const State& s, std::vector<uint64_t>& sigs) const;
  // Coverage: "timeout", "client", "append", "deliver RequestVote", "deliver Vote",
  // "deliver AppendEntries", "deliver AppendOk", "deliver AppendFail", and budgeted faults.
  const std::vector<std::string>& action_kinds() const { return kinds_.names(); }
  size_t action_kind(const State& s, const Action& a) const;

  const RaftConfig& config() const { return config_; }
  unsigned majority() const { return config_.servers / 2 + 1; }
  const dist::Cluster<RaftMsg>& cluster() const { return cluster_; }
  // The AppendEntries leader i would send to peer j now.
  RaftMsg append_for(const State& s, unsigned i, unsigned j) const;

 private:
  void timeout(State& s, unsigned i) const;
  void client(State& s, unsigned i) const;
  void become_leader(State& s, unsigned i) const;
  void advance_commit(State& s, unsigned i) const;
  void set_commit(State& s, unsigned i, uint8_t commit) const;
  void deliver(State& s, const dist::Envelope<RaftMsg>& e) const;
  bool useless(const State& s, const dist::Envelope<RaftMsg>& e) const;
  // Records fault action a as the run's first disruption, if it is one.
  void note_disruption(State& s, const Action& a) const;

  RaftConfig config_;
  dist::NodeSet all_;
  dist::Cluster<RaftMsg> cluster_;
  PropertySet<State> props_;
  dist::ActionKindTable kinds_;
};

// "[1:v1 2:v2]": a log as term:value entries.
std::string format_log(const Log& log);

// Properties over RaftState; the node names are captured by value. The recovery goals are
// included when recovery_goals is set (they need the Disruption ghost).
PropertySet<RaftState> raft_properties(const dist::NodeNames& names, bool recovery_goals);

}  // namespace faultline::raft
