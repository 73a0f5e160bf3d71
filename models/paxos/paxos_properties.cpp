// Paxos properties, one function each (it returns why the property fails): invariants
// Agreement, Validity, AcceptedBelowPromise; step property PromiseMonotonic; goal ValueChosen.
// Each reason names the acceptors, ballots and values.
//
// PromiseMonotonic and amnesia: with forget-promise-on-restart an acceptor's promise drops to
// 0 on "restart aN (state lost)". That is exactly the broken guarantee (a promise must be
// durable), so the step property fails on that step, before any Agreement violation; the
// bug's consequence for Agreement is pinned separately in tests/models/paxos_test.cpp.
#include <string>

#include "models/paxos/paxos.hpp"

namespace faultline::paxos {

using Failure = std::optional<std::string>;

std::vector<Vote> chosen_votes(const PaxosState& s, unsigned q2) {
  std::vector<Vote> out;
  for (const auto& v : s.ghost.votes)
    if (v.by.size() >= q2) out.push_back(v);
  return out;
}

namespace {

std::string chosen_text(const Vote& v, const dist::NodeNames& names) {
  return "value " + std::to_string(v.value) + " chosen by " + dist::format_node_set(v.by, names) +
         " at b=" + std::to_string(v.ballot);
}

Failure agreement(const Paxos& p, const PaxosState& s) {
  const Vote* first = nullptr;
  for (const auto& v : s.ghost.votes) {
    if (v.by.size() < p.q2()) continue;
    if (!first)
      first = &v;
    else if (v.value != first->value)
      return chosen_text(*first, p.names()) + " and value " + std::to_string(v.value) + " by " +
             dist::format_node_set(v.by, p.names()) + " at b=" + std::to_string(v.ballot);
  }
  return std::nullopt;
}

Failure validity(const Paxos& p, const PaxosState& s) {
  for (const auto& v : s.ghost.votes)
    if (v.by.size() >= p.q2() && !(s.ghost.proposed & (1u << v.value)))
      return chosen_text(v, p.names()) + ", but no proposer proposed it";
  return std::nullopt;
}

Failure accepted_below_promise(const Paxos& p, const PaxosState& s) {
  for (unsigned i = 0; i < p.config().acceptors; ++i) {
    const Acceptor& a = acceptor(s, p, i);
    if (a.acc_b > a.promised)
      return p.names()[p.config().proposers + i] + " accepted b=" + std::to_string(a.acc_b) +
             " but promised only b=" + std::to_string(a.promised);
  }
  return std::nullopt;
}

Failure promise_monotonic(const Paxos& p, const PaxosState& before, const PaxosState& after) {
  for (unsigned i = 0; i < p.config().acceptors; ++i) {
    const unsigned b0 = acceptor(before, p, i).promised, b1 = acceptor(after, p, i).promised;
    if (b1 < b0)
      return p.names()[p.config().proposers + i] + " had promised b=" + std::to_string(b0) +
             " and now promises only b=" + std::to_string(b1) +
             " (its promise was lost), so it may accept ballots below b=" + std::to_string(b0);
  }
  return std::nullopt;
}

bool value_chosen(const Paxos& p, const PaxosState& s) {
  for (const auto& v : s.ghost.votes)
    if (v.by.size() >= p.q2()) return true;
  return false;
}

}  // namespace

dist::ActorProperties<Paxos> Paxos::properties() const {
  return {
      .invariants =
          {{"Agreement", "at most one value is chosen (accepted by a phase-2 quorum in one ballot)",
            agreement},
           {"Validity", "a chosen value is the input of a proposer that started a ballot",
            validity},
           {"AcceptedBelowPromise",
            "an acceptor's accepted ballot is never above its promised ballot",
            accepted_below_promise}},
      .steps = {{"PromiseMonotonic",
                 "an acceptor's promised ballot never decreases (promises are durable)",
                 promise_monotonic}},
      .goals = {{"ValueChosen", "some value is chosen", value_chosen}}};
}

}  // namespace faultline::paxos
