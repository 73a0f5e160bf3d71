// A counterexample or witness laid out as a message sequence chart, independent of how it is
// drawn: lanes (one per node), rows (the initial state, then one per step) with the events on
// lanes and each lane's changed state, and messages linked from the step that sent them to
// the step that delivered, dropped or discarded them. The HTML and Mermaid renderers are
// plain functions of a SequenceChart.
//
// Linking: copies of the same message (same sender, receiver and text) are indistinguishable,
// so the oldest copy in flight is the one delivered, dropped or discarded. A duplicated copy
// starts at the step that duplicated it. Events naming a lane that does not exist are left
// out.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/check_types.hpp"

namespace faultline {

struct ChartMessage {
  enum class End { Delivered, Dropped, Discarded, InFlight };
  int from = 0;
  int to = 0;
  std::string text;
  size_t sent_row = 0;     // row whose step put this copy in flight
  bool duplicate = false;  // this copy was made by a duplicate fault
  End end = End::InFlight;
  size_t end_row = 0;  // row of delivery, drop or discard; InFlight: the last row
};

struct ChartRow {
  size_t step = 0;                                // 0: the initial state
  std::string label;                              // the action; "initial state" for row 0
  std::vector<ChartEvent> events;                 // the step's events (all kinds)
  std::vector<std::vector<std::string>> by_lane;  // per lane: its changed fields, one line each
  std::vector<std::string> other;                 // changed fields no lane owns
  std::vector<std::string> changed;               // names of the fields that changed
  FieldList state;                                // the full state after the step
};

struct SequenceChart {
  std::string model;                   // "paxos (variant forget-promise-on-restart)"
  std::vector<std::string> lanes;      // at least one; "model" when the trace names no nodes
  std::vector<ChartRow> rows;          // rows[0] is the initial state
  std::vector<ChartMessage> messages;  // in order of the row that created them
  // The ending: what the last state shows.
  std::string outcome;   // "violated", "reached" (a goal) or "deadlock"
  std::string property;  // property or goal name
  std::string kind;      // "invariant", "step", "goal", "deadlock"
  std::string description;
  std::string reason;
};

// Events drawn as a marker on their node's lane (crash, restart, local step, pause, resume,
// clock drift), and events drawn across all lanes (partition, heal, tick); the others are
// message events.
bool is_lane_event(ChartEventKind kind);
bool is_all_lanes_event(ChartEventKind kind);

// The lane (index) that owns a field: the field's name is the lane's name, or starts with it
// followed by '.', ' ' or '['; kNoLane when no lane owns it.
int lane_of_field(const std::vector<std::string>& lanes, const std::string& field);

// The chart of a finding. `model` is shown as the chart's title.
SequenceChart build_sequence_chart(const Finding& finding, const std::string& model);

// "violated: P — description", "reached: G — description" or "deadlock: ...": the
// outcome's headline, as the text trace states it.
std::string outcome_headline(const SequenceChart& chart);

// "counterexample", "witness for goal G" or "trace to deadlock".
std::string trace_kind(const SequenceChart& chart);

}  // namespace faultline
