// Fencing tokens: a lock service l issuing leases with increasing fencing tokens, clients
// c1..cN that read-modify-write a counter at a storage service s while they believe they hold
// the lock, and s checking tokens. On the distributed layer with time (clocks, pauses).
// See fencing.cpp for the transitions, fencing_properties.cpp for the properties.
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
//    answers Value(v) (or Rejected); then "cK checks its lease" (clock below its end) and
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
// Reduction: ended leases are forgotten (as in models/lease).
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
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "core/fields.hpp"
#include "core/interval.hpp"
#include "core/properties.hpp"
#include "core/symmetry.hpp"
#include "core/symmetry_signatures.hpp"
#include "dist/action_kinds.hpp"
#include "dist/timed_cluster.hpp"

namespace faultline::fencing {

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

enum class MsgType : uint8_t { Request, Grant, Busy, Read, Value, Rejected, Write };

// Request/Grant/Busy: at = the client's clock when it sent the request (matches the reply to
// it), token and grant (ghost) in Grant. Read/Value/Rejected/Write: token; value in Value and
// Write; grant (ghost) in Write.
struct FencingMsg {
  MsgType type = MsgType::Request;
  uint16_t at = 0;
  uint8_t token = 0;
  uint8_t value = 0;
  uint8_t grant = 0;
  auto operator<=>(const FencingMsg&) const = default;
  bool operator==(const FencingMsg&) const = default;
  void encode(ByteSink& out) const;
  static FencingMsg decode(ByteSource& in);
  // "Request(at=1)", "Grant(at=1,token=2)", "Busy(at=1)", "Read(token=2)", "Value(token=2,v=1)",
  // "Rejected(token=1)", "Write(token=2,v=2)".
  std::string label() const;
};

struct LockService {
  uint8_t counter = 0;  // the last token issued (persistent, except in counter-forgotten)
  uint8_t holder = 0;   // client node id, 0: none (volatile)
  uint16_t ends = 0;    // l's clock reading at which the lease ends
  uint8_t grants = 0;   // ghost: grants so far, in true order (never reset)
  auto operator<=>(const LockService&) const = default;
};

enum class Op : uint8_t { None, ReadSent, HaveValue, Ready, Done };

struct Client {
  bool pending = false;
  uint16_t sent = 0;  // clock reading of the outstanding request
  uint16_t ends = 0;  // clock reading at which its lease ends; 0: no lease
  uint8_t token = 0;  // its lease's token
  uint8_t grant = 0;  // ghost: its lease's grant number
  Op op = Op::None;   // its read-modify-write under this lease
  uint8_t value = 0;  // the value read
  auto operator<=>(const Client&) const = default;
};

struct Storage {
  uint8_t value = 0;
  uint8_t max_token = 0;   // the highest token seen (checked and recorded)
  uint8_t last_token = 0;  // the token of the last accepted write
  std::vector<uint8_t> written;  // ghost: the grants whose write was accepted (sorted; a
                                 // duplicated write counts once: it is the same increment)
  uint8_t newest = 0;      // ghost: the newest grant among accepted writes
  uint8_t late_client = 0;  // ghost: first write accepted from a deposed holder (client id)
  uint8_t late_grant = 0;   //   its grant, and
  uint8_t late_newer = 0;   //   the newer grant that had already written
  auto operator<=>(const Storage&) const = default;
  size_t writes() const { return written.size(); }  // read-modify-writes accepted
};

struct FencingState {
  dist::TimedEnv<FencingMsg> env;
  LockService lock;
  std::vector<Client> clients;  // clients[k - 1] is ck (node k)
  Storage storage;
  bool operator==(const FencingState&) const = default;
};

class FencingModel {
 public:
  using State = FencingState;
  using Action = dist::Action;
  static constexpr dist::NodeId kLock = 0;
  static constexpr uint16_t kRequest = 0;  // Local step codes
  static constexpr uint16_t kRead = 1;
  static constexpr uint16_t kCheck = 2;
  static constexpr uint16_t kWrite = 3;

  explicit FencingModel(FencingConfig config);

  std::vector<State> initial_states() const;
  void actions(const State& s, std::vector<Action>& out) const;
  std::optional<State> next_state(const State& s, const Action& a) const;
  std::string action_label(const State& s, const Action& a) const;
  void encode(const State& s, ByteSink& out) const;
  State decode(ByteSource& in) const;
  void describe(const State& s, FieldWriter& w) const;
  const PropertySet<State>& properties() const { return props_; }
  // Coverage: the local steps, "deliver T" per message type, the budgeted faults and the
  // time actions the configuration allows (dist/action_kinds.hpp).
  const std::vector<std::string>& action_kinds() const { return kinds_.names(); }
  size_t action_kind(const State& s, const Action& a) const;

  // Symmetry (see the top of this file): clients c1..cN are interchangeable.
  SymmetryDecl symmetry() const;
  State permute(const State& s, const Permutation& p) const;
  // Per node, what renaming keeps (src/core/symmetry_signatures.hpp): its environment, its
  // client fields, and whether it holds the lock or wrote late.
  void symmetry_signatures(const State& s, std::vector<uint64_t>& sigs) const;
  // Interval symmetry of time (counter 0), declared only with unbounded time.
  std::vector<IntervalDecl> intervals() const;
  void interval_values(const State& s, size_t k, std::vector<uint32_t>& out) const;
  int64_t interval_cutoff(const State& s, size_t k) const;
  State remap_interval(const State& s, size_t k, const IntervalMap& f) const;

  // The environment: sequence charts get their lanes and events from it
  // (dist/timed_chart_events.hpp).
  const dist::TimedCluster<FencingMsg>& timed_cluster() const { return env_; }

  const FencingConfig& config() const { return config_; }
  dist::NodeId storage_id() const { return static_cast<dist::NodeId>(config_.clients + 1); }

 private:
  void deliver(State& s, const dist::Envelope<FencingMsg>& e) const;
  void lock_service(State& s, const dist::Envelope<FencingMsg>& e) const;
  void storage(State& s, const dist::Envelope<FencingMsg>& e) const;
  void forget_ended(State& s) const;

  FencingConfig config_;
  dist::TimedCluster<FencingMsg> env_;
  PropertySet<State> props_;
  dist::ActionKindTable kinds_;
};

PropertySet<FencingState> fencing_properties(const dist::NodeNames& names);

}  // namespace faultline::fencing
