// A lease service: a grantor g and clients c1..cN that acquire, renew and use time-bounded
// leases, written on the actor layer with time (src/dist/actor_model.hpp): true time, clocks
// drifting within `drift`, process pauses. Clients decide by their own clocks; the property
// judges by true time.
//
// Protocol (duration D, holder's safety margin M):
//  - "request cK": a client with no request outstanding notes its clock reading (the send
//    time) and sends Request to g. A holder requests again to renew.
//  - g on Request from c: when no lease is running by g's clock (none granted, or its clock
//    has reached the end), or c holds it (a renewal), g grants: holder c, the lease ends when
//    g's clock reads (now) + D; Grant to c. Otherwise Busy. g's lease record is persistent.
//  - c on Grant (for its outstanding request): it holds the lease until its own clock reads
//    start + D - M, where start is the send time of its request (timer = send) or the reading
//    on receipt (timer = receipt, unsafe: the grant may have waited in the network). Busy
//    ends the request.
//  - "check lease cK": a running client whose clock reads below its lease end decides to act
//    as holder; "act as holder cK" does it. Both are instantaneous (no tick between
//    them unless cK is paused: the pause between checking a lease and using it).
// Why M >= 2 * drift + pause_ticks is safe with timer = send: the client's clock may measure
// the lease short by `drift` and g's clock long by `drift`, and a check may be followed by a
// pause of pause_ticks before the act. Variant no-drift-margin ignores M.
// Ghosts: the clients that acted as holder at the current true time (cleared by each tick),
// and every client that ever acted.
// Reduction (the layer's normalize hook): an ended lease is forgotten (a client's lease end <=
// its clock becomes "none", as does g's record once g's clock reaches its end): clocks never
// go back, so neither can use it.
//
// Symmetry (engine.symmetry = on):
//  - Permutations: the clients are interchangeable (g stays node 0; the layer renames the
//    NodeRef and NodeSet fields). Nothing treats a client
//    by its index: g grants to whoever asks when no lease runs, every client may pause,
//    drift and crash alike, and the properties count clients (acted, ever_acted).
//  - Interval symmetry of time, declared only with unbounded time (params.horizon = 0; with a
//    horizon, "tick only while now < horizon" is an absolute cap and shifting is unsound).
//    Time values (the layer shifts every dist::Time field): true time `now`, g's lease end,
//    each client's lease end and request send time, and the send time `at` in every message;
//    clocks are stored as now + ahead, with
//    `ahead` (like pause_left) relative. Every decision compares two time values or a value
//    plus a duration with a clock: a lease runs while clock < ends, g's record ends when its
//    clock reaches ends, a grant sets ends = clock + D or sent + D - M, a reply matches a
//    request when at == sent. So shifting all of them by one amount changes no decision,
//    and new values (now + 1, a clock reading, a clock + D) shift with them. One more
//    freedom keeps the shifted space finite: a request send time can fall arbitrarily far
//    behind (a reply waits in the network or a crashed g holds the request), but once
//    sent + D - M <= now it is stale: a grant for it ends at or before every clock (the
//    lease is forgotten at once, with timer = send; with timer = receipt the send time is
//    only a tag), so it matters only by equality with the other stale send times, which an
//    order-preserving packing keeps (interval_cutoff = now - (D - M) + 1). After packing
//    and shifting, every value lies within D - M + (number of send times) below true time
//    and D + drift above it, and messages are bounded by the fault budgets (a client has
//    one request outstanding, more only after a crash or a duplicate), so the classes are
//    finitely many: the check covers all time, not a horizon.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "dist/actor_model.hpp"

namespace faultline::lease {

using dist::NodeId;
using dist::NodeRef;
using dist::NodeSet;
using dist::Time;

enum class Variant : uint8_t {
  Correct,
  NoDriftMargin,   // the holder uses the whole duration: no safety margin for drift
  TimerOnReceipt,  // the holder starts its timer when the grant arrives
};

// Every message carries the client's clock reading when it sent the request (`at`), so that
// the client matches a reply to its outstanding request: a reply to an earlier request (sent
// before a crash, or duplicated) is ignored.
struct Request {
  Time at;
  FAULTLINE_FIELDS(Request, at)
};
struct Grant {
  Time at;
  FAULTLINE_FIELDS(Grant, at)
};
struct Busy {
  Time at;
  FAULTLINE_FIELDS(Busy, at)
};

// Clock readings are absolute (true time + ahead).
struct Granted {
  NodeRef holder;
  Time ends;  // g's clock reading at which the lease ends
  FAULTLINE_FIELDS(Granted, holder, ends)
};
struct Grantor {
  std::optional<Granted> lease;
  FAULTLINE_FIELDS(Grantor, lease)
  FAULTLINE_DURABLE(Grantor, lease)  // g's lease record survives a crash
};
struct Client {
  std::optional<Time> sent;  // the clock reading when the outstanding request was sent
  std::optional<Time> ends;  // the clock reading at which the client's lease ends
  bool ready = false;        // checked its lease and is about to act
  FAULTLINE_FIELDS(Client, sent, ends, ready)
};
struct Acts {
  NodeSet now;   // clients that acted as holder at this true time (cleared by each tick)
  NodeSet ever;  // every client that ever acted
  FAULTLINE_FIELDS(Acts, now, ever)
};

struct Lease : dist::Protocol<Lease, std::variant<Request, Grant, Busy>,
                              dist::ByRole<Grantor, Client>, Acts> {
  static constexpr bool timed = true;
  static constexpr bool symmetric = true;
  static constexpr NodeId kGrantor = 0;
  unsigned clients = 2;
  unsigned duration = 4;  // D, by the grantor's clock
  unsigned margin = 2;    // M, subtracted by the holder
  bool timer_on_receipt = false;
  dist::TimeConfig time;  // horizon, drift, pauses (nodes, clocked, pausable set by the layer)
  dist::FaultBudget faults;
  Variant variant = Variant::Correct;

  // The margin the holder subtracts (0 in no-drift-margin).
  unsigned holder_margin() const { return variant == Variant::NoDriftMargin ? 0 : margin; }

  Config actor_config() const {
    return {
        .roles = {{.name = "g", .numbered = false},
                  {.name = "c", .count = clients, .symmetric = true, .what = "clients"}},
        .faults = faults,
        .unchanged = dist::UnchangedDelivery::Consume,
        .describe_node = [](const Lease& p, NodeId, const Node& node) -> std::string {
          if (const auto* g = std::get_if<Grantor>(&node))
            return g->lease ? "lease to " + p.name(g->lease->holder) + " until " +
                                  std::to_string(g->lease->ends)
                            : "no lease";
          const Client& c = std::get<Client>(node);
          std::string d = c.ends ? "holds until " + std::to_string(*c.ends) : "no lease";
          if (c.sent) d += ", requested at " + std::to_string(*c.sent);
          return c.ready ? d + ", about to act" : d;
        },
        .describe_ghost =
            [](const Lease& p, const State& s, FieldWriter& w) {
              w.field("acted now", p.names(s.ghost.now));
              w.field("ever acted", p.names(s.ghost.ever));
            },
        // An ended lease is forgotten: clocks never go back, so it can never be used again.
        .normalize =
            [](const Lease&, State& s) {
              auto& g = s.node<Grantor>(kGrantor);
              if (g.lease && g.lease->ends <= s.clock(kGrantor)) g.lease.reset();
              for (NodeId n = 1; n < s.nodes.size(); ++n)
                if (Client& c = s.node<Client>(n); c.ends && *c.ends <= s.clock(n)) c.ends.reset();
            },
        .time = time,
        .busy =
            [](const Lease&, const Node& n) {
              const auto* c = std::get_if<Client>(&n);
              return c && c->ready;
            },
        .on_tick = [](const Lease&, State& s) { s.ghost.now = NodeSet(); },
        // A send time t with t + D - M <= now is stale (see above).
        .stale_before = [](const Lease& p, const State& s) -> int64_t {
          return int64_t{s.now()} + 1 - (int64_t{p.duration} - p.holder_margin());
        },
        .time_values =
            "true time, clocks, lease ends and request times; request times too old "
            "to start a running lease packed together",
    };
  }

  void on_message(Actor& self, Grantor& g, NodeId from, const Msg& msg) const {
    const Time at = std::get<Request>(msg).at;               // only requests reach g
    const bool grant = !g.lease || g.lease->holder == from;  // ended leases are forgotten
    if (grant) g.lease = Granted{from, self.clock() + duration};
    self.send(from, grant ? Msg(Grant{at}) : Msg(Busy{at}));
  }
  void on_message(Actor& self, Client& c, NodeId, const Msg& msg) const {
    const Time at = std::visit([](const auto& m) { return m.at; }, msg);
    if (!c.sent || at != *c.sent) return;  // a reply to an earlier request
    c.sent.reset();
    const bool on_receipt = timer_on_receipt || variant == Variant::TimerOnReceipt;
    if (std::holds_alternative<Grant>(msg))
      c.ends = (on_receipt ? self.clock() : unsigned{at}) + duration - holder_margin();
  }

  Steps local_steps() const {
    return {{.name = "request",
             .enabled = [](const Client& c) { return !c.sent; },
             .run =
                 [](Actor& self, Client& c) {
                   c.sent = self.clock();
                   self.send(kGrantor, Request{self.clock()});
                 },
             .detail =
                 [](const Lease&, const State& s, NodeId n) {
                   return std::string(s.node<Client>(n).ends ? "(renewal, clock " : "(clock ") +
                          std::to_string(s.clock(n)) + ")";
                 }},
            {.name = "check lease",
             .enabled = [](const Client& c) { return !c.ready && c.ends.has_value(); },
             .run = [](Client& c) { c.ready = true; },
             .detail =
                 [](const Lease&, const State& s, NodeId n) {
                   return "(clock " + std::to_string(s.clock(n)) + " < " +
                          std::to_string(*s.node<Client>(n).ends) + ")";
                 }},
            {.name = "act as holder",
             .enabled = [](const Client& c) { return c.ready; },
             .run =
                 [](Actor& self, Client& c) {
                   c.ready = false;
                   self.ghost().now.insert(self.self());
                   self.ghost().ever.insert(self.self());
                 }}};
  }

  // Judged by true time. LeaseChangedHands: a second client acted as holder (the lease moved).
  Properties properties() const {
    return {
        .invariants = {{"OneHolderAtATime", "at no true time do two clients act as lease holders",
                        [](const Lease& p, const State& s) -> Failure {
                          if (s.ghost.now.size() <= 1) return {};
                          return p.names_in_words(s.ghost.now) +
                                 " acted as lease holder at true time " + std::to_string(s.now());
                        }}},
        .goals = {{"LeaseUsed", "some client acts as lease holder",
                   [](const Lease&, const State& s) { return !s.ghost.ever.empty(); }},
                  {"LeaseChangedHands", "two different clients act as holder (at any times)",
                   [](const Lease&, const State& s) { return s.ghost.ever.size() >= 2; }}}};
  }
};

using LeaseModel = dist::ActorModel<Lease>;

}  // namespace faultline::lease
