// Parent links: how a state was first reached. A link packs the parent's state id (+1, so 0
// means "initial state") in the high 40 bits and the action index (or, for an initial state,
// its index among initial_states()) in the low 24 bits. State ids are given level by level in
// fingerprint order, so comparing links as integers prefers shallower, then smaller, parents:
// keeping the minimum link makes the parent choice independent of thread timing.
#pragma once
#include <cstdint>

namespace faultline {

inline constexpr uint64_t kActionBits = 24;
inline constexpr uint64_t kMaxActionIndex = (uint64_t{1} << kActionBits) - 1;
inline constexpr uint64_t kNoLink = ~uint64_t{0};

inline uint64_t initial_link(uint64_t initial_index) { return initial_index; }
inline uint64_t make_link(uint64_t parent_id, uint64_t action_index) {
  return ((parent_id + 1) << kActionBits) | action_index;
}
inline bool link_is_initial(uint64_t link) { return (link >> kActionBits) == 0; }
inline uint64_t link_parent(uint64_t link) { return (link >> kActionBits) - 1; }
inline uint32_t link_action(uint64_t link) {
  return static_cast<uint32_t>(link & kMaxActionIndex);
}

}  // namespace faultline
