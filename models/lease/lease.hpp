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
#pragma once
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "core/fields.hpp"
#include "core/properties.hpp"
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
  uint8_t at = 0;
  auto operator<=>(const LeaseMsg&) const = default;
  bool operator==(const LeaseMsg&) const = default;
  void encode(ByteSink& out) const {
    out.u8(static_cast<uint8_t>(type));
    out.u8(at);
  }
  static LeaseMsg decode(ByteSource& in) {
    LeaseMsg m;
    m.type = static_cast<MsgType>(in.u8());
    m.at = in.u8();
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

// Clock readings are absolute (true time + ahead); 0 in `ends` means none.
struct Grantor {
  uint8_t holder = 0;  // client id (node id), 0: none
  uint8_t ends = 0;    // g's clock reading at which the lease ends
  auto operator<=>(const Grantor&) const = default;
};

struct Client {
  bool pending = false;  // a request is outstanding
  uint8_t sent = 0;      // the clock reading when it was sent (pending only)
  uint8_t ends = 0;      // the clock reading at which the client's lease ends; 0: no lease
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
};

PropertySet<LeaseState> lease_properties(const dist::NodeNames& names);

}  // namespace faultline::lease
