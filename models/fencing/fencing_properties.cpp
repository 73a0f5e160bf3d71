// Fencing properties: step property FencingMonotonic (tokens of accepted writes never
// decrease); invariants NoWriteFromDeposedHolder (judged by the true order of grants, not by
// tokens) and NoLostUpdate (every accepted read-modify-write counted, a duplicated write once);
// goals WriteAccepted and
// LaterGrantWrote.
#include "models/fencing/fencing.hpp"

namespace faultline::fencing {

PropertySet<FencingState> fencing_properties(const dist::NodeNames& names) {
  PropertySet<FencingState> set;
  set.invariants.push_back(
      {"NoWriteFromDeposedHolder",
       "the storage never accepts a write from a client after it accepted one from a client "
       "granted the lock later",
       [](const FencingState& s) { return s.storage.late_client == 0; },
       [names](const FencingState& s) {
         const Storage& st = s.storage;
         return "s accepted a write from " + names[st.late_client] + " under grant " +
                std::to_string(st.late_grant) + " after a write under the later grant " +
                std::to_string(st.late_newer);
       }});
  set.invariants.push_back(
      {"NoLostUpdate",
       "the stored counter equals the number of accepted read-modify-writes (none was lost)",
       [](const FencingState& s) { return s.storage.value == s.storage.writes(); },
       [](const FencingState& s) {
         return "s holds " + std::to_string(s.storage.value) + " after " +
                std::to_string(s.storage.writes()) + " accepted increments";
       }});
  set.steps.push_back({"FencingMonotonic", "the tokens of accepted writes never decrease",
                       [](const FencingState& b, const FencingState& a) {
                         // last_token changes only when s accepts a write
                         return a.storage.last_token >= b.storage.last_token;
                       },
                       [](const FencingState& b, const FencingState& a) {
                         return "s accepted a write with token " +
                                std::to_string(a.storage.last_token) +
                                " after one with token " + std::to_string(b.storage.last_token);
                       }});
  set.goals.push_back({"WriteAccepted", "the storage accepts a write",
                       [](const FencingState& s) { return s.storage.writes() > 0; }});
  set.goals.push_back({"LaterGrantWrote",
                       "a write under the second or a later grant is accepted",
                       [](const FencingState& s) { return s.storage.newest >= 2; }});
  return set;
}

}  // namespace faultline::fencing
