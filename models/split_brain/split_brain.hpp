// A whole split-brain prevention design: leader election (by quorum vote with epochs, or a
// naive timeout-based takeover), a lease held by the elected leader, and the epoch used as a
// fencing token at a shared storage s. Each piece is a switch (SplitBrainConfig). On the
// distributed layer with time: partitions, pauses, crashes and clock drift. See
// split_brain.cpp for the transitions and split_brain_properties.cpp for the properties.
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
// Reduction: messages that can never change their receiver are discarded: RequestVote and
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
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "core/fields.hpp"
#include "core/interval.hpp"
#include "core/properties.hpp"
#include "core/symmetry.hpp"
#include "core/symmetry_signatures.hpp"
#include "dist/action_kinds.hpp"
#include "dist/timed_cluster.hpp"

namespace faultline::split_brain {

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

enum class MsgType : uint8_t { RequestVote, Vote, NewLeader, Write };

struct SbMsg {
  MsgType type = MsgType::RequestVote;
  uint8_t epoch = 0;
  uint8_t order = 0;  // Write: ghost, the writer's election order
  auto operator<=>(const SbMsg&) const = default;
  bool operator==(const SbMsg&) const = default;
  void encode(ByteSink& out) const {
    out.u8(static_cast<uint8_t>(type));
    out.u8(epoch);
    out.u8(order);
  }
  static SbMsg decode(ByteSource& in) {
    SbMsg m;
    m.type = static_cast<MsgType>(in.u8());
    m.epoch = in.u8();
    m.order = in.u8();
    return m;
  }
  // "RequestVote(e=2)", "Vote(e=2)", "NewLeader(e=2)", "Write(e=2)"
  std::string label() const;
};

enum class Role : uint8_t { Follower, Candidate, Leader };

struct NodeDurable {
  uint8_t epoch = 0;
  uint16_t promise = 0;  // clock reading before which it votes for no one (quorum with
                         // leases) or takes over (timeout: the time it last heard of a leader
                         // + D)
  auto operator<=>(const NodeDurable&) const = default;
};

struct NodeVolatile {
  Role role = Role::Follower;
  dist::NodeSet votes;  // Candidate
  uint16_t start = 0;   // Candidate: clock at campaign (the lease start)
  uint16_t lease = 0;   // Leader with leases: clock reading at which the lease ends
  uint8_t order = 0;    // Leader: ghost, its election order
  uint8_t act = 0;      // Leader: kActNone, kActReady (checked, about to write), kActDone
  auto operator<=>(const NodeVolatile&) const = default;
};

inline constexpr uint8_t kActNone = 0;
inline constexpr uint8_t kActReady = 1;
inline constexpr uint8_t kActDone = 2;  // a leader writes once per leadership

using SbNode = dist::Node<NodeDurable, NodeVolatile>;

struct Elected {
  uint8_t epoch = 0;
  uint8_t leader = 0;
  uint8_t order = 0;  // 1, 2, ...: order of elections in true time
  auto operator<=>(const Elected&) const = default;
};

struct Storage {
  uint8_t max_epoch = 0;     // highest epoch accepted
  uint8_t last_epoch = 0;    // epoch of the last accepted write
  Elected newest;            // ghost: newest leadership written, by (epoch, order)
  Elected late;              // ghost: first write accepted from a deposed leader (epoch 0: none)
  Elected late_after;        //   and the newer leadership that had written before it
  auto operator<=>(const Storage&) const = default;
};

struct SplitBrainState {
  dist::TimedEnv<SbMsg> env;
  std::vector<SbNode> nodes;
  Storage storage;
  std::vector<Elected> elected;  // ghost, in election order
  dist::NodeSet acted;           // ghost: nodes that acted as leader at this true time
  bool operator==(const SplitBrainState&) const = default;
};

class SplitBrainModel {
 public:
  using State = SplitBrainState;
  using Action = dist::Action;
  static constexpr uint16_t kElect = 0;  // Local step codes: campaign or takeover
  static constexpr uint16_t kCheck = 1;
  static constexpr uint16_t kWrite = 2;

  explicit SplitBrainModel(SplitBrainConfig config);

  std::vector<State> initial_states() const;
  void actions(const State& s, std::vector<Action>& out) const;
  std::optional<State> next_state(const State& s, const Action& a) const;
  std::string action_label(const State& s, const Action& a) const;
  void encode(const State& s, ByteSink& out) const;
  State decode(ByteSource& in) const;
  void describe(const State& s, FieldWriter& w) const;
  const PropertySet<State>& properties() const { return props_; }
  // Coverage: the local steps, "deliver T" per message type, the budgeted faults and the
  // time actions the configuration allows (dist/action_kinds.hpp).
  const std::vector<std::string>& action_kinds() const { return kinds_.names(); }
  size_t action_kind(const State& s, const Action& a) const;

  // Symmetry (see the top of this file): nodes n1..nN are interchangeable.
  SymmetryDecl symmetry() const;
  State permute(const State& s, const Permutation& p) const;
  // Per node, what renaming keeps (src/core/symmetry_signatures.hpp): its environment, its
  // fields (vote count, not whom), its elections and whether it acted.
  void symmetry_signatures(const State& s, std::vector<uint64_t>& sigs) const;
  // Interval symmetry of time (counter 0), declared only with unbounded time.
  std::vector<IntervalDecl> intervals() const;
  void interval_values(const State& s, size_t k, std::vector<uint32_t>& out) const;
  int64_t interval_cutoff(const State& s, size_t k) const;
  State remap_interval(const State& s, size_t k, const IntervalMap& f) const;

  // The environment: sequence charts get their lanes and events from it
  // (dist/timed_chart_events.hpp).
  const dist::TimedCluster<SbMsg>& timed_cluster() const { return env_; }

  const SplitBrainConfig& config() const { return config_; }
  dist::NodeId storage_id() const { return static_cast<dist::NodeId>(config_.nodes); }
  unsigned majority() const { return config_.nodes / 2 + 1; }

 private:
  bool may_elect(const State& s, unsigned i) const;
  bool uses_promise() const { return config_.election == Election::Timeout || config_.lease; }
  void elect(State& s, unsigned i) const;
  void become_leader(State& s, unsigned i) const;
  void adopt(State& s, unsigned i, uint8_t epoch) const;
  void deliver(State& s, const dist::Envelope<SbMsg>& e) const;
  void write(State& s, const dist::Envelope<SbMsg>& e) const;
  void end_leases(State& s) const;
  bool useless(const State& s, const dist::Envelope<SbMsg>& e) const;

  SplitBrainConfig config_;
  dist::NodeSet peers_;  // n1..nN
  dist::TimedCluster<SbMsg> env_;
  PropertySet<State> props_;
  dist::ActionKindTable kinds_;
};

// The properties for a configuration: OneActingLeader only where leases are on.
PropertySet<SplitBrainState> split_brain_properties(const dist::NodeNames& names, bool lease);

}  // namespace faultline::split_brain
