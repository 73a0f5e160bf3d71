// Lease properties, judged by true time: invariant OneHolderAtATime; goals LeaseUsed and
// LeaseChangedHands (a second client acted as holder: the lease moved on).
#include "models/lease/lease.hpp"

namespace faultline::lease {

dist::ActorProperties<Lease> Lease::properties() const {
  using Failure = std::optional<std::string>;
  return {
      .invariants = {{"OneHolderAtATime", "at no true time do two clients act as lease holders",
                      [](const Lease& p, const State& s) -> Failure {
                        if (s.ghost.now.size() <= 1) return std::nullopt;
                        std::string who;
                        s.ghost.now.for_each([&](NodeId n) {
                          who += (who.empty() ? "" : " and ") + p.names()[n];
                        });
                        return who + " acted as lease holder at true time " +
                               std::to_string(s.now());
                      }}},
      .goals = {{"LeaseUsed", "some client acts as lease holder",
                 [](const Lease&, const State& s) { return !s.ghost.ever.empty(); }},
                {"LeaseChangedHands", "two different clients act as holder (at any times)",
                 [](const Lease&, const State& s) { return s.ghost.ever.size() >= 2; }}},
  };
}

}  // namespace faultline::lease
