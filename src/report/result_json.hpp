// The whole result of `faultline check --json` as one JSON document (schema in docs/cli.md,
// "JSON result"): what was checked, the verdict and exit code, statistics, each property's
// status, goals, the [expect] outcome, coverage, and the trace in the --trace-out shape.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/check_types.hpp"
#include "core/properties.hpp"
#include "report/trace_json.hpp"

namespace faultline {

// How the run compares with the spec's [expect] section.
struct ExpectOutcome {
  bool checked = false;                 // false: not compared (see note)
  bool met = false;
  std::vector<std::string> mismatches;  // when checked and not met
  std::string note;                     // when not checked: why
};

struct ResultJsonInput {
  std::string spec;  // the spec file; empty for check --model
  std::string model;
  std::string variant;
  std::vector<std::pair<std::string, std::string>> params;  // as resolved, name -> value
  std::optional<std::string> goal;                          // --goal
  std::string verdict;                                      // effective verdict name
  int exit_code = 0;
  std::vector<PropertyInfo> properties;
  std::optional<ExpectOutcome> expect;  // absent: the spec has no [expect]
  bool coverage = false;                // --coverage: result.coverage is meaningful
};

// "holds", "holds-up-to-depth", "violated" or "undecided" (the run stopped before it could
// tell: another property failed first, a limit, Ctrl-C, a witness search).
std::string property_status(const CheckResult& result, const std::string& property);

Json result_json(const ResultJsonInput& input, const CheckResult& result);

}  // namespace faultline
