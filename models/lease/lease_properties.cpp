// Lease properties, judged by true time: invariant OneHolderAtATime; goals LeaseUsed and
// LeaseChangedHands (a second client acted as holder: the lease moved on).
#include "models/lease/lease.hpp"

namespace faultline::lease {

PropertySet<LeaseState> lease_properties(const dist::NodeNames& names) {
  PropertySet<LeaseState> set;
  set.invariants.push_back(
      {"OneHolderAtATime", "at no true time do two clients act as lease holders",
       [](const LeaseState& s) { return s.acted.size() <= 1; },
       [names](const LeaseState& s) {
         std::string who;
         s.acted.for_each([&](dist::NodeId n) { who += (who.empty() ? "" : " and ") + names[n]; });
         return who + " acted as lease holder at true time " + std::to_string(s.env.time.now);
       }});
  set.goals.push_back({"LeaseUsed", "some client acts as lease holder",
                       [](const LeaseState& s) { return !s.ever_acted.empty(); }});
  set.goals.push_back({"LeaseChangedHands", "two different clients act as holder (at any times)",
                       [](const LeaseState& s) { return s.ever_acted.size() >= 2; }});
  return set;
}

}  // namespace faultline::lease
