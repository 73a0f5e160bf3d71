// Paxos properties: invariants Agreement, Validity, AcceptedBelowPromise; step property
// PromiseMonotonic; goal ValueChosen. Each explain() names the acceptors, ballots and values.
//
// PromiseMonotonic and amnesia: with forget-promise-on-restart an acceptor's promise drops to
// 0 on "restart aN (state lost)". That is exactly the broken guarantee (a promise must be
// durable), so the step property fails on that step, before any Agreement violation; the
// bug's consequence for Agreement is pinned separately in tests/models/paxos_test.cpp.
#include <string>

#include "models/paxos/paxos.hpp"

namespace faultline::paxos {

std::vector<Vote> chosen_votes(const PaxosState& s, unsigned q2) {
  std::vector<Vote> out;
  for (const auto& v : s.votes)
    if (v.by.size() >= q2) out.push_back(v);
  return out;
}

namespace {

std::string describe_vote(const Vote& v, const dist::NodeNames& names) {
  return "value " + std::to_string(v.value) + " chosen by " + dist::format_node_set(v.by, names) +
         " at b=" + std::to_string(v.ballot);
}

}  // namespace

PropertySet<PaxosState> paxos_properties(unsigned q2, const dist::NodeNames& names,
                                         unsigned proposers) {
  PropertySet<PaxosState> set;
  set.invariants.push_back(
      {"Agreement", "at most one value is chosen (accepted by a phase-2 quorum in one ballot)",
       [q2](const PaxosState& s) {
         uint8_t first = 0;
         for (const auto& v : s.votes) {
           if (v.by.size() < q2) continue;
           if (first == 0)
             first = v.value;
           else if (v.value != first)
             return false;
         }
         return true;
       },
       [q2, names](const PaxosState& s) {
         auto chosen = chosen_votes(s, q2);
         for (size_t i = 1; i < chosen.size(); ++i)
           if (chosen[i].value != chosen[0].value)
             return describe_vote(chosen[0], names) + " and value " +
                    std::to_string(chosen[i].value) + " by " +
                    dist::format_node_set(chosen[i].by, names) +
                    " at b=" + std::to_string(chosen[i].ballot);
         return std::string("only one value chosen");
       }});
  set.invariants.push_back({"Validity",
                            "a chosen value is the input of a proposer that started a ballot",
                            [q2](const PaxosState& s) {
                              for (const auto& v : s.votes)
                                if (v.by.size() >= q2 && !(s.proposed & (1u << v.value)))
                                  return false;
                              return true;
                            },
                            [q2, names](const PaxosState& s) {
                              for (const auto& v : chosen_votes(s, q2))
                                if (!(s.proposed & (1u << v.value)))
                                  return describe_vote(v, names) + ", but no proposer proposed it";
                              return std::string("every chosen value was proposed");
                            }});
  set.invariants.push_back(
      {"AcceptedBelowPromise", "an acceptor's accepted ballot is never above its promised ballot",
       [](const PaxosState& s) {
         for (const auto& a : s.acceptors)
           if (a.persistent.acc_b > a.persistent.promised) return false;
         return true;
       },
       [names, proposers](const PaxosState& s) {
         for (size_t i = 0; i < s.acceptors.size(); ++i) {
           const auto& a = s.acceptors[i].persistent;
           if (a.acc_b > a.promised)
             return names[proposers + i] + " accepted b=" + std::to_string(a.acc_b) +
                    " but promised only b=" + std::to_string(a.promised);
         }
         return std::string("all accepted ballots are at most the promise");
       }});
  set.steps.push_back(
      {"PromiseMonotonic", "an acceptor's promised ballot never decreases (promises are durable)",
       [](const PaxosState& before, const PaxosState& after) {
         for (size_t i = 0; i < before.acceptors.size(); ++i)
           if (after.acceptors[i].persistent.promised < before.acceptors[i].persistent.promised)
             return false;
         return true;
       },
       [names, proposers](const PaxosState& before, const PaxosState& after) {
         for (size_t i = 0; i < before.acceptors.size(); ++i) {
           const unsigned b0 = before.acceptors[i].persistent.promised;
           const unsigned b1 = after.acceptors[i].persistent.promised;
           if (b1 < b0)
             return names[proposers + i] + " had promised b=" + std::to_string(b0) +
                    " and now promises only b=" + std::to_string(b1) +
                    " (its promise was lost), so it may accept ballots below b=" +
                    std::to_string(b0);
         }
         return std::string("no promise decreased");
       }});
  set.goals.push_back({"ValueChosen", "some value is chosen", [q2](const PaxosState& s) {
                         for (const auto& v : s.votes)
                           if (v.by.size() >= q2) return true;
                         return false;
                       }});
  return set;
}

}  // namespace faultline::paxos
