// Raft properties, one function each (it returns why the property fails): invariants
// ElectionSafety, LogMatching, LeaderCompleteness, StateMachineSafety; step properties
// LeaderAppendOnly, CurrentTermMonotonic, CommitIndexMonotonic; goals LeaderElected,
// EntryCommitted, SecondLeaderElected, and with recovery_goals LeaderCrashRecovered,
// FollowerCrashRecovered, PartitionRecovered.
//
// CommitIndexMonotonic: commitIndex is volatile, so a crash resets it to 0. The property: a
// server up before and after a step never lowers its commitIndex (crashes and restarts are
// exempt; term changes and step-downs are not). CurrentTermMonotonic covers crashes too:
// currentTerm is durable, so in vote-not-persisted it fails on the crash step, before any
// ElectionSafety violation (tests/models/raft_test.cpp pins the latter without it).
#include <algorithm>
#include <bit>
#include <string>

#include "models/raft/raft.hpp"

namespace faultline::raft {

namespace {

using Failure = std::optional<std::string>;
using State = RaftState;

std::string entry_name(const Committed& c) {
  return "entry " + text(c.index) + "=" + text(c.term) + ":v" + text(c.value);
}

bool holds_entry(const Log& log, const Committed& c) {
  return log.size() >= c.index && log[c.index - 1] == LogEntry{c.term, c.value};
}

Failure election_safety(const Raft& p, const State& s) {
  for (uint8_t t = 0; t <= kMaxTerm; ++t) {
    const uint32_t leaders = s.ghost.leaders[t].bits(), others = leaders & (leaders - 1);
    if (others != 0)
      return p.names()[std::countr_zero(leaders)] + " and " + p.names()[std::countr_zero(others)] +
             " were both elected leader of term " + text(t);
  }
  return std::nullopt;
}

Failure log_matching(const Raft& p, const State& s) {
  for (NodeId i = 0; i < s.nodes.size(); ++i)
    for (NodeId j = i + 1; j < s.nodes.size(); ++j) {
      const Log &a = s.nodes[i].log, &b = s.nodes[j].log;
      for (size_t k = std::min(a.size(), b.size()); k > 0; --k)
        if (a[k - 1].term == b[k - 1].term && !std::equal(a.begin(), a.begin() + k, b.begin()))
          return p.names()[i] + " has log " + format_log(a) + " and " + p.names()[j] + " has " +
                 format_log(b) + ": same term at index " + text(k) + " but different prefixes";
    }
  return std::nullopt;
}

Failure leader_completeness(const Raft& p, const State& s) {
  for (NodeId i = 0; i < s.nodes.size(); ++i) {
    const Server& sv = s.nodes[i];
    if (sv.role != Role::leader) continue;
    for (const Committed& c : s.ghost.committed)
      if (c.cterm < sv.term && !holds_entry(sv.log, c))
        return entry_name(c) + " was committed in term " + text(c.cterm) + " but " +
               p.names()[i] + ", leader of term " + text(sv.term) + ", has log " +
               format_log(sv.log);
  }
  return std::nullopt;
}

Failure state_machine_safety(const Raft&, const State& s) {
  const auto& c = s.ghost.committed;
  for (size_t k = 1; k < c.size(); ++k)
    if (c[k].index == c[k - 1].index)
      return entry_name(c[k - 1]) + " and " + entry_name(c[k]) + " were both committed";
  return std::nullopt;
}

Failure leader_append_only(const Raft& p, const State& before, const State& after) {
  for (NodeId i = 0; i < before.nodes.size(); ++i) {
    const Server &x = before.nodes[i], &y = after.nodes[i];
    if (x.role == Role::leader && y.role == Role::leader && x.term == y.term &&
        (x.log.size() > y.log.size() || !std::equal(x.log.begin(), x.log.end(), y.log.begin())))
      return p.names()[i] + " (leader) had log " + format_log(x.log) + " and now has " +
             format_log(y.log);
  }
  return std::nullopt;
}

Failure current_term_monotonic(const Raft& p, const State& before, const State& after) {
  for (NodeId i = 0; i < before.nodes.size(); ++i)
    if (after.nodes[i].term < before.nodes[i].term)
      return p.names()[i] + " was in term " + text(before.nodes[i].term) +
             " and is now in term " + text(after.nodes[i].term);
  return std::nullopt;
}

Failure commit_index_monotonic(const Raft& p, const State& before, const State& after) {
  for (NodeId i = 0; i < before.nodes.size(); ++i)
    if (after.nodes[i].commit < before.nodes[i].commit && before.up(i) && after.up(i))
      return p.names()[i] + " lowered its commitIndex from " + text(before.nodes[i].commit) +
             " to " + text(after.nodes[i].commit);
  return std::nullopt;
}

// The terms in which some leader was elected.
unsigned election_terms(const State& s) {
  unsigned n = 0;
  for (NodeSet l : s.ghost.leaders) n += !l.empty();
  return n;
}

// Whether server i is up and its log holds every committed entry.
bool caught_up(const State& s, NodeId i) {
  return s.up(i) && std::all_of(s.ghost.committed.begin(), s.ghost.committed.end(),
                                [&](const Committed& c) { return holds_entry(s.nodes[i].log, c); });
}

// Whether an entry was first committed in a term after the disruption's, by a leader other
// than the disrupted server (the commit term's leader is unique where ElectionSafety holds).
bool committed_by_successor(const State& s, const Disruption& d) {
  return std::any_of(s.ghost.committed.begin(), s.ghost.committed.end(), [&](const Committed& c) {
    return c.cterm > d.term && !s.ghost.leaders[c.cterm].minus(NodeSet(1u << d.server)).empty();
  });
}

// The run's first disruption, if it is of this kind.
const Disruption* disrupted(const State& s, DisruptionKind kind) {
  const auto& d = s.ghost.disruption;
  return d && d->kind == kind ? &*d : nullptr;
}

}  // namespace

dist::ActorProperties<Raft> Raft::properties() const {
  dist::ActorProperties<Raft> out = {
      .invariants =
          {{"ElectionSafety", "at most one leader is elected in a term (over the whole history)",
            election_safety},
           {"LogMatching",
            "if two logs have an entry with the same index and term, they are identical up to it",
            log_matching},
           {"LeaderCompleteness",
            "an entry committed in term T is in the log of every leader of a term above T",
            leader_completeness},
           {"StateMachineSafety", "no two servers ever commit different entries at the same index",
            state_machine_safety}},
      .steps = {{"LeaderAppendOnly",
                 "while a server stays leader in the same term, its log only grows (never "
                 "overwritten)",
                 leader_append_only},
                {"CurrentTermMonotonic",
                 "a server's currentTerm never decreases (it is persistent)",
                 current_term_monotonic},
                {"CommitIndexMonotonic",
                 "a server up before and after a step never lowers its commitIndex (crash resets "
                 "it)",
                 commit_index_monotonic}},
      .goals = {{"LeaderElected", "some server becomes leader",
                 [](const Raft&, const State& s) { return election_terms(s) > 0; }},
                {"EntryCommitted", "some entry is committed",
                 [](const Raft&, const State& s) { return !s.ghost.committed.empty(); }},
                {"SecondLeaderElected", "a leader is elected in a later term than another",
                 [](const Raft&, const State& s) { return election_terms(s) > 1; }}}};
  if (!config_.recovery_goals) return out;
  out.goals.push_back(
      {"LeaderCrashRecovered",
       "the newest leader crashed, another server was elected in a later term and committed an "
       "entry, and the crashed server restarted and holds every committed entry",
       [](const Raft&, const State& s) {
         const Disruption* d = disrupted(s, DisruptionKind::leader_crash);
         return d && committed_by_successor(s, *d) && caught_up(s, d->server);
       }});
  out.goals.push_back(
      {"FollowerCrashRecovered",
       "a follower crashed while the newest leader was up, an entry was committed after the "
       "crash, and the follower restarted and holds every committed entry",
       [](const Raft&, const State& s) {
         const Disruption* d = disrupted(s, DisruptionKind::follower_crash);
         return d && s.ghost.committed.size() > d->committed_before && caught_up(s, d->server);
       }});
  out.goals.push_back(
      {"PartitionRecovered",
       "a partition left the newest leader on the minority side, another server was elected "
       "in a later term and committed an entry, the partition healed and the old leader holds "
       "every committed entry",
       [](const Raft&, const State& s) {
         const Disruption* d = disrupted(s, DisruptionKind::leader_partitioned);
         return d && !s.cluster().partitioned() && committed_by_successor(s, *d) &&
                caught_up(s, d->server);
       }});
  return out;
}

}  // namespace faultline::raft
