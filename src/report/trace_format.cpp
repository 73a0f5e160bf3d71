// Trace format names, extensions, and the dispatch to each renderer.
#include "report/trace_format.hpp"

#include <algorithm>
#include <cctype>

#include "report/sequence_chart.hpp"
#include "report/sequence_chart_html.hpp"
#include "report/sequence_chart_mermaid.hpp"
#include "report/trace_text.hpp"

namespace faultline {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The chart of the finding, or (without one) a chart-less page or diagram saying why.
void write_chart(std::ostream& out, TraceFormat format, const TraceJsonHeader& h,
                 const Finding* finding) {
  const std::string model = h.model + " (variant " + h.variant + ")";
  if (finding) {
    const SequenceChart chart = build_sequence_chart(*finding, model);
    if (format == TraceFormat::Html)
      write_sequence_chart_html(out, chart);
    else
      write_sequence_chart_mermaid(out, chart);
    return;
  }
  const std::string line = "no trace: " + model + ", verdict " + h.verdict;
  if (format == TraceFormat::Html)
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        << html_escape("faultline: " + line) << "</title>\n</head>\n<body>\n<p id=\"no-trace\">"
        << html_escape(line) << "</p>\n</body>\n</html>\n";
  else
    out << "sequenceDiagram\n    participant faultline\n    Note over faultline: "
        << mermaid_text(line) << "\n";
}

}  // namespace

std::optional<TraceFormat> parse_trace_format(const std::string& name) {
  if (name == "text") return TraceFormat::Text;
  if (name == "json") return TraceFormat::Json;
  if (name == "html") return TraceFormat::Html;
  if (name == "mermaid") return TraceFormat::Mermaid;
  return std::nullopt;
}

const char* trace_format_names() { return "text, json, html, mermaid"; }

TraceFormat trace_format_for_path(const std::string& path) {
  std::string lower = path;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (ends_with(lower, ".html") || ends_with(lower, ".htm")) return TraceFormat::Html;
  if (ends_with(lower, ".mmd") || ends_with(lower, ".mermaid")) return TraceFormat::Mermaid;
  if (ends_with(lower, ".txt")) return TraceFormat::Text;
  return TraceFormat::Json;
}

void write_trace(std::ostream& out, TraceFormat format, const TraceJsonHeader& header,
                 const Finding* finding) {
  switch (format) {
    case TraceFormat::Text:
      if (finding)
        write_trace_text(out, *finding);
      else
        out << "no trace: verdict " << header.verdict << "\n";
      break;
    case TraceFormat::Json:
      write_trace_json(out, header, finding);
      break;
    case TraceFormat::Html:
    case TraceFormat::Mermaid:
      write_chart(out, format, header, finding);
      break;
  }
}

}  // namespace faultline
