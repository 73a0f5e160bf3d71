// Mermaid rendering of a SequenceChart (see the header for the shape).
#include "report/sequence_chart_mermaid.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace faultline {
namespace {

bool plain_identifier(const std::string& s) {
  static const std::array<const char*, 27> kKeywords = {
      "end",      "loop",  "alt",         "else",       "opt",      "par",        "and",
      "rect",     "note",  "participant", "actor",      "activate", "deactivate", "title",
      "critical", "break", "box",         "autonumber", "links",    "link",       "properties",
      "details",  "over",  "left",        "right",      "of",       "as"};
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (char ch : s)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_') return false;
  std::string lower = s;
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return std::none_of(kKeywords.begin(), kKeywords.end(),
                      [&](const char* k) { return lower == k; });
}

class MermaidWriter {
 public:
  MermaidWriter(std::ostream& out, const SequenceChart& c) : out_(out), c_(c) {
    for (size_t i = 0; i < c.lanes.size(); ++i)
      ids_.push_back(plain_identifier(c.lanes[i]) ? c.lanes[i] : "L" + std::to_string(i));
  }

  void write() {
    out_ << "%% faultline: " << c_.model << ", " << trace_kind(c_) << " (" << c_.rows.size() - 1
         << " steps)\n";
    out_ << "sequenceDiagram\n";
    for (size_t i = 0; i < c_.lanes.size(); ++i) {
      out_ << "    participant " << ids_[i];
      if (ids_[i] != c_.lanes[i]) out_ << " as " << mermaid_text(c_.lanes[i]);
      out_ << "\n";
    }
    state_notes(c_.rows[0]);
    for (size_t r = 1; r < c_.rows.size(); ++r) {
      const ChartRow& row = c_.rows[r];
      const std::string step = "step " + std::to_string(row.step) + ": ";
      for (const auto& e : row.events) event(e, step, r);
      state_notes(row);
    }
    std::string ending = outcome_headline(c_);
    if (!c_.reason.empty()) ending += "\nbecause: " + c_.reason;
    out_ << "    Note over " << span() << ": " << mermaid_text(ending) << "\n";
  }

 private:
  // "first,last" lanes, or the single lane: what "Note over" spans for whole-system events.
  std::string span() const { return ids_.size() == 1 ? ids_[0] : ids_.front() + "," + ids_.back(); }
  std::string lane(int i) const { return i == kNoLane ? span() : ids_[static_cast<size_t>(i)]; }
  // The message that this delivery or drop event at row r ended.
  const ChartMessage* ended_by(const ChartEvent& e, size_t r) const {
    for (const auto& m : c_.messages)
      if (m.end_row == r && m.end != ChartMessage::End::InFlight && m.from == e.node &&
          m.to == e.peer && m.text == e.text)
        return &m;
    return nullptr;
  }
  // " (duplicate copy)", " (sent at step 2)": what an arrow drawn at row r cannot show.
  std::string origin(const ChartEvent& e, size_t r) const {
    const ChartMessage* m = ended_by(e, r);
    if (!m) return "";
    if (m->duplicate) return " (copy made at step " + std::to_string(m->sent_row) + ")";
    if (m->sent_row + 1 < r) return " (sent at step " + std::to_string(m->sent_row) + ")";
    return "";
  }

  void event(const ChartEvent& e, const std::string& step, size_t r) {
    const std::string a = lane(e.node);
    switch (e.kind) {
      case ChartEventKind::Deliver:
        out_ << "    " << a << "->>" << lane(e.peer) << ": "
             << mermaid_text(step + e.text + origin(e, r)) << "\n";
        break;
      case ChartEventKind::Drop:
        out_ << "    " << a << "-x" << lane(e.peer) << ": "
             << mermaid_text(step + "dropped " + e.text + origin(e, r)) << "\n";
        break;
      case ChartEventKind::Duplicate:
        out_ << "    Note over " << a << "," << lane(e.peer) << ": "
             << mermaid_text(step + "duplicated " + e.text) << "\n";
        break;
      case ChartEventKind::Crash:
        out_ << "    Note over " << a << ": " << mermaid_text(step + "crash") << "\n";
        break;
      case ChartEventKind::Restart:
        out_ << "    Note over " << a << ": "
             << mermaid_text(step + "restart" + (e.text.empty() ? "" : " (" + e.text + ")"))
             << "\n";
        break;
      case ChartEventKind::Partition:
        out_ << "    Note over " << span() << ": " << mermaid_text(step + "partition " + e.text)
             << "\n";
        break;
      case ChartEventKind::Heal:
        out_ << "    Note over " << span() << ": " << mermaid_text(step + "heal") << "\n";
        break;
      case ChartEventKind::Local:
        out_ << "    Note over " << a << ": " << mermaid_text(step + e.text) << "\n";
        break;
      case ChartEventKind::Tick:
        out_ << "    Note over " << span() << ": " << mermaid_text(step + "tick " + e.text) << "\n";
        break;
      case ChartEventKind::Pause:
        out_ << "    Note over " << a << ": " << mermaid_text(step + "pause (" + e.text + ")")
             << "\n";
        break;
      case ChartEventKind::Resume:
        out_ << "    Note over " << a << ": "
             << mermaid_text(step + "resume" + (e.text.empty() ? "" : " (" + e.text + ")")) << "\n";
        break;
      case ChartEventKind::Drift:
        out_ << "    Note over " << a << ": " << mermaid_text(step + e.text) << "\n";
        break;
      case ChartEventKind::Send:
      case ChartEventKind::Discard:
        break;  // a Mermaid arrow is drawn once, at delivery or drop
    }
  }

  void state_notes(const ChartRow& row) {
    for (size_t i = 0; i < row.by_lane.size(); ++i) {
      if (row.by_lane[i].empty()) continue;
      std::string text;
      for (const auto& l : row.by_lane[i]) text += (text.empty() ? "" : "\n") + l;
      out_ << "    Note right of " << ids_[i] << ": " << mermaid_text(text) << "\n";
    }
  }

  std::ostream& out_;
  const SequenceChart& c_;
  std::vector<std::string> ids_;
};

}  // namespace

std::string mermaid_text(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case ';':
        out += "#59;";
        break;
      case '#':
        out += "#35;";
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      case '\n':
        out += "<br/>";
        break;
      case '\r':
        break;
      default:
        out += ch;
    }
  }
  return out;
}

void write_sequence_chart_mermaid(std::ostream& out, const SequenceChart& chart) {
  MermaidWriter(out, chart).write();
}

}  // namespace faultline
