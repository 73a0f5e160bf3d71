// HTML/SVG rendering of a SequenceChart (see the header for what is drawn).
#include "report/sequence_chart_html.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace faultline {
namespace {

// Layout, in SVG user units (pixels). Text is 12px monospace, about kCharW wide per char.
constexpr double kCharW = 7.3;
constexpr double kLineH = 15;
constexpr double kGutter = 44;     // left of the first lane: step numbers
constexpr double kMinLaneW = 150;  // lanes widen (up to kMaxLaneW) for long local-step labels
constexpr double kMaxLaneW = 300;
constexpr double kHeaderH = 46;  // lane names
constexpr double kEventDy = 18;  // a row's events sit this far below its top
constexpr double kSlotH = 21;    // further markers on a lane in the same row stack this far apart
constexpr double kMinRowH = 44;
constexpr double kPanelGap = 24;  // between the last lane and the change text
constexpr size_t kWrapAt = 90;    // side text lines wrap at about this many characters

constexpr std::array<const char*, 8> kLaneColors = {"#1f5fbf", "#2e8b3e", "#8a3fb0", "#b36b00",
                                                    "#0f7f86", "#b0305a", "#5a6b1a", "#6b4f2a"};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

const char* lane_color(size_t i) { return kLaneColors[i % kLaneColors.size()]; }

const char* end_class(ChartMessage::End e) {
  switch (e) {
    case ChartMessage::End::Delivered:
      return "delivered";
    case ChartMessage::End::Dropped:
      return "dropped";
    case ChartMessage::End::Discarded:
      return "discarded";
    case ChartMessage::End::InFlight:
      return "in-flight";
  }
  return "";
}

// `text` broken at spaces into lines of at most about kWrapAt characters; continuation lines
// are indented by two spaces.
std::vector<std::string> wrap(const std::string& text) {
  std::vector<std::string> out;
  std::string rest = text;
  while (rest.size() > kWrapAt) {
    size_t cut = rest.rfind(' ', kWrapAt);
    if (cut == std::string::npos || cut < kWrapAt / 3) cut = kWrapAt;  // no space: hard break
    out.push_back(rest.substr(0, cut));
    const size_t next = rest.find_first_not_of(' ', cut);
    rest = "  " + (next == std::string::npos ? std::string() : rest.substr(next));
  }
  out.push_back(rest);
  return out;
}

// The side text of a row: the step headline, then each lane's changes, then the others.
struct SideLine {
  std::string text;
  std::string cls;  // "head", "lane", "other"
  size_t lane = 0;  // for "lane"
};

// Whether an event is one of the time layer's (tick, pause, resume, clock drift).
bool is_time_event(ChartEventKind k) {
  return k == ChartEventKind::Tick || k == ChartEventKind::Pause || k == ChartEventKind::Resume ||
         k == ChartEventKind::Drift;
}

// The text of a lane event's marker box.
std::string box_text(const ChartEvent& e) {
  switch (e.kind) {
    case ChartEventKind::Crash:
      return "crash";
    case ChartEventKind::Restart:
      return e.text.empty() ? "restart" : "restart (" + e.text + ")";
    case ChartEventKind::Pause:
      return "pause (" + e.text + ")";
    case ChartEventKind::Resume:
      return e.text.empty() ? "resume" : "resume (" + e.text + ")";
    default:
      return e.text;  // Local: the step label; Drift: "clock lags (reads 3)"
  }
}

std::vector<SideLine> side_lines(const ChartRow& row) {
  std::vector<SideLine> out;
  auto add = [&](const std::string& text, const char* cls, size_t lane) {
    for (auto& l : wrap(text)) out.push_back({std::move(l), cls, lane});
  };
  add(row.step == 0 ? "initial state" : "step " + std::to_string(row.step) + ": " + row.label,
      "head", 0);
  for (size_t i = 0; i < row.by_lane.size(); ++i)
    for (const auto& l : row.by_lane[i]) add(l, "lane", i);
  for (const auto& l : row.other) add(l, "other", 0);
  if (row.step != 0 && row.changed.empty()) add("(no change)", "other", 0);
  return out;
}

class HtmlWriter {
 public:
  HtmlWriter(std::ostream& out, const SequenceChart& c) : out_(out), c_(c) { layout(); }

  void write() {
    out_ << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         << "<title>" << html_escape("faultline: " + outcome_headline(c_)) << "</title>\n"
         << "<style>\n"
         << kStyle << (has_time_events() ? kTimeStyle : "") << "</style>\n</head>\n<body>\n";
    out_ << "<h1>" << html_escape(outcome_headline(c_)) << "</h1>\n";
    out_ << "<p class=\"summary\">" << html_escape(c_.model) << " &middot; "
         << html_escape(trace_kind(c_)) << ", " << c_.rows.size() - 1
         << (c_.rows.size() == 2 ? " step" : " steps")
         << ". Hover a step to see the full state after it; click to keep it shown.</p>\n";
    out_ << kLegend;
    if (has_time_events()) out_ << kTimeLegend;
    out_ << "<div id=\"chart\">\n";
    svg();
    out_ << "</div>\n";
    out_ << "<section id=\"state-panel\"><div id=\"state-view\"></div></section>\n";
    states();
    out_ << "<script>\n" << kScript << "</script>\n</body>\n</html>\n";
  }

 private:
  static constexpr const char* kStyle =
      "body{font-family:system-ui,sans-serif;margin:16px;color:#222}\n"
      "h1{font-size:18px;margin:0 0 4px}\n"
      ".summary,.legend{font-size:13px;color:#444;margin:4px 0}\n"
      ".legend span{margin-right:14px}\n"
      // The chart fits its window: scaled down to its width when 80% of its size (or more)
      // fits; otherwise drawn at full size in a box that scrolls both ways and, on load, ends
      // inside the window, so that its scroll bars are on screen with it (the script picks).
      "#chart{overflow-x:auto;border:1px solid #ddd;margin:8px 0}\n"
      "#chart svg{display:block;max-width:100%;height:auto}\n"
      "#chart.scrolls{overflow:auto;max-height:calc(100vh - 16px)}\n"
      "#chart.scrolls svg{max-width:none}\n"
      "svg text{font-family:ui-monospace,monospace;font-size:12px}\n"
      "svg .ink{pointer-events:none}\n"
      "svg .row{fill:transparent;cursor:pointer}\n"
      "svg .row:hover{fill:#eef3ff}\n"
      "svg .row.shown{fill:#e3ecff}\n"
      "svg .row.final{fill:#fff0f0}\n"
      "svg .row.final.shown{fill:#ffe0e0}\n"
      ".lane-name{font-weight:bold;text-anchor:middle}\n"
      ".lane-line{stroke-width:1.5}\n"
      ".lane-line.down{stroke:#bbb;stroke-dasharray:3 4}\n"
      ".step-no{fill:#888;text-anchor:end}\n"
      ".msg{stroke-width:1.4;fill:none}\n"
      ".msg.delivered{stroke:#333}\n"
      ".msg.dropped{stroke:#c62828}\n"
      ".msg.discarded,.msg.in-flight{stroke:#aaa;stroke-dasharray:4 3}\n"
      ".msg.duplicate{stroke-dasharray:7 3}\n"
      ".msg-label{fill:#333;paint-order:stroke;stroke:#fff;stroke-width:3px}\n"
      ".msg-label.dropped{fill:#c62828}\n"
      ".msg-label.discarded,.msg-label.in-flight{fill:#888}\n"
      ".cross{stroke:#c62828;stroke-width:2.5}\n"
      ".event rect{stroke-width:1}\n"
      ".event.local rect{fill:#e8f0fe;stroke:#1f5fbf}\n"
      ".event.crash rect{fill:#c62828;stroke:#c62828}\n"
      ".event.crash text{fill:#fff}\n"
      ".event.restart rect{fill:#e6f4ea;stroke:#2e8b3e}\n"
      ".event.partition line{stroke:#d97706;stroke-width:2;stroke-dasharray:8 4}\n"
      ".event.heal line{stroke:#2e8b3e;stroke-width:2;stroke-dasharray:8 4}\n"
      ".event.partition text{fill:#b45309}\n"
      ".event.heal text{fill:#2e8b3e}\n"
      ".event text{text-anchor:middle}\n"
      ".side.head{font-weight:bold}\n"
      ".side.other{fill:#666}\n"
      "#outcome rect{fill:#fdecea;stroke:#c62828}\n"
      "#outcome.reached rect{fill:#e6f4ea;stroke:#2e8b3e}\n"
      "#outcome text{font-weight:bold}\n"
      "#state-panel h2{font-size:15px;margin:8px 0}\n"
      "#state-panel table{border-collapse:collapse;font-family:ui-monospace,monospace;"
      "font-size:12px}\n"
      "#state-panel td{border-bottom:1px solid #eee;padding:2px 10px 2px 0;"
      "vertical-align:top;overflow-wrap:anywhere}\n"
      "#state-panel tr.changed td{background:#fff6d6}\n";

  static constexpr const char* kLegend =
      "<p class=\"legend\"><span>&#8594; delivered</span><span style=\"color:#c62828\">&#10007; "
      "dropped</span><span>- - duplicated copy</span><span style=\"color:#888\">grey: discarded "
      "(can no longer matter) or still in flight</span><span style=\"background:#fff6d6\">changed "
      "fields</span></p>\n";

  // The time markers' styles and legend: only in charts that have time events (so that the
  // charts of models without time stay as they were).
  static constexpr const char* kTimeStyle =
      ".lane-line.paused{stroke-width:3.5;stroke-dasharray:1 4;stroke-linecap:round}\n"
      ".event.tick line{stroke:#777;stroke-width:1;stroke-dasharray:2 3}\n"
      ".event.tick text{fill:#555;font-style:italic;text-anchor:start}\n"
      ".event.pause rect{fill:#fff4e5;stroke:#b36b00}\n"
      ".event.resume rect{fill:#fff;stroke:#b36b00;stroke-dasharray:3 2}\n"
      ".event.drift rect{fill:#f3e8fd;stroke:#8a3fb0}\n";

  static constexpr const char* kTimeLegend =
      "<p class=\"legend\"><span style=\"color:#555\"><i>t=N</i> - - - true time advances "
      "(a tick)</span><span style=\"color:#b36b00\">pause &#8230; resume: dotted lane (takes no "
      "steps, receives nothing)</span><span style=\"color:#8a3fb0\">clock: drifts from true "
      "time</span></p>\n";

  static constexpr const char* kScript =
      "(function () {\n"
      "  var chart = document.getElementById('chart');\n"
      "  var w = chart.querySelector('svg').viewBox.baseVal.width;\n"
      "  function fit() {\n"
      "    var scrolls = 0.8 * w > chart.getBoundingClientRect().width - 2;\n"
      "    var vh = document.documentElement.clientHeight;\n"
      "    var top = chart.getBoundingClientRect().top + window.scrollY;\n"
      "    chart.classList.toggle('scrolls', scrolls);\n"
      "    chart.style.maxHeight = scrolls ? Math.max(vh / 2, vh - top - 16) + 'px' : '';\n"
      "  }\n"
      "  window.addEventListener('resize', fit);\n"
      "  fit();\n"
      "})();\n"
      "(function () {\n"
      "  var rows = Array.prototype.slice.call(document.querySelectorAll('svg .row'));\n"
      "  var states = document.querySelectorAll('#states > .state');\n"
      "  var view = document.getElementById('state-view');\n"
      "  var selected = states.length - 1;\n"
      "  function show(i) {\n"
      "    view.innerHTML = states[i].innerHTML;\n"
      "    document.body.setAttribute('data-shown-step', String(i));\n"
      "    rows.forEach(function (r) {\n"
      "      r.classList.toggle('shown', Number(r.getAttribute('data-step')) === i);\n"
      "    });\n"
      "  }\n"
      "  rows.forEach(function (r) {\n"
      "    var i = Number(r.getAttribute('data-step'));\n"
      "    r.addEventListener('mouseenter', function () { show(i); });\n"
      "    r.addEventListener('mouseleave', function () { show(selected); });\n"
      "    r.addEventListener('click', function () { selected = i; show(i); });\n"
      "  });\n"
      "  function from_hash() {\n"
      "    var m = /^#step=(\\d+)$/.exec(window.location.hash);\n"
      "    if (m && Number(m[1]) < states.length) selected = Number(m[1]);\n"
      "    show(selected);\n"
      "  }\n"
      "  window.addEventListener('hashchange', from_hash);\n"
      "  from_hash();\n"
      "})();\n";

  double lane_x(int lane) const { return kGutter + lane_w_ / 2 + lane * lane_w_; }
  double event_y(size_t row) const { return row_top_[row] + kEventDy; }
  // Where the k-th event of a row sits: lane and all-lane markers stack in slots.
  double event_y(size_t row, size_t k) const { return event_y(row) + slot_[row][k] * kSlotH; }

  bool has_time_events() const {
    for (const auto& row : c_.rows)
      for (const auto& e : row.events)
        if (is_time_event(e.kind)) return true;
    return false;
  }

  // Assigns each marker of each row a slot: the first marker on a lane (or across all lanes)
  // sits at the row's event line, later ones in the same row below it. Returns per row the
  // number of slots used (at least 1). Message events keep slot 0 (arrows meet the line).
  std::vector<size_t> assign_slots() {
    std::vector<size_t> used;
    for (const auto& row : c_.rows) {
      std::vector<size_t> next(c_.lanes.size(), 0);
      std::vector<size_t> slots;
      for (const auto& e : row.events) {
        size_t slot = 0;
        if (is_all_lanes_event(e.kind)) {
          slot = *std::max_element(next.begin(), next.end());
          std::fill(next.begin(), next.end(), slot + 1);
        } else if (is_lane_event(e.kind)) {
          slot = next[static_cast<size_t>(e.node)]++;
        }
        slots.push_back(slot);
      }
      slot_.push_back(std::move(slots));
      used.push_back(std::max<size_t>(1, *std::max_element(next.begin(), next.end())));
    }
    return used;
  }

  void layout() {
    const std::vector<size_t> slots = assign_slots();
    double y = kHeaderH;
    size_t widest = 0;
    for (size_t r = 0; r < c_.rows.size(); ++r) {
      auto lines = side_lines(c_.rows[r]);
      for (const auto& l : lines) widest = std::max(widest, l.text.size());
      row_top_.push_back(y);
      last_slot_y_.push_back(y + kEventDy + (slots[r] - 1) * kSlotH);
      const double h =
          std::max({kMinRowH, 8 + lines.size() * kLineH, kEventDy + (slots[r] - 1) * kSlotH + 26});
      row_h_.push_back(h);
      y += h;
    }
    size_t widest_box = 0;  // local steps and time markers widen the lanes (crash, restart not)
    for (const auto& row : c_.rows)
      for (const auto& e : row.events)
        if (e.kind == ChartEventKind::Local || (is_lane_event(e.kind) && is_time_event(e.kind)))
          widest_box = std::max(widest_box, box_text(e).size());
    lane_w_ = std::clamp(widest_box * kCharW + 24, kMinLaneW, kMaxLaneW);
    side_x_ = kGutter + c_.lanes.size() * lane_w_ + kPanelGap;
    outcome_lines_ = wrap(outcome_headline(c_));
    if (!c_.reason.empty())
      for (auto& l : wrap("because: " + c_.reason)) outcome_lines_.push_back(std::move(l));
    for (const auto& l : outcome_lines_) widest = std::max(widest, l.size() + 2);
    // The in-flight strip: one line per message still in flight, where its arrow ends.
    in_flight_y_ = y + 8;
    const auto in_flight = static_cast<size_t>(
        std::count_if(c_.messages.begin(), c_.messages.end(),
                      [](const auto& m) { return m.end == ChartMessage::End::InFlight; }));
    if (in_flight > 0) y += 16 + in_flight * kLineH;
    outcome_y_ = y + 6;
    chart_bottom_ = y;
    height_ = outcome_y_ + outcome_lines_.size() * kLineH + 22;
    width_ = side_x_ + widest * kCharW + 24;
  }

  void svg() {
    out_ << "<svg width=\"" << num(width_) << "\" height=\"" << num(height_) << "\" viewBox=\"0 0 "
         << num(width_) << " " << num(height_) << "\">\n";
    out_ << "<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
            "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
            "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker></defs>\n";
    for (size_t r = 0; r < c_.rows.size(); ++r)
      out_ << "<rect class=\"row" << (r + 1 == c_.rows.size() ? " final" : "") << "\" data-step=\""
           << r << "\" x=\"0\" y=\"" << num(row_top_[r]) << "\" width=\"" << num(width_)
           << "\" height=\"" << num(row_h_[r]) << "\"/>\n";
    out_ << "<g class=\"ink\">\n";
    lanes();
    for (size_t r = 0; r < c_.rows.size(); ++r) {
      out_ << "<text class=\"step-no\" x=\"" << num(kGutter - 8) << "\" y=\"" << num(event_y(r) + 4)
           << "\">" << r << "</text>\n";
      side_text(r);
    }
    if (chart_bottom_ > row_top_.back() + row_h_.back())
      out_ << "<text class=\"side other\" x=\"" << num(side_x_) << "\" y=\""
           << num(in_flight_y_ + kLineH) << "\">still in flight at the end</text>\n";
    for (const auto& m : c_.messages) message(m);
    for (size_t r = 1; r < c_.rows.size(); ++r)
      for (size_t k = 0; k < c_.rows[r].events.size(); ++k)
        event(c_.rows[r].events[k], event_y(r, k));
    outcome();
    out_ << "</g>\n</svg>\n";
  }

  void lanes() {
    for (size_t i = 0; i < c_.lanes.size(); ++i) {
      const double x = lane_x(static_cast<int>(i));
      out_ << "<text class=\"lane-name\" x=\"" << num(x) << "\" y=\"24\" fill=\"" << lane_color(i)
           << "\">" << html_escape(c_.lanes[i]) << "</text>\n";
      // Segments: up, down (between a crash and the restart) or paused (between a pause and
      // its end; a crash ends a pause too).
      enum class Mode { Up, Down, Paused };
      double from = 32;
      Mode mode = Mode::Up;
      auto segment = [&](double to) {
        const bool down = mode == Mode::Down;
        const char* cls = down ? " down" : mode == Mode::Paused ? " paused" : "";
        out_ << "<line class=\"lane-line" << cls << "\" x1=\"" << num(x) << "\" y1=\"" << num(from)
             << "\" x2=\"" << num(x) << "\" y2=\"" << num(to) << "\""
             << (down ? "" : std::string(" stroke=\"") + lane_color(i) + "\"") << "/>\n";
        from = to;
      };
      for (size_t r = 1; r < c_.rows.size(); ++r) {
        const auto& events = c_.rows[r].events;
        for (size_t k = 0; k < events.size(); ++k) {
          const ChartEvent& e = events[k];
          if (e.node != static_cast<int>(i)) continue;
          Mode next = mode;
          if (e.kind == ChartEventKind::Crash) next = Mode::Down;
          if (e.kind == ChartEventKind::Restart) next = Mode::Up;
          if (e.kind == ChartEventKind::Pause && mode == Mode::Up) next = Mode::Paused;
          if (e.kind == ChartEventKind::Resume && mode == Mode::Paused) next = Mode::Up;
          if (e.kind == ChartEventKind::Crash || e.kind == ChartEventKind::Restart ||
              next != mode) {
            segment(event_y(r, k));
            mode = next;
          }
        }
      }
      segment(chart_bottom_);
      // A dot where the node's state changed, below the row's markers.
      for (size_t r = 1; r < c_.rows.size(); ++r)
        if (!c_.rows[r].by_lane[i].empty())
          out_ << "<circle class=\"changed-dot\" cx=\"" << num(x) << "\" cy=\""
               << num(last_slot_y_[r] + 12) << "\" r=\"3\" fill=\"" << lane_color(i) << "\"/>\n";
    }
  }

  void side_text(size_t r) {
    const auto lines = side_lines(c_.rows[r]);
    double y = row_top_[r] + 14;
    for (const auto& l : lines) {
      out_ << "<text class=\"side " << l.cls << "\" x=\"" << num(side_x_) << "\" y=\"" << num(y)
           << "\"";
      if (l.cls == "lane") out_ << " fill=\"" << lane_color(l.lane) << "\"";
      out_ << ">" << html_escape(l.text) << "</text>\n";
      y += kLineH;
    }
  }

  void message(const ChartMessage& m) {
    const double x1 = lane_x(m.from), y1 = event_y(m.sent_row) + 4;
    const double xt = lane_x(m.to);
    double frac = 1, y2 = event_y(m.end_row) - 2;
    if (m.end == ChartMessage::End::Dropped) frac = 0.6;
    if (m.end == ChartMessage::End::Discarded) frac = 0.5;
    if (m.end == ChartMessage::End::InFlight) {
      frac = 0.5;
      y2 = in_flight_y_ + kLineH * (1 + in_flight_labels_++);
    }
    const double x2 = x1 + (xt - x1) * frac;
    const std::string cls = std::string(end_class(m.end)) + (m.duplicate ? " duplicate" : "");
    out_ << "<line class=\"msg " << cls << "\" x1=\"" << num(x1) << "\" y1=\"" << num(y1)
         << "\" x2=\"" << num(x2) << "\" y2=\"" << num(y2) << "\"";
    if (m.end == ChartMessage::End::Delivered) out_ << " marker-end=\"url(#head)\"";
    out_ << "><title>" << html_escape(tooltip(m)) << "</title></line>\n";
    if (m.end == ChartMessage::End::Dropped)
      out_ << "<path class=\"cross\" d=\"M" << num(x2 - 5) << "," << num(y2 - 5)
           << " l10,10 m0,-10 l-10,10\"/>\n";
    // The label near the arrow's end, on the line; in the in-flight strip (one line per
    // message), just past the end.
    const double t = m.end == ChartMessage::End::Delivered ? 0.72 : 0.8;
    double lx = x1 + (x2 - x1) * t, ly = y1 + (y2 - y1) * t - 3;
    const char* anchor = "middle";
    if (m.end == ChartMessage::End::InFlight) {
      lx = x2 + (xt >= x1 ? 4 : -4);
      ly = y2 + 4;
      anchor = xt >= x1 ? "start" : "end";
    }
    std::string text = m.text;
    if (m.duplicate) text += " (copy)";
    if (m.end == ChartMessage::End::Dropped) text += " dropped";
    if (m.end == ChartMessage::End::Discarded) text += " discarded";
    out_ << "<text class=\"msg-label " << cls << "\" x=\"" << num(lx) << "\" y=\"" << num(ly)
         << "\" text-anchor=\"" << anchor << "\">" << html_escape(text) << "</text>\n";
  }

  std::string tooltip(const ChartMessage& m) const {
    std::string s = m.text + " " + c_.lanes[m.from] + "->" + c_.lanes[m.to] + ": " +
                    (m.duplicate ? "copied" : "sent") + " at step " + std::to_string(m.sent_row);
    switch (m.end) {
      case ChartMessage::End::Delivered:
        return s + ", delivered at step " + std::to_string(m.end_row);
      case ChartMessage::End::Dropped:
        return s + ", dropped at step " + std::to_string(m.end_row);
      case ChartMessage::End::Discarded:
        return s + ", discarded at step " + std::to_string(m.end_row) + " (can no longer matter)";
      case ChartMessage::End::InFlight:
        return s + ", still in flight at the end";
    }
    return s;
  }

  void box(const char* cls, double x, double y, const std::string& text) {
    const double w = text.size() * kCharW + 12;
    x = std::max(x, w / 2 + 2);  // a label wider than its lane stays inside the chart
    out_ << "<g class=\"event " << cls << "\"><rect x=\"" << num(x - w / 2) << "\" y=\""
         << num(y - 10) << "\" width=\"" << num(w) << "\" height=\"17\" rx=\"4\"/><text x=\""
         << num(x) << "\" y=\"" << num(y + 3) << "\">" << html_escape(text) << "</text></g>\n";
  }

  // A line across all lanes, its text centred above it, or at its left end (`left`: where no
  // lane runs, for the short tick labels).
  void band(const char* cls, double y, const std::string& text, bool left = false) {
    const double x1 = kGutter + 6, x2 = kGutter + c_.lanes.size() * lane_w_ - 6;
    out_ << "<g class=\"event " << cls << "\"><line x1=\"" << num(x1) << "\" y1=\"" << num(y)
         << "\" x2=\"" << num(x2) << "\" y2=\"" << num(y) << "\"/><text x=\""
         << num(left ? x1 + 2 : (x1 + x2) / 2) << "\" y=\"" << num(y - 4) << "\">"
         << html_escape(text) << "</text></g>\n";
  }

  void event(const ChartEvent& e, double y) {
    switch (e.kind) {
      case ChartEventKind::Local:
        box("local", lane_x(e.node), y, box_text(e));
        break;
      case ChartEventKind::Crash:
        box("crash", lane_x(e.node), y, box_text(e));
        break;
      case ChartEventKind::Restart:
        box("restart", lane_x(e.node), y, box_text(e));
        break;
      case ChartEventKind::Pause:
        box("pause", lane_x(e.node), y, box_text(e));
        break;
      case ChartEventKind::Resume:
        box("resume", lane_x(e.node), y, box_text(e));
        break;
      case ChartEventKind::Drift:
        box("drift", lane_x(e.node), y, box_text(e));
        break;
      case ChartEventKind::Partition:
        band("partition", y, "partition " + e.text);
        break;
      case ChartEventKind::Heal:
        band("heal", y, "heal");
        break;
      case ChartEventKind::Tick:
        band("tick", y, e.text, true);
        break;
      default:
        break;  // message events are drawn as arrows
    }
  }

  void outcome() {
    const double x = side_x_ - 8;
    const double w = width_ - x - 8;
    out_ << "<g id=\"outcome\" class=\"" << c_.outcome << "\"><rect x=\"" << num(x) << "\" y=\""
         << num(outcome_y_) << "\" width=\"" << num(w) << "\" height=\""
         << num(outcome_lines_.size() * kLineH + 10) << "\" rx=\"4\"/>";
    double y = outcome_y_ + 16;
    for (const auto& l : outcome_lines_) {
      out_ << "<text x=\"" << num(side_x_) << "\" y=\"" << num(y) << "\">" << html_escape(l)
           << "</text>";
      y += kLineH;
    }
    out_ << "</g>\n";
  }

  void states() {
    out_ << "<div id=\"states\" hidden>\n";
    for (size_t r = 0; r < c_.rows.size(); ++r) {
      const ChartRow& row = c_.rows[r];
      out_ << "<div class=\"state\" data-step=\"" << r << "\"><h2>"
           << html_escape(r == 0 ? std::string("step 0: initial state")
                                 : "state after step " + std::to_string(r) + ": " + row.label)
           << "</h2><table>\n";
      for (const auto& f : row.state) {
        const bool changed =
            std::find(row.changed.begin(), row.changed.end(), f.name) != row.changed.end();
        out_ << "<tr" << (changed ? " class=\"changed\"" : "") << "><td>" << html_escape(f.name)
             << "</td><td>" << html_escape(f.value) << "</td></tr>\n";
      }
      out_ << "</table></div>\n";
    }
    out_ << "</div>\n";
  }

  std::ostream& out_;
  const SequenceChart& c_;
  std::vector<double> row_top_, row_h_;
  std::vector<double> last_slot_y_;        // per row: the y of its lowest marker slot
  std::vector<std::vector<size_t>> slot_;  // per row, per event: its marker slot
  std::vector<std::string> outcome_lines_;
  unsigned in_flight_labels_ = 0;
  double lane_w_ = kMinLaneW, side_x_ = 0, in_flight_y_ = 0, outcome_y_ = 0, chart_bottom_ = 0,
         width_ = 0, height_ = 0;
};

}  // namespace

std::string html_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

void write_sequence_chart_html(std::ostream& out, const SequenceChart& chart) {
  HtmlWriter(out, chart).write();
}

}  // namespace faultline
