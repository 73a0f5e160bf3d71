// Raft's trace text: message labels, logs, and the description of a server and of the ghost.
#include "models/raft/raft.hpp"

namespace faultline::raft {

void faultline_format(std::string& out, const Msg& m, const FormatContext&) {
  const std::string t = "(t=" + text(term_of(m));
  if (const auto* rv = std::get_if<RequestVote>(&m)) {
    out += "RequestVote" + t + ",last=" + text(rv->last_index) + "/" + text(rv->last_term) + ")";
  } else if (const auto* v = std::get_if<Vote>(&m)) {
    out += "Vote" + t + (v->granted ? ",granted)" : ",denied)");
  } else if (const auto* ae = std::get_if<AppendEntries>(&m)) {
    out += "AppendEntries" + t + ",prev=" + text(ae->prev_index) + "/" + text(ae->prev_term);
    if (ae->entry.term) out += ",e=" + text(ae->entry.term) + ":v" + text(ae->entry.value);
    out += ",c=" + text(ae->commit) + ")";
  } else if (const auto* ok = std::get_if<AppendOk>(&m)) {
    out += "AppendOk" + t + ",match=" + text(ok->match) + ")";
  } else {
    out += "AppendFail" + t + ",prev=" + text(std::get<AppendFail>(m).prev_index) + ")";
  }
}

std::string format_log(const Log& log) {
  std::string out;
  for (const LogEntry& e : log)
    out += (out.empty() ? "" : " ") + text(e.term) + ":v" + text(e.value);
  return "[" + out + "]";
}

std::string describe_server(const Raft& p, NodeId, const Server& sv) {
  std::string d = reflect::formatted(sv.role);
  if (sv.role == Role::candidate) d += " votes=" + dist::format_node_set(sv.votes, p.names());
  if (sv.role == Role::leader) {
    std::string next, match;
    for (NodeId j = 0; j < sv.progress.size(); ++j) {
      next += (j ? "," : "") + text(progress_of(sv, j).next);
      match += (j ? "," : "") + text(progress_of(sv, j).match);
    }
    d += " next=" + next + " match=" + match;
  }
  return d + ", term " + text(sv.term) + ", voted " +
         (sv.voted_for ? p.names()[*sv.voted_for] : std::string("none")) + ", log " +
         format_log(sv.log) + ", commit " + text(sv.commit);
}

void describe_history(const Raft& p, const RaftState& s, FieldWriter& w) {
  const History& h = s.ghost;
  std::string elected, committed;
  for (uint8_t t = 0; t <= kMaxTerm; ++t)
    h.leaders[t].for_each([&](NodeId i) {
      elected += (elected.empty() ? "" : ", ") + p.names()[i] + "@t" + text(t);
    });
  for (const Committed& c : h.committed)
    committed += (committed.empty() ? "" : ", ") + text(c.index) + "=" + text(c.term) + ":v" +
                 text(c.value) + " (in t" + text(c.cterm) + ")";
  w.field("elected", elected.empty() ? "none" : elected);
  w.field("committed", committed.empty() ? "none" : committed);
  w.field("commands issued", h.commands);
  if (!p.config().recovery_goals) return;
  std::string d = "none yet";
  if (const auto& x = h.disruption) {
    const std::string who = p.names()[x->server] + " (term " + text(x->term) + ", " +
                            text(x->committed_before) + " committed before)";
    d = (x->kind == DisruptionKind::follower_crash ? "follower " : "leader ") + who +
        (x->kind == DisruptionKind::leader_partitioned ? " partitioned into a minority"
                                                       : " crashed");
  }
  w.field("disruption", d);
}

}  // namespace faultline::raft
