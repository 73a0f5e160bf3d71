// Trace file parsing: the text form (labels, comments, blank lines) and the JSON form that
// `check --trace-out` writes, read with nlohmann-json.
#include "spec/trace_file.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/errors.hpp"
#include "spec/input_file.hpp"

namespace faultline {
namespace {

constexpr size_t kMaxTraceBytes = size_t{256} << 20;  // far beyond any trace a person checks

// The line (1-based) that byte `offset` of `text` is on.
size_t line_of(const std::string& text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

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

TraceFile parse_text(const std::string& path, const std::string& text) {
  TraceFile t;
  t.path = path;
  std::istringstream in(text);
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    std::string label = clean_line(line);
    if (!label.empty()) t.steps.push_back({label, n, path + ":" + std::to_string(n)});
  }
  return t;
}

TraceFile parse_json(const std::string& path, const std::string& text) {
  using nlohmann::json;
  auto fail = [&](size_t line, const std::string& what) -> SpecError {
    return SpecError(path + (line ? ":" + std::to_string(line) : std::string()) + ": " + what);
  };
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string msg = e.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..."
    auto colon = msg.find(": ", msg.find("parse error"));
    throw fail(line_of(text, e.byte ? e.byte - 1 : 0),
               "not valid JSON (" + (colon == std::string::npos ? msg : msg.substr(colon + 2)) +
                   ")");
  }
  const char* shape =
      "expected the JSON that 'faultline check --trace-out' writes: {\"model\": ..., \"steps\": "
      "[{\"action\": null, ...}, {\"action\": \"<label>\", ...}, ...]}";
  if (!doc.is_object() || !doc.contains("steps") || !doc["steps"].is_array())
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
    if (step.contains("index") && !(step["index"].is_number_unsigned() && step["index"] == i))
      throw fail(0, where + ": \"index\" is " + quote_input(step["index"].dump(), 40) +
                        ", but the step is number " + std::to_string(i) + " of \"steps\"");
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
      line = line_of(text, at);
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
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') return parse_json(path, text);
  return parse_text(path, text);
}

TraceFile read_trace_file(const std::string& path) {
  return parse_trace(path, read_input_file(path, "trace file", kMaxTraceBytes));
}

}  // namespace faultline
