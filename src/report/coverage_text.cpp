// Coverage table: one line per kind, counts right-aligned, never-fired kinds flagged.
#include "report/coverage_text.hpp"

#include <algorithm>

namespace faultline {

std::vector<std::string> never_fired(const std::vector<ActionKindCount>& coverage) {
  std::vector<std::string> out;
  for (const auto& c : coverage)
    if (c.count == 0) out.push_back(c.kind);
  return out;
}

void write_coverage_text(std::ostream& out, const std::vector<ActionKindCount>& coverage) {
  out << "coverage (transitions per kind of action):\n";
  if (coverage.empty()) {
    out << "  (no transitions)\n";
    return;
  }
  size_t name_width = 0, count_width = 0;
  for (const auto& c : coverage) {
    name_width = std::max(name_width, c.kind.size());
    count_width = std::max(count_width, std::to_string(c.count).size());
  }
  for (const auto& c : coverage) {
    const std::string n = std::to_string(c.count);
    out << "  " << c.kind << std::string(name_width - c.kind.size() + 2, ' ')
        << std::string(count_width - n.size(), ' ') << n << (c.count ? "" : "  NEVER FIRED")
        << "\n";
  }
  auto missing = never_fired(coverage);
  if (missing.empty()) return;
  std::string list;
  for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
  out << "never fired: " << list
      << " (the bounds or parameters may keep them from ever being enabled; properties about "
         "them may then hold vacuously)\n";
}

}  // namespace faultline
