// A small hand-made finding with chart events for the sequence chart tests: lanes p1, a1, a2;
// a broadcast with two copies to a1, a delivery, a duplicate, a drop, a discard, a crash
// and restart, a partition and heal, and a reply left in flight.
#pragma once
#include "core/check_types.hpp"

namespace faultline::testing {

inline Finding chart_finding() {
  using K = ChartEventKind;
  Finding f;
  f.property = "Safe";
  f.kind = "invariant";
  f.description = "nothing bad <ever> happens";
  f.reason = "a1 saw x=1; a2 saw #2";
  Trace& t = f.trace;
  t.lanes = {"p1", "a1", "a2"};
  t.initial = {{"p1", "idle"}, {"a1", "0"}, {"a1.log", "[]"}, {"a2", "0"}, {"net", "empty"}};
  FieldList s = t.initial;
  auto step = [&](std::string label, std::vector<ChartEvent> events) {
    t.steps.push_back({std::move(label), s, std::move(events)});
  };
  s[0].value = "busy";
  step("start p1", {{K::Local, 0, kNoLane, "start p1"},
                    {K::Send, 0, 1, "M(1)"},
                    {K::Send, 0, 1, "M(1)"},
                    {K::Send, 0, 2, "M(1)"}});
  s[1].value = "1";
  s[2].value = "[x]";
  step("deliver M(1) p1->a1", {{K::Deliver, 0, 1, "M(1)"}, {K::Send, 1, 0, "R(1)"}});
  step("duplicate M(1) p1->a2", {{K::Duplicate, 0, 2, "M(1)"}});
  step("drop M(1) p1->a2", {{K::Drop, 0, 2, "M(1)"}});
  s[3].value = "1";
  step("deliver M(1) p1->a2", {{K::Deliver, 0, 2, "M(1)"}});
  step("crash a1", {{K::Crash, 1, kNoLane, ""}, {K::Discard, 0, 1, "M(1)"}});
  step("restart a1", {{K::Restart, 1, kNoLane, "state lost"}});
  step("partition {a2}|{p1,a1}", {{K::Partition, kNoLane, kNoLane, "{a2}|{p1,a1}"}});
  s.push_back({"crashed", "{}"});
  step("heal", {{K::Heal, kNoLane, kNoLane, ""}});
  return f;
}

}  // namespace faultline::testing
