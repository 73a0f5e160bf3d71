// Reading a trace a person wrote (or `check --trace-out` wrote) for `faultline replay`:
// text, one action label per line (`#` starts a comment; blank lines are skipped; runs of
// spaces count as one); the text trace `check` writes ("counterexample (N steps):", then
// "step K: LABEL" lines); or the JSON document of src/report/trace_json.hpp. A sequence chart
// (Mermaid, HTML) is refused: its labels are shortened. Every problem is a SpecError naming
// the file and line.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace faultline {

struct TraceFileStep {
  std::string label;
  size_t line = 0;    // 1-based line in the file; 0 when unknown
  std::string where;  // "FILE:LINE", or "FILE (steps[K])" for a JSON step whose line is unknown
};

struct TraceFile {
  std::string path;
  bool json = false;
  std::optional<std::string> model;  // JSON: the model the trace was written for
  std::vector<TraceFileStep> steps;

  std::vector<std::string> labels() const;
};

// Parses `text` (the contents of `path`); JSON when it starts with '{' or '[' or is a JSON
// value as a whole.
TraceFile parse_trace(const std::string& path, const std::string& text);

// Reads and parses the file; a file that cannot be read (or is beyond 256 MiB) is a SpecError
// too.
TraceFile read_trace_file(const std::string& path);

}  // namespace faultline
