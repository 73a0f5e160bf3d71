// Split-brain design handlers: election by campaign or takeover, votes, stepping down, the
// storage's fencing check, the leader's check-then-write, and the hooks the actor layer calls
// (leases that run out, messages that can no longer matter, busy leaders, stale times, trace
// text). The design is documented in split_brain.hpp.
#include "models/split_brain/split_brain.hpp"

#include <algorithm>
#include <tuple>

namespace faultline::split_brain {

namespace {

constexpr unsigned kPeers = 0;  // role index of n1..nN (s is role 1)

Peer& peer_of(SplitBrain::Node& n) { return std::get<Peer>(n); }

bool older(const Elected& a, const Elected& b) {
  return std::tie(a.epoch, a.order) < std::tie(b.epoch, b.order);
}

// Adopting epoch e: a follower with nothing of its former term (the durable fields kept).
void adopt(Peer& n, uint8_t e) {
  Peer fresh;
  fresh.epoch = e;
  fresh.promise = n.promise;
  n = fresh;
}

}  // namespace

SplitBrain::SplitBrain(SplitBrainConfig config) : config_(config) {
  names_ = dist::ActorLayout(roles()).names();
}

std::vector<dist::Role> SplitBrain::roles() const {
  return {{.name = "n", .count = config_.nodes, .symmetric = true, .what = "nodes"},
          {.name = "s",
           .crash = dist::CrashMode::Never,
           .numbered = false,
           .drifts = false,
           .pauses = false}};
}

SplitBrain::Node SplitBrain::init(NodeId n) const {
  if (n == storage_id()) return Node(Storage{});
  Peer p;
  if (!quorum()) p.promise = config_.duration;  // takeover once D passes without a leader
  else if (config_.lease) p.promise = 0;
  return Node(p);
}

dist::ActorConfig<SplitBrain> SplitBrain::actor_config() const {
  return {
      .roles = roles(),
      .faults = config_.faults,
      .unchanged = dist::UnchangedDelivery::Consume,
      .describe_node = [](const SplitBrain& p, NodeId, const Node& node) -> std::string {
        if (const auto* st = std::get_if<Storage>(&node))
          return "max epoch " + std::to_string(st->max_epoch) + ", last write epoch " +
                 std::to_string(st->last_epoch);
        const Peer& n = std::get<Peer>(node);
        std::string d = n.role == Standing::follower ? "follower" : "leader";
        if (n.role == Standing::candidate)
          d = "candidate votes=" + dist::format_node_set(n.votes, p.names()) + " start " +
              std::to_string(*n.start);
        if (n.lease) d += " lease until " + std::to_string(*n.lease);
        d += ", epoch " + std::to_string(n.epoch);
        if (n.promise && *n.promise)
          d += (p.quorum() ? ", promised until " : ", timer until ") + std::to_string(*n.promise);
        if (n.act == Act::ready) d += ", about to write";
        if (n.act == Act::done) d += ", wrote";
        return d;
      },
      .describe_ghost =
          [](const SplitBrain& p, const State& s, FieldWriter& w) {
            auto leadership = [&](const Elected& e) {
              return p.names()[e.leader] + " (epoch " + std::to_string(e.epoch) + ", election " +
                     std::to_string(e.order) + ")";
            };
            const History& h = s.ghost;
            if (h.newest) w.field("newest writer", leadership(*h.newest));
            if (h.late)
              w.field("late write", leadership(h.late->writer) + " after " +
                                        leadership(h.late->after));
            std::string el;
            for (const auto& e : h.elected)
              el += (el.empty() ? "" : ", ") + p.names()[e.leader] + "@e" + std::to_string(e.epoch);
            w.field("elected", el.empty() ? "none" : el);
            w.field("acted now", dist::format_node_set(h.acted, p.names()));
          },
      // A leader whose lease has run out by its clock steps down, unless it is in the middle of
      // acting (checked, not yet written: it does not know its lease is over until it looks
      // again). Then messages that can never change their receiver are discarded.
      .normalize =
          [](const SplitBrain& p, State& s) {
            if (p.config_.lease)
              for (NodeId i = 0; i < p.config_.nodes; ++i) {
                Peer& n = peer_of(s.nodes[i]);
                if (n.role == Standing::leader && n.act != Act::ready && *n.lease <= s.clock(i))
                  adopt(n, n.epoch);
              }
            dist::erase_messages(s, [&](NodeId src, NodeId dst, const Msg& m) {
              return p.useless(s, src, dst, m);
            });
          },
      .time = config_.time,
      .busy = [](const SplitBrain&, const Node& n) {
        const auto* p = std::get_if<Peer>(&n);
        return p && p->act == Act::ready;
      },
      .on_tick = [](const SplitBrain&, State& s) { s.ghost.acted = NodeSet(); },
      // Stale (see split_brain.hpp): with leases, a start t with t + D - M <= now; without, a
      // value below true time (true time itself is never stale).
      .stale_before = [](const SplitBrain& p, const State& s) -> int64_t {
        const int64_t window =
            p.config_.lease ? int64_t{p.config_.duration} - p.config_.margin : 1;
        return int64_t{s.now()} + 1 - window;
      },
      .time_values = "true time, clocks, promises, lease starts and ends; values too old to "
                     "matter packed together",
      .unsent = quorum() ? std::vector<std::string>{"NewLeader"}
                         : std::vector<std::string>{"RequestVote", "Vote"},
  };
}

void SplitBrain::elect(Actor& self, Peer& n) const {
  const Time clock = self.clock();
  const auto epoch = static_cast<uint8_t>(n.epoch + 1);
  adopt(n, epoch);
  n.start = clock;
  if (!quorum()) {
    n.promise = clock + config_.duration;
    become_leader(self, n);
    self.broadcast(kPeers, NewLeader{epoch});
    return;
  }
  if (config_.lease) n.promise = clock + config_.duration;
  n.role = Standing::candidate;
  n.votes.insert(self.self());
  self.broadcast(kPeers, RequestVote{epoch});
  if (n.votes.size() >= majority()) become_leader(self, n);
}

void SplitBrain::become_leader(Actor& self, Peer& n) const {
  n.role = Standing::leader;
  n.votes = NodeSet();
  if (config_.lease) n.lease = *n.start + config_.duration - config_.margin;
  n.start.reset();
  std::vector<Elected>& elected = self.ghost().elected;
  n.order = static_cast<uint8_t>(elected.size() + 1);
  elected.push_back({n.epoch, self.self(), n.order});
}

void SplitBrain::on_message(Actor& self, Node& node, NodeId from, const Msg& msg) const {
  if (auto* st = std::get_if<Storage>(&node)) {
    on_write(self, *st, from, std::get<Write>(msg));  // only writes reach s
    return;
  }
  Peer& n = peer_of(node);
  const Time clock = self.clock();
  if (const auto* rv = std::get_if<RequestVote>(&msg)) {
    if (rv->e <= n.epoch) return;
    if (config_.lease && clock < *n.promise) return;  // not yet
    adopt(n, rv->e);
    if (config_.lease) n.promise = clock + config_.duration;
    self.send(from, Vote{rv->e});
  } else if (const auto* v = std::get_if<Vote>(&msg)) {
    if (n.role != Standing::candidate || n.epoch != v->e) return;
    n.votes.insert(from);
    if (n.votes.size() >= majority()) become_leader(self, n);
  } else if (const auto* nl = std::get_if<NewLeader>(&msg)) {
    if (nl->e < n.epoch || (nl->e == n.epoch && n.role == Standing::leader)) return;
    adopt(n, nl->e);
    n.promise = clock + config_.duration;
  }
}

void SplitBrain::on_write(Actor& self, Storage& st, NodeId from, const Write& w) const {
  if (config_.fencing && w.e < st.max_epoch) return;  // fenced off
  st.max_epoch = std::max(st.max_epoch, w.e);
  st.last_epoch = w.e;
  const Elected writer{w.e, from, w.order};
  History& h = self.ghost();
  if (!h.newest || !older(writer, *h.newest))
    h.newest = writer;
  else if (!h.late)
    h.late = LateWrite{writer, *h.newest};
}

bool SplitBrain::useless(const State& s, NodeId src, NodeId dst, const Msg& msg) const {
  if (dst == storage_id()) return false;
  const Peer& n = peer(s, dst);
  if (const auto* rv = std::get_if<RequestVote>(&msg)) return rv->e <= n.epoch;
  if (const auto* v = std::get_if<Vote>(&msg))
    return n.role != Standing::candidate || n.epoch != v->e || n.votes.contains(src);
  if (const auto* nl = std::get_if<NewLeader>(&msg)) return nl->e < n.epoch;
  return false;
}

std::vector<dist::LocalStep<SplitBrain>> SplitBrain::local_steps() const {
  using S = const State&;
  return {
      {.name = quorum() ? "campaign" : "takeover",
       .role = kPeers,
       .enabled = [](const SplitBrain& p, S s, NodeId i) {
         const Peer& n = peer(s, i);
         return n.role != Standing::leader && n.epoch < p.config_.max_epoch &&
                (!n.promise || s.clock(i) >= *n.promise);
       },
       .run = [](const SplitBrain& p, Actor& self, Node& node) { p.elect(self, peer_of(node)); },
       .detail = [](const SplitBrain&, S s, NodeId i) {
         return "(epoch " + std::to_string(peer(s, i).epoch + 1) + ", clock " +
                std::to_string(s.clock(i)) + ")";
       }},
      {.name = config_.lease ? "check lease" : "check leader",
       .role = kPeers,
       .enabled = [](const SplitBrain&, S s, NodeId i) {
         return peer(s, i).role == Standing::leader && peer(s, i).act == Act::none;
       },
       .run = [](const SplitBrain&, Actor&, Node& node) { peer_of(node).act = Act::ready; },
       .detail = config_.lease ? +[](const SplitBrain&, S s, NodeId i) {
         return "(clock " + std::to_string(s.clock(i)) + " < " +
                std::to_string(*peer(s, i).lease) + ")";
       } : nullptr},
      {.name = "write",
       .role = kPeers,
       .enabled = [](const SplitBrain&, S s, NodeId i) { return peer(s, i).act == Act::ready; },
       .run =
           [](const SplitBrain& p, Actor& self, Node& node) {
             Peer& n = peer_of(node);
             n.act = Act::done;
             self.ghost().acted.insert(self.self());
             self.send(p.storage_id(), Write{n.epoch, n.order});
           },
       .detail = [](const SplitBrain&, S s, NodeId i) {
         return "(epoch " + std::to_string(peer(s, i).epoch) + ")";
       }},
  };
}

}  // namespace faultline::split_brain
