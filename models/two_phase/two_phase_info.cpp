// The "two-phase" model's registration: parameters bound to TwoPhase's fields, variants.
#include "models/registry.hpp"
#include "models/two_phase/two_phase.hpp"
#include "trace/typed_runner.hpp"

namespace faultline {

ModelInfo two_phase_model_info() {
  using two_phase::TwoPhase, two_phase::Variant;
  return make_model_info<two_phase::TwoPhaseModel>(ModelCard<TwoPhase, Variant>{
      .name = "two-phase",
      .summary = "Two-phase commit on the actor layer: a transaction manager tm and resource "
                 "managers rm1..rmN; property: no RM commits while another aborts. Faults: "
                 "message loss, duplication, crash-restart or crash-stop of tm, crashes of RMs, "
                 "partitions.",
      .params = {int_param("rms", &TwoPhase::rms, 3, 1, 6, "number of resource managers rm1..rmN"),
                 choice_param<TwoPhase, dist::CrashMode>(
                     "coordinator", &TwoPhase::coordinator,
                     {{"restart", dist::CrashMode::Restart}, {"stop", dist::CrashMode::Stop}},
                     "what a crash of tm is: crash-restart (its decision is durable) or "
                     "crash-stop (it never comes back)"),
                 dist::network_param(&TwoPhase::network), dist::fault_params(&TwoPhase::faults)},
      .variant = &TwoPhase::variant,
      .variants = {{"correct", Variant::Correct, "the protocol as published"},
                   {"commit-on-first-prepared", Variant::CommitOnFirstPrepared,
                    "tm commits as soon as one RM has prepared, not all of them"},
                   {"commit-on-timeout", Variant::CommitOnTimeout,
                    "a prepared RM that hears no decision commits by itself when its timer fires"}},
  });
}

}  // namespace faultline

FAULTLINE_INSTANTIATE_ENGINE(faultline::two_phase::TwoPhaseModel)
