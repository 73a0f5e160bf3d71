// A protocol node's state split into what survives a crash (persistent: written to disk
// before acting) and what a crash loses (volatile). The model decides what goes where; the
// fault layer calls the model back to reset one or the other (see cluster.hpp).
#pragma once
#include <compare>

namespace faultline::dist {

// An empty part, for nodes with no volatile (or no persistent) state.
struct NoState {
  auto operator<=>(const NoState&) const = default;
};

// What a reset callback is asked to clear.
enum class ResetScope : uint8_t {
  Volatile,   // on crash: the node's volatile state goes back to its initial value
  Persistent  // on an amnesia restart: the persistent state is lost too
};

template <class Persistent, class Volatile>
struct Node {
  Persistent persistent{};
  Volatile vol{};
  auto operator<=>(const Node&) const = default;
  bool operator==(const Node&) const = default;

  // Resets the part named by scope to its default-constructed (initial) value.
  void reset(ResetScope scope) {
    if (scope == ResetScope::Volatile)
      vol = Volatile{};
    else
      persistent = Persistent{};
  }
};

}  // namespace faultline::dist
