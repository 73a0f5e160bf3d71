// A SequenceChart as one self-contained HTML page (`faultline check --trace-format html`):
// inline SVG, CSS and a small script, no external resources. The chart has a lane per node
// (down while crashed), an arrow per message from the step that sent it to the step that
// delivered it (dropped: ends in a red cross; duplicated copy: dashed; discarded by the
// model or still in flight at the end: grey), markers for crashes, restarts, partitions,
// heals and local steps, and for time: a tick of true time as a dotted line across the lanes
// ("t=3"), pauses and resumes (the lane dotted in between) and clock drift as lane markers;
// beside each step its label and each node's changed fields. Several markers of one step on
// the same lane stack downwards.
// Hovering a step shows the full state after it; clicking keeps it shown (the page opens on
// the last step, or on step N for a URL ending in #step=N). The violated property (or the
// goal reached) and the reason close the chart, next to the last state.
//
// Element classes a test (or a stylesheet) can rely on: svg text.lane-name per lane,
// line.msg with class delivered / dropped / discarded / in-flight (and duplicate), g.event
// with class crash / restart / partition / heal / local / tick / pause / resume / drift,
// line.lane-line (with class down or paused), rect.row[data-step], #outcome, and
// #state-view holding the shown state (body[data-shown-step] says which).
#pragma once
#include <ostream>
#include <string>

#include "report/sequence_chart.hpp"

namespace faultline {

// `s` escaped for HTML text and attribute values (& < > " ').
std::string html_escape(const std::string& s);

void write_sequence_chart_html(std::ostream& out, const SequenceChart& chart);

}  // namespace faultline
