// The "lease" model's ModelInfo: parameter declarations, variant list with help text, and the
// factory that builds the typed runner.
#include "models/lease/lease_info.hpp"

#include "core/variant_names.hpp"
#include "dist/fault_budget.hpp"
#include "dist/time.hpp"
#include "trace/typed_runner.hpp"

namespace faultline {
namespace lease {

LeaseConfig lease_config_from_params(const ParamValues& values, const std::string& variant) {
  static const VariantNames<Variant> names = {{"correct", Variant::Correct},
                                              {"no-drift-margin", Variant::NoDriftMargin},
                                              {"timer-on-receipt", Variant::TimerOnReceipt}};
  LeaseConfig c;
  c.clients = static_cast<unsigned>(values.get_int("clients"));
  c.duration = static_cast<unsigned>(values.get_int("duration"));
  c.margin = static_cast<unsigned>(values.get_int("margin"));
  c.timer_on_receipt = values.get("timer") == "receipt";
  c.time = dist::time_config_from_params(values);
  c.faults = dist::budget_from_params(values);
  c.variant = parse_variant_name(names, variant, "lease");
  dist::check_lease_margin(c.margin, c.duration);
  return c;
}

}  // namespace lease

ModelInfo lease_model_info() {
  ModelInfo info;
  info.name = "lease";
  info.summary =
      "A lease grantor g and clients c1..cN that acquire, renew and use time-bounded leases, "
      "deciding by their own drifting clocks; property: at no true time do two clients act as "
      "holders. Faults: clock drift, process pauses, message loss, duplication, crashes, "
      "partitions.";
  info.params = {
      ParamSpec::integer("clients", 2, 1, 4, "number of clients c1..cN"),
      ParamSpec::integer("duration", 4, 1, 12, "lease duration D in ticks, by the grantor's clock"),
      ParamSpec::integer("margin", 2, 0, 11,
                         "the holder's safety margin M: it stops using the lease M ticks early "
                         "(safe when M >= 2 * drift + pause_ticks with timer = send)"),
      ParamSpec::choice("timer", "send", {"send", "receipt"},
                        "when the holder starts its lease timer: when it sends the request "
                        "(safe) or when it receives the grant"),
  };
  for (auto& p : dist::time_param_specs(6, 1, /*unbounded=*/true)) info.params.push_back(std::move(p));
  dist::append_fault_params(info.params);
  info.variants = {
      {"correct", "the holder's timer starts when it sends the request (or as `timer` says) and "
                  "it stops `margin` ticks early"},
      {"no-drift-margin", "the holder uses the whole lease duration: no safety margin for drift"},
      {"timer-on-receipt",
       "the holder starts its timer when the grant arrives (as timer = receipt), so a grant "
       "delayed in the network extends its lease"},
  };
  info.make = [](const ParamValues& values, const std::string& variant) {
    return make_runner(lease::LeaseModel(lease::lease_config_from_params(values, variant)));
  };
  return info;
}

}  // namespace faultline
