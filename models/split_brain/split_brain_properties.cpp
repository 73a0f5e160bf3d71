// Split-brain properties: invariants OneLeaderPerEpoch, OneActingLeader (only with leases),
// NoDeposedWrite; step property StorageEpochMonotonic; goals LeaderElected, StorageWritten,
// LaterLeaderWrote.
#include "models/split_brain/split_brain.hpp"

namespace faultline::split_brain {

namespace {

// The first two elections of the same epoch, if any.
std::optional<std::pair<Elected, Elected>> same_epoch(const SplitBrainState& s) {
  for (size_t a = 0; a < s.elected.size(); ++a)
    for (size_t b = a + 1; b < s.elected.size(); ++b)
      if (s.elected[a].epoch == s.elected[b].epoch) return std::pair{s.elected[a], s.elected[b]};
  return std::nullopt;
}

}  // namespace

PropertySet<SplitBrainState> split_brain_properties(const dist::NodeNames& names, bool lease) {
  PropertySet<SplitBrainState> set;
  set.invariants.push_back(
      {"OneLeaderPerEpoch", "at most one node is ever elected leader of an epoch",
       [](const SplitBrainState& s) { return !same_epoch(s); },
       [names](const SplitBrainState& s) {
         const auto p = same_epoch(s);
         return names[p->first.leader] + " and " + names[p->second.leader] +
                " were both leader of epoch " + std::to_string(p->first.epoch);
       }});
  if (lease)
    set.invariants.push_back(
        {"OneActingLeader", "at no true time do two nodes act (write) as leader",
         [](const SplitBrainState& s) { return s.acted.size() <= 1; },
         [names](const SplitBrainState& s) {
           std::string who;
           s.acted.for_each(
               [&](dist::NodeId n) { who += (who.empty() ? "" : " and ") + names[n]; });
           return who + " acted as leader at true time " + std::to_string(s.env.time.now);
         }});
  set.invariants.push_back(
      {"NoDeposedWrite",
       "no write from a deposed leader lands after its successor (a later epoch, or a later "
       "election of the same epoch) wrote",
       [](const SplitBrainState& s) { return s.storage.late.epoch == 0; },
       [names](const SplitBrainState& s) {
         const Storage& st = s.storage;
         return "s accepted a write from " + names[st.late.leader] + " as leader of epoch " +
                std::to_string(st.late.epoch) + " after a write from a later leadership: " +
                names[st.late_after.leader] + " as leader of epoch " +
                std::to_string(st.late_after.epoch);
       }});
  set.steps.push_back({"StorageEpochMonotonic", "the epochs of accepted writes never go backwards",
                       [](const SplitBrainState& b, const SplitBrainState& a) {
                         return a.storage.last_epoch >= b.storage.last_epoch;
                       },
                       [](const SplitBrainState& b, const SplitBrainState& a) {
                         return "s accepted a write of epoch " +
                                std::to_string(a.storage.last_epoch) + " after one of epoch " +
                                std::to_string(b.storage.last_epoch);
                       }});
  set.goals.push_back({"LeaderElected", "some node becomes leader",
                       [](const SplitBrainState& s) { return !s.elected.empty(); }});
  set.goals.push_back({"StorageWritten", "the storage accepts a write",
                       [](const SplitBrainState& s) { return s.storage.newest.epoch > 0; }});
  set.goals.push_back({"LaterLeaderWrote", "the storage accepts a write from a second leader",
                       [](const SplitBrainState& s) { return s.storage.newest.order >= 2; }});
  return set;
}

}  // namespace faultline::split_brain
