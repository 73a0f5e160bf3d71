// Text rendering of `check --coverage`: transitions per kind of action, and the kinds the
// model declares that never fired (often bounds that keep a property from being exercised).
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "core/check_types.hpp"

namespace faultline {

// The declared kinds with a count of 0, in the model's order.
std::vector<std::string> never_fired(const std::vector<ActionKindCount>& coverage);

void write_coverage_text(std::ostream& out, const std::vector<ActionKindCount>& coverage);

}  // namespace faultline
