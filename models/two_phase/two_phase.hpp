// Two-phase commit on the actor layer (src/dist/actor_model.hpp): a transaction manager tm and
// resource managers rm1..rmN (Gray and Lamport, "Consensus on Transaction Commit"; Lamport's
// TwoPhase.tla). An RM prepares (sending Prepared to tm) or, while still working, aborts on
// its own when its vote timer fires. tm commits once every RM's Prepared has arrived, or
// aborts at any point before deciding, and sends its decision to every RM. Durable: an RM's
// state and tm's decision; tm's set of Prepared RMs is volatile, so a restarted tm that has not
// decided can only abort. A restarted tm that has decided sends its decision again.
// With a crash-stop coordinator (params.coordinator = stop) a prepared RM may wait forever:
// the goal CoordinatorBlocked shows that classic blocking.
#pragma once
#include <cstdint>
#include <variant>
#include <vector>

#include "dist/actor_model.hpp"

namespace faultline::two_phase {

FAULTLINE_ENUM(RmState, working, prepared, committed, aborted)
FAULTLINE_ENUM(Decision, none, commit, abort)

struct Prepared {
  FAULTLINE_FIELDS(Prepared)
};
struct Commit {
  FAULTLINE_FIELDS(Commit)
};
struct Abort {
  FAULTLINE_FIELDS(Abort)
};

struct Tm {
  Decision decision = Decision::none;
  dist::NodeSet prepared;  // RMs whose Prepared arrived
  FAULTLINE_FIELDS(Tm, decision, prepared)
  FAULTLINE_DURABLE(Tm, decision)
};

struct Rm {
  RmState state = RmState::working;
  FAULTLINE_FIELDS(Rm, state)
  FAULTLINE_DURABLE(Rm, state)
};

enum class Variant : uint8_t {
  Correct,
  CommitOnFirstPrepared,  // tm commits as soon as one Prepared arrives
  CommitOnTimeout         // a prepared RM that hears nothing commits when its timer fires
};

struct TwoPhase {
  using Msg = std::variant<Prepared, Commit, Abort>;
  using Node = dist::ByRole<Tm, Rm>;
  using Ghost = dist::NoGhost;
  using State = dist::ActorState<TwoPhase>;
  using Actor = dist::Actor<TwoPhase>;
  static constexpr unsigned kTm = 0, kRm = 1;  // roles
  static constexpr unsigned kVoteTimer = 0;

  unsigned rms = 3;
  dist::CrashMode coordinator = dist::CrashMode::Restart;
  dist::NetworkMode network = dist::NetworkMode::Multiset;
  dist::FaultBudget faults;
  Variant variant = Variant::Correct;

  dist::ActorConfig<TwoPhase> actor_config() const;
  Node init(dist::NodeId id) const { return id == 0 ? Node(Tm{}) : Node(Rm{}); }
  void on_start(Actor& self, Node& node) const;
  void on_message(Actor& self, Node& node, dist::NodeId from, const Msg& msg) const;
  void on_timer(Actor& self, Node& node, unsigned timer) const;
  std::vector<dist::LocalStep<TwoPhase>> local_steps() const;
  dist::ActorProperties<TwoPhase> properties() const;
};

using TwoPhaseModel = dist::ActorModel<TwoPhase>;

}  // namespace faultline::two_phase
