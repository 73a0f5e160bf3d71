// A small hand-made finding with the time layer's chart events, for the sequence chart tests:
// lanes g, c1, c2; a request, a pause, a clock jumping ahead, a tick at which that clock lags
// and the pause ends, a second pause ended by a resume, and a crash.
#pragma once
#include "core/check_types.hpp"

namespace faultline::testing {

inline Finding time_chart_finding() {
  using K = ChartEventKind;
  Finding f;
  f.property = "OneHolderAtATime";
  f.kind = "invariant";
  f.description = "at most one client acts as holder at any true time";
  f.reason = "c1 and c2 both acted at t=1";
  Trace& t = f.trace;
  t.lanes = {"g", "c1", "c2"};
  t.initial = {{"g", "no lease"}, {"c1", "no lease"}, {"c2", "no lease"}, {"true time", "0"}};
  FieldList s = t.initial;
  auto step = [&](std::string label, std::vector<ChartEvent> events) {
    t.steps.push_back({std::move(label), s, std::move(events)});
  };
  s[1].value = "requested at 0";
  step("request c1 (clock 0)",
       {{K::Local, 1, kNoLane, "request c1 (clock 0)"}, {K::Send, 1, 0, "Request(at=0)"}});
  step("pause c1 (up to 1 tick)", {{K::Pause, 1, kNoLane, "up to 1 tick"}});
  step("clock of g jumps ahead (reads 1 at t=0)",
       {{K::Drift, 0, kNoLane, "clock jumps ahead (reads 1)"}});
  s[3].value = "1";
  step("tick t=1 (clock of g lags)", {{K::Tick, kNoLane, kNoLane, "t=1"},
                                      {K::Drift, 0, kNoLane, "clock lags (reads 1)"},
                                      {K::Resume, 1, kNoLane, "pause over"}});
  step("pause c2 (up to 1 tick)", {{K::Pause, 2, kNoLane, "up to 1 tick"}});
  step("resume c2", {{K::Resume, 2, kNoLane, ""}});
  step("pause c2 (up to 1 tick)", {{K::Pause, 2, kNoLane, "up to 1 tick"}});
  step("crash c2", {{K::Crash, 2, kNoLane, ""}});
  return f;
}

}  // namespace faultline::testing
