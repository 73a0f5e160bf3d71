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
#include <string>
#include <variant>

#include "dist/actor_model.hpp"

namespace faultline::two_phase {

using dist::NodeId;

FAULTLINE_ENUM(RmState, working, prepared, committed, aborted)
FAULTLINE_ENUM(Decision, none, commit, abort)
FAULTLINE_SIGNALS(Prepared, Commit, Abort)  // messages
enum class Variant { Correct, CommitOnFirstPrepared, CommitOnTimeout };

struct Tm {
  Decision decision = Decision::none;
  dist::NodeSet prepared;  // RMs whose Prepared arrived (volatile)
  FAULTLINE_FIELDS(Tm, decision, prepared)
  FAULTLINE_DURABLE(Tm, decision)
};
struct Rm {
  RmState state = RmState::working;
  FAULTLINE_FIELDS(Rm, state)
  FAULTLINE_DURABLE(Rm, state)
};

struct TwoPhase
    : dist::Protocol<TwoPhase, std::variant<Prepared, Commit, Abort>, dist::ByRole<Tm, Rm>> {
  static constexpr unsigned kRm = 1;  // role of the RMs (tm is role 0, node 0)
  unsigned rms = 3;
  dist::CrashMode coordinator = dist::CrashMode::Restart;
  dist::NetworkMode network = dist::NetworkMode::Multiset;
  dist::FaultBudget faults;
  Variant variant = Variant::Correct;

  Config actor_config() const {
    return {.roles = {{.name = "tm", .crash = coordinator, .numbered = false},
                      {.name = "rm", .count = rms}},
            .timers = {"vote"},
            .network = network,
            .faults = faults};
  }

  void on_start(Actor& self, Tm& tm) const {  // a restarted tm that decided says so again
    if (tm.decision != Decision::none) decide(self, tm, tm.decision);
  }
  void on_start(Actor& self, Rm& rm) const {
    if (rm.state == RmState::working) self.set_timer(0);
  }
  void on_message(Actor&, Tm& tm, NodeId from, const Msg&) const {  // a Prepared
    if (tm.decision == Decision::none) tm.prepared.insert(from);
  }
  void on_message(Actor& self, Rm& rm, NodeId, const Msg& msg) const {
    rm.state = std::holds_alternative<Commit>(msg) ? RmState::committed : RmState::aborted;
    self.cancel_timer(0);
  }
  void on_timer(Actor&, Rm& rm, unsigned) const {  // the vote timer
    if (rm.state == RmState::working) rm.state = RmState::aborted;
    if (rm.state == RmState::prepared && variant == Variant::CommitOnTimeout)
      rm.state = RmState::committed;
  }
  static void decide(Actor& self, Tm& tm, Decision d) {
    tm.decision = d;
    self.broadcast(kRm, d == Decision::commit ? Msg(Commit{}) : Msg(Abort{}));
  }

  Steps local_steps() const {
    return {{.name = "prepare",
             .enabled = [](const Rm& rm) { return rm.state == RmState::working; },
             .run =
                 [](const TwoPhase& p, Actor& self, Rm& rm) {
                   rm.state = RmState::prepared;
                   self.send(0, Prepared{});
                   if (p.variant != Variant::CommitOnTimeout) self.cancel_timer(0);
                 }},
            {.name = "commit",
             .enabled =
                 [](const TwoPhase& p, const Tm& tm) {
                   const unsigned needed = p.variant == Variant::CommitOnFirstPrepared ? 1 : p.rms;
                   return tm.decision == Decision::none && tm.prepared.size() >= needed;
                 },
             .run = [](Actor& self, Tm& tm) { decide(self, tm, Decision::commit); }},
            {.name = "abort",
             .enabled = [](const Tm& tm) { return tm.decision == Decision::none; },
             .run = [](Actor& self, Tm& tm) { decide(self, tm, Decision::abort); }}};
  }

  Properties properties() const {
    Properties props{
        .invariants = {{"Consistent", "no RM has committed while another has aborted",
                        [](const TwoPhase&, const State& s) -> Failure {
                          for (auto [a, ra] : s.all<Rm>())
                            for (auto [b, rb] : s.all<Rm>())
                              if (ra.state == RmState::committed && rb.state == RmState::aborted)
                                return "rm" + std::to_string(a) + " committed but rm" +
                                       std::to_string(b) + " aborted";
                          return {};
                        }}},
        .steps = {{"DecisionsFinal", "an RM that committed or aborted never changes its state",
                   [](const TwoPhase&, const State& before, const State& after) -> Failure {
                     for (auto [n, rm] : before.all<Rm>())
                       if (const RmState now = after.node<Rm>(n).state;
                           now != rm.state && rm.state >= RmState::committed)
                         return "rm" + std::to_string(n) + " went from " +
                                reflect::formatted(rm.state) + " to " + reflect::formatted(now);
                     return {};
                   }}},
        .goals = {{"AllCommitted", "every RM has committed", [](const TwoPhase&, const State& s) {
                     return s.every<Rm>(
                         [](const Rm& rm) { return rm.state == RmState::committed; });
                   }}}};
    if (coordinator == dist::CrashMode::Stop && faults.crash > 0)
      props.goals.push_back(
          {"CoordinatorBlocked",
           "tm has crashed for good while an RM is prepared with no decision on its way (that "
           "RM waits forever)",
           [](const TwoPhase&, const State& s) {
             return !s.up(0) && s.any<Rm>([&](NodeId n, const Rm& rm) {
               return rm.state == RmState::prepared && !s.in_flight_to(n);
             });
           }});
    return props;
  }
};

using TwoPhaseModel = dist::ActorModel<TwoPhase>;

}  // namespace faultline::two_phase
