// Lease service handlers: g's answer to a request, a client's handling of the reply, the
// client's local steps (request, check lease, act as holder), and the hooks the actor layer
// calls (forgetting ended leases, busy clients, the tick, stale send times, trace text). The
// protocol is documented in lease.hpp.
#include "models/lease/lease.hpp"

namespace faultline::lease {

namespace {
constexpr unsigned kClients = 1;  // role index of the clients (g is role 0)

Client& client_of(Lease::Node& n) { return std::get<Client>(n); }
const Client& client_of(const Lease::Node& n) { return std::get<Client>(n); }
}  // namespace

Lease::Lease(LeaseConfig config) : config_(config) {
  names_ = dist::ActorLayout(roles()).names();
}

std::vector<dist::Role> Lease::roles() const {
  return {{.name = "g", .numbered = false},
          {.name = "c", .count = config_.clients, .symmetric = true, .what = "clients"}};
}

dist::ActorConfig<Lease> Lease::actor_config() const {
  return {
      .roles = roles(),
      .faults = config_.faults,
      .unchanged = dist::UnchangedDelivery::Consume,
      .describe_node = [](const Lease& p, NodeId, const Node& node) -> std::string {
        if (const auto* g = std::get_if<Grantor>(&node))
          return g->lease ? "lease to " + p.names()[g->lease->holder] + " until " +
                                std::to_string(g->lease->ends)
                          : "no lease";
        const Client& c = client_of(node);
        std::string d = c.ends ? "holds until " + std::to_string(*c.ends) : "no lease";
        if (c.sent) d += ", requested at " + std::to_string(*c.sent);
        if (c.ready) d += ", about to act";
        return d;
      },
      .describe_ghost =
          [](const Lease& p, const State& s, FieldWriter& w) {
            w.field("acted now", dist::format_node_set(s.ghost.now, p.names()));
            w.field("ever acted", dist::format_node_set(s.ghost.ever, p.names()));
          },
      // An ended lease is forgotten: clocks never go back, so it can never be used again.
      .normalize =
          [](const Lease&, State& s) {
            auto& g = std::get<Grantor>(s.nodes[kGrantor]);
            if (g.lease && g.lease->ends <= s.clock(kGrantor)) g.lease.reset();
            for (NodeId n = 1; n < s.nodes.size(); ++n) {
              Client& c = client_of(s.nodes[n]);
              if (c.ends && *c.ends <= s.clock(n)) c.ends.reset();
            }
          },
      .time = config_.time,
      .busy = [](const Lease&, const Node& n) {
        const auto* c = std::get_if<Client>(&n);
        return c && c->ready;
      },
      .on_tick = [](const Lease&, State& s) { s.ghost.now = NodeSet(); },
      // A send time t with t + D - M <= now is stale (see lease.hpp).
      .stale_before = [](const Lease& p, const State& s) -> int64_t {
        return int64_t{s.now()} + 1 - (int64_t{p.config_.duration} - p.holder_margin());
      },
      .time_values = "true time, clocks, lease ends and request times; request times too old "
                     "to start a running lease packed together",
  };
}

void Lease::on_message(Actor& self, Node& node, NodeId from, const Msg& msg) const {
  if (auto* g = std::get_if<Grantor>(&node)) {
    const Time at = std::get<Request>(msg).at;  // only requests reach g
    const bool grant = !g->lease || g->lease->holder == from;  // ended leases are forgotten
    if (grant) g->lease = Granted{from, self.clock() + config_.duration};
    self.send(from, grant ? Msg(Grant{at}) : Msg(Busy{at}));
    return;
  }
  Client& c = client_of(node);
  const Time at = std::visit([](const auto& m) { return m.at; }, msg);
  if (!c.sent || at != *c.sent) return;  // a reply to an earlier request
  c.sent.reset();
  if (std::holds_alternative<Grant>(msg)) {
    const bool on_receipt = config_.timer_on_receipt || config_.variant == Variant::TimerOnReceipt;
    c.ends = (on_receipt ? self.clock() : unsigned{at}) + config_.duration - holder_margin();
  }
}

std::vector<dist::LocalStep<Lease>> Lease::local_steps() const {
  return {
      {.name = "request",
       .role = kClients,
       .enabled = [](const Lease&, const State& s, NodeId n) { return !client(s, n).sent; },
       .run =
           [](const Lease&, Actor& self, Node& node) {
             client_of(node).sent = self.clock();
             self.send(kGrantor, Request{self.clock()});
           },
       .detail = [](const Lease&, const State& s, NodeId n) {
         return std::string(client(s, n).ends ? "(renewal, clock " : "(clock ") +
                std::to_string(s.clock(n)) + ")";
       }},
      {.name = "check lease",
       .role = kClients,
       .enabled = [](const Lease&, const State& s,
                     NodeId n) { return !client(s, n).ready && client(s, n).ends.has_value(); },
       .run = [](const Lease&, Actor&, Node& node) { client_of(node).ready = true; },
       .detail = [](const Lease&, const State& s, NodeId n) {
         return "(clock " + std::to_string(s.clock(n)) + " < " +
                std::to_string(*client(s, n).ends) + ")";
       }},
      {.name = "act as holder",
       .role = kClients,
       .enabled = [](const Lease&, const State& s, NodeId n) { return client(s, n).ready; },
       .run =
           [](const Lease&, Actor& self, Node& node) {
             client_of(node).ready = false;
             self.ghost().now.insert(self.self());
             self.ghost().ever.insert(self.self());
           }},
  };
}

}  // namespace faultline::lease
