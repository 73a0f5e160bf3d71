// The "two-phase" model's ModelInfo: parameters, variants and the factory that builds the
// actor model's runner.
#include "models/two_phase/two_phase_info.hpp"

#include "core/variant_names.hpp"
#include "dist/fault_budget.hpp"
#include "models/two_phase/two_phase.hpp"
#include "trace/typed_runner.hpp"

namespace faultline {

ModelInfo two_phase_model_info() {
  ModelInfo info;
  info.name = "two-phase";
  info.summary =
      "Two-phase commit on the actor layer: a transaction manager tm and resource managers "
      "rm1..rmN; property: no RM commits while another aborts. Faults: message loss, "
      "duplication, crash-restart or crash-stop of tm, crashes of RMs, partitions.";
  info.params = {
      ParamSpec::integer("rms", 3, 1, 6, "number of resource managers rm1..rmN"),
      ParamSpec::choice("coordinator", "restart", {"restart", "stop"},
                        "what a crash of tm is: crash-restart (its decision is durable) or "
                        "crash-stop (it never comes back)"),
      dist::network_param_spec(),
  };
  dist::append_fault_params(info.params);
  info.variants = {
      {"correct", "the protocol as published"},
      {"commit-on-first-prepared", "tm commits as soon as one RM has prepared, not all of them"},
      {"commit-on-timeout",
       "a prepared RM that hears no decision commits by itself when its timer fires"},
  };
  info.make = [](const ParamValues& values, const std::string& variant) {
    static const VariantNames<two_phase::Variant> names = {
        {"correct", two_phase::Variant::Correct},
        {"commit-on-first-prepared", two_phase::Variant::CommitOnFirstPrepared},
        {"commit-on-timeout", two_phase::Variant::CommitOnTimeout}};
    two_phase::TwoPhase p;
    p.rms = static_cast<unsigned>(values.get_int("rms"));
    p.coordinator =
        values.get("coordinator") == "stop" ? dist::CrashMode::Stop : dist::CrashMode::Restart;
    p.network = dist::network_from_params(values);
    p.faults = dist::budget_from_params(values);
    p.variant = parse_variant_name(names, variant, "two-phase");
    return make_runner(two_phase::TwoPhaseModel(std::move(p)));
  };
  return info;
}

}  // namespace faultline
