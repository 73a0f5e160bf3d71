// A minimal message type for tests of the distributed layer: Ping(n).
#pragma once
#include <compare>
#include <cstdint>
#include <string>

#include "core/encoding.hpp"

namespace faultline::dist::test {

struct Ping {
  uint8_t n = 0;
  auto operator<=>(const Ping&) const = default;
  bool operator==(const Ping&) const = default;
  void encode(ByteSink& out) const { out.u8(n); }
  static Ping decode(ByteSource& in) { return Ping{in.u8()}; }
  std::string label() const { return "Ping(" + std::to_string(n) + ")"; }
};

}  // namespace faultline::dist::test
