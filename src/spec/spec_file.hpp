// Reads a spec file (INI, parsed with Boost.Program_options) plus command-line overrides
// into a typed CheckRequest. Every bad input throws SpecError with one line naming the file,
// the line (where the key came from), the key and what is accepted.
#pragma once
#include <string>
#include <vector>

#include "core/model_info.hpp"
#include "spec/check_request.hpp"

namespace faultline {

// One `section.key = value` applied after the file; `origin` names the flag it came from
// ("--set", "--workers", ...) and appears in error messages as "<file> (<origin>)".
struct SpecOverride {
  std::string key;  // "section.key"
  std::string value;
  std::string origin = "--set";
};

// Parses the text of `--set section.key=value`; throws SpecError on bad syntax.
SpecOverride parse_set_override(const std::string& text);

// The spec file's sections, in the order `faultline check --help` lists them.
const std::vector<std::string>& spec_sections();

// The request for spec text `content` read from `path` (a file name, or kCommandLine).
CheckRequest parse_spec_text(const std::string& path, const std::string& content,
                             const std::vector<SpecOverride>& overrides,
                             const std::vector<ModelInfo>& models);

// Reads `path`, looks the model up in `models`, and applies `overrides` in order.
CheckRequest load_spec(const std::string& path, const std::vector<SpecOverride>& overrides,
                       const std::vector<ModelInfo>& models);

// What the command line alone asks for, with no spec file (`check --model NAME`): the
// overrides must include model.name; every other key keeps its default. Errors name
// kCommandLine and the flag.
inline constexpr const char* kCommandLine = "command line";
CheckRequest command_line_request(const std::vector<SpecOverride>& overrides,
                                  const std::vector<ModelInfo>& models);

}  // namespace faultline
