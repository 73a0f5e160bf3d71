// Two-phase commit's handlers, local steps and properties (the protocol: two_phase.hpp).
#include "models/two_phase/two_phase.hpp"

#include <string>

namespace faultline::two_phase {

using dist::NodeId;
using Failure = std::optional<std::string>;

dist::ActorConfig<TwoPhase> TwoPhase::actor_config() const {
  return {.roles = {{.name = "tm", .crash = coordinator, .numbered = false},
                    {.name = "rm", .count = rms}},
          .timers = {"vote"},
          .network = network,
          .faults = faults};
}

void TwoPhase::on_start(Actor& self, Node& node) const {
  if (auto* tm = std::get_if<Tm>(&node)) {
    if (tm->decision == Decision::commit) self.broadcast(kRm, Commit{});
    if (tm->decision == Decision::abort) self.broadcast(kRm, Abort{});
  } else if (std::get<Rm>(node).state == RmState::working) {
    self.set_timer(kVoteTimer);
  }
}

void TwoPhase::on_message(Actor& self, Node& node, NodeId from, const Msg& msg) const {
  if (auto* tm = std::get_if<Tm>(&node)) {
    if (tm->decision == Decision::none) tm->prepared.insert(from);  // msg is a Prepared
    return;
  }
  std::get<Rm>(node).state = std::holds_alternative<Commit>(msg) ? RmState::committed
                                                                 : RmState::aborted;
  self.cancel_timer(kVoteTimer);
}

void TwoPhase::on_timer(Actor&, Node& node, unsigned) const {
  Rm& rm = std::get<Rm>(node);
  if (rm.state == RmState::working) rm.state = RmState::aborted;
  if (rm.state == RmState::prepared && variant == Variant::CommitOnTimeout)
    rm.state = RmState::committed;
}

std::vector<dist::LocalStep<TwoPhase>> TwoPhase::local_steps() const {
  return {
      {.name = "prepare",
       .role = kRm,
       .enabled = [](const TwoPhase&, const State& s, NodeId n) {
         return std::get<Rm>(s.nodes[n]).state == RmState::working;
       },
       .run =
           [](const TwoPhase& p, Actor& self, Node& n) {
             std::get<Rm>(n).state = RmState::prepared;
             self.send(0, Prepared{});
             if (p.variant != Variant::CommitOnTimeout) self.cancel_timer(kVoteTimer);
           }},
      {.name = "commit",
       .role = kTm,
       .enabled = [](const TwoPhase& p, const State& s, NodeId n) {
         const Tm& tm = std::get<Tm>(s.nodes[n]);
         const unsigned needed = p.variant == Variant::CommitOnFirstPrepared ? 1 : p.rms;
         return tm.decision == Decision::none && tm.prepared.size() >= needed;
       },
       .run =
           [](const TwoPhase&, Actor& self, Node& n) {
             std::get<Tm>(n).decision = Decision::commit;
             self.broadcast(kRm, Commit{});
           }},
      {.name = "abort",
       .role = kTm,
       .enabled = [](const TwoPhase&, const State& s, NodeId n) {
         return std::get<Tm>(s.nodes[n]).decision == Decision::none;
       },
       .run =
           [](const TwoPhase&, Actor& self, Node& n) {
             std::get<Tm>(n).decision = Decision::abort;
             self.broadcast(kRm, Abort{});
           }},
  };
}

namespace {

const Rm& rm_of(const TwoPhase::State& s, NodeId n) { return std::get<Rm>(s.nodes[n]); }

// "rm1 committed but rm2 aborted"
Failure consistent(const TwoPhase& p, const TwoPhase::State& s) {
  for (NodeId a = 1; a <= p.rms; ++a)
    for (NodeId b = 1; b <= p.rms; ++b)
      if (rm_of(s, a).state == RmState::committed && rm_of(s, b).state == RmState::aborted)
        return "rm" + std::to_string(a) + " committed but rm" + std::to_string(b) + " aborted";
  return std::nullopt;
}

Failure decisions_final(const TwoPhase& p, const TwoPhase::State& before,
                        const TwoPhase::State& after) {
  for (NodeId n = 1; n <= p.rms; ++n) {
    const RmState was = rm_of(before, n).state, now = rm_of(after, n).state;
    if ((was == RmState::committed || was == RmState::aborted) && now != was)
      return "rm" + std::to_string(n) + " went from " + reflect::formatted(was) + " to " +
             reflect::formatted(now);
  }
  return std::nullopt;
}

bool all_committed(const TwoPhase& p, const TwoPhase::State& s) {
  for (NodeId n = 1; n <= p.rms; ++n)
    if (rm_of(s, n).state != RmState::committed) return false;
  return true;
}

// tm is down for good and a prepared RM has no decision on its way: it can never finish.
bool coordinator_blocked(const TwoPhase& p, const TwoPhase::State& s) {
  if (s.up(0)) return false;
  for (NodeId n = 1; n <= p.rms; ++n) {
    bool decision_in_flight = false;
    for (const auto& e : s.net().entries()) decision_in_flight |= e.env.dst == n;
    if (rm_of(s, n).state == RmState::prepared && !decision_in_flight) return true;
  }
  return false;
}

}  // namespace

dist::ActorProperties<TwoPhase> TwoPhase::properties() const {
  dist::ActorProperties<TwoPhase> props{
      .invariants = {{"Consistent", "no RM has committed while another has aborted",
                      consistent}},
      .steps = {{"DecisionsFinal", "an RM that committed or aborted never changes its state",
                 decisions_final}},
      .goals = {{"AllCommitted", "every RM has committed", all_committed}}};
  if (coordinator == dist::CrashMode::Stop && faults.crash > 0)
    props.goals.push_back({"CoordinatorBlocked",
                           "tm has crashed for good while an RM is prepared with no decision "
                           "on its way (that RM waits forever)",
                           coordinator_blocked});
  return props;
}

}  // namespace faultline::two_phase
