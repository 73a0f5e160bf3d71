// A whole split-brain prevention design: leader election (by quorum vote with epochs, or a
// naive timeout-based takeover), a lease held by the elected leader, and the epoch used as a
// fencing token at a shared storage s. Each piece is a switch (a field of SplitBrain). Written on
// the actor layer with time (src/dist/actor_model.hpp): partitions, pauses, crashes and clock
// drift.
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
// Reduction (normalize): messages that can never change their receiver are discarded: RequestVote
// and NewLeader below the receiver's epoch (NewLeader equal to it is kept: it restarts a timer),
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
//    has run out when the candidate wins, so it steps down at once. Epochs and election orders are
//    not time (epochs stop at max_epoch). The classes are finitely many (elections, and so
//    messages, are bounded by max_epoch and the fault budgets), so a check covers all time, not a
//    horizon.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "dist/actor_model.hpp"

namespace faultline::split_brain {

using dist::NodeId;
using dist::NodeRef;
using dist::NodeSet;
using dist::Time;

enum class Election : uint8_t { Quorum, Timeout };

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
struct LateWrite {        // the first write accepted from a deposed leader
  Elected writer, after;  // and the newer leadership that had written before it
  FAULTLINE_FIELDS(LateWrite, writer, after)
};
struct History {
  std::vector<Elected> elected;   // in election order
  std::optional<Elected> newest;  // newest leadership written, by (epoch, order)
  std::optional<LateWrite> late;
  NodeSet acted;  // nodes that acted as leader at this true time
  FAULTLINE_FIELDS(History, elected, newest, late, acted)
};

struct SplitBrain : dist::Protocol<SplitBrain, std::variant<RequestVote, Vote, NewLeader, Write>,
                                   dist::ByRole<Peer, Storage>, History> {
  static constexpr bool timed = true;
  static constexpr bool symmetric = true;
  static constexpr unsigned kPeers = 0;  // role of n1..nN (s is role 1)
  unsigned nodes = 3;
  Election election = Election::Quorum;
  bool lease = true;
  unsigned duration = 3;  // D: lease duration (quorum) or takeover timeout (timeout)
  unsigned margin = 2;    // M
  bool fencing = true;
  unsigned max_epoch = 2;
  dist::TimeConfig time;
  dist::FaultBudget faults;

  NodeId storage_id() const { return static_cast<NodeId>(nodes); }
  static const Storage& storage(const State& s) { return std::get<Storage>(s.nodes.back()); }
  unsigned majority() const { return nodes / 2 + 1; }
  bool quorum() const { return election == Election::Quorum; }

  Config actor_config() const {
    return {
        .roles = {{.name = "n", .count = nodes, .symmetric = true, .what = "nodes"},
                  {.name = "s",
                   .crash = dist::CrashMode::Never,
                   .numbered = false,
                   .drifts = false,
                   .pauses = false}},
        .faults = faults,
        .unchanged = dist::UnchangedDelivery::Consume,
        .describe_node = describe_node,
        .describe_ghost = describe_history,
        // A leader whose lease has run out by its clock steps down, unless it is in the middle
        // of acting (checked, not yet written: it does not know its lease is over until it
        // looks again). Then messages that can never change their receiver are discarded.
        .normalize =
            [](const SplitBrain& p, State& s) {
              if (p.lease)
                for (NodeId i = 0; i < p.nodes; ++i) {
                  Peer& n = s.node<Peer>(i);
                  if (n.role == Standing::leader && n.act != Act::ready && *n.lease <= s.clock(i))
                    adopt(n, n.epoch);
                }
              dist::erase_messages(s, [&](NodeId src, NodeId dst, const Msg& m) {
                return p.useless(s, src, dst, m);
              });
            },
        .time = time,
        .busy =
            [](const SplitBrain&, const Node& n) {
              const auto* p = std::get_if<Peer>(&n);
              return p && p->act == Act::ready;
            },
        .on_tick = [](const SplitBrain&, State& s) { s.ghost.acted = NodeSet(); },
        // Stale (see above): with leases, a start t with t + D - M <= now; without, a value
        // below true time (true time itself is never stale).
        .stale_before = [](const SplitBrain& p, const State& s) -> int64_t {
          const int64_t window = p.lease ? int64_t{p.duration} - p.margin : 1;
          return int64_t{s.now()} + 1 - window;
        },
        .time_values =
            "true time, clocks, promises, lease starts and ends; values too old to "
            "matter packed together",
        .unsent = quorum() ? std::vector<std::string>{"NewLeader"}
                           : std::vector<std::string>{"RequestVote", "Vote"},
    };
  }

  Node init(NodeId n) const {
    if (n == storage_id()) return Node(Storage{});
    Peer p;
    if (!quorum())
      p.promise = duration;  // takeover once D passes without a leader
    else if (lease)
      p.promise = 0;
    return Node(p);
  }

  // Adopting epoch e: a follower with nothing of its former term (the durable fields kept).
  static void adopt(Peer& n, uint8_t e) {
    Peer fresh;
    fresh.epoch = e;
    fresh.promise = n.promise;
    n = fresh;
  }

  void elect(Actor& self, Peer& n) const {
    const Time clock = self.clock();
    const auto epoch = static_cast<uint8_t>(n.epoch + 1);
    adopt(n, epoch);
    n.start = clock;
    if (!quorum()) {
      n.promise = clock + duration;
      become_leader(self, n);
      self.broadcast(kPeers, NewLeader{epoch});
      return;
    }
    if (lease) n.promise = clock + duration;
    n.role = Standing::candidate;
    n.votes.insert(self.self());
    self.broadcast(kPeers, RequestVote{epoch});
    if (n.votes.size() >= majority()) become_leader(self, n);
  }

  void become_leader(Actor& self, Peer& n) const {
    n.role = Standing::leader;
    n.votes = NodeSet();
    if (lease) n.lease = *n.start + duration - margin;
    n.start.reset();
    std::vector<Elected>& elected = self.ghost().elected;
    n.order = static_cast<uint8_t>(elected.size() + 1);
    elected.push_back({n.epoch, self.self(), n.order});
  }

  void on_message(Actor& self, Peer& n, NodeId from, const Msg& msg) const {
    const Time clock = self.clock();
    if (const auto* rv = std::get_if<RequestVote>(&msg)) {
      if (rv->e <= n.epoch) return;
      if (lease && clock < *n.promise) return;  // not yet
      adopt(n, rv->e);
      if (lease) n.promise = clock + duration;
      self.send(from, Vote{rv->e});
    } else if (const auto* v = std::get_if<Vote>(&msg)) {
      if (n.role != Standing::candidate || n.epoch != v->e) return;
      n.votes.insert(from);
      if (n.votes.size() >= majority()) become_leader(self, n);
    } else if (const auto* nl = std::get_if<NewLeader>(&msg)) {
      if (nl->e < n.epoch || (nl->e == n.epoch && n.role == Standing::leader)) return;
      adopt(n, nl->e);
      n.promise = clock + duration;
    }
  }

  void on_message(Actor& self, Storage& st, NodeId from, const Msg& msg) const {
    const Write& w = std::get<Write>(msg);      // only writes reach s
    if (fencing && w.e < st.max_epoch) return;  // fenced off
    st.max_epoch = std::max(st.max_epoch, w.e);
    st.last_epoch = w.e;
    const Elected writer{w.e, from, w.order};
    History& h = self.ghost();
    if (!h.newest || !older(writer, *h.newest))
      h.newest = writer;
    else if (!h.late)
      h.late = LateWrite{writer, *h.newest};
  }
  static bool older(const Elected& a, const Elected& b) {
    return std::tie(a.epoch, a.order) < std::tie(b.epoch, b.order);
  }

  // Whether a message can never again change its receiver (the normalize hook).
  bool useless(const State& s, NodeId src, NodeId dst, const Msg& msg) const {
    if (dst == storage_id()) return false;
    const Peer& n = s.node<Peer>(dst);
    if (const auto* rv = std::get_if<RequestVote>(&msg)) return rv->e <= n.epoch;
    if (const auto* v = std::get_if<Vote>(&msg))
      return n.role != Standing::candidate || n.epoch != v->e || n.votes.contains(src);
    if (const auto* nl = std::get_if<NewLeader>(&msg)) return nl->e < n.epoch;
    return false;
  }

  Steps local_steps() const {
    return {
        {.name = quorum() ? "campaign" : "takeover",
         .role = kPeers,
         .enabled = [](const SplitBrain& p, const State& s, NodeId i) {
           const Peer& n = s.node<Peer>(i);
           return n.role != Standing::leader && n.epoch < p.max_epoch &&
                  (!n.promise || s.clock(i) >= *n.promise);
         },
         .run = [](const SplitBrain& p, Actor& self, Peer& n) { p.elect(self, n); },
         .detail = [](const SplitBrain&, const State& s, NodeId i) {
           return "(epoch " + std::to_string(s.node<Peer>(i).epoch + 1) + ", clock " +
                  std::to_string(s.clock(i)) + ")";
         }},
        {.name = lease ? "check lease" : "check leader",
         .enabled = [](const Peer& n) { return n.role == Standing::leader && n.act == Act::none; },
         .run = [](Peer& n) { n.act = Act::ready; },
         .detail = lease ? +[](const SplitBrain&, const State& s, NodeId i) {
           return "(clock " + std::to_string(s.clock(i)) + " < " +
                  std::to_string(*s.node<Peer>(i).lease) + ")";
         } : nullptr},
        {.name = "write",
         .enabled = [](const Peer& n) { return n.act == Act::ready; },
         .run =
             [](const SplitBrain& p, Actor& self, Peer& n) {
               n.act = Act::done;
               self.ghost().acted.insert(self.self());
               self.send(p.storage_id(), Write{n.epoch, n.order});
             },
         .detail = [](const Peer& n) { return "(epoch " + std::to_string(n.epoch) + ")"; }},
    };
  }

  static std::string describe_node(const SplitBrain& p, NodeId, const Node& node) {
    if (const auto* st = std::get_if<Storage>(&node))
      return "max epoch " + std::to_string(st->max_epoch) + ", last write epoch " +
             std::to_string(st->last_epoch);
    const Peer& n = std::get<Peer>(node);
    std::string d = n.role == Standing::follower ? "follower" : "leader";
    if (n.role == Standing::candidate)
      d = "candidate votes=" + p.names(n.votes) + " start " + std::to_string(*n.start);
    if (n.lease) d += " lease until " + std::to_string(*n.lease);
    d += ", epoch " + std::to_string(n.epoch);
    if (n.promise && *n.promise)
      d += (p.quorum() ? ", promised until " : ", timer until ") + std::to_string(*n.promise);
    if (n.act == Act::ready) d += ", about to write";
    if (n.act == Act::done) d += ", wrote";
    return d;
  }
  std::string leadership(const Elected& e) const {
    return name(e.leader) + " (epoch " + std::to_string(e.epoch) + ", election " +
           std::to_string(e.order) + ")";
  }
  static void describe_history(const SplitBrain& p, const State& s, FieldWriter& w) {
    const History& h = s.ghost;
    if (h.newest) w.field("newest writer", p.leadership(*h.newest));
    if (h.late)
      w.field("late write", p.leadership(h.late->writer) + " after " + p.leadership(h.late->after));
    std::string el;
    for (const auto& e : h.elected)
      el += (el.empty() ? "" : ", ") + p.name(e.leader) + "@e" + std::to_string(e.epoch);
    w.field("elected", el.empty() ? "none" : el);
    w.field("acted now", p.names(h.acted));
  }

  // OneActingLeader only with leases.
  Properties properties() const {
    Properties set{
        .invariants = {{"OneLeaderPerEpoch", "at most one node is ever elected leader of an epoch",
                        [](const SplitBrain& p, const State& s) -> Failure {
                          const auto& el = s.ghost.elected;
                          for (size_t a = 0; a < el.size(); ++a)
                            for (size_t b = a + 1; b < el.size(); ++b)
                              if (el[a].epoch == el[b].epoch)
                                return p.name(el[a].leader) + " and " + p.name(el[b].leader) +
                                       " were both leader of epoch " + std::to_string(el[a].epoch);
                          return {};
                        }}},
        .steps = {{"StorageEpochMonotonic", "the epochs of accepted writes never go backwards",
                   [](const SplitBrain&, const State& b, const State& a) -> Failure {
                     if (storage(a).last_epoch >= storage(b).last_epoch) return {};
                     return "s accepted a write of epoch " + std::to_string(storage(a).last_epoch) +
                            " after one of epoch " + std::to_string(storage(b).last_epoch);
                   }}},
        .goals = {{"LeaderElected", "some node becomes leader",
                   [](const SplitBrain&, const State& s) { return !s.ghost.elected.empty(); }},
                  {"StorageWritten", "the storage accepts a write",
                   [](const SplitBrain&, const State& s) { return s.ghost.newest.has_value(); }},
                  {"LaterLeaderWrote", "the storage accepts a write from a second leader",
                   [](const SplitBrain&, const State& s) {
                     return s.ghost.newest && s.ghost.newest->order >= 2;
                   }}},
    };
    if (lease)
      set.invariants.push_back({"OneActingLeader",
                                "at no true time do two nodes act (write) as leader",
                                [](const SplitBrain& p, const State& s) -> Failure {
                                  if (s.ghost.acted.size() <= 1) return {};
                                  return p.names_in_words(s.ghost.acted) +
                                         " acted as leader at true time " + std::to_string(s.now());
                                }});
    set.invariants.push_back(
        {"NoDeposedWrite",
         "no write from a deposed leader lands after its successor (a later epoch, or a later "
         "election of the same epoch) wrote",
         [](const SplitBrain& p, const State& s) -> Failure {
           const auto& late = s.ghost.late;
           if (!late) return {};
           return "s accepted a write from " + p.name(late->writer.leader) +
                  " as leader of epoch " + std::to_string(late->writer.epoch) +
                  " after a write from a later leadership: " + p.name(late->after.leader) +
                  " as leader of epoch " + std::to_string(late->after.epoch);
         }});
    return set;
  }
};

using SplitBrainModel = dist::ActorModel<SplitBrain>;

}  // namespace faultline::split_brain
