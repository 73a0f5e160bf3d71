// Fencing tokens: a lock service l issuing leases with increasing fencing tokens, clients
// c1..cN that read-modify-write a counter at a storage service s while they believe they hold
// the lock, and s checking tokens. Written on the actor layer with time (clocks, pauses:
// src/dist/actor_model.hpp).
//
// Protocol (duration D, holder's margin M):
//  - "request cK": a client without a lease (and no write about to go out) notes its clock
//    and sends Request to l.
//  - l on Request: when no lease is running by l's clock, l grants the next token (counter + 1;
//    at most `tokens` in all) and the lease ends at l's clock + D; Grant(token) to the client.
//    A request from the client l still counts as holder (its own clock ran out first, by its
//    margin) renews the lease under the same token. Otherwise Busy. l's counter is persistent
//    (variant counter-forgotten: lost on a crash, so tokens start again at 1); the running
//    lease is volatile: after a restart l grants at once, and only the fencing protects s.
//  - The holder's lease runs until its clock reads (send time) + D - M. While it runs, the
//    client does one read-modify-write per lease: "read cK" sends Read(token) to s, which
//    answers Value(v) (or Rejected); then "check lease cK" (clock below its end) and
//    "write cK" sends Write(token, v + 1). Between check and write the client may pause; the
//    Write may also wait in the network as long as any message. A client has one read in
//    flight: a lease that runs out while its read is unanswered keeps the read, and a
//    renewal under the same grant goes on waiting for its reply.
//  - s keeps the value and the highest token it has seen. It rejects a read or write with a
//    token below that and otherwise records the token. Variants: no-token-check (s accepts
//    everything), unchecked-read (reads neither checked nor recorded: the read of a
//    read-modify-write is not fenced).
// Ghosts: the lock service numbers grants in true order (never reset, unlike the counter);
// clients and Write messages carry their grant's number; s records the grants whose write it
// accepted (a duplicated Write is one read-modify-write, accepted once or twice), the newest
// grant among them, and the first write accepted from a deposed holder.
// Reduction (normalize): ended leases are forgotten (as in models/lease), and a client without
// a lease drops its token unless a write under it is about to go out or has gone out (a
// renewal of the same lease then allows no second read-modify-write) or its read is
// unanswered (a renewal resumes waiting for the reply: one read in flight per client).
//
// Symmetry (engine.symmetry = on):
//  - Permutations: the clients are interchangeable (l is node 0, s the last). Nothing treats
//    a client by its index: l grants to whoever asks when no lease runs, every client may
//    pause alike, and the ghosts name a client only in the first late write (renamed).
//  - Interval symmetry of time, declared only with unbounded time (params.horizon = 0: a
//    horizon is an absolute cap). Time values: true time, l's lease end, each client's lease
//    end and request send time, and the send time `at` in Request, Grant and Busy; clocks
//    are true time plus a drift offset, and pauses count ticks left. Every decision compares
//    two of them (a lease runs while clock < end; a reply matches the request when at ==
//    sent) or adds the duration to one (l: clock + D; the holder: sent + D - M), so shifting
//    them all by one amount changes no decision. A send time t with t + D - M <= now is
//    stale: a grant for it ends at or before the client's clock, so the lease is forgotten at
//    once, and t matters only by equality with the other stale send times, which packing
//    keeps (interval_cutoff = now - (D - M) + 1). Tokens and ghost grant numbers are not
//    time and are not shifted (at most `tokens` grants with a new token). The classes are
//    finitely many: every time value lies within D - M plus the number of send times below
//    true time and D + drift above it, a client has one request outstanding, and messages
//    are bounded by the fault budgets. So a check covers all time, not a horizon.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "dist/actor_model.hpp"

namespace faultline::fencing {

using dist::NodeId;
using dist::NodeRef;
using dist::Time;

enum class Variant : uint8_t {
  Correct,
  NoTokenCheck,      // the storage accepts every write whatever its token
  CounterForgotten,  // the lock service loses its token counter on a crash
  UncheckedRead,     // tokens checked on writes but not on the read of a read-modify-write
};

// `at`: the client's clock when it sent the request (matches the reply to it). `grant`: the
// ghost number of the grant (in true order), carried for the properties.
struct Request {
  Time at;
  FAULTLINE_FIELDS(Request, at)
};
struct Grant {
  Time at;
  uint8_t token = 0, grant = 0;
  FAULTLINE_FIELDS(Grant, at, token, grant)
};
struct Busy {
  Time at;
  FAULTLINE_FIELDS(Busy, at)
};
struct Read {
  uint8_t token = 0;
  FAULTLINE_FIELDS(Read, token)
};
struct Value {
  uint8_t token = 0, v = 0;
  FAULTLINE_FIELDS(Value, token, v)
};
struct Rejected {
  uint8_t token = 0;
  FAULTLINE_FIELDS(Rejected, token)
};
struct Write {
  uint8_t token = 0, v = 0, grant = 0;
  FAULTLINE_FIELDS(Write, token, v, grant)
};

struct Granted {
  NodeRef holder;
  Time ends;  // l's clock reading at which the lease ends
  FAULTLINE_FIELDS(Granted, holder, ends)
};
struct LockService {
  uint8_t counter = 0;  // the last token issued
  std::optional<Granted> lease;
  FAULTLINE_FIELDS(LockService, counter, lease)
  FAULTLINE_DURABLE(LockService, counter)  // except in counter-forgotten (on_crash)
};

FAULTLINE_ENUM(Op, none, read_sent, have_value, ready, done)

struct Client {
  std::optional<Time> sent;  // clock reading of the outstanding request
  std::optional<Time> ends;  // clock reading at which its lease ends
  uint8_t token = 0;         // its lease's token
  uint8_t grant = 0;         // ghost: its lease's grant number
  Op op = Op::none;          // its read-modify-write under this lease
  uint8_t value = 0;         // the value read
  FAULTLINE_FIELDS(Client, sent, ends, token, grant, op, value)
};

struct Storage {
  uint8_t value = 0;
  uint8_t max_token = 0;   // the highest token seen (checked and recorded)
  uint8_t last_token = 0;  // the token of the last accepted write
  FAULTLINE_FIELDS(Storage, value, max_token, last_token)
};

struct LateWrite {  // the first write s accepted from a deposed holder
  NodeRef client;
  uint8_t grant = 0, newer = 0;  // its grant, and the newer grant that had already written
  FAULTLINE_FIELDS(LateWrite, client, grant, newer)
};
struct History {
  uint8_t grants = 0;            // grants so far, in true order (never reset)
  std::vector<uint8_t> written;  // the grants whose write s accepted (sorted; a duplicated
                                 // write counts once: it is the same increment)
  uint8_t newest = 0;            // the newest grant among them
  std::optional<LateWrite> late;
  FAULTLINE_FIELDS(History, grants, written, newest, late)
};

struct Fencing
    : dist::Protocol<Fencing, std::variant<Request, Grant, Busy, Read, Value, Rejected, Write>,
                     dist::ByRole<LockService, Client, Storage>, History> {
  static constexpr bool timed = true;
  static constexpr bool symmetric = true;
  static constexpr NodeId kLock = 0;
  unsigned clients = 2;
  unsigned duration = 3;
  unsigned margin = 0;
  unsigned tokens = 2;  // grants with a new token, in all
  dist::TimeConfig time;
  dist::FaultBudget faults;  // crash applies to the lock service only
  Variant variant = Variant::Correct;

  NodeId storage_id() const { return static_cast<NodeId>(clients + 1); }
  static const Storage& storage(const State& s) { return std::get<Storage>(s.nodes.back()); }

  Config actor_config() const {
    return {
        .roles = {{.name = "l", .numbered = false, .pauses = false},
                  {.name = "c",
                   .count = clients,
                   .crash = dist::CrashMode::Never,
                   .symmetric = true,
                   .what = "clients"},
                  {.name = "s",
                   .crash = dist::CrashMode::Never,
                   .numbered = false,
                   .drifts = false,
                   .pauses = false}},
        .faults = faults,
        .unchanged = dist::UnchangedDelivery::Consume,
        .describe_node = describe_node,
        .describe_ghost =
            [](const Fencing& p, const State& s, FieldWriter& w) {
              const History& h = s.ghost;
              w.field("grants", h.grants);
              w.field("writes", std::to_string(h.written.size()) + " (newest grant " +
                                    std::to_string(h.newest) + ")");
              if (h.late)
                w.field("late write", p.name(h.late->client) + " (grant " +
                                          std::to_string(h.late->grant) + ") after grant " +
                                          std::to_string(h.late->newer));
            },
        .normalize =
            [](const Fencing&, State& s) {
              auto& l = s.node<LockService>(kLock);
              if (l.lease && l.lease->ends <= s.clock(kLock)) l.lease.reset();
              for (NodeId n = 1; n + 1u < s.nodes.size(); ++n) {
                Client& c = s.node<Client>(n);
                if (c.ends && *c.ends <= s.clock(n)) c.ends.reset();
                // See "Reduction" above.
                if (!c.ends && c.token && c.op != Op::ready && c.op != Op::done &&
                    c.op != Op::read_sent)
                  c = Client{.sent = c.sent, .ends = {}};
              }
            },
        .on_crash =
            [](const Fencing& p, Node& node) {
              if (p.variant == Variant::CounterForgotten) std::get<LockService>(node).counter = 0;
            },
        .time = time,
        .busy =
            [](const Fencing&, const Node& n) {
              const auto* c = std::get_if<Client>(&n);
              return c && c->op == Op::ready;
            },
        // A send time t with t + D - M <= now is stale (see above).
        .stale_before = [](const Fencing& p, const State& s) -> int64_t {
          return int64_t{s.now()} + 1 - (int64_t{p.duration} - p.margin);
        },
        .time_values =
            "true time, clocks, lease ends and request times; request times too old "
            "to start a running lease packed together",
    };
  }

  void on_message(Actor& self, LockService& l, NodeId from, const Msg& msg) const {
    const Time at = std::get<Request>(msg).at;  // only requests reach l
    const Time ends = self.clock() + duration;
    if (l.lease && l.lease->holder == from) {  // a renewal: same token
      l.lease->ends = ends;
      self.send(from, Grant{at, l.counter, self.ghost().grants});
    } else if (!l.lease && l.counter < tokens) {  // ended leases are already forgotten
      ++l.counter;
      ++self.ghost().grants;
      l.lease = Granted{from, ends};
      self.send(from, Grant{at, l.counter, self.ghost().grants});
    } else {
      self.send(from, Busy{at});
    }
  }

  void on_message(Actor& self, Storage& st, NodeId from, const Msg& msg) const {
    const auto* w = std::get_if<Write>(&msg);
    const uint8_t token = w ? w->token : std::get<Read>(msg).token;  // s gets reads and writes
    const bool checked =
        variant != Variant::NoTokenCheck && (w || variant != Variant::UncheckedRead);
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

  void on_message(Actor&, Client& c, NodeId, const Msg& msg) const {
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
      c.ends = at + duration - margin;
      if (g->grant != c.grant)  // a new lease (not a renewal of the one it wrote under)
        c = Client{.sent = {},
                   .ends = c.ends,
                   .token = g->token,
                   .grant = g->grant,
                   .op = Op::none,
                   .value = 0};
    }
  }

  Steps local_steps() const {
    return {
        {.name = "request",
         .enabled = [](const Client& c) { return !c.sent && !c.ends && c.op != Op::ready; },
         .run =
             [](Actor& self, Client& c) {
               c.sent = self.clock();
               self.send(kLock, Request{self.clock()});
             },
         .detail = [](const Fencing&, const State& s,
                      NodeId n) { return "(clock " + std::to_string(s.clock(n)) + ")"; }},
        {.name = "read",
         .enabled = [](const Client& c) { return c.ends && c.op == Op::none; },
         .run =
             [](const Fencing& p, Actor& self, Client& c) {
               c.op = Op::read_sent;
               self.send(p.storage_id(), Read{c.token});
             },
         .detail = [](const Client& c) { return "(token " + std::to_string(c.token) + ")"; }},
        {.name = "check lease",
         .enabled = [](const Client& c) { return c.ends && c.op == Op::have_value; },
         .run = [](Client& c) { c.op = Op::ready; },
         .detail =
             [](const Fencing&, const State& s, NodeId n) {
               return "(clock " + std::to_string(s.clock(n)) + " < " +
                      std::to_string(*s.node<Client>(n).ends) + ")";
             }},
        {.name = "write",
         .enabled = [](const Client& c) { return c.op == Op::ready; },
         .run =
             [](const Fencing& p, Actor& self, Client& c) {
               c.op = Op::done;
               self.send(p.storage_id(),
                         Write{c.token, static_cast<uint8_t>(c.value + 1), c.grant});
             },
         .detail =
             [](const Client& c) {
               return "(token " + std::to_string(c.token) + ", v=" + std::to_string(c.value + 1) +
                      ")";
             }},
    };
  }

  static std::string describe_node(const Fencing& p, NodeId, const Node& node) {
    if (const auto* l = std::get_if<LockService>(&node))
      return "last token " + std::to_string(l->counter) +
             (l->lease ? ", lease to " + p.name(l->lease->holder) + " until " +
                             std::to_string(l->lease->ends)
                       : std::string(", no lease"));
    if (const auto* st = std::get_if<Storage>(&node))
      return "value " + std::to_string(st->value) + ", max token " + std::to_string(st->max_token) +
             ", last write token " + std::to_string(st->last_token);
    const Client& c = std::get<Client>(node);
    std::string d =
        c.token ? "token " + std::to_string(c.token) + " (grant " + std::to_string(c.grant) + ")"
                : std::string("no token");
    if (c.ends) d += ", holds until " + std::to_string(*c.ends);
    if (c.sent) d += ", requested at " + std::to_string(*c.sent);
    static const char* const kOps[] = {"", ", read sent",
                                       ", read v=", ", about to write v=", ", wrote"};
    d += kOps[static_cast<int>(c.op)];
    if (c.op == Op::have_value) d += std::to_string(c.value);
    if (c.op == Op::ready) d += std::to_string(c.value + 1);
    return d;
  }

  // NoWriteFromDeposedHolder is judged by the true order of grants, not by tokens;
  // NoLostUpdate counts every accepted read-modify-write, a duplicated write once.
  Properties properties() const {
    return {
        .invariants =
            {{"NoWriteFromDeposedHolder",
              "the storage never accepts a write from a client after it accepted one from a "
              "client granted the lock later",
              [](const Fencing& p, const State& s) -> Failure {
                const auto& late = s.ghost.late;
                if (!late) return {};
                return "s accepted a write from " + p.name(late->client) + " under grant " +
                       std::to_string(late->grant) + " after a write under the later grant " +
                       std::to_string(late->newer);
              }},
             {"NoLostUpdate",
              "the stored counter equals the number of accepted read-modify-writes (none was "
              "lost)",
              [](const Fencing&, const State& s) -> Failure {
                const size_t writes = s.ghost.written.size();
                if (storage(s).value == writes) return {};
                return "s holds " + std::to_string(storage(s).value) + " after " +
                       std::to_string(writes) + " accepted increments";
              }}},
        .steps = {{"FencingMonotonic", "the tokens of accepted writes never decrease",
                   [](const Fencing&, const State& b, const State& a) -> Failure {
                     // last_token changes only when s accepts a write
                     if (storage(a).last_token >= storage(b).last_token) return {};
                     return "s accepted a write with token " +
                            std::to_string(storage(a).last_token) + " after one with token " +
                            std::to_string(storage(b).last_token);
                   }}},
        .goals = {{"WriteAccepted", "the storage accepts a write",
                   [](const Fencing&, const State& s) { return !s.ghost.written.empty(); }},
                  {"LaterGrantWrote", "a write under the second or a later grant is accepted",
                   [](const Fencing&, const State& s) { return s.ghost.newest >= 2; }}},
    };
  }
};

using FencingModel = dist::ActorModel<Fencing>;

}  // namespace faultline::fencing
