// Fencing properties: step property FencingMonotonic (tokens of accepted writes never
// decrease); invariants NoWriteFromDeposedHolder (judged by the true order of grants, not by
// tokens) and NoLostUpdate (every accepted read-modify-write counted, a duplicated write
// once); goals WriteAccepted and LaterGrantWrote.
#include "models/fencing/fencing.hpp"

namespace faultline::fencing {

dist::ActorProperties<Fencing> Fencing::properties() const {
  using Failure = std::optional<std::string>;
  return {
      .invariants =
          {{"NoWriteFromDeposedHolder",
            "the storage never accepts a write from a client after it accepted one from a "
            "client granted the lock later",
            [](const Fencing& p, const State& s) -> Failure {
              const auto& late = s.ghost.late;
              if (!late) return std::nullopt;
              return "s accepted a write from " + p.names()[late->client] + " under grant " +
                     std::to_string(late->grant) + " after a write under the later grant " +
                     std::to_string(late->newer);
            }},
           {"NoLostUpdate",
            "the stored counter equals the number of accepted read-modify-writes (none was "
            "lost)",
            [](const Fencing&, const State& s) -> Failure {
              const size_t writes = s.ghost.written.size();
              if (storage(s).value == writes) return std::nullopt;
              return "s holds " + std::to_string(storage(s).value) + " after " +
                     std::to_string(writes) + " accepted increments";
            }}},
      .steps = {{"FencingMonotonic", "the tokens of accepted writes never decrease",
                 [](const Fencing&, const State& b, const State& a) -> Failure {
                   // last_token changes only when s accepts a write
                   if (storage(a).last_token >= storage(b).last_token) return std::nullopt;
                   return "s accepted a write with token " +
                          std::to_string(storage(a).last_token) + " after one with token " +
                          std::to_string(storage(b).last_token);
                 }}},
      .goals = {{"WriteAccepted", "the storage accepts a write",
                 [](const Fencing&, const State& s) { return !s.ghost.written.empty(); }},
                {"LaterGrantWrote", "a write under the second or a later grant is accepted",
                 [](const Fencing&, const State& s) { return s.ghost.newest >= 2; }}},
  };
}

}  // namespace faultline::fencing
