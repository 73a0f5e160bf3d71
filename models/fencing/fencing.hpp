// Fencing tokens: a lock service l issuing leases with increasing fencing tokens, clients
// c1..cN that read-modify-write a counter at a storage service s while they believe they hold
// the lock, and s checking tokens. Written on the actor layer with time (clocks, pauses:
// src/dist/actor_model.hpp). See fencing.cpp for the handlers, fencing_properties.cpp for the
// properties.
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
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/reflect.hpp"
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

struct FencingConfig {
  unsigned clients = 2;
  unsigned duration = 3;
  unsigned margin = 0;
  unsigned tokens = 2;  // grants with a new token, in all
  dist::TimeConfig time;
  dist::FaultBudget faults;  // crash applies to the lock service only
  Variant variant = Variant::Correct;
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

class Fencing {
 public:
  using Msg = std::variant<Request, Grant, Busy, Read, Value, Rejected, Write>;
  using Node = dist::ByRole<LockService, Client, Storage>;
  using Ghost = History;
  using State = dist::ActorState<Fencing>;
  using Actor = dist::Actor<Fencing>;
  static constexpr bool timed = true;
  static constexpr bool symmetric = true;
  static constexpr NodeId kLock = 0;

  Fencing(FencingConfig config);  // NOLINT: implicit, so FencingModel(config) reads as before

  dist::ActorConfig<Fencing> actor_config() const;
  Node init(NodeId n) const {
    return n == kLock ? Node(LockService{}) : n == storage_id() ? Node(Storage{}) : Node(Client{});
  }
  void on_start(Actor&, Node&) const {}
  void on_message(Actor& self, Node& node, NodeId from, const Msg& msg) const;
  void on_timer(Actor&, Node&, unsigned) const {}
  std::vector<dist::LocalStep<Fencing>> local_steps() const;
  dist::ActorProperties<Fencing> properties() const;

  const FencingConfig& config() const { return config_; }
  const dist::NodeNames& names() const { return names_; }
  NodeId storage_id() const { return static_cast<NodeId>(config_.clients + 1); }

 private:
  std::vector<dist::Role> roles() const;
  void on_lock(Actor& self, LockService& l, NodeId from, const Request& r) const;
  void on_storage(Actor& self, Storage& st, NodeId from, const Msg& msg) const;
  void on_client(Client& c, const Msg& msg) const;

  FencingConfig config_;
  dist::NodeNames names_;
};

using FencingModel = dist::ActorModel<Fencing>;
using FencingState = Fencing::State;

inline const LockService& lock(const FencingState& s) { return std::get<LockService>(s.nodes[0]); }
// Client k (1-based, node k).
inline const Client& client(const FencingState& s, unsigned k) {
  return std::get<Client>(s.nodes[k]);
}
inline const Storage& storage(const FencingState& s) { return std::get<Storage>(s.nodes.back()); }

}  // namespace faultline::fencing
