// A lease service: a grantor g and clients c1..cN that acquire, renew and use time-bounded
// leases, on the distributed layer with time (src/dist/timed_cluster.hpp): true time, clocks
// drifting within `drift`, process pauses. Clients decide by their own clocks; the property
// judges by true time. See lease.cpp for the transitions, lease_properties.cpp for the
// properties.
//
// Protocol (duration D, holder's safety margin M):
//  - "request cK": a client with no request outstanding notes its clock reading (the send
//    time) and sends Request to g. A holder requests again to renew.
//  - g on Request from c: when no lease is running by g's clock (none granted, or its clock
//    has reached the end), or c holds it (a renewal), g grants: holder c, the lease ends when
//    g's clock reads (now) + D; Grant to c. Otherwise Busy. g's lease record is persistent.
//  - c on Grant (for its outstanding request): it holds the lease until its own clock reads start + D - M, where start is
//    the send time of its request (timer = send) or the reading on receipt (timer = receipt,
//    unsafe: the grant may have waited in the network). Busy ends the request.
//  - "cK checks its lease": a running client whose clock reads below its lease end decides
//    to act as holder; "cK acts as holder" does it. Both are instantaneous (no tick between
//    them unless cK is paused: the pause between checking a lease and using it).
// Why M >= 2 * drift + pause_ticks is safe with timer = send: the client's clock may measure
// the lease short by `drift` and g's clock long by `drift`, and a check may be followed by a
// pause of pause_ticks before the act. Variant no-drift-margin ignores M.
// Ghosts: the clients that acted as holder at the current true time (cleared by each tick),
// and every client that ever acted.
// Reduction: an ended lease is forgotten (a client's lease end <= its clock becomes "none", as
// does g's record once g's clock reaches its end): clocks never go back, so neither can use it.
//
// Symmetry (engine.symmetry = on):
//  - Permutations: the clients are interchangeable (g stays node 0). Nothing treats a client
//    by its index: g grants to whoever asks when no lease runs, every client may pause,
//    drift and crash alike, and the properties count clients (acted, ever_acted).
//  - Interval symmetry of time, declared only with unbounded time (params.horizon = 0; with a
//    horizon, "tick only while now < horizon" is an absolute cap and shifting is unsound).
//    Time values: true time `now`, g's lease end, each client's lease end and request send
//    time, and the send time `at` in every message; clocks are stored as now + ahead, with
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

namespace faultline::lease {

enum class Variant : uint8_t {
  Correct,
  NoDriftMargin,   // the holder uses the whole duration: no safety margin for drift
  TimerOnReceipt,  // the holder starts its timer when the grant arrives
};

struct LeaseConfig {
  unsigned clients = 2;
  unsigned duration = 4;  // D, by the grantor's clock
  unsigned margin = 2;    // M, subtracted by the holder
  bool timer_on_receipt = false;
  dist::TimeConfig time;  // horizon, drift, pauses (nodes, clocked, pausable set by the model)
  dist::FaultBudget faults;
  Variant variant = Variant::Correct;
};

enum class MsgType : uint8_t { Request, Grant, Busy };

// Every message carries the client's clock reading when it sent the request (`at`), so that
// the client matches a reply to its outstanding request: a reply to an earlier request (sent
// before a crash, or duplicated) is ignored.
struct LeaseMsg {
  MsgType type = MsgType::Request;
  uint16_t at = 0;
  auto operator<=>(const LeaseMsg&) const = default;
  bool operator==(const LeaseMsg&) const = default;
  void encode(ByteSink& out) const {
    out.u8(static_cast<uint8_t>(type));
    out.varint(at);
  }
  static LeaseMsg decode(ByteSource& in) {
    LeaseMsg m;
    m.type = static_cast<MsgType>(in.u8());
    m.at = static_cast<uint16_t>(in.varint());
    return m;
  }
  // "Request(at=2)", "Grant(at=2)", "Busy(at=2)"
  std::string label() const {
    return std::string(type == MsgType::Request ? "Request"
                       : type == MsgType::Grant ? "Grant"
                                                : "Busy") +
           "(at=" + std::to_string(at) + ")";
  }
};

// Clock readings are absolute (true time + ahead); 0 in `ends` means none. Time values are 16
// bits, encoded as varints (one byte below 128), for unbounded time (horizon 0).
struct Grantor {
  uint8_t holder = 0;  // client id (node id), 0: none
  uint16_t ends = 0;   // g's clock reading at which the lease ends
  auto operator<=>(const Grantor&) const = default;
};

struct Client {
  bool pending = false;  // a request is outstanding
  uint16_t sent = 0;     // the clock reading when it was sent (pending only)
  uint16_t ends = 0;     // the clock reading at which the client's lease ends; 0: no lease
  bool ready = false;    // checked its lease and is about to act
  auto operator<=>(const Client&) const = default;
};

struct LeaseState {
  dist::TimedEnv<LeaseMsg> env;
  Grantor grantor;
  std::vector<Client> clients;  // clients[k - 1] is ck (node k; node 0 is g)
  dist::NodeSet acted;          // ghost: clients that acted as holder at this true time
  dist::NodeSet ever_acted;     // ghost
  bool operator==(const LeaseState&) const = default;
};

class LeaseModel {
 public:
  using State = LeaseState;
  using Action = dist::Action;
  static constexpr dist::NodeId kGrantor = 0;
  static constexpr uint16_t kRequest = 0;  // Local step codes
  static constexpr uint16_t kCheck = 1;
  static constexpr uint16_t kAct = 2;

  explicit LeaseModel(LeaseConfig config);

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
  // client fields, whether it holds the grantor's lease and whether it acted.
  void symmetry_signatures(const State& s, std::vector<uint64_t>& sigs) const;
  // Interval symmetry of time (counter 0), declared only with unbounded time.
  std::vector<IntervalDecl> intervals() const;
  void interval_values(const State& s, size_t k, std::vector<uint32_t>& out) const;
  int64_t interval_cutoff(const State& s, size_t k) const;
  State remap_interval(const State& s, size_t k, const IntervalMap& f) const;

  // The environment: sequence charts get their lanes and events from it
  // (dist/timed_chart_events.hpp).
  const dist::TimedCluster<LeaseMsg>& timed_cluster() const { return env_; }

  const LeaseConfig& config() const { return config_; }
  // The margin the holder subtracts (0 in no-drift-margin).
  unsigned holder_margin() const;

 private:
  void deliver(State& s, const dist::Envelope<LeaseMsg>& e) const;
  void forget_ended(State& s) const;

  LeaseConfig config_;
  dist::TimedCluster<LeaseMsg> env_;
  PropertySet<State> props_;
  dist::ActionKindTable kinds_;
};

PropertySet<LeaseState> lease_properties(const dist::NodeNames& names);

}  // namespace faultline::lease
