// Fault budgets kept in the state: how many more drops, duplications, crashes and partitions
// the environment may still inject. Budgets are what make "every fault up to a bound" finite.
// Every message-passing model declares the same "faults" keys via fault_params(), and most
// the same "network" key via network_param().
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "core/fields.hpp"
#include "core/model_card.hpp"
#include "core/params.hpp"
#include "dist/network.hpp"

namespace faultline::dist {

struct FaultBudget {
  uint8_t drop = 0;       // messages that may still be lost
  uint8_t duplicate = 0;  // messages that may still be duplicated
  uint8_t crash = 0;      // crashes still allowed (a crashed node may always restart)
  uint8_t partition = 0;  // partitions still allowed (healing is free)
  bool operator==(const FaultBudget&) const = default;
  auto operator<=>(const FaultBudget&) const = default;

  void encode(ByteSink& out) const {
    out.u8(drop);
    out.u8(duplicate);
    out.u8(crash);
    out.u8(partition);
  }
  static FaultBudget decode(ByteSource& in) {
    FaultBudget b;
    b.drop = in.u8();
    b.duplicate = in.u8();
    b.crash = in.u8();
    b.partition = in.u8();
    return b;
  }
  // "faults left" = "drop 1, duplicate 0, crash 1, partition 0"
  void describe(FieldWriter& w) const {
    w.field("faults left", "drop " + std::to_string(drop) + ", duplicate " +
                               std::to_string(duplicate) + ", crash " + std::to_string(crash) +
                               ", partition " + std::to_string(partition));
  }
};

inline constexpr int64_t kMaxFaultBudget = 16;

// The "faults" section every message-passing model declares: drop, duplicate, crash,
// partition, all defaulting to 0.
inline std::vector<ParamSpec> fault_param_specs() {
  return {
      ParamSpec::integer("drop", 0, 0, kMaxFaultBudget, "messages the network may lose", "faults"),
      ParamSpec::integer("duplicate", 0, 0, kMaxFaultBudget,
                         "messages the network may deliver twice (one extra copy each)", "faults"),
      ParamSpec::integer("crash", 0, 0, kMaxFaultBudget,
                         "node crashes (crash-restart count); a crashed node may restart at any "
                         "later point, losing its volatile state",
                         "faults"),
      ParamSpec::integer("partition", 0, 0, kMaxFaultBudget,
                         "network partitions (nodes split in two sides; messages across the cut "
                         "wait until heal)",
                         "faults"),
  };
}

// The initial budgets from validated parameter values.
inline FaultBudget budget_from_params(const ParamValues& v) {
  FaultBudget b;
  b.drop = static_cast<uint8_t>(v.get_int("drop"));
  b.duplicate = static_cast<uint8_t>(v.get_int("duplicate"));
  b.crash = static_cast<uint8_t>(v.get_int("crash"));
  b.partition = static_cast<uint8_t>(v.get_int("partition"));
  return b;
}

// The fault keys, bound to a configuration's FaultBudget field.
template <class Config>
ConfigParam<Config> fault_params(FaultBudget Config::*field) {
  return {fault_param_specs(),
          [field](Config& c, const ParamValues& v) { c.*field = budget_from_params(v); }};
}

// The "network" key of the message-passing models: any order (multiset) or per-channel FIFO.
template <class Config>
ConfigParam<Config> network_param(NetworkMode Config::*field) {
  return choice_param<Config, NetworkMode>(
      "network", field, {{"multiset", NetworkMode::Multiset}, {"fifo", NetworkMode::Fifo}},
      "delivery order: any order (multiset) or per-channel FIFO");
}

}  // namespace faultline::dist
