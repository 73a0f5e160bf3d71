// The trace formats `faultline check` can write (--trace-format, --trace-out) and the one
// function that writes a finding in any of them: text (the default, as printed), JSON, a
// self-contained HTML sequence chart, or a Mermaid sequence diagram.
#pragma once
#include <optional>
#include <ostream>
#include <string>

#include "core/check_types.hpp"
#include "report/trace_json.hpp"

namespace faultline {

enum class TraceFormat { Text, Json, Html, Mermaid };

// "text", "json", "html", "mermaid"; nothing for any other name.
std::optional<TraceFormat> parse_trace_format(const std::string& name);

// The names parse_trace_format accepts, for error messages: "text, json, html, mermaid".
const char* trace_format_names();

// The format a --trace-out path asks for by its extension: .html/.htm -> Html,
// .mmd/.mermaid -> Mermaid, .txt -> Text, anything else (.json included) -> Json.
TraceFormat trace_format_for_path(const std::string& path);

// Writes `finding` (or, when there is none, a short document saying so) in `format`.
// `header` names the model, variant and verdict.
void write_trace(std::ostream& out, TraceFormat format, const TraceJsonHeader& header,
                 const Finding* finding);

}  // namespace faultline
