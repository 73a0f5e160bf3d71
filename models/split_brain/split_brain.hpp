// A whole split-brain prevention design: leader election (by quorum vote with epochs, or a
// naive timeout-based takeover), a lease held by the elected leader, and the epoch used as a
// fencing token at a shared storage s. Each piece is a switch (SplitBrainConfig). Written on
// the actor layer with time (src/dist/actor_model.hpp): partitions, pauses, crashes and clock
// drift. See split_brain.cpp for the handlers and split_brain_properties.cpp for the
// properties.
//
// Nodes n1..nN (ids 0..N-1) and the storage s (id N). Lease duration D, leader margin M.
//  - Quorum election: "campaign nK" (not leader; epoch below max_epoch; with leases, only
//    once its own lease promise has run out by its clock): epoch + 1, votes for itself, notes
//    its clock (the lease start) and sends RequestVote(e) to every node. A node grants a
//    request of a higher epoch (adopting it and stepping down), but with leases only once
//    its clock has passed its last promise; each vote promises, by the voter's clock, not to
//    vote again for D ticks. A majority of votes makes the candidate leader; with leases, its
//    lease runs until its clock reads (lease start) + D - M, then it steps down.
//  - Naive takeover: a node that has not heard from a leader for D ticks by its clock
//    ("takeover nK") makes itself leader of epoch + 1 without any vote and announces
//    NewLeader(e); a node hearing of an epoch at least its own adopts it, steps down and
//    restarts its timer. With leases the new leader's lease is its own: until its clock
//    reads now + D - M. Everybody's timer starts at 0.
//  - Acting: a leader (with leases: within its lease) "checks" it is leader and then
//    "writes" Write(epoch) to s: the write is the leader acting, once per leadership (enough:
//    the search tries every time for it). A pause can fall between the
//    check and the write, and the write can wait in the network.
//  - Storage: with fencing, s rejects a write whose epoch is below the highest it has
//    accepted; without, it accepts every write.
// Persistent: epoch and lease promise (a restart keeps its promise). Volatile: role, votes,
// lease, the pending write. Crashes apply to n1..nN; pauses to n1..nN; s never fails.
// Ghosts: every election as (epoch, leader, order of election in true time); the nodes that
// acted as leader at the current true time; at s, the newest leadership written and the first
// write accepted from a deposed leader (one whose (epoch, election order) is below a
// leadership already written).
// Reduction (normalize): messages that can never change their receiver are discarded: RequestVote and
// NewLeader below the receiver's epoch (NewLeader equal to it is kept: it restarts a timer),
// Vote to a node no longer a candidate of that epoch or that counted the voter already.
//
// Symmetry (engine.symmetry = on):
//  - Permutations: the nodes n1..nN are interchangeable (s stays last). Nothing treats a node
//    by its index: every node may campaign (or take over), vote, crash, pause and drift
//    alike, a majority is a count, and the ghosts name nodes only as leaders (renamed).
//  - Interval symmetry of time, declared only with unbounded time (params.horizon = 0: a
//    horizon is an absolute cap). Time values: true time, each node's promise (where it is
//    used: with leases or takeover), a candidate's campaign start (the lease start; kept,
//    unused, without leases) and a leader's lease end (with leases); clocks are true time
//    plus a drift offset, pauses count ticks left, and messages carry no time. Every
//    decision compares a clock with one of them (may vote or take over once clock >=
//    promise; a lease runs while clock < its end) or adds D or D - M to a clock or a start,
//    so shifting them all by one amount changes no decision. Values below now - (D - M) + 1
//    (with leases; below now without) are stale and matter only by their order: a promise
//    at or below true time is past for every clock, and a start that old gives a lease that
//    has run out when the candidate wins, so it steps down at once. Epochs and election orders are not time (epochs stop at max_epoch).
//    The classes are finitely many (elections, and so messages, are bounded by max_epoch and
//    the fault budgets), so a check covers all time, not a horizon.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/reflect.hpp"
#include "dist/actor_model.hpp"

namespace faultline::split_brain {

using dist::NodeId;
using dist::NodeRef;
using dist::NodeSet;
using dist::Time;

enum class Election : uint8_t { Quorum, Timeout };

struct SplitBrainConfig {
  unsigned nodes = 3;
  Election election = Election::Quorum;
  bool lease = true;
  unsigned duration = 3;  // D: lease duration (quorum) or takeover timeout (timeout)
  unsigned margin = 2;    // M
  bool fencing = true;
  unsigned max_epoch = 2;
  dist::TimeConfig time;
  dist::FaultBudget faults;
};

struct RequestVote {
  uint8_t e = 0;
  FAULTLINE_FIELDS(RequestVote, e)
};
struct Vote {
  uint8_t e = 0;
  FAULTLINE_FIELDS(Vote, e)
};
struct NewLeader {
  uint8_t e = 0;
  FAULTLINE_FIELDS(NewLeader, e)
};
struct Write {
  uint8_t e = 0;
  uint8_t order = 0;  // ghost: the writer's election order
  FAULTLINE_FIELDS(Write, e, order)
};

FAULTLINE_ENUM(Standing, follower, candidate, leader)
FAULTLINE_ENUM(Act, none, ready, done)  // ready: checked, about to write; a leader writes once

struct Peer {
  uint8_t epoch = 0;
  // The clock reading before which it votes for no one (quorum with leases) or takes over
  // (timeout: when it last heard of a leader + D); none where neither applies.
  std::optional<Time> promise;
  Standing role = Standing::follower;
  NodeSet votes;              // candidate
  std::optional<Time> start;  // candidate: clock at campaign (the lease start)
  std::optional<Time> lease;  // leader with leases: clock reading at which the lease ends
  uint8_t order = 0;          // leader: ghost, its election order
  Act act = Act::none;        // leader
  FAULTLINE_FIELDS(Peer, epoch, promise, role, votes, start, lease, order, act)
  FAULTLINE_DURABLE(Peer, epoch, promise)
};

struct Storage {
  uint8_t max_epoch = 0;   // highest epoch accepted
  uint8_t last_epoch = 0;  // epoch of the last accepted write
  FAULTLINE_FIELDS(Storage, max_epoch, last_epoch)
};

struct Elected {
  uint8_t epoch = 0;
  NodeRef leader;
  uint8_t order = 0;  // 1, 2, ...: order of elections in true time
  FAULTLINE_FIELDS(Elected, epoch, leader, order)
};
struct LateWrite {  // the first write accepted from a deposed leader
  Elected writer, after;  // and the newer leadership that had written before it
  FAULTLINE_FIELDS(LateWrite, writer, after)
};
struct History {
  std::vector<Elected> elected;   // in election order
  std::optional<Elected> newest;  // newest leadership written, by (epoch, order)
  std::optional<LateWrite> late;
  NodeSet acted;                  // nodes that acted as leader at this true time
  FAULTLINE_FIELDS(History, elected, newest, late, acted)
};

class SplitBrain {
 public:
  using Msg = std::variant<RequestVote, Vote, NewLeader, Write>;
  using Node = dist::ByRole<Peer, Storage>;
  using Ghost = History;
  using State = dist::ActorState<SplitBrain>;
  using Actor = dist::Actor<SplitBrain>;
  static constexpr bool timed = true;
  static constexpr bool symmetric = true;

  SplitBrain(SplitBrainConfig config);  // NOLINT: implicit, so SplitBrainModel(config) works

  dist::ActorConfig<SplitBrain> actor_config() const;
  Node init(NodeId n) const;
  void on_start(Actor&, Node&) const {}
  void on_message(Actor& self, Node& node, NodeId from, const Msg& msg) const;
  void on_timer(Actor&, Node&, unsigned) const {}
  std::vector<dist::LocalStep<SplitBrain>> local_steps() const;
  dist::ActorProperties<SplitBrain> properties() const;

  const SplitBrainConfig& config() const { return config_; }
  const dist::NodeNames& names() const { return names_; }
  NodeId storage_id() const { return static_cast<NodeId>(config_.nodes); }
  unsigned majority() const { return config_.nodes / 2 + 1; }

 private:
  std::vector<dist::Role> roles() const;
  bool quorum() const { return config_.election == Election::Quorum; }
  void elect(Actor& self, Peer& n) const;
  void become_leader(Actor& self, Peer& n) const;
  void on_write(Actor& self, Storage& st, NodeId from, const Write& w) const;
  bool useless(const State& s, NodeId src, NodeId dst, const Msg& msg) const;

  SplitBrainConfig config_;
  dist::NodeNames names_;
};

using SplitBrainModel = dist::ActorModel<SplitBrain>;
using SplitBrainState = SplitBrain::State;

inline const Peer& peer(const SplitBrainState& s, NodeId i) { return std::get<Peer>(s.nodes[i]); }
inline const Storage& storage(const SplitBrainState& s) {
  return std::get<Storage>(s.nodes.back());
}

}  // namespace faultline::split_brain
