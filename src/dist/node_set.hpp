// Node identities for message-passing models: dense ids (NodeId), a bit set of nodes
// (NodeSet, at most 32 nodes) and the printable names ("p1", "a3") a model gives its nodes.
#pragma once
#include <bit>
#include <compare>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/reflect.hpp"

namespace faultline::dist {

using NodeId = uint8_t;
inline constexpr unsigned kMaxNodes = 32;

// A set of nodes as a bit mask: canonical, cheap to copy, compare and encode.
class NodeSet {
 public:
  constexpr NodeSet() = default;
  constexpr explicit NodeSet(uint32_t bits) : bits_(bits) {}
  // The nodes first, first+1, ..., first+count-1.
  static constexpr NodeSet range(NodeId first, unsigned count) {
    uint64_t ones = (count >= 32 ? ~uint64_t{0} : ((uint64_t{1} << count) - 1));
    return NodeSet(static_cast<uint32_t>(ones << first));
  }
  constexpr bool contains(NodeId n) const { return (bits_ >> n) & 1u; }
  constexpr void insert(NodeId n) { bits_ |= (1u << n); }
  constexpr void erase(NodeId n) { bits_ &= ~(1u << n); }
  constexpr unsigned size() const { return static_cast<unsigned>(std::popcount(bits_)); }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr uint32_t bits() const { return bits_; }
  constexpr NodeSet operator|(NodeSet o) const { return NodeSet(bits_ | o.bits_); }
  constexpr NodeSet operator&(NodeSet o) const { return NodeSet(bits_ & o.bits_); }
  constexpr NodeSet minus(NodeSet o) const { return NodeSet(bits_ & ~o.bits_); }
  constexpr auto operator<=>(const NodeSet&) const = default;

  // Calls f(NodeId) for each member in increasing id order.
  template <class F>
  constexpr void for_each(F&& f) const {
    for (uint32_t b = bits_; b != 0; b &= b - 1) f(static_cast<NodeId>(std::countr_zero(b)));
  }

 private:
  uint32_t bits_ = 0;
};

// The set with every member n renamed p[n] (symmetry reduction, src/core/symmetry.hpp).
inline NodeSet permute(NodeSet s, const std::vector<uint8_t>& p) {
  NodeSet out;
  s.for_each([&](NodeId n) { out.insert(static_cast<NodeId>(p[n])); });
  return out;
}

// Printable node names, indexed by NodeId.
using NodeNames = std::vector<std::string>;

// Names groups of nodes in id order: {{"p", 2}, {"a", 3}} gives p1, p2, a1, a2, a3.
inline NodeNames make_node_names(const std::vector<std::pair<std::string, unsigned>>& groups) {
  NodeNames names;
  for (const auto& [prefix, count] : groups)
    for (unsigned i = 1; i <= count; ++i) names.push_back(prefix + std::to_string(i));
  return names;
}

// "{a1,a2}" (members in id order); "{}" when empty.
inline std::string format_node_set(NodeSet s, const NodeNames& names) {
  std::string out = "{";
  bool first = true;
  s.for_each([&](NodeId n) {
    if (!first) out += ',';
    out += names[n];
    first = false;
  });
  return out + "}";
}

// NodeSet as a field of a FAULTLINE_FIELDS struct (core/reflect.hpp): its bits as a varint,
// printed with the nodes' names where the format context has them.
inline void faultline_encode(ByteSink& out, NodeSet s) { out.varint(s.bits()); }
constexpr size_t faultline_max_encoded_size(const NodeSet*) { return reflect::varint_max(32); }
inline void faultline_encode_raw(char*& p, NodeSet s) { reflect::raw_varint(p, s.bits()); }
inline void faultline_decode(ByteSource& in, NodeSet& s) {
  s = NodeSet(reflect::decoded<uint32_t>(in));
}
inline void faultline_format(std::string& out, NodeSet s, const FormatContext& ctx) {
  if (ctx.node_names) {
    out += format_node_set(s, *ctx.node_names);
    return;
  }
  out += '{';
  bool first = true;
  s.for_each([&](NodeId n) {
    if (!first) out += ',';
    first = false;
    out += std::to_string(n);
  });
  out += '}';
}

// A node named in a protocol's state or messages ("the holder", "voted for"): a NodeId that
// the actor layer renames when symmetry permutes the nodes (src/dist/actor_model.hpp). A plain
// integer field would keep its value and silently break the symmetry. Converts to NodeId.
struct NodeRef {
  NodeId id = 0;
  constexpr NodeRef() = default;
  constexpr NodeRef(NodeId n) : id(n) {}  // NOLINT: implicit, as handlers pass NodeIds
  constexpr operator NodeId() const { return id; }  // compares as its NodeId
};

// As a FAULTLINE_FIELDS field: one byte, decoded below kMaxNodes, printed as the node's name.
inline void faultline_encode(ByteSink& out, NodeRef r) { out.u8(r.id); }
constexpr size_t faultline_max_encoded_size(const NodeRef*) { return 1; }
inline void faultline_encode_raw(char*& p, NodeRef r) { *p++ = static_cast<char>(r.id); }
inline void faultline_decode(ByteSource& in, NodeRef& r) {
  r.id = in.u8();
  if (r.id >= kMaxNodes) reflect::decode_fail("a node reference is out of range");
}
inline void faultline_format(std::string& out, NodeRef r, const FormatContext& ctx) {
  if (ctx.node_names && r.id < ctx.node_names->size())
    out += (*ctx.node_names)[r.id];
  else
    out += std::to_string(r.id);
}

}  // namespace faultline::dist
