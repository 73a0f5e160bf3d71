// A model's variants as (name, enum value) pairs, and the lookup its ModelInfo uses to turn a
// spec's `model.variant` into the enum (a SpecError names the accepted variants otherwise).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/errors.hpp"

namespace faultline {

template <class V>
using VariantNames = std::vector<std::pair<std::string, V>>;

template <class V>
V parse_variant_name(const VariantNames<V>& names, const std::string& name,
                     const std::string& model) {
  std::string accepted;
  for (const auto& [n, v] : names) {
    if (n == name) return v;
    accepted += (accepted.empty() ? "" : ", ") + n;
  }
  throw SpecError("model.variant = '" + name + "': not a variant of " + model +
                  " (accepted: " + accepted + ")");
}

}  // namespace faultline
