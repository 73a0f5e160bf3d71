// The "lease" model's registration: parameters bound to Lease, variants, the margin check.
#include "models/lease/lease.hpp"
#include "models/registry.hpp"
#include "trace/typed_runner.hpp"

namespace faultline {

ModelInfo lease_model_info() {
  using lease::Lease, lease::Variant;
  return make_model_info<lease::LeaseModel>(ModelCard<Lease, Variant>{
      .name = "lease",
      .summary = "A lease grantor g and clients c1..cN that acquire, renew and use time-bounded "
                 "leases, deciding by their own drifting clocks; property: at no true time do "
                 "two clients act as holders. Faults: clock drift, process pauses, message "
                 "loss, duplication, crashes, partitions.",
      .params = {int_param("clients", &Lease::clients, 2, 1, 4, "number of clients c1..cN"),
                 int_param("duration", &Lease::duration, 4, 1, 12,
                           "lease duration D in ticks, by the grantor's clock"),
                 int_param("margin", &Lease::margin, 2, 0, 11,
                           "the holder's safety margin M: it stops using the lease M ticks "
                           "early (safe when M >= 2 * drift + pause_ticks with timer = send)"),
                 choice_param<Lease, bool>(
                     "timer", &Lease::timer_on_receipt, {{"send", false}, {"receipt", true}},
                     "when the holder starts its lease timer: when it sends the request (safe) "
                     "or when it receives the grant"),
                 dist::time_params(&Lease::time, 6, 1, /*unbounded=*/true),
                 dist::fault_params(&Lease::faults)},
      .variant = &Lease::variant,
      .variants = {{"correct", Variant::Correct,
                    "the holder's timer starts when it sends the request (or as `timer` says) "
                    "and it stops `margin` ticks early"},
                   {"no-drift-margin", Variant::NoDriftMargin,
                    "the holder uses the whole lease duration: no safety margin for drift"},
                   {"timer-on-receipt", Variant::TimerOnReceipt,
                    "the holder starts its timer when the grant arrives (as timer = receipt), so "
                    "a grant delayed in the network extends its lease"}},
      .check = [](const Lease& c) { dist::check_lease_margin(c.margin, c.duration); },
  });
}

}  // namespace faultline

FAULTLINE_INSTANTIATE_ENGINE(faultline::lease::LeaseModel)
