// JSON trace writer for `faultline check --trace-out FILE.json`. Hand-written (no JSON
// dependency): the output is a fixed shape of strings and integers, so escaping is all that
// is needed, and it is tested on its own.
//
// Shape: {"model", "variant", "verdict", "property", "kind", "description", "reason",
//         "steps": [{"index": 0, "action": null, "state": {"field": "value", ...}},
//                   {"index": 1, "action": "<label>", "state": {...}}, ...]}
// Field values are JSON strings, as the model rendered them; a field name that occurs more
// than once in a state becomes one key whose value is an array of strings. Without a
// finding (e.g. the properties hold) property/kind/description/reason are null and steps
// is empty.
#pragma once
#include <ostream>
#include <string>
#include <string_view>

#include "core/check_types.hpp"

namespace faultline {

// `s` as a quoted JSON string. Control characters are escaped; valid UTF-8 is copied as is;
// bytes that are not valid UTF-8 become U+FFFD, so the output is always valid JSON.
std::string json_quote(std::string_view s);

struct TraceJsonHeader {
  std::string model;
  std::string variant;
  std::string verdict;  // the effective verdict name, e.g. "violation"
};

void write_trace_json(std::ostream& out, const TraceJsonHeader& header, const Finding* finding);

}  // namespace faultline
