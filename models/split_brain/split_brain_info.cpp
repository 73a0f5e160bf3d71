// The "split-brain" model's registration: the design's switches bound to SplitBrain, the
// margin check while leases are on.
#include "models/registry.hpp"
#include "models/split_brain/split_brain.hpp"
#include "trace/typed_runner.hpp"

namespace faultline {

ModelInfo split_brain_model_info() {
  using split_brain::SplitBrain, split_brain::Election;
  return make_model_info<split_brain::SplitBrainModel>(ModelCard<SplitBrain>{
      .name = "split-brain",
      .summary = "A split-brain prevention design: leader election by quorum vote with epochs "
                 "(or a naive timeout takeover), the leader holding a lease, and the epoch as a "
                 "fencing token at a shared storage s; each piece a switch. Faults: partitions, "
                 "pauses, crashes, drift, message loss and duplication.",
      .params =
          {int_param("nodes", &SplitBrain::nodes, 3, 1, 5,
                     "number of nodes n1..nN (the storage s is extra)"),
           choice_param<SplitBrain, Election>(
               "election", &SplitBrain::election,
               {{"quorum", Election::Quorum}, {"timeout", Election::Timeout}},
               "quorum: a candidate needs a majority of votes in a new epoch; timeout: a node "
               "that has not heard from a leader for `duration` ticks takes over in epoch + 1 "
               "without any vote"),
           bool_param("lease", &SplitBrain::lease, true,
                      "the leader holds a lease: voters promise not to vote again for "
                      "`duration` ticks, and the leader acts only until its clock reads its "
                      "campaign start + duration - margin"),
           int_param("duration", &SplitBrain::duration, 3, 1, 12,
                     "lease duration (and takeover timeout), in ticks"),
           int_param("margin", &SplitBrain::margin, 2, 0, 11,
                     "the leader's safety margin (safe when >= 2 * drift + pause_ticks)"),
           bool_param("fencing", &SplitBrain::fencing, true,
                      "the storage rejects writes whose epoch is below the highest it has "
                      "accepted (the epoch as fencing token)"),
           int_param("max_epoch", &SplitBrain::max_epoch, 2, 1, 6,
                     "highest epoch an election may start"),
           dist::time_params(&SplitBrain::time, 4, 0, /*unbounded=*/true),
           dist::fault_params(&SplitBrain::faults)},
      .variants = {{"correct", {}, "the design as the switches in [params] set it"}},
      .check =
          [](const SplitBrain& c) {
            if (c.lease) dist::check_lease_margin(c.margin, c.duration, " while leases are on");
          },
  });
}

}  // namespace faultline

FAULTLINE_INSTANTIATE_ENGINE(faultline::split_brain::SplitBrainModel)
