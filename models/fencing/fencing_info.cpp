// The "fencing" model's ModelInfo: parameter declarations, variant list with help text, and
// the factory that builds the typed runner.
#include "models/fencing/fencing_info.hpp"

#include "core/variant_names.hpp"
#include "dist/fault_budget.hpp"
#include "dist/time.hpp"
#include "trace/typed_runner.hpp"

namespace faultline {
namespace fencing {

FencingConfig fencing_config_from_params(const ParamValues& values, const std::string& variant) {
  static const VariantNames<Variant> names = {{"correct", Variant::Correct},
                                              {"no-token-check", Variant::NoTokenCheck},
                                              {"counter-forgotten", Variant::CounterForgotten},
                                              {"unchecked-read", Variant::UncheckedRead}};
  FencingConfig c;
  c.clients = static_cast<unsigned>(values.get_int("clients"));
  c.duration = static_cast<unsigned>(values.get_int("duration"));
  c.margin = static_cast<unsigned>(values.get_int("margin"));
  c.tokens = static_cast<unsigned>(values.get_int("tokens"));
  c.time = dist::time_config_from_params(values);
  c.faults = dist::budget_from_params(values);
  c.variant = parse_variant_name(names, variant, "fencing");
  dist::check_lease_margin(c.margin, c.duration);
  return c;
}

}  // namespace fencing

ModelInfo fencing_model_info() {
  ModelInfo info;
  info.name = "fencing";
  info.summary =
      "A lock service l issuing leases with increasing fencing tokens, clients c1..cN doing a "
      "read-modify-write at a storage service s while they believe they hold the lock (they "
      "may pause), and s checking tokens. Faults: lock-service crashes, clock drift, pauses, "
      "message loss, duplication, partitions.";
  info.params = {
      ParamSpec::integer("clients", 2, 1, 4, "number of clients c1..cN"),
      ParamSpec::integer("duration", 3, 1, 12, "lease duration D in ticks, by l's clock"),
      ParamSpec::integer("margin", 0, 0, 11,
                         "the holder's safety margin: it stops M ticks early by its own clock"),
      ParamSpec::integer("tokens", 2, 1, 8, "fencing tokens l may issue in all (new grants)"),
  };
  for (auto& p : dist::time_param_specs(4, 0, /*unbounded=*/true)) info.params.push_back(std::move(p));
  dist::append_fault_params(info.params);
  for (auto& p : info.params)
    if (p.name == "crash") p.help = "crashes of the lock service l (it restarts at any later point)";
  info.variants = {
      {"correct", "s rejects reads and writes with a token below the highest it has seen"},
      {"no-token-check",
       "s accepts every write: a client paused past its lease (or whose write was delayed) "
       "overwrites its successor's"},
      {"counter-forgotten",
       "l keeps its token counter in memory: after a crash it issues token 1 again (needs "
       "crash = 1)"},
      {"unchecked-read",
       "tokens are checked on writes but not on the read of a read-modify-write: lost update"},
  };
  info.make = [](const ParamValues& values, const std::string& variant) {
    return make_runner(fencing::FencingModel(fencing::fencing_config_from_params(values, variant)));
  };
  return info;
}

}  // namespace faultline
