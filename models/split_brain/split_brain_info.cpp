// The "split-brain" model's ModelInfo: the design's switches as parameters and the factory
// that builds the typed runner. Its mistakes are settings (a piece off or mis-tuned), not
// variants.
#include "models/split_brain/split_brain_info.hpp"

#include "core/variant_names.hpp"
#include "dist/fault_budget.hpp"
#include "dist/time.hpp"
#include "trace/typed_runner.hpp"

namespace faultline {
namespace split_brain {

SplitBrainConfig split_brain_config_from_params(const ParamValues& values) {
  SplitBrainConfig c;
  c.nodes = static_cast<unsigned>(values.get_int("nodes"));
  c.election = values.get("election") == "timeout" ? Election::Timeout : Election::Quorum;
  c.lease = values.get_bool("lease");
  c.duration = static_cast<unsigned>(values.get_int("duration"));
  c.margin = static_cast<unsigned>(values.get_int("margin"));
  c.fencing = values.get_bool("fencing");
  c.max_epoch = static_cast<unsigned>(values.get_int("max_epoch"));
  c.time = dist::time_config_from_params(values);
  c.faults = dist::budget_from_params(values);
  if (c.lease) dist::check_lease_margin(c.margin, c.duration, " while leases are on");
  return c;
}

}  // namespace split_brain

ModelInfo split_brain_model_info() {
  ModelInfo info;
  info.name = "split-brain";
  info.summary =
      "A split-brain prevention design: leader election by quorum vote with epochs (or a naive "
      "timeout takeover), the leader holding a lease, and the epoch as a fencing token at a "
      "shared storage s; each piece a switch. Faults: partitions, pauses, crashes, drift, "
      "message loss and duplication.";
  info.params = {
      ParamSpec::integer("nodes", 3, 1, 5, "number of nodes n1..nN (the storage s is extra)"),
      ParamSpec::choice("election", "quorum", {"quorum", "timeout"},
                        "quorum: a candidate needs a majority of votes in a new epoch; timeout: "
                        "a node that has not heard from a leader for `duration` ticks takes "
                        "over in epoch + 1 without any vote"),
      ParamSpec::boolean("lease", true,
                         "the leader holds a lease: voters promise not to vote again for "
                         "`duration` ticks, and the leader acts only until its clock reads its "
                         "campaign start + duration - margin"),
      ParamSpec::integer("duration", 3, 1, 12, "lease duration (and takeover timeout), in ticks"),
      ParamSpec::integer("margin", 2, 0, 11,
                         "the leader's safety margin (safe when >= 2 * drift + pause_ticks)"),
      ParamSpec::boolean("fencing", true,
                         "the storage rejects writes whose epoch is below the highest it has "
                         "accepted (the epoch as fencing token)"),
      ParamSpec::integer("max_epoch", 2, 1, 6, "highest epoch an election may start"),
  };
  for (auto& p : dist::time_param_specs(4, 0, /*unbounded=*/true)) info.params.push_back(std::move(p));
  dist::append_fault_params(info.params);
  info.variants = {{"correct", "the design as the switches in [params] set it"}};
  info.make = [](const ParamValues& values, const std::string& variant) {
    parse_variant_name(VariantNames<int>{{"correct", 0}}, variant, "split-brain");
    return make_runner(
        split_brain::SplitBrainModel(split_brain::split_brain_config_from_params(values)));
  };
  return info;
}

}  // namespace faultline
