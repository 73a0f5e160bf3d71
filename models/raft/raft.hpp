// Raft (leader election, log replication, commitment) on the actor layer
// (src/dist/actor_model.hpp), with seeded bug variants: the state, the protocol, its trace
// text and properties, then the state's bytes.
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
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
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

inline std::string text(unsigned v) { return std::to_string(v); }

// The labels above.
inline void faultline_format(std::string& out, const Msg& m, const FormatContext&) {
  const std::string t = "(t=" + text(term_of(m));
  if (const auto* rv = std::get_if<RequestVote>(&m)) {
    out += "RequestVote" + t + ",last=" + text(rv->last_index) + "/" + text(rv->last_term) + ")";
  } else if (const auto* v = std::get_if<Vote>(&m)) {
    out += "Vote" + t + (v->granted ? ",granted)" : ",denied)");
  } else if (const auto* ae = std::get_if<AppendEntries>(&m)) {
    out += "AppendEntries" + t + ",prev=" + text(ae->prev_index) + "/" + text(ae->prev_term);
    if (ae->entry.term) out += ",e=" + text(ae->entry.term) + ":v" + text(ae->entry.value);
    out += ",c=" + text(ae->commit) + ")";
  } else if (const auto* ok = std::get_if<AppendOk>(&m)) {
    out += "AppendOk" + t + ",match=" + text(ok->match) + ")";
  } else {
    out += "AppendFail" + t + ",prev=" + text(std::get<AppendFail>(m).prev_index) + ")";
  }
}

// "[1:v1 2:v2]"
inline std::string format_log(const Log& log) {
  std::string out;
  for (const LogEntry& e : log)
    out += (out.empty() ? "" : " ") + text(e.term) + ":v" + text(e.value);
  return "[" + out + "]";
}
inline uint8_t last_term(const Log& log) { return log.empty() ? 0 : log.back().term; }
inline uint8_t size_of(const Log& log) { return static_cast<uint8_t>(log.size()); }

// Server j's entry in a leader's progress (renaming the servers may have reordered them).
template <class S>
auto& progress_of(S& sv, NodeId j) {
  for (auto& p : sv.progress)
    if (p.server == j) return p;
  throw ModelError("model error: no progress for server " + std::to_string(j));
}

struct Raft : dist::Protocol<Raft, Msg, Server, History> {
  using Nodes = InlineVector<Server, kMaxServers>;
  static constexpr bool symmetric = true;
  static constexpr unsigned kServers = 0;  // the one role
  unsigned servers = 3, commands = 1, max_term = 2, max_log = 2;
  dist::FaultBudget faults;
  dist::NetworkMode network = dist::NetworkMode::Multiset;
  Variant variant = Variant::Correct;
  bool recovery_goals = false;  // record the first Disruption and check the recovery goals

  unsigned majority() const { return servers / 2 + 1; }

  Config actor_config() const {
    const bool durable_terms = variant != Variant::VoteNotPersisted;
    return {
        .roles = {{.name = "s", .count = servers, .symmetric = true, .what = "servers"}},
        .network = network,
        .faults = faults,
        .unchanged = dist::UnchangedDelivery::Consume,
        .describe_node = describe_server,
        .describe_ghost = describe_history,
        .normalize = !durable_terms ? nullptr : +[](const Raft& p, State& s) {
          dist::erase_messages(
              s, [&](NodeId src, NodeId dst, const Msg& m) { return p.useless(s, src, dst, m); });
        },
        .on_crash = durable_terms ? nullptr : +[](const Raft&, Server& sv) {
          sv.term = 0;
          sv.voted_for.reset();
        },
        .on_fault = recovery_goals ? note_disruption : nullptr,
    };
  }

  Steps local_steps() const {
    return {
        {.name = "timeout",
         .enabled =
             [](const Raft& p, const Server& sv) {
               return sv.role != Role::leader && sv.term < p.max_term;
             },
         .run =
             [](const Raft& p, Actor& self, Server& sv) {
               ++sv.term;
               sv.voted_for = self.self();
               step_down(sv);
               sv.role = Role::candidate;
               sv.votes.insert(self.self());
               self.broadcast(kServers, RequestVote{sv.term, size_of(sv.log), last_term(sv.log)});
               if (sv.votes.size() >= p.majority()) p.become_leader(self, sv);
             },
         .detail = [](const Server& sv) { return "t=" + text(sv.term + 1); }},
        {.name = "client",
         .enabled =
             [](const Raft& p, const State& s, NodeId i) {
               return s.nodes[i].role == Role::leader && s.ghost.commands < p.commands &&
                      s.nodes[i].log.size() < p.max_log;
             },
         .run =
             [](const Raft& p, Actor& self, Server& sv) {
               sv.log.push_back({sv.term, ++self.ghost().commands});
               progress_of(sv, self.self()).match = size_of(sv.log);
               p.advance_commit(self, sv);  // a single server commits on its own
             },
         .detail = [](const Raft&, const State& s,
                      NodeId) { return "v" + text(s.ghost.commands + 1); }},
        {.name = "append",
         .peers = kServers,
         .enabled =
             [](const Raft& p, const State& s, NodeId i, NodeId j) {
               const Server& sv = s.nodes[i];
               if (sv.role != Role::leader) return false;
               const AppendEntries next = p.append_for(sv, j);
               // A message its receiver would discard on arrival is erased at once (normalize):
               // sending it would be a step that changes nothing.
               if (p.variant != Variant::VoteNotPersisted && p.useless(s, i, j, Msg(next)))
                 return false;
               for (const auto& e : s.net().entries()) {  // none outstanding, as said above
                 const Msg& m = e.env.msg.msg;
                 const auto* ae = std::get_if<AppendEntries>(&m);
                 if ((e.env.src == i && e.env.dst == j && ae && *ae == next) ||
                     (e.env.src == j && e.env.dst == i && term_of(m) == sv.term &&
                      (std::holds_alternative<AppendOk>(m) ||
                       std::holds_alternative<AppendFail>(m))))
                   return false;
               }
               return true;
             },
         .run = [](const Raft& p, Actor& self, Server& sv,
                   NodeId j) { self.send(j, p.append_for(sv, j)); },
         .detail = [](const Raft& p, const State& s, NodeId i,
                      NodeId j) { return reflect::formatted(Msg(p.append_for(s.nodes[i], j))); }},
    };
  }

  // The AppendEntries leader sv would send to server j now.
  AppendEntries append_for(const Server& sv, NodeId j) const {
    const uint8_t next = progress_of(sv, j).next;
    AppendEntries m{
        .term = sv.term, .prev_index = static_cast<uint8_t>(next - 1), .commit = sv.commit};
    if (m.prev_index) m.prev_term = sv.log[m.prev_index - 1].term;
    if (next <= sv.log.size()) m.entry = sv.log[next - 1];
    return m;
  }

  // Becomes a follower, keeping commitIndex.
  static void step_down(Server& sv) {
    sv.role = Role::follower;
    sv.votes = NodeSet();
    sv.progress.clear();
  }

  void become_leader(Actor& self, Server& sv) const {
    sv.role = Role::leader;
    sv.votes = NodeSet();
    const uint8_t size = size_of(sv.log);
    for (NodeId j = 0; j < servers; ++j)
      sv.progress.push_back(
          {j, static_cast<uint8_t>(size + 1), j == self.self() ? size : uint8_t{0}});
    self.ghost().leaders[sv.term].insert(self.self());
  }

  static void set_commit(Actor& self, Server& sv, uint8_t commit) {
    auto& committed = self.ghost().committed;
    for (auto k = static_cast<uint8_t>(sv.commit + 1); k <= commit; ++k) {
      Committed c{k, sv.log[k - 1].term, sv.log[k - 1].value, 0};
      auto it = std::lower_bound(committed.begin(), committed.end(), c);
      if (it != committed.end() &&
          std::tie(it->index, it->term, it->value) == std::tie(c.index, c.term, c.value)) {
        it->cterm = std::min(it->cterm, sv.term);
      } else {
        c.cterm = sv.term;
        committed.insert(it, c);
      }
    }
    sv.commit = std::max(sv.commit, commit);
  }

  void advance_commit(Actor& self, Server& sv) const {
    for (auto k = static_cast<uint8_t>(sv.log.size()); k > sv.commit; --k) {
      if (variant != Variant::CommitOldTermEntries && sv.log[k - 1].term != sv.term) continue;
      unsigned count = 0;
      for (const Progress& p : sv.progress) count += p.match >= k;
      if (count >= majority()) {
        set_commit(self, sv, k);
        return;
      }
    }
  }

  void on_message(Actor& self, Server& sv, NodeId from, const Msg& msg) const {
    const uint8_t term = term_of(msg);
    const auto* vote = std::get_if<Vote>(&msg);
    if (term < sv.term && !(vote && variant == Variant::CountStaleVotes)) return;
    if (term > sv.term) {
      sv.term = term;
      sv.voted_for.reset();
      step_down(sv);
    }
    if (const auto* rv = std::get_if<RequestVote>(&msg)) {
      const bool up_to_date = variant == Variant::NoLogUpToDateCheck ||  // last term, length
                              std::tie(rv->last_term, rv->last_index) >=
                                  std::make_tuple(last_term(sv.log), size_of(sv.log));
      const bool grant = up_to_date && (!sv.voted_for || *sv.voted_for == from);
      if (grant) sv.voted_for = from;
      self.send(from, Vote{sv.term, grant});
    } else if (vote) {
      if (sv.role != Role::candidate || !vote->granted) return;
      sv.votes.insert(from);
      if (sv.votes.size() >= majority()) become_leader(self, sv);
    } else if (const auto* ae = std::get_if<AppendEntries>(&msg)) {
      if (sv.role != Role::follower) step_down(sv);
      const uint8_t prev = ae->prev_index;
      if (prev != 0 && (prev > sv.log.size() || sv.log[prev - 1].term != ae->prev_term)) {
        self.send(from, AppendFail{sv.term, prev});
        return;
      }
      uint8_t match = prev;
      const bool truncate = variant == Variant::TruncateOnStaleAppend;
      if (ae->entry.term) {
        const bool have = sv.log.size() > prev && sv.log[prev].term == ae->entry.term;
        if (!have || truncate) {
          sv.log.resize(prev);
          sv.log.push_back(ae->entry);
        }
        match = static_cast<uint8_t>(prev + 1);
      } else if (truncate) {
        sv.log.resize(prev);
      }
      const uint8_t c = std::min(ae->commit, match);
      if (c > sv.commit && c <= sv.log.size()) set_commit(self, sv, c);
      self.send(from, AppendOk{sv.term, match});
    } else if (sv.role == Role::leader && term == sv.term) {
      Progress& pr = progress_of(sv, from);
      if (const auto* ok = std::get_if<AppendOk>(&msg)) {
        pr.match = std::max(pr.match, ok->match);
        pr.next = std::max(pr.next, static_cast<uint8_t>(ok->match + 1));
        advance_commit(self, sv);
      } else if (const uint8_t failed = std::get<AppendFail>(msg).prev_index;
                 pr.next == failed + 1 && failed > pr.match) {
        pr.next = failed;  // not a stale failure
      }
    }
  }

  bool useless(const State& s, NodeId src, NodeId dst, const Msg& m) const {
    const Server& r = s.nodes[dst];
    const uint8_t term = term_of(m);
    if (const auto* v = std::get_if<Vote>(&m)) {
      const bool no_count = !v->granted || r.role != Role::candidate || r.votes.contains(src);
      if (variant == Variant::CountStaleVotes)  // a later candidate counts stale grants
        return term <= r.term && (!v->granted || (no_count && r.term >= max_term));
      return term < r.term || (term == r.term && no_count);
    }
    if (term < r.term) return true;
    if (term > r.term || std::holds_alternative<RequestVote>(m) ||
        std::holds_alternative<AppendEntries>(m))
      return false;
    // An append response at or below matchIndex changes nothing, now or later (nextIndex stays
    // above matchIndex: failures at or below it are ignored).
    const auto* ok = std::get_if<AppendOk>(&m);
    return r.role != Role::leader ||
           (ok ? ok->match : std::get<AppendFail>(m).prev_index) <= progress_of(r, src).match;
  }

  // Records fault a, taken in `before`, as the run's first disruption if it is one: a crash of
  // the newest leader (of the highest term elected so far) or its partition into a minority,
  // or the crash of a follower while it is up.
  static void note_disruption(const Raft& p, const State& before, State& after,
                              const dist::Action& a) {
    if (after.ghost.disruption) return;
    uint8_t newest = 0;
    for (uint8_t t = 1; t <= kMaxTerm; ++t)
      if (!before.ghost.leaders[t].empty()) newest = t;
    auto newest_leader = [&](NodeId i) {
      const Server& sv = before.nodes[i];
      return newest > 0 && before.up(i) && sv.role == Role::leader && sv.term == newest;
    };
    std::optional<Disruption> d;
    const NodeSet cut(a.arg);  // of a partition: the side without s1
    for (NodeId i = 0; i < p.servers; ++i) {
      if (!newest_leader(i)) continue;
      if (a.kind == dist::ActionKind::Crash && (!d || i == a.node))
        d = Disruption{i == a.node ? DisruptionKind::leader_crash : DisruptionKind::follower_crash,
                       a.node};
      if (a.kind == dist::ActionKind::Partition &&
          (cut.contains(i) ? cut.size() : p.servers - cut.size()) < p.majority())
        d = Disruption{DisruptionKind::leader_partitioned, i};
    }
    if (!d) return;
    d->term = before.nodes[d->server].term;
    d->committed_before = static_cast<uint8_t>(before.ghost.committed.size());
    after.ghost.disruption = d;
  }

  // "leader next=1,2 match=1,1, term 1, voted s1, log [1:v1], commit 1"
  static std::string describe_server(const Raft& p, NodeId, const Server& sv) {
    std::string d = reflect::formatted(sv.role);
    if (sv.role == Role::candidate) d += " votes=" + p.names(sv.votes);
    if (sv.role == Role::leader) {
      std::string next, match;
      for (NodeId j = 0; j < sv.progress.size(); ++j) {
        next += (j ? "," : "") + text(progress_of(sv, j).next);
        match += (j ? "," : "") + text(progress_of(sv, j).match);
      }
      d += " next=" + next + " match=" + match;
    }
    return d + ", term " + text(sv.term) + ", voted " +
           (sv.voted_for ? p.name(*sv.voted_for) : std::string("none")) + ", log " +
           format_log(sv.log) + ", commit " + text(sv.commit);
  }
  // The ghost's fields "elected", "committed", "commands issued" (and "disruption").
  static void describe_history(const Raft& p, const State& s, FieldWriter& w) {
    const History& h = s.ghost;
    std::string elected, committed;
    for (uint8_t t = 0; t <= kMaxTerm; ++t)
      h.leaders[t].for_each(
          [&](NodeId i) { elected += (elected.empty() ? "" : ", ") + p.name(i) + "@t" + text(t); });
    for (const Committed& c : h.committed)
      committed += (committed.empty() ? "" : ", ") + text(c.index) + "=" + text(c.term) + ":v" +
                   text(c.value) + " (in t" + text(c.cterm) + ")";
    w.field("elected", elected.empty() ? "none" : elected);
    w.field("committed", committed.empty() ? "none" : committed);
    w.field("commands issued", h.commands);
    if (!p.recovery_goals) return;
    std::string d = "none yet";
    if (const auto& x = h.disruption) {
      const std::string who = p.name(x->server) + " (term " + text(x->term) + ", " +
                              text(x->committed_before) + " committed before)";
      d = (x->kind == DisruptionKind::follower_crash ? "follower " : "leader ") + who +
          (x->kind == DisruptionKind::leader_partitioned ? " partitioned into a minority"
                                                         : " crashed");
    }
    w.field("disruption", d);
  }

  // CommitIndexMonotonic: commitIndex is volatile, so a crash resets it to 0. The property: a
  // server up before and after a step never lowers its commitIndex (crashes and restarts are
  // exempt; term changes and step-downs are not). CurrentTermMonotonic covers crashes too:
  // currentTerm is durable, so in vote-not-persisted it fails on the crash step, before any
  // ElectionSafety violation (tests/models/raft_test.cpp pins the latter without it).
  Properties properties() const {
    Properties out = {
        .invariants =
            {{"ElectionSafety", "at most one leader is elected in a term (over the whole history)",
              [](const Raft& p, const State& s) -> Failure {
                for (uint8_t t = 0; t <= kMaxTerm; ++t) {
                  const uint32_t leaders = s.ghost.leaders[t].bits(),
                                 others = leaders & (leaders - 1);
                  if (others != 0)
                    return p.name(std::countr_zero(leaders)) + " and " +
                           p.name(std::countr_zero(others)) + " were both elected leader of term " +
                           text(t);
                }
                return {};
              }},
             {"LogMatching",
              "if two logs have an entry with the same index and term, they are identical up to it",
              [](const Raft& p, const State& s) -> Failure {
                for (NodeId i = 0; i < s.nodes.size(); ++i)
                  for (NodeId j = i + 1; j < s.nodes.size(); ++j) {
                    const Log &a = s.nodes[i].log, &b = s.nodes[j].log;
                    for (size_t k = std::min(a.size(), b.size()); k > 0; --k)
                      if (a[k - 1].term == b[k - 1].term &&
                          !std::equal(a.begin(), a.begin() + k, b.begin()))
                        return p.name(i) + " has log " + format_log(a) + " and " + p.name(j) +
                               " has " + format_log(b) + ": same term at index " + text(k) +
                               " but different prefixes";
                  }
                return {};
              }},
             {"LeaderCompleteness",
              "an entry committed in term T is in the log of every leader of a term above T",
              [](const Raft& p, const State& s) -> Failure {
                for (NodeId i = 0; i < s.nodes.size(); ++i) {
                  const Server& sv = s.nodes[i];
                  if (sv.role != Role::leader) continue;
                  for (const Committed& c : s.ghost.committed)
                    if (c.cterm < sv.term && !holds_entry(sv.log, c))
                      return entry_name(c) + " was committed in term " + text(c.cterm) + " but " +
                             p.name(i) + ", leader of term " + text(sv.term) + ", has log " +
                             format_log(sv.log);
                }
                return {};
              }},
             {"StateMachineSafety",
              "no two servers ever commit different entries at the same index",
              [](const Raft&, const State& s) -> Failure {
                const auto& c = s.ghost.committed;
                for (size_t k = 1; k < c.size(); ++k)
                  if (c[k].index == c[k - 1].index)
                    return entry_name(c[k - 1]) + " and " + entry_name(c[k]) +
                           " were both committed";
                return {};
              }}},
        .steps = {{"LeaderAppendOnly",
                   "while a server stays leader in the same term, its log only grows (never "
                   "overwritten)",
                   [](const Raft& p, const State& before, const State& after) -> Failure {
                     for (NodeId i = 0; i < before.nodes.size(); ++i) {
                       const Server &x = before.nodes[i], &y = after.nodes[i];
                       if (x.role == Role::leader && y.role == Role::leader && x.term == y.term &&
                           (x.log.size() > y.log.size() ||
                            !std::equal(x.log.begin(), x.log.end(), y.log.begin())))
                         return p.name(i) + " (leader) had log " + format_log(x.log) +
                                " and now has " + format_log(y.log);
                     }
                     return {};
                   }},
                  {"CurrentTermMonotonic",
                   "a server's currentTerm never decreases (it is persistent)",
                   [](const Raft& p, const State& before, const State& after) -> Failure {
                     for (NodeId i = 0; i < before.nodes.size(); ++i)
                       if (after.nodes[i].term < before.nodes[i].term)
                         return p.name(i) + " was in term " + text(before.nodes[i].term) +
                                " and is now in term " + text(after.nodes[i].term);
                     return {};
                   }},
                  {"CommitIndexMonotonic",
                   "a server up before and after a step never lowers its commitIndex (crash "
                   "resets it)",
                   [](const Raft& p, const State& before, const State& after) -> Failure {
                     for (NodeId i = 0; i < before.nodes.size(); ++i)
                       if (after.nodes[i].commit < before.nodes[i].commit && before.up(i) &&
                           after.up(i))
                         return p.name(i) + " lowered its commitIndex from " +
                                text(before.nodes[i].commit) + " to " + text(after.nodes[i].commit);
                     return {};
                   }}},
        .goals = {{"LeaderElected", "some server becomes leader",
                   [](const Raft&, const State& s) { return election_terms(s) > 0; }},
                  {"EntryCommitted", "some entry is committed",
                   [](const Raft&, const State& s) { return !s.ghost.committed.empty(); }},
                  {"SecondLeaderElected", "a leader is elected in a later term than another",
                   [](const Raft&, const State& s) { return election_terms(s) > 1; }}}};
    if (!recovery_goals) return out;
    out.goals.push_back(
        {"LeaderCrashRecovered",
         "the newest leader crashed, another server was elected in a later term and committed "
         "an entry, and the crashed server restarted and holds every committed entry",
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
         "in a later term and committed an entry, the partition healed and the old leader "
         "holds every committed entry",
         [](const Raft&, const State& s) {
           const Disruption* d = disrupted(s, DisruptionKind::leader_partitioned);
           return d && !s.cluster().partitioned() && committed_by_successor(s, *d) &&
                  caught_up(s, d->server);
         }});
    return out;
  }

  static std::string entry_name(const Committed& c) {
    return "entry " + text(c.index) + "=" + text(c.term) + ":v" + text(c.value);
  }
  static bool holds_entry(const Log& log, const Committed& c) {
    return log.size() >= c.index && log[c.index - 1] == LogEntry{c.term, c.value};
  }
  // The terms in which some leader was elected.
  static unsigned election_terms(const State& s) {
    unsigned n = 0;
    for (NodeSet l : s.ghost.leaders) n += !l.empty();
    return n;
  }
  // Whether server i is up and its log holds every committed entry.
  static bool caught_up(const State& s, NodeId i) {
    return s.up(i) &&
           std::all_of(s.ghost.committed.begin(), s.ghost.committed.end(),
                       [&](const Committed& c) { return holds_entry(s.nodes[i].log, c); });
  }
  // Whether an entry was first committed in a term after the disruption's, by a leader other
  // than the disrupted server (the commit term's leader is unique where ElectionSafety holds).
  static bool committed_by_successor(const State& s, const Disruption& d) {
    return std::any_of(s.ghost.committed.begin(), s.ghost.committed.end(), [&](const Committed& c) {
      return c.cterm > d.term && !s.ghost.leaders[c.cterm].minus(NodeSet(1u << d.server)).empty();
    });
  }
  // The run's first disruption, if it is of this kind.
  static const Disruption* disrupted(const State& s, DisruptionKind kind) {
    const auto& d = s.ghost.disruption;
    return d && d->kind == kind ? &*d : nullptr;
  }
};

using RaftModel = dist::ActorModel<Raft>;

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
