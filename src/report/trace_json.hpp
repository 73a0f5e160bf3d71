// JSON trace documents for `faultline check --trace-out FILE.json` (and the "trace" member
// of `check --json`), built with nlohmann-json. `faultline replay` reads them back.
//
// Shape: {"model", "variant", "verdict", "property", "kind", "description", "reason",
//         "steps": [{"index": 0, "action": null, "state": {"field": "value", ...}},
//                   {"index": 1, "action": "<label>", "state": {...}}, ...]}
// Field values are JSON strings, as the model rendered them; a field name that occurs more
// than once in a state becomes one key whose value is an array of strings. Without a
// finding (e.g. the properties hold) property/kind/description/reason are null and steps
// is empty. Bytes that are not valid UTF-8 are written as U+FFFD, so the output is always
// valid JSON.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <ostream>
#include <string>

#include "core/check_types.hpp"

namespace faultline {

using Json = nlohmann::ordered_json;  // keys keep the order they were added in

struct TraceJsonHeader {
  std::string model;
  std::string variant;
  std::string verdict;  // the effective verdict name, e.g. "violation"
};

// The document above.
Json trace_json(const TraceJsonHeader& header, const Finding* finding);

// A state as a JSON object (repeated field names become arrays).
Json state_json(const FieldList& fields);

// `value` as compact JSON text (invalid UTF-8 replaced by U+FFFD).
std::string json_text(const Json& value);

// Writes trace_json(...) with one member a line and one step a line, then a newline.
void write_trace_json(std::ostream& out, const TraceJsonHeader& header, const Finding* finding);

}  // namespace faultline
