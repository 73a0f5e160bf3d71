// What happened in one trace step, in the terms of a message sequence chart: messages sent,
// delivered, dropped, duplicated or discarded between two lanes (nodes), and events on one
// lane (crash, restart, a local step such as a timeout, a pause, a resume, a clock drifting)
// or on all of them (partition, heal, a tick of true time). Models built on src/dist get these
// events generically (dist/chart_events.hpp, dist/timed_chart_events.hpp); the chart
// renderers (src/report/sequence_chart*) are plain functions of them. Plain data only.
#pragma once
#include <cstdint>
#include <string>

namespace faultline {

enum class ChartEventKind : uint8_t {
  Send,       // a message put in flight from `node` to `peer`
  Deliver,    // a message from `node` handed to `peer`
  Drop,       // a message from `node` to `peer` lost by the network
  Duplicate,  // one extra copy of an in-flight message from `node` to `peer`
  Discard,    // a message from `node` to `peer` that can no longer matter, removed by the model
  Crash,      // `node` goes down
  Restart,    // `node` comes back; text says "state lost" when it lost its persistent state
  Partition,  // the network splits; text names the sides, e.g. "{a1}|{p1,a2,a3}"
  Heal,       // the partition ends
  Local,      // a step of `node` alone (a timer firing, a client request); text is the label
  // Time (dist/time.hpp):
  Tick,    // true time advances, on all lanes; text is the new time, "t=3"
  Pause,   // `node` pauses (takes no steps, receives nothing); text "up to 2 ticks"
  Resume,  // `node`'s pause ends; text "" (resumed) or "pause over" (at the tick ending it)
  Drift    // `node`'s clock drifts from true time; text says how: "clock jumps ahead
           // (reads 4)" between ticks, "clock lags (reads 3)" at a tick it does not follow
};

inline constexpr int kNoLane = -1;

struct ChartEvent {
  ChartEventKind kind = ChartEventKind::Local;
  int node = kNoLane;  // message events: the sender; lane events: the node; kNoLane: all lanes
  int peer = kNoLane;  // message events: the receiver
  std::string text;    // message events: the message ("Prepare(b=1)"); Local: the step label;
                       // Partition: the sides; Restart: "state lost" or empty; time events:
                       // as above
  bool operator==(const ChartEvent&) const = default;
};

}  // namespace faultline
