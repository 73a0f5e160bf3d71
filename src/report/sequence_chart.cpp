// Building a SequenceChart from a Finding: lanes, per-row events and changes, linked messages.
#include "report/sequence_chart.hpp"

#include <deque>
#include <map>
#include <tuple>

#include "report/field_diff.hpp"

namespace faultline {
namespace {

using MessageKey = std::tuple<int, int, std::string>;

// Links message events to ChartMessages, row by row (see the header).
class MessageLinker {
 public:
  explicit MessageLinker(std::vector<ChartMessage>& out) : out_(out) {}

  void add(const ChartEvent& e, size_t row) {
    const MessageKey key{e.node, e.peer, e.text};
    switch (e.kind) {
      case ChartEventKind::Send:
        start(key, row, false);
        break;
      case ChartEventKind::Duplicate:
        start(key, row, true);
        break;
      case ChartEventKind::Deliver:
        finish(key, row, ChartMessage::End::Delivered);
        break;
      case ChartEventKind::Drop:
        finish(key, row, ChartMessage::End::Dropped);
        break;
      case ChartEventKind::Discard:
        finish(key, row, ChartMessage::End::Discarded);
        break;
      default:
        break;
    }
  }
  void close(size_t last_row) {
    for (auto& m : out_)
      if (m.end == ChartMessage::End::InFlight) m.end_row = last_row;
  }

 private:
  void start(const MessageKey& key, size_t row, bool duplicate) {
    ChartMessage m;
    m.from = std::get<0>(key);
    m.to = std::get<1>(key);
    m.text = std::get<2>(key);
    m.sent_row = row;
    m.duplicate = duplicate;
    in_flight_[key].push_back(out_.size());
    out_.push_back(std::move(m));
  }
  void finish(const MessageKey& key, size_t row, ChartMessage::End end) {
    auto& queue = in_flight_[key];
    if (queue.empty()) {  // in flight before the trace began: starts at the initial state
      start(key, 0, false);
    }
    ChartMessage& m = out_[queue.front()];
    queue.pop_front();
    m.end = end;
    m.end_row = row;
  }

  std::vector<ChartMessage>& out_;
  std::map<MessageKey, std::deque<size_t>> in_flight_;
};

// Fills a row's per-lane and other change lines from the field changes.
void group_changes(const std::vector<std::string>& lanes, const std::vector<FieldChange>& changes,
                   ChartRow& row) {
  row.by_lane.assign(lanes.size(), {});
  for (const auto& c : changes) {
    const int lane = lane_of_field(lanes, c.name);
    if (lane == kNoLane)
      row.other.push_back(c.line);
    else
      row.by_lane[static_cast<size_t>(lane)].push_back(c.line);
    if (row.changed.empty() || row.changed.back() != c.name) row.changed.push_back(c.name);
  }
}

// Whether the lanes an event names exist: both ends of a message, the node of a lane event;
// partitions, heals and ticks name none. (A model's own chart_events could name others; such
// events are left out rather than drawn off the chart.)
bool names_its_lanes(const ChartEvent& e, size_t lanes) {
  auto ok = [&](int lane) { return lane >= 0 && static_cast<size_t>(lane) < lanes; };
  if (is_all_lanes_event(e.kind)) return true;
  if (is_lane_event(e.kind)) return ok(e.node);
  return ok(e.node) && ok(e.peer);
}

}  // namespace

bool is_lane_event(ChartEventKind k) {
  switch (k) {
    case ChartEventKind::Crash:
    case ChartEventKind::Restart:
    case ChartEventKind::Local:
    case ChartEventKind::Pause:
    case ChartEventKind::Resume:
    case ChartEventKind::Drift:
      return true;
    default:
      return false;
  }
}

bool is_all_lanes_event(ChartEventKind k) {
  return k == ChartEventKind::Partition || k == ChartEventKind::Heal || k == ChartEventKind::Tick;
}

int lane_of_field(const std::vector<std::string>& lanes, const std::string& field) {
  for (size_t i = 0; i < lanes.size(); ++i) {
    const std::string& l = lanes[i];
    if (field.compare(0, l.size(), l) != 0) continue;
    if (field.size() == l.size()) return static_cast<int>(i);
    const char next = field[l.size()];
    if (next == '.' || next == ' ' || next == '[') return static_cast<int>(i);
  }
  return kNoLane;
}

SequenceChart build_sequence_chart(const Finding& f, const std::string& model) {
  SequenceChart c;
  c.model = model;
  const Trace& t = f.trace;
  const bool has_lanes = !t.lanes.empty();
  c.lanes = has_lanes ? t.lanes : std::vector<std::string>{"model"};

  ChartRow first;
  first.label = "initial state";
  first.state = t.initial;
  std::vector<FieldChange> initial;
  for (const auto& field : t.initial)
    initial.push_back({field.name, field.name + " = " + field.value});
  group_changes(c.lanes, initial, first);
  first.changed.clear();  // nothing "changed" in the initial state
  c.rows.push_back(std::move(first));

  MessageLinker linker(c.messages);
  const FieldList* prev = &t.initial;
  for (size_t i = 0; i < t.steps.size(); ++i) {
    const TraceStep& s = t.steps[i];
    ChartRow row;
    row.step = i + 1;
    row.label = s.label;
    if (!has_lanes) row.events = {{ChartEventKind::Local, 0, kNoLane, s.label}};
    for (const auto& e : has_lanes ? s.events : std::vector<ChartEvent>{})
      if (names_its_lanes(e, c.lanes.size())) row.events.push_back(e);
    row.state = s.state;
    group_changes(c.lanes, field_changes(*prev, s.state), row);
    for (const auto& e : row.events) linker.add(e, row.step);
    c.rows.push_back(std::move(row));
    prev = &s.state;
  }
  linker.close(c.rows.size() - 1);

  c.outcome = f.kind == "goal" ? "reached" : f.kind == "deadlock" ? "deadlock" : "violated";
  c.property = f.property;
  c.kind = f.kind;
  c.description = f.description;
  c.reason = f.reason;
  return c;
}

std::string outcome_headline(const SequenceChart& c) {
  if (c.outcome == "deadlock")
    return "deadlock: " + (c.description.empty()
                               ? std::string("no action is enabled in the last state")
                               : c.description);
  return c.outcome + ": " + c.property + (c.description.empty() ? "" : " \u2014 " + c.description);
}

std::string trace_kind(const SequenceChart& c) {
  if (c.outcome == "reached") return "witness for goal " + c.property;
  if (c.outcome == "deadlock") return "trace to deadlock";
  return "counterexample";
}

}  // namespace faultline
