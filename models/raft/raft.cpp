// Raft handlers: the timeout, client and append steps, message handling and commitment, and
// the hooks the actor layer calls (messages that can no longer matter, the vote lost in
// vote-not-persisted, the first disruption). The protocol is documented in raft.hpp.
#include "models/raft/raft.hpp"

#include <algorithm>
#include <tuple>

namespace faultline::raft {

using State = Raft::State;
using Actor = Raft::Actor;

namespace {

uint8_t last_term(const Log& log) { return log.empty() ? 0 : log.back().term; }
uint8_t size_of(const Log& log) { return static_cast<uint8_t>(log.size()); }

// Becomes a follower, keeping commitIndex.
void step_down(Server& sv) {
  sv.role = Role::follower;
  sv.votes = NodeSet();
  sv.progress.clear();
}

// Records fault a, taken in `before`, as the run's first disruption if it is one: a crash of
// the newest leader (of the highest term elected so far) or its partition into a minority, or
// the crash of a follower while it is up.
void note_disruption(const Raft& p, const State& before, State& after, const dist::Action& a) {
  if (after.ghost.disruption) return;
  uint8_t newest = 0;
  for (uint8_t t = 1; t <= kMaxTerm; ++t)
    if (!before.ghost.leaders[t].empty()) newest = t;
  auto newest_leader = [&](NodeId i) {
    const Server& sv = before.nodes[i];
    return newest > 0 && before.up(i) && sv.role == Role::leader && sv.term == newest;
  };
  std::optional<Disruption> d;
  const unsigned n = p.config().servers;
  const NodeSet cut(a.arg);  // of a partition: the side without s1
  for (NodeId i = 0; i < n; ++i) {
    if (!newest_leader(i)) continue;
    if (a.kind == dist::ActionKind::Crash && (!d || i == a.node))
      d = Disruption{i == a.node ? DisruptionKind::leader_crash : DisruptionKind::follower_crash,
                     a.node};
    if (a.kind == dist::ActionKind::Partition &&
        (cut.contains(i) ? cut.size() : n - cut.size()) < p.majority())
      d = Disruption{DisruptionKind::leader_partitioned, i};
  }
  if (!d) return;
  d->term = before.nodes[d->server].term;
  d->committed_before = static_cast<uint8_t>(before.ghost.committed.size());
  after.ghost.disruption = d;
}

}  // namespace

Raft::Raft(RaftConfig config)
    : config_(config), names_(dist::make_node_names({{"s", config.servers}})) {}

dist::ActorConfig<Raft> Raft::actor_config() const {
  const bool durable_terms = config_.variant != Variant::VoteNotPersisted;
  return {
      .roles = {{.name = "s", .count = config_.servers, .symmetric = true, .what = "servers"}},
      .network = config_.network,
      .faults = config_.faults,
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
      .on_fault = config_.recovery_goals ? note_disruption : nullptr,
  };
}

std::vector<dist::LocalStep<Raft>> Raft::local_steps() const {
  using S = const State&;
  return {
      {.name = "timeout",
       .role = kServers,
       .enabled = [](const Raft& p, S s, NodeId i) {
         return s.nodes[i].role != Role::leader && s.nodes[i].term < p.config_.max_term;
       },
       .run = [](const Raft& p, Actor& self, Server& sv) {
         ++sv.term;
         sv.voted_for = self.self();
         step_down(sv);
         sv.role = Role::candidate;
         sv.votes.insert(self.self());
         self.broadcast(kServers, RequestVote{sv.term, size_of(sv.log), last_term(sv.log)});
         if (sv.votes.size() >= p.majority()) p.become_leader(self, sv);
       },
       .detail = [](const Raft&, S s, NodeId i) {
         return "t=" + std::to_string(s.nodes[i].term + 1);
       }},
      {.name = "client",
       .role = kServers,
       .enabled = [](const Raft& p, S s, NodeId i) {
         return s.nodes[i].role == Role::leader && s.ghost.commands < p.config_.commands &&
                s.nodes[i].log.size() < p.config_.max_log;
       },
       .run = [](const Raft& p, Actor& self, Server& sv) {
         sv.log.push_back({sv.term, ++self.ghost().commands});
         progress_of(sv, self.self()).match = size_of(sv.log);
         p.advance_commit(self, sv);  // a single server commits on its own
       },
       .detail = [](const Raft&, S s, NodeId) {
         return "v" + std::to_string(s.ghost.commands + 1);
       }},
      {.name = "append",
       .role = kServers,
       .peers = kServers,
       .enabled = [](const Raft& p, S s, NodeId i, NodeId j) {
         const Server& sv = s.nodes[i];
         if (sv.role != Role::leader) return false;
         const AppendEntries next = p.append_for(sv, j);
         // A message its receiver would discard on arrival is erased at once (normalize):
         // sending it would be a step that changes nothing.
         if (p.config().variant != Variant::VoteNotPersisted && p.useless(s, i, j, Msg(next)))
           return false;
         for (const auto& e : s.net().entries()) {  // none outstanding, as raft.hpp says
           const Msg& m = e.env.msg.msg;
           const auto* ae = std::get_if<AppendEntries>(&m);
           if ((e.env.src == i && e.env.dst == j && ae && *ae == next) ||
               (e.env.src == j && e.env.dst == i && term_of(m) == sv.term &&
                (std::holds_alternative<AppendOk>(m) || std::holds_alternative<AppendFail>(m))))
             return false;
         }
         return true;
       },
       .run = [](const Raft& p, Actor& self, Server& sv,
                 NodeId j) { self.send(j, p.append_for(sv, j)); },
       .detail = [](const Raft& p, S s, NodeId i, NodeId j) {
         return reflect::formatted(Msg(p.append_for(s.nodes[i], j)));
       }},
  };
}

AppendEntries Raft::append_for(const Server& sv, NodeId j) const {
  const uint8_t next = progress_of(sv, j).next;
  AppendEntries m{
      .term = sv.term, .prev_index = static_cast<uint8_t>(next - 1), .commit = sv.commit};
  if (m.prev_index) m.prev_term = sv.log[m.prev_index - 1].term;
  if (next <= sv.log.size()) m.entry = sv.log[next - 1];
  return m;
}

void Raft::become_leader(Actor& self, Server& sv) const {
  sv.role = Role::leader;
  sv.votes = NodeSet();
  const uint8_t size = size_of(sv.log);
  for (NodeId j = 0; j < config_.servers; ++j)
    sv.progress.push_back(
        {j, static_cast<uint8_t>(size + 1), j == self.self() ? size : uint8_t{0}});
  self.ghost().leaders[sv.term].insert(self.self());
}

void Raft::set_commit(Actor& self, Server& sv, uint8_t commit) const {
  auto& committed = self.ghost().committed;
  for (auto k = static_cast<uint8_t>(sv.commit + 1); k <= commit; ++k) {
    Committed c{k, sv.log[k - 1].term, sv.log[k - 1].value, 0};
    auto it = std::lower_bound(committed.begin(), committed.end(), c);
    if (it != committed.end() && std::tie(it->index, it->term, it->value) ==
                                     std::tie(c.index, c.term, c.value)) {
      it->cterm = std::min(it->cterm, sv.term);
    } else {
      c.cterm = sv.term;
      committed.insert(it, c);
    }
  }
  sv.commit = std::max(sv.commit, commit);
}

void Raft::advance_commit(Actor& self, Server& sv) const {
  for (auto k = static_cast<uint8_t>(sv.log.size()); k > sv.commit; --k) {
    if (config_.variant != Variant::CommitOldTermEntries && sv.log[k - 1].term != sv.term)
      continue;
    unsigned count = 0;
    for (const Progress& p : sv.progress) count += p.match >= k;
    if (count >= majority()) {
      set_commit(self, sv, k);
      return;
    }
  }
}

void Raft::on_message(Actor& self, Server& sv, NodeId from, const Msg& msg) const {
  const uint8_t term = term_of(msg);
  const auto* vote = std::get_if<Vote>(&msg);
  if (term < sv.term && !(vote && config_.variant == Variant::CountStaleVotes)) return;
  if (term > sv.term) {
    sv.term = term;
    sv.voted_for.reset();
    step_down(sv);
  }
  if (const auto* rv = std::get_if<RequestVote>(&msg)) {
    const bool up_to_date = config_.variant == Variant::NoLogUpToDateCheck ||  // last term, length
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
    const bool truncate = config_.variant == Variant::TruncateOnStaleAppend;
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

bool Raft::useless(const State& s, NodeId src, NodeId dst, const Msg& m) const {
  const Server& r = s.nodes[dst];
  const uint8_t term = term_of(m);
  if (const auto* v = std::get_if<Vote>(&m)) {
    const bool no_count = !v->granted || r.role != Role::candidate || r.votes.contains(src);
    if (config_.variant == Variant::CountStaleVotes)  // a later candidate counts stale grants
      return term <= r.term && (!v->granted || (no_count && r.term >= config_.max_term));
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

}  // namespace faultline::raft
