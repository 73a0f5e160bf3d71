// Small text helpers shared by the report, spec and CLI layers.
#pragma once
#include <string>
#include <vector>

namespace faultline {

// "a, b, c" (or the items joined by `sep`).
inline std::string join(const std::vector<std::string>& items, const std::string& sep = ", ") {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

}  // namespace faultline
