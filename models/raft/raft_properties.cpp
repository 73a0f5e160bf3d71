// Raft properties: invariants ElectionSafety, LogMatching, LeaderCompleteness,
// StateMachineSafety; step properties LeaderAppendOnly, CurrentTermMonotonic,
// CommitIndexMonotonic; goals LeaderElected, EntryCommitted, SecondLeaderElected, and with
// recovery_goals LeaderCrashRecovered, FollowerCrashRecovered, PartitionRecovered.
//
// CommitIndexMonotonic: commitIndex is volatile, so a crash resets it to 0 (the crash step
// takes the server down). The property is: a server that is up before and after a step never
// lowers its commitIndex. Crash steps (up -> down) and restarts (down -> up, commit already 0)
// are exempt; everything else, including term changes and step-downs, is not.
// CurrentTermMonotonic covers crashes too: currentTerm is persistent, so in variant
// vote-not-persisted it fails on the crash step, before any ElectionSafety violation
// (tests/models/raft_test.cpp pins the latter with step properties left out).
#include <algorithm>
#include <string>

#include "models/raft/raft.hpp"

namespace faultline::raft {

std::string format_log(const Log& log) {
  std::string out = "[";
  for (size_t k = 0; k < log.size(); ++k) {
    if (k) out += ' ';
    out += std::to_string(log[k].term) + ":v" + std::to_string(log[k].value);
  }
  return out + "]";
}

namespace {

bool is_prefix(const Log& a, const Log& b) {
  return a.size() <= b.size() && std::equal(a.begin(), a.end(), b.begin());
}

std::string entry_name(const Committed& c) {
  return "entry " + std::to_string(c.index) + "=" + std::to_string(c.term) + ":v" +
         std::to_string(c.value);
}

// The first (leader, committed entry) pair violating LeaderCompleteness, if any.
std::string completeness_gap(const RaftState& s, const dist::NodeNames& names) {
  for (size_t i = 0; i < s.servers.size(); ++i) {
    const Server& sv = s.servers[i];
    if (sv.vol.role != Role::Leader) continue;
    for (const auto& c : s.committed) {
      if (c.cterm >= sv.persistent.term) continue;
      const auto& log = sv.persistent.log;
      if (log.size() < c.index || log[c.index - 1] != LogEntry{c.term, c.value})
        return entry_name(c) + " was committed in term " + std::to_string(c.cterm) + " but " +
               names[i] + ", leader of term " + std::to_string(sv.persistent.term) + ", has log " +
               format_log(log);
    }
  }
  return {};
}

std::string log_mismatch(const RaftState& s, const dist::NodeNames& names) {
  for (size_t i = 0; i < s.servers.size(); ++i)
    for (size_t j = i + 1; j < s.servers.size(); ++j) {
      const auto& a = s.servers[i].persistent.log;
      const auto& b = s.servers[j].persistent.log;
      const size_t n = std::min(a.size(), b.size());
      for (size_t k = n; k > 0; --k)
        if (a[k - 1].term == b[k - 1].term &&
            !std::equal(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(k), b.begin()))
          return names[i] + " has log " + format_log(a) + " and " + names[j] + " has " +
                 format_log(b) + ": same term at index " + std::to_string(k) +
                 " but different prefixes";
    }
  return {};
}

// Whether server i is up and its log holds every committed entry.
bool caught_up(const RaftState& s, unsigned i) {
  if (!s.env.up(static_cast<dist::NodeId>(i))) return false;
  const auto& log = s.servers[i].persistent.log;
  for (const auto& c : s.committed)
    if (log.size() < c.index || log[c.index - 1] != LogEntry{c.term, c.value}) return false;
  return true;
}

// Whether an entry was first committed in a term after the disruption's, by a leader other
// than the disrupted server (the commit term's leader is unique where ElectionSafety holds).
bool committed_by_successor(const RaftState& s, const Disruption& d) {
  for (const auto& c : s.committed)
    if (c.cterm > d.term)
      for (const auto& e : s.elected)
        if (e.term == c.cterm && e.leader != d.server) return true;
  return false;
}

void add_recovery_goals(PropertySet<RaftState>& set) {
  set.goals.push_back(
      {"LeaderCrashRecovered",
       "the newest leader crashed, another server was elected in a later term and committed an "
       "entry, and the crashed server restarted and holds every committed entry",
       [](const RaftState& s) {
         const Disruption& d = s.disruption;
         return d.kind == Disruption::LeaderCrash && committed_by_successor(s, d) &&
                caught_up(s, d.server);
       }});
  set.goals.push_back(
      {"FollowerCrashRecovered",
       "a follower crashed while the newest leader was up, an entry was committed after the "
       "crash, and the follower restarted and holds every committed entry",
       [](const RaftState& s) {
         const Disruption& d = s.disruption;
         return d.kind == Disruption::FollowerCrash && s.committed.size() > d.committed_before &&
                caught_up(s, d.server);
       }});
  set.goals.push_back(
      {"PartitionRecovered",
       "a partition left the newest leader on the minority side, another server was elected "
       "in a later term and committed an entry, the partition healed and the old leader holds "
       "every committed entry",
       [](const RaftState& s) {
         const Disruption& d = s.disruption;
         return d.kind == Disruption::LeaderPartitioned && !s.env.partitioned() &&
                committed_by_successor(s, d) && caught_up(s, d.server);
       }});
}

}  // namespace

PropertySet<RaftState> raft_properties(const dist::NodeNames& names, bool recovery_goals) {
  PropertySet<RaftState> set;
  set.invariants.push_back(
      {"ElectionSafety", "at most one leader is elected in a term (over the whole history)",
       [](const RaftState& s) {
         for (size_t k = 1; k < s.elected.size(); ++k)
           if (s.elected[k].term == s.elected[k - 1].term) return false;
         return true;
       },
       [names](const RaftState& s) {
         for (size_t k = 1; k < s.elected.size(); ++k)
           if (s.elected[k].term == s.elected[k - 1].term)
             return names[s.elected[k - 1].leader] + " and " + names[s.elected[k].leader] +
                    " were both elected leader of term " + std::to_string(s.elected[k].term);
         return std::string("one leader per term");
       }});
  set.invariants.push_back(
      {"LogMatching",
       "if two logs have an entry with the same index and term, they are identical up to it",
       [names](const RaftState& s) { return log_mismatch(s, names).empty(); },
       [names](const RaftState& s) { return log_mismatch(s, names); }});
  set.invariants.push_back(
      {"LeaderCompleteness",
       "an entry committed in term T is in the log of every leader of a term above T",
       [names](const RaftState& s) { return completeness_gap(s, names).empty(); },
       [names](const RaftState& s) { return completeness_gap(s, names); }});
  set.invariants.push_back({"StateMachineSafety",
                            "no two servers ever commit different entries at the same index",
                            [](const RaftState& s) {
                              for (size_t k = 1; k < s.committed.size(); ++k)
                                if (s.committed[k].index == s.committed[k - 1].index) return false;
                              return true;
                            },
                            [](const RaftState& s) {
                              for (size_t k = 1; k < s.committed.size(); ++k)
                                if (s.committed[k].index == s.committed[k - 1].index)
                                  return entry_name(s.committed[k - 1]) + " and " +
                                         entry_name(s.committed[k]) + " were both committed";
                              return std::string("one entry per index");
                            }});
  set.steps.push_back(
      {"LeaderAppendOnly",
       "while a server stays leader in the same term, its log only grows (never overwritten)",
       [](const RaftState& b, const RaftState& a) {
         for (size_t i = 0; i < b.servers.size(); ++i) {
           const Server &x = b.servers[i], &y = a.servers[i];
           if (x.vol.role == Role::Leader && y.vol.role == Role::Leader &&
               x.persistent.term == y.persistent.term &&
               !is_prefix(x.persistent.log, y.persistent.log))
             return false;
         }
         return true;
       },
       [names](const RaftState& b, const RaftState& a) {
         for (size_t i = 0; i < b.servers.size(); ++i) {
           const Server &x = b.servers[i], &y = a.servers[i];
           if (x.vol.role == Role::Leader && y.vol.role == Role::Leader &&
               x.persistent.term == y.persistent.term &&
               !is_prefix(x.persistent.log, y.persistent.log))
             return names[i] + " (leader) had log " + format_log(x.persistent.log) +
                    " and now has " + format_log(y.persistent.log);
         }
         return std::string("leader logs only grew");
       }});
  set.steps.push_back(
      {"CurrentTermMonotonic", "a server's currentTerm never decreases (it is persistent)",
       [](const RaftState& b, const RaftState& a) {
         for (size_t i = 0; i < b.servers.size(); ++i)
           if (a.servers[i].persistent.term < b.servers[i].persistent.term) return false;
         return true;
       },
       [names](const RaftState& b, const RaftState& a) {
         for (size_t i = 0; i < b.servers.size(); ++i)
           if (a.servers[i].persistent.term < b.servers[i].persistent.term)
             return names[i] + " was in term " + std::to_string(b.servers[i].persistent.term) +
                    " and is now in term " + std::to_string(a.servers[i].persistent.term);
         return std::string("no term decreased");
       }});
  set.steps.push_back(
      {"CommitIndexMonotonic",
       "a server up before and after a step never lowers its commitIndex (crash resets it)",
       [](const RaftState& b, const RaftState& a) {
         for (size_t i = 0; i < b.servers.size(); ++i) {
           const auto n = static_cast<dist::NodeId>(i);
           if (b.env.up(n) && a.env.up(n) && a.servers[i].vol.commit < b.servers[i].vol.commit)
             return false;
         }
         return true;
       },
       [names](const RaftState& b, const RaftState& a) {
         for (size_t i = 0; i < b.servers.size(); ++i) {
           const auto n = static_cast<dist::NodeId>(i);
           if (b.env.up(n) && a.env.up(n) && a.servers[i].vol.commit < b.servers[i].vol.commit)
             return names[i] + " lowered its commitIndex from " +
                    std::to_string(b.servers[i].vol.commit) + " to " +
                    std::to_string(a.servers[i].vol.commit);
         }
         return std::string("no commitIndex decreased");
       }});
  set.goals.push_back({"LeaderElected", "some server becomes leader",
                       [](const RaftState& s) { return !s.elected.empty(); }});
  set.goals.push_back({"EntryCommitted", "some entry is committed",
                       [](const RaftState& s) { return !s.committed.empty(); }});
  set.goals.push_back({"SecondLeaderElected", "a leader is elected in a later term than another",
                       [](const RaftState& s) {
                         return !s.elected.empty() &&
                                s.elected.back().term > s.elected.front().term;
                       }});
  if (recovery_goals) add_recovery_goals(set);
  return set;
}

}  // namespace faultline::raft
