// What the distributed layer needs of a protocol's message type (the DistMessage concept) and
// the envelope that carries one between two nodes.
#pragma once
#include <compare>
#include <concepts>
#include <string>

#include "core/encoding.hpp"
#include "dist/node_set.hpp"

namespace faultline::dist {

// A protocol message: a small value type, totally ordered (the network keeps messages sorted
// so that equal states encode equal), with a canonical encoding and a label such as
// "Prepare(b=2)" that action labels and traces use.
template <class M>
concept DistMessage = std::regular<M> && std::three_way_comparable<M> &&
    requires(const M& m, ByteSink& sink, ByteSource& src) {
  m.encode(sink);
  { M::decode(src) } -> std::same_as<M>;
  { m.label() } -> std::convertible_to<std::string>;
};

// A message in flight from src to dst. Ordered by channel (src, dst) first, then message.
template <DistMessage Msg>
struct Envelope {
  NodeId src = 0;
  NodeId dst = 0;
  Msg msg{};
  auto operator<=>(const Envelope&) const = default;
  bool operator==(const Envelope&) const = default;
};

// "Prepare(b=1) p1->a2"
template <DistMessage Msg>
std::string envelope_label(const Envelope<Msg>& e, const NodeNames& names) {
  std::string s = e.msg.label();
  s += ' ';
  s += names[e.src];
  s += "->";
  s += names[e.dst];
  return s;
}

}  // namespace faultline::dist
