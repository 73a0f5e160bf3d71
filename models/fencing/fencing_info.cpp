// The "fencing" model's registration: parameters bound to Fencing, variants, the margin
// check.
#include "models/fencing/fencing.hpp"
#include "models/registry.hpp"
#include "trace/typed_runner.hpp"

namespace faultline {

ModelInfo fencing_model_info() {
  using fencing::Fencing, fencing::Variant;
  return make_model_info<fencing::FencingModel>(ModelCard<Fencing, Variant>{
      .name = "fencing",
      .summary = "A lock service l issuing leases with increasing fencing tokens, clients c1..cN "
                 "doing a read-modify-write at a storage service s while they believe they hold "
                 "the lock (they may pause), and s checking tokens. Faults: lock-service "
                 "crashes, clock drift, pauses, message loss, duplication, partitions.",
      .params = {int_param("clients", &Fencing::clients, 2, 1, 4, "number of clients c1..cN"),
                 int_param("duration", &Fencing::duration, 3, 1, 12,
                           "lease duration D in ticks, by l's clock"),
                 int_param("margin", &Fencing::margin, 0, 0, 11,
                           "the holder's safety margin: it stops M ticks early by its own clock"),
                 int_param("tokens", &Fencing::tokens, 2, 1, 8,
                           "fencing tokens l may issue in all (new grants)"),
                 dist::time_params(&Fencing::time, 4, 0, /*unbounded=*/true),
                 with_help(dist::fault_params(&Fencing::faults), "crash",
                           "crashes of the lock service l (it restarts at any later point)")},
      .variant = &Fencing::variant,
      .variants = {{"correct", Variant::Correct,
                    "s rejects reads and writes with a token below the highest it has seen"},
                   {"no-token-check", Variant::NoTokenCheck,
                    "s accepts every write: a client paused past its lease (or whose write was "
                    "delayed) overwrites its successor's"},
                   {"counter-forgotten", Variant::CounterForgotten,
                    "l keeps its token counter in memory: after a crash it issues token 1 again "
                    "(needs crash = 1)"},
                   {"unchecked-read", Variant::UncheckedRead,
                    "tokens are checked on writes but not on the read of a read-modify-write: "
                    "lost update"}},
      .check = [](const Fencing& c) { dist::check_lease_margin(c.margin, c.duration); },
  });
}

}  // namespace faultline

FAULTLINE_INSTANTIATE_ENGINE(faultline::fencing::FencingModel)
