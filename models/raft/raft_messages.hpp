// The messages of Raft: RequestVote(term, lastLogIndex, lastLogTerm), its response
// (term, granted), AppendEntries(term, prevIndex, prevTerm, at most one entry, leaderCommit)
// and its response (term, success, matchIndex or the failed prevIndex).
#pragma once
#include <compare>
#include <cstdint>
#include <string>

#include "core/encoding.hpp"

namespace faultline::raft {

enum class MsgType : uint8_t {
  RequestVote,
  RequestVoteResponse,
  AppendEntries,
  AppendEntriesResponse
};

struct RaftMsg {
  MsgType type = MsgType::RequestVote;
  uint8_t term = 0;
  uint8_t index = 0;   // RequestVote: last log index; AppendEntries: prevIndex;
                       // AppendEntriesResponse: match index (success) or prevIndex (failure)
  uint8_t aux = 0;     // RequestVote: last log term; AppendEntries: prevTerm;
                       // responses: 1 granted / success, 0 not
  uint8_t e_term = 0;  // AppendEntries: the entry's term (0: no entry, a heartbeat)
  uint8_t e_val = 0;   //   and its value
  uint8_t commit = 0;  // AppendEntries: the leader's commit index

  auto operator<=>(const RaftMsg&) const = default;
  bool operator==(const RaftMsg&) const = default;

  void encode(ByteSink& out) const {
    out.u8(static_cast<uint8_t>(type));
    out.u8(term);
    out.u8(index);
    out.u8(aux);
    if (type == MsgType::AppendEntries) {
      out.u8(e_term);
      out.u8(e_val);
      out.u8(commit);
    }
  }
  static RaftMsg decode(ByteSource& in) {
    RaftMsg m;
    m.type = static_cast<MsgType>(in.u8());
    m.term = in.u8();
    m.index = in.u8();
    m.aux = in.u8();
    if (m.type == MsgType::AppendEntries) {
      m.e_term = in.u8();
      m.e_val = in.u8();
      m.commit = in.u8();
    }
    return m;
  }

  // "RequestVote(t=2,last=1/1)", "Vote(t=2,granted)", "Vote(t=2,denied)",
  // "AppendEntries(t=1,prev=0/0,e=1:v1,c=0)", "AppendEntries(t=1,prev=1/1,c=1)" (heartbeat),
  // "AppendOk(t=1,match=1)", "AppendFail(t=1,prev=1)".
  std::string label() const {
    const std::string t = "(t=" + std::to_string(term);
    switch (type) {
      case MsgType::RequestVote:
        return "RequestVote" + t + ",last=" + std::to_string(index) + "/" + std::to_string(aux) +
               ")";
      case MsgType::RequestVoteResponse:
        return "Vote" + t + (aux ? ",granted)" : ",denied)");
      case MsgType::AppendEntries: {
        std::string s =
            "AppendEntries" + t + ",prev=" + std::to_string(index) + "/" + std::to_string(aux);
        if (e_term) s += ",e=" + std::to_string(e_term) + ":v" + std::to_string(e_val);
        return s + ",c=" + std::to_string(commit) + ")";
      }
      case MsgType::AppendEntriesResponse:
        return aux ? "AppendOk" + t + ",match=" + std::to_string(index) + ")"
                   : "AppendFail" + t + ",prev=" + std::to_string(index) + ")";
    }
    return "?";
  }
};

}  // namespace faultline::raft
