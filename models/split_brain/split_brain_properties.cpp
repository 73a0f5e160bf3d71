// Split-brain properties: invariants OneLeaderPerEpoch, OneActingLeader (only with leases),
// NoDeposedWrite; step property StorageEpochMonotonic; goals LeaderElected, StorageWritten,
// LaterLeaderWrote.
#include "models/split_brain/split_brain.hpp"

namespace faultline::split_brain {

dist::ActorProperties<SplitBrain> SplitBrain::properties() const {
  using Failure = std::optional<std::string>;
  using Invariant = dist::ActorProperties<SplitBrain>::Invariant;
  const Invariant one_leader_per_epoch{
      "OneLeaderPerEpoch", "at most one node is ever elected leader of an epoch",
      [](const SplitBrain& p, const State& s) -> Failure {
        const auto& el = s.ghost.elected;
        for (size_t a = 0; a < el.size(); ++a)
          for (size_t b = a + 1; b < el.size(); ++b)
            if (el[a].epoch == el[b].epoch)
              return p.names()[el[a].leader] + " and " + p.names()[el[b].leader] +
                     " were both leader of epoch " + std::to_string(el[a].epoch);
        return std::nullopt;
      }};
  const Invariant one_acting_leader{
      "OneActingLeader", "at no true time do two nodes act (write) as leader",
      [](const SplitBrain& p, const State& s) -> Failure {
        if (s.ghost.acted.size() <= 1) return std::nullopt;
        std::string who;
        s.ghost.acted.for_each(
            [&](NodeId n) { who += (who.empty() ? "" : " and ") + p.names()[n]; });
        return who + " acted as leader at true time " + std::to_string(s.now());
      }};
  const Invariant no_deposed_write{
      "NoDeposedWrite",
      "no write from a deposed leader lands after its successor (a later epoch, or a later "
      "election of the same epoch) wrote",
      [](const SplitBrain& p, const State& s) -> Failure {
        const auto& late = s.ghost.late;
        if (!late) return std::nullopt;
        return "s accepted a write from " + p.names()[late->writer.leader] +
               " as leader of epoch " + std::to_string(late->writer.epoch) +
               " after a write from a later leadership: " + p.names()[late->after.leader] +
               " as leader of epoch " + std::to_string(late->after.epoch);
      }};
  dist::ActorProperties<SplitBrain> set{
      .invariants = {one_leader_per_epoch},
      .steps = {{"StorageEpochMonotonic", "the epochs of accepted writes never go backwards",
                 [](const SplitBrain&, const State& b, const State& a) -> Failure {
                   if (storage(a).last_epoch >= storage(b).last_epoch) return std::nullopt;
                   return "s accepted a write of epoch " + std::to_string(storage(a).last_epoch) +
                          " after one of epoch " + std::to_string(storage(b).last_epoch);
                 }}},
      .goals = {{"LeaderElected", "some node becomes leader",
                 [](const SplitBrain&, const State& s) { return !s.ghost.elected.empty(); }},
                {"StorageWritten", "the storage accepts a write",
                 [](const SplitBrain&, const State& s) { return s.ghost.newest.has_value(); }},
                {"LaterLeaderWrote", "the storage accepts a write from a second leader",
                 [](const SplitBrain&, const State& s) {
                   return s.ghost.newest && s.ghost.newest->order >= 2;
                 }}},
  };
  if (config_.lease) set.invariants.push_back(one_acting_leader);
  set.invariants.push_back(no_deposed_write);
  return set;
}

}  // namespace faultline::split_brain
