// The messages of single-decree Paxos: Prepare(b), Promise(b, accepted ballot, accepted value),
// Accept(b, v), Accepted(b, v). Ballot 0 and value 0 mean "none"; values print as 1..V.
#pragma once
#include <compare>
#include <cstdint>
#include <string>

#include "core/encoding.hpp"

namespace faultline::paxos {

enum class MsgType : uint8_t { Prepare, Promise, Accept, Accepted };

struct PaxosMsg {
  MsgType type = MsgType::Prepare;
  uint8_t b = 0;   // the ballot the message is about
  uint8_t vb = 0;  // Promise: the acceptor's accepted ballot (0: none)
  uint8_t v = 0;   // Promise: its accepted value; Accept, Accepted: the value (0: none)

  auto operator<=>(const PaxosMsg&) const = default;
  bool operator==(const PaxosMsg&) const = default;

  static PaxosMsg prepare(uint8_t b) { return {MsgType::Prepare, b, 0, 0}; }
  static PaxosMsg promise(uint8_t b, uint8_t vb, uint8_t v) { return {MsgType::Promise, b, vb, v}; }
  static PaxosMsg accept(uint8_t b, uint8_t v) { return {MsgType::Accept, b, 0, v}; }
  static PaxosMsg accepted(uint8_t b, uint8_t v) { return {MsgType::Accepted, b, 0, v}; }

  void encode(ByteSink& out) const {
    out.u8(static_cast<uint8_t>(type));
    out.u8(b);
    if (type == MsgType::Promise) out.u8(vb);
    if (type != MsgType::Prepare) out.u8(v);
  }
  static PaxosMsg decode(ByteSource& in) {
    PaxosMsg m;
    m.type = static_cast<MsgType>(in.u8());
    m.b = in.u8();
    if (m.type == MsgType::Promise) m.vb = in.u8();
    if (m.type != MsgType::Prepare) m.v = in.u8();
    return m;
  }

  // "Prepare(b=1)", "Promise(b=2)", "Promise(b=2,vb=1,v=1)", "Accept(b=1,v=2)", "Accepted(b=1,v=2)"
  std::string label() const {
    const std::string bs = "(b=" + std::to_string(b);
    switch (type) {
      case MsgType::Prepare:
        return "Prepare" + bs + ")";
      case MsgType::Promise:
        if (vb == 0) return "Promise" + bs + ")";
        return "Promise" + bs + ",vb=" + std::to_string(vb) + ",v=" + std::to_string(v) + ")";
      case MsgType::Accept:
        return "Accept" + bs + ",v=" + std::to_string(v) + ")";
      case MsgType::Accepted:
        return "Accepted" + bs + ",v=" + std::to_string(v) + ")";
    }
    return "?";
  }
};

}  // namespace faultline::paxos
