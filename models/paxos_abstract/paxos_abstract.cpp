// paxos-abstract: parameter checks, action labels, state rendering and the properties
// (Agreement, the sanity invariants of gen_paxos.py's SANITY block, and the goal ValueChosen).
#include "models/paxos_abstract/paxos_abstract.hpp"

#include <memory>

#include "core/errors.hpp"

namespace faultline {

using paxos_abstract::kMsgWords;
using paxos_abstract::Layout;

namespace {

std::string acceptor_name(int a) { return "a" + std::to_string(a + 1); }

std::string quorum_name(unsigned mask) {
  std::string s = "{";
  for (int a = 0; mask; ++a, mask >>= 1)
    if (mask & 1) s += (s.size() > 1 ? "," : "") + acceptor_name(a);
  return s + "}";
}

std::string ballot_text(uint8_t stored) {  // stored +1, 0 == -1
  return std::to_string(static_cast<int>(stored) - 1);
}

std::string value_text(int v) { return v < 0 ? "None" : std::to_string(v); }

std::string one_b_text(int a, int b, int mbal, int mval) {
  return "1b(" + acceptor_name(a) + ", b=" + std::to_string(b) + ", mbal=" + std::to_string(mbal) +
         ", mval=" + value_text(mval) + ")";
}

std::string set_text(const std::vector<std::string>& items) {
  std::string s = "{";
  for (size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i];
  return s + "}";
}

std::string values_text(unsigned mask) {
  std::vector<std::string> items;
  for (int v = 0; mask; ++v, mask >>= 1)
    if (mask & 1) items.push_back(std::to_string(v));
  return set_text(items);
}

// "v=0 by {a1,a2} in ballot 1; v=1 by {a2,a3} in ballot 2"
std::string chosen_reason(const Layout& L, const PaxosAbstract::State& s) {
  std::string out;
  for (int b = 0; b < L.c.ballots; ++b)
    for (int v = 0; v < L.c.values; ++v) {
      uint64_t voters = PaxosAbstract::group(s, L.pos_2b[b][v], L.c.acceptors);
      if (paxos_abstract::kPopcount8[voters] < L.quorum_size) continue;
      out += (out.empty() ? "" : "; ") +
             ("v=" + std::to_string(v) + " chosen by " +
              quorum_name(static_cast<unsigned>(voters)) + " in ballot " + std::to_string(b));
    }
  return out;
}

}  // namespace

PaxosAbstract::PaxosAbstract(const paxos_abstract::Constants& c, Variant variant)
    : variant_(variant) {
  using namespace paxos_abstract;
  auto range = [](const char* key, int v, int lo, int hi) {
    if (v < lo || v > hi)
      throw SpecError(std::string("params.") + key + " = " + std::to_string(v) +
                      ": expected an integer in " + std::to_string(lo) + ".." + std::to_string(hi));
  };
  range("acceptors", c.acceptors, 1, kMaxAcceptors);
  range("values", c.values, 1, kMaxValues);
  range("ballots", c.ballots, 1, kMaxBallots);
  range("quorum", c.quorum, 0, c.acceptors);
  std::string why = layout_.build(c);
  if (!why.empty())
    throw SpecError(
        "params.ballots = " + std::to_string(c.ballots) +
        ": acceptors=" + std::to_string(c.acceptors) + ", values=" + std::to_string(c.values) +
        ", ballots=" + std::to_string(c.ballots) + " " + why + " but a state holds at most " +
        std::to_string(kMsgBits) + "; lower ballots, values or acceptors");
  build_properties();
}

std::string PaxosAbstract::action_label(const State& s, const Action& act) const {
  const auto& L = layout_;
  const std::string b = std::to_string(act.b), v = std::to_string(act.v);
  switch (act.kind) {
    case Kind::Phase1a:
      return "Phase1a(b=" + b + ")" + (test(s, act.b) ? " (stutter: 1a already sent)" : "");
    case Kind::Phase1b:
      return "Phase1b(" + acceptor_name(act.a) + ") on 1a(b=" + b + ")";
    case Kind::Phase2a: {
      std::string label =
          "Phase2a(b=" + b + ", v=" + v + ") Q=" + quorum_name(L.quorums[act.quorum]);
      if (variant_ == Variant::AnyValue) return label;
      if (act.witness == kNoWitness) return label + " Q1bv={}";
      int code = __builtin_ctzll(group(s, L.pos_1b[act.witness][act.b], 1 + act.b * L.c.values));
      return label + " m=" + one_b_text(act.witness, act.b, L.code_mbal[code], L.code_mval[code]);
    }
    case Kind::Phase2b: {
      bool stutter = !next_state(s, act);
      return "Phase2b(" + acceptor_name(act.a) + ") on 2a(b=" + b + ", v=" + v + ")" +
             (stutter ? " (stutter: vote already cast)" : "");
    }
  }
  return "?";
}

std::vector<std::string> PaxosAbstract::chart_lanes() const {
  std::vector<std::string> lanes{"leaders"};
  for (int a = 0; a < layout_.c.acceptors; ++a) lanes.push_back(acceptor_name(a));
  return lanes;
}

std::vector<ChartEvent> PaxosAbstract::chart_events(const State&, const Action& act,
                                                    const State&,
                                                    const std::string& label) const {
  const bool leader = act.kind == Kind::Phase1a || act.kind == Kind::Phase2a;
  return {{ChartEventKind::Local, leader ? 0 : act.a + 1, kNoLane, label}};
}

void PaxosAbstract::describe(const State& s, FieldWriter& w) const {
  const auto& L = layout_;
  for (int a = 0; a < L.c.acceptors; ++a) {
    w.field(acceptor_name(a) + ".maxBal", ballot_text(s.max_bal[a]));
    w.field(acceptor_name(a) + ".maxVBal", ballot_text(s.max_vbal[a]));
    w.field(acceptor_name(a) + ".maxVal", value_text(static_cast<int>(s.max_val[a]) - 1));
  }
  std::vector<std::string> m1a, m1b, m2a, m2b;
  for (int b = 0; b < L.c.ballots; ++b)
    if (test(s, b)) m1a.push_back("1a(b=" + std::to_string(b) + ")");
  for (int a = 0; a < L.c.acceptors; ++a)
    for (int b = 0; b < L.c.ballots; ++b)
      for (int code = 0; code < 1 + b * L.c.values; ++code)
        if (test(s, L.pos_1b[a][b] + code))
          m1b.push_back(one_b_text(a, b, L.code_mbal[code], L.code_mval[code]));
  for (int b = 0; b < L.c.ballots; ++b)
    for (int v = 0; v < L.c.values; ++v) {
      if (test(s, L.pos_2a[b] + v))
        m2a.push_back("2a(b=" + std::to_string(b) + ", v=" + std::to_string(v) + ")");
      for (int a = 0; a < L.c.acceptors; ++a)
        if (test(s, L.pos_2b[b][v] + a))
          m2b.push_back("2b(" + acceptor_name(a) + ", b=" + std::to_string(b) +
                        ", v=" + std::to_string(v) + ")");
    }
  w.field("msgs.1a", set_text(m1a));
  w.field("msgs.1b", set_text(m1b));
  w.field("msgs.2a", set_text(m2a));
  w.field("msgs.2b", set_text(m2b));
  w.field("chosen", values_text(chosen_values(s)));
}

void PaxosAbstract::build_properties() {
  // Shared, so the model's copies keep the properties valid and the tables are not copied.
  auto layout = std::make_shared<const Layout>(layout_);
  properties_.invariants.push_back(
      {"Agreement",
       "at most one value is chosen (Paxos.tla Consistency; chosen(v): some quorum all sent 2b "
       "for v in one ballot)",
       [layout](const State& s) {
         unsigned c = chosen_values(*layout, s);
         return (c & (c - 1)) == 0;
       },
       [layout](const State& s) { return "two values chosen: " + chosen_reason(*layout, s); }});
  auto vote_ok = [](const State& s, int a) {
    return s.max_vbal[a] <= s.max_bal[a] && (s.max_vbal[a] == 0) == (s.max_val[a] == 0);
  };
  properties_.invariants.push_back(
      {"MaxVBalBelowMaxBal",
       "every acceptor has maxVBal <= maxBal, and maxVal = None exactly when maxVBal = -1",
       [layout, vote_ok](const State& s) {
         for (int a = 0; a < layout->c.acceptors; ++a)
           if (!vote_ok(s, a)) return false;
         return true;
       },
       [layout, vote_ok](const State& s) {
         for (int a = 0; a < layout->c.acceptors; ++a)
           if (!vote_ok(s, a))
             return acceptor_name(a) + " has maxBal=" + ballot_text(s.max_bal[a]) +
                    ", maxVBal=" + ballot_text(s.max_vbal[a]) +
                    ", maxVal=" + value_text(static_cast<int>(s.max_val[a]) - 1);
         return std::string("holds");
       }});
  // At most one 1b per (acceptor, ballot), and none for a ballot above the acceptor's maxBal.
  auto promises_ok = [](const Layout& L, const State& s, int a) {
    const auto& late = L.late_1b[a][s.max_bal[a]];
    uint64_t any_late = 0;
    for (int w = 0; w < kMsgWords; ++w) any_late |= s.msgs[w] & late[w];
    if (any_late) return false;
    for (int b = 0; b < s.max_bal[a]; ++b) {
      uint64_t g = group(s, L.pos_1b[a][b], 1 + b * L.c.values);
      if (g & (g - 1)) return false;
    }
    return true;
  };
  properties_.invariants.push_back(
      {"OnePromisePerBallot",
       "each acceptor sent at most one 1b message per ballot, and only for ballots <= its maxBal",
       [layout, promises_ok](const State& s) {
         for (int a = 0; a < layout->c.acceptors; ++a)
           if (!promises_ok(*layout, s, a)) return false;
         return true;
       },
       [layout, promises_ok](const State& s) {
         for (int a = 0; a < layout->c.acceptors; ++a)
           if (!promises_ok(*layout, s, a))
             return acceptor_name(a) + " (maxBal=" + ballot_text(s.max_bal[a]) +
                    ") sent two 1b messages for one ballot or a 1b above its maxBal";
         return std::string("holds");
       }});
  properties_.goals.push_back({"ValueChosen", "some value is chosen", [layout](const State& s) {
                                 return chosen_values(*layout, s) != 0;
                               }});
}

SymmetryDecl PaxosAbstract::symmetry() const {
  const auto n = static_cast<unsigned>(layout_.c.acceptors);
  return interchangeable(n, 0, n, "acceptors a1..a" + std::to_string(n));
}

}  // namespace faultline
