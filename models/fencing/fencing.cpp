// Fencing-token handlers: the lock service's grants, the storage's token checks, a client's
// handling of replies, the client's local steps (request, read, check lease, write), and the
// hooks the actor layer calls (forgetting ended leases, busy clients, stale send times, trace
// text). The protocol is documented in fencing.hpp.
#include "models/fencing/fencing.hpp"

#include <algorithm>

namespace faultline::fencing {

namespace {
constexpr unsigned kClients = 1;  // role index of the clients (l is role 0, s role 2)

Client& client_of(Fencing::Node& n) { return std::get<Client>(n); }
const char* const kOps[] = {"", ", read sent", ", read v=", ", about to write v=", ", wrote"};
}  // namespace

Fencing::Fencing(FencingConfig config) : config_(config) {
  names_ = dist::ActorLayout(roles()).names();
}

std::vector<dist::Role> Fencing::roles() const {
  return {{.name = "l", .numbered = false, .pauses = false},
          {.name = "c",
           .count = config_.clients,
           .crash = dist::CrashMode::Never,
           .symmetric = true,
           .what = "clients"},
          {.name = "s",
           .crash = dist::CrashMode::Never,
           .numbered = false,
           .drifts = false,
           .pauses = false}};
}

dist::ActorConfig<Fencing> Fencing::actor_config() const {
  return {
      .roles = roles(),
      .faults = config_.faults,
      .unchanged = dist::UnchangedDelivery::Consume,
      .describe_node = [](const Fencing& p, NodeId, const Node& node) -> std::string {
        if (const auto* l = std::get_if<LockService>(&node))
          return "last token " + std::to_string(l->counter) +
                 (l->lease ? ", lease to " + p.names()[l->lease->holder] + " until " +
                                 std::to_string(l->lease->ends)
                           : std::string(", no lease"));
        if (const auto* st = std::get_if<Storage>(&node))
          return "value " + std::to_string(st->value) + ", max token " +
                 std::to_string(st->max_token) + ", last write token " +
                 std::to_string(st->last_token);
        const Client& c = std::get<Client>(node);
        std::string d = c.token ? "token " + std::to_string(c.token) + " (grant " +
                                      std::to_string(c.grant) + ")"
                                : std::string("no token");
        if (c.ends) d += ", holds until " + std::to_string(*c.ends);
        if (c.sent) d += ", requested at " + std::to_string(*c.sent);
        d += kOps[static_cast<int>(c.op)];
        if (c.op == Op::have_value) d += std::to_string(c.value);
        if (c.op == Op::ready) d += std::to_string(c.value + 1);
        return d;
      },
      .describe_ghost =
          [](const Fencing& p, const State& s, FieldWriter& w) {
            const History& h = s.ghost;
            w.field("grants", h.grants);
            w.field("writes", std::to_string(h.written.size()) + " (newest grant " +
                                  std::to_string(h.newest) + ")");
            if (h.late)
              w.field("late write", p.names()[h.late->client] + " (grant " +
                                        std::to_string(h.late->grant) + ") after grant " +
                                        std::to_string(h.late->newer));
          },
      .normalize =
          [](const Fencing&, State& s) {
            auto& l = std::get<LockService>(s.nodes[kLock]);
            if (l.lease && l.lease->ends <= s.clock(kLock)) l.lease.reset();
            for (NodeId n = 1; n + 1u < s.nodes.size(); ++n) {
              Client& c = client_of(s.nodes[n]);
              if (c.ends && *c.ends <= s.clock(n)) c.ends.reset();
              // See "Reduction" in fencing.hpp.
              if (!c.ends && c.token && c.op != Op::ready && c.op != Op::done &&
                  c.op != Op::read_sent)
                c = Client{.sent = c.sent, .ends = {}};
            }
          },
      .on_crash =
          [](const Fencing& p, Node& node) {
            if (p.config_.variant == Variant::CounterForgotten)
              std::get<LockService>(node).counter = 0;
          },
      .time = config_.time,
      .busy = [](const Fencing&, const Node& n) {
        const auto* c = std::get_if<Client>(&n);
        return c && c->op == Op::ready;
      },
      // A send time t with t + D - M <= now is stale (see fencing.hpp).
      .stale_before = [](const Fencing& p, const State& s) -> int64_t {
        return int64_t{s.now()} + 1 - (int64_t{p.config_.duration} - p.config_.margin);
      },
      .time_values = "true time, clocks, lease ends and request times; request times too old "
                     "to start a running lease packed together",
  };
}

void Fencing::on_message(Actor& self, Node& node, NodeId from, const Msg& msg) const {
  if (auto* l = std::get_if<LockService>(&node))
    on_lock(self, *l, from, std::get<Request>(msg));  // only requests reach l
  else if (auto* st = std::get_if<Storage>(&node))
    on_storage(self, *st, from, msg);
  else
    on_client(client_of(node), msg);
}

void Fencing::on_lock(Actor& self, LockService& l, NodeId from, const Request& r) const {
  const Time ends = self.clock() + config_.duration;
  if (l.lease && l.lease->holder == from) {  // a renewal: same token
    l.lease->ends = ends;
    self.send(from, Grant{r.at, l.counter, self.ghost().grants});
  } else if (!l.lease && l.counter < config_.tokens) {  // ended leases are already forgotten
    ++l.counter;
    ++self.ghost().grants;
    l.lease = Granted{from, ends};
    self.send(from, Grant{r.at, l.counter, self.ghost().grants});
  } else {
    self.send(from, Busy{r.at});
  }
}

void Fencing::on_storage(Actor& self, Storage& st, NodeId from, const Msg& msg) const {
  const auto* w = std::get_if<Write>(&msg);
  const uint8_t token = w ? w->token : std::get<Read>(msg).token;  // s gets reads and writes
  const bool checked = config_.variant != Variant::NoTokenCheck &&
                       (w || config_.variant != Variant::UncheckedRead);
  if (checked && token < st.max_token) {
    if (!w) self.send(from, Rejected{token});
    return;
  }
  if (checked) st.max_token = std::max(st.max_token, token);
  if (!w) {
    self.send(from, Value{token, st.value});
    return;
  }
  st.value = w->v;
  st.last_token = token;
  History& h = self.ghost();
  auto at = std::lower_bound(h.written.begin(), h.written.end(), w->grant);
  if (at == h.written.end() || *at != w->grant) h.written.insert(at, w->grant);
  if (w->grant < h.newest && !h.late) h.late = LateWrite{from, w->grant, h.newest};
  h.newest = std::max(h.newest, w->grant);
}

void Fencing::on_client(Client& c, const Msg& msg) const {
  if (const auto* v = std::get_if<Value>(&msg)) {
    if (c.op != Op::read_sent || v->token != c.token) return;
    c.op = Op::have_value;
    c.value = v->v;
  } else if (const auto* r = std::get_if<Rejected>(&msg)) {
    if (c.op == Op::read_sent && r->token == c.token) c.op = Op::done;
  } else {  // Grant or Busy
    const auto* g = std::get_if<Grant>(&msg);
    const Time at = g ? g->at : std::get<Busy>(msg).at;
    if (!c.sent || at != *c.sent) return;  // a reply to an earlier request
    c.sent.reset();
    if (!g) return;
    c.ends = at + config_.duration - config_.margin;
    if (g->grant != c.grant) {  // a new lease (not a renewal of the one it wrote under)
      c.token = g->token;
      c.grant = g->grant;
      c.op = Op::none;
      c.value = 0;
    }
  }
}

std::vector<dist::LocalStep<Fencing>> Fencing::local_steps() const {
  using S = const State&;
  return {
      {.name = "request",
       .role = kClients,
       .enabled = [](const Fencing&, S s,
                     NodeId n) { return !client(s, n).sent && !client(s, n).ends &&
                                        client(s, n).op != Op::ready; },
       .run =
           [](const Fencing&, Actor& self, Node& node) {
             client_of(node).sent = self.clock();
             self.send(kLock, Request{self.clock()});
           },
       .detail = [](const Fencing&, S s,
                    NodeId n) { return "(clock " + std::to_string(s.clock(n)) + ")"; }},
      {.name = "read",
       .role = kClients,
       .enabled = [](const Fencing&, S s,
                     NodeId n) { return client(s, n).ends && client(s, n).op == Op::none; },
       .run =
           [](const Fencing& p, Actor& self, Node& node) {
             client_of(node).op = Op::read_sent;
             self.send(p.storage_id(), Read{client_of(node).token});
           },
       .detail = [](const Fencing&, S s,
                    NodeId n) { return "(token " + std::to_string(client(s, n).token) + ")"; }},
      {.name = "check lease",
       .role = kClients,
       .enabled = [](const Fencing&, S s,
                     NodeId n) { return client(s, n).ends && client(s, n).op == Op::have_value; },
       .run = [](const Fencing&, Actor&, Node& node) { client_of(node).op = Op::ready; },
       .detail = [](const Fencing&, S s, NodeId n) {
         return "(clock " + std::to_string(s.clock(n)) + " < " +
                std::to_string(*client(s, n).ends) + ")";
       }},
      {.name = "write",
       .role = kClients,
       .enabled = [](const Fencing&, S s, NodeId n) { return client(s, n).op == Op::ready; },
       .run =
           [](const Fencing& p, Actor& self, Node& node) {
             Client& c = client_of(node);
             c.op = Op::done;
             self.send(p.storage_id(), Write{c.token, static_cast<uint8_t>(c.value + 1), c.grant});
           },
       .detail = [](const Fencing&, S s, NodeId n) {
         return "(token " + std::to_string(client(s, n).token) +
                ", v=" + std::to_string(client(s, n).value + 1) + ")";
       }},
  };
}

}  // namespace faultline::fencing
