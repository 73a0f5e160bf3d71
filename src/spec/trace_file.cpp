// Trace file parsing: the text forms (labels, comments, blank lines; or the text trace that
// `check --trace-out NAME.txt` writes) and the JSON form, read with nlohmann-json. Linear in
// the file's size.
#include "spec/trace_file.hpp"

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>

#include "core/errors.hpp"
#include "spec/input_file.hpp"

namespace faultline {
namespace {

constexpr size_t kMaxTraceBytes = size_t{256} << 20;  // far beyond any trace a person checks

// The line (1-based) of a byte of `text`, for offsets asked in increasing order: each call
// counts only the newlines since the last one, so a whole file costs one pass.
class LineCounter {
 public:
  explicit LineCounter(const std::string& text) : text_(text) {}
  size_t line_of(size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset < offset_) offset_ = 0, line_ = 1;
    line_ += static_cast<size_t>(std::count(text_.begin() + offset_, text_.begin() + offset, '\n'));
    offset_ = offset;
    return line_;
  }

 private:
  const std::string& text_;
  size_t offset_ = 0, line_ = 1;
};

// `line` without its comment, trimmed, with runs of blanks collapsed to one space.
std::string clean_line(const std::string& line) {
  std::string out;
  bool blank = false;
  for (char c : line.substr(0, line.find('#'))) {
    if (c == ' ' || c == '\t' || c == '\r') {
      blank = true;
      continue;
    }
    if (blank && !out.empty()) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

// The header `check --trace-out NAME.txt` writes before its steps.
bool is_trace_report_header(const std::string& line) {
  for (const char* start : {"counterexample (", "witness for goal ", "trace to deadlock ("})
    if (line.rfind(start, 0) == 0 && line.size() > 2 && line.compare(line.size() - 2, 2, "):") == 0)
      return true;
  return false;
}

// The text trace `check` writes: "step K: LABEL" lines (K from 1; step 0 is the initial
// state), each followed by indented lines describing the state, which replay recomputes.
TraceFile parse_trace_report(const std::string& path, std::istringstream& in, size_t header_line) {
  TraceFile t;
  t.path = path;
  std::string line;
  size_t expected = 0;
  for (size_t n = header_line + 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == ' ') continue;  // the state, or the blank line at the end
    const std::string want = "step " + std::to_string(expected) + ": ";
    if (line.rfind(want, 0) != 0)
      throw SpecError(path + ":" + std::to_string(n) + ": expected '" + want +
                      "...' in this trace written by 'faultline check', found '" +
                      quote_input(line, 60) + "'");
    if (expected++ > 0) t.steps.push_back({line.substr(want.size()), n, path + ":" + std::to_string(n)});
  }
  return t;
}

TraceFile parse_text(const std::string& path, const std::string& text) {
  TraceFile t;
  t.path = path;
  std::istringstream in(text);
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    std::string label = clean_line(line);
    if (label.empty()) continue;
    if (t.steps.empty() && is_trace_report_header(label)) return parse_trace_report(path, in, n);
    t.steps.push_back({label, n, path + ":" + std::to_string(n)});
  }
  return t;
}

TraceFile parse_json(const std::string& path, const std::string& text) {
  using nlohmann::json;
  auto fail = [&](size_t line, const std::string& what) -> SpecError {
    return SpecError(path + (line ? ":" + std::to_string(line) : std::string()) + ": " + what);
  };
  LineCounter lines(text);
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string msg = e.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..."
    auto colon = msg.find(": ", msg.find("parse error"));
    throw fail(lines.line_of(e.byte ? e.byte - 1 : 0),
               "not valid JSON (" + (colon == std::string::npos ? msg : msg.substr(colon + 2)) +
                   ")");
  } catch (const json::exception& e) {  // e.g. a number beyond a double's range
    const std::string msg = e.what();
    throw fail(0, "not a trace: " + msg.substr(msg.find(']') + 2));
  }
  const char* shape =
      "expected the JSON that 'faultline check --trace-out' writes: {\"model\": ..., \"steps\": "
      "[{\"action\": null, ...}, {\"action\": \"<label>\", ...}, ...]}";
  if (!doc.is_object())
    throw fail(0, std::string("not a trace: the JSON document is ") + doc.type_name() +
                      ", not an object; " + shape);
  if (!doc.contains("steps") || !doc["steps"].is_array())
    throw fail(0, std::string("no \"steps\" array; ") + shape);
  TraceFile t;
  t.path = path;
  t.json = true;
  if (doc.contains("model")) {
    if (!doc["model"].is_string()) throw fail(0, "\"model\" must be a string");
    t.model = doc["model"].get<std::string>();
  }
  size_t search_from = 0;
  const auto& steps = doc["steps"];
  for (size_t i = 0; i < steps.size(); ++i) {
    const auto& step = steps[i];
    const std::string where = "steps[" + std::to_string(i) + "]";
    if (!step.is_object() || !step.contains("action"))
      throw fail(0, where + " has no \"action\"; " + shape);
    if (step.contains("index") &&
        !(step["index"].is_number_integer() && step["index"].get<int64_t>() >= 0 &&
          static_cast<uint64_t>(step["index"].get<int64_t>()) == i))
      throw fail(0, where + ": \"index\" is " + quote_input(step["index"].dump(), 40) +
                        "; expected " + std::to_string(i) + ", the step's position in \"steps\"");
    const auto& action = step["action"];
    if (action.is_null()) {
      if (i == 0) continue;  // the initial state
      throw fail(0, where + ": \"action\" is null; only steps[0], the initial state, has none");
    }
    if (!action.is_string()) throw fail(0, where + ": \"action\" must be a string (a label)");
    std::string label = action.get<std::string>();
    // Find the label in the text (in order) to report lines: the writer puts one step a line.
    size_t line = 0;
    size_t at = text.find(json(label).dump(), search_from);
    if (at != std::string::npos) {
      line = lines.line_of(at);
      search_from = at + 1;
    }
    t.steps.push_back({label, line, line ? path + ":" + std::to_string(line) : path + " (" + where + ")"});
  }
  return t;
}

}  // namespace

std::vector<std::string> TraceFile::labels() const {
  std::vector<std::string> out;
  for (const auto& s : steps) out.push_back(s.label);
  return out;
}

TraceFile parse_trace(const std::string& path, const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  const std::string_view start =
      first == std::string::npos ? std::string_view() : std::string_view(text).substr(first, 16);
  if (start.starts_with("%%") || start.starts_with("sequenceDiagram") ||
      start.starts_with("<!DOCTYPE") || start.starts_with("<html"))
    throw SpecError(path + ": a sequence chart (Mermaid or HTML) cannot be replayed, its labels "
                    "are shortened; replay reads the JSON or text trace that 'faultline check "
                    "--trace-out NAME.json' or 'NAME.txt' writes, or one action label per line");
  TraceFile t = start.starts_with("{") || start.starts_with("[") || nlohmann::json::accept(text)
                    ? parse_json(path, text)
                    : parse_text(path, text);
  for (const TraceFileStep& step : t.steps)  // (found by the fuzz targets: tests/fuzz/)
    if (step.label.find_first_not_of(" \t") == std::string::npos)
      throw SpecError(step.where + ": a step with an empty action label; expected an action "
                      "as faultline prints it, e.g. 'crash a2'");
  return t;
}

TraceFile read_trace_file(const std::string& path) {
  return parse_trace(path, read_input_file(path, "trace file", kMaxTraceBytes));
}

}  // namespace faultline
