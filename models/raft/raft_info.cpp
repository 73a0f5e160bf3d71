// The "raft" model's registration: parameters bound to Raft, variants.
#include "models/raft/raft.hpp"
#include "models/registry.hpp"
#include "trace/typed_runner.hpp"

namespace faultline {

ModelInfo raft_model_info() {
  using raft::Raft, raft::Variant;
  return make_model_info<raft::RaftModel>(ModelCard<Raft, Variant>{
      .name = "raft",
      .summary = "Raft with message passing: servers s1..sN elect leaders (RequestVote), "
                 "replicate client commands (AppendEntries, one entry per message) and commit by "
                 "majority matchIndex for entries of the leader's term; faults: message loss, "
                 "duplication, crash-restart (currentTerm, votedFor, log persistent), "
                 "partitions.",
      .params = {int_param("servers", &Raft::servers, 3, 1, raft::kMaxServers,
                           "number of servers s1..sN"),
                 int_param("commands", &Raft::commands, 1, 0, 4,
                           "client commands (distinct values v1..vK) leaders may append in all"),
                 int_param("max_term", &Raft::max_term, 2, 1, raft::kMaxTerm,
                           "highest term a timeout may start"),
                 int_param("max_log", &Raft::max_log, 2, 1, raft::kMaxLog,
                           "longest log a leader may grow by appending"),
                 dist::network_param(&Raft::network),
                 bool_param("recovery_goals", &Raft::recovery_goals, false,
                            "record the first leader crash, follower crash or leader partition "
                            "and add the goals LeaderCrashRecovered, FollowerCrashRecovered, "
                            "PartitionRecovered (adds history to the state)"),
                 dist::fault_params(&Raft::faults)},
      .variant = &Raft::variant,
      .variants =
          {{"correct", Variant::Correct, "the protocol as published"},
           {"vote-not-persisted", Variant::VoteNotPersisted,
            "currentTerm and votedFor are lost on a crash (log kept)"},
           {"commit-old-term-entries", Variant::CommitOldTermEntries,
            "a leader commits entries of earlier terms by counting replicas (Raft paper, Figure "
            "8; needs max_term 4 and 2 commands with 3 servers)"},
           {"no-log-up-to-date-check", Variant::NoLogUpToDateCheck,
            "votes are granted without checking the candidate's log"},
           {"truncate-on-stale-append", Variant::TruncateOnStaleAppend,
            "a follower truncates its log after prevIndex on every matching AppendEntries, even "
            "a stale or duplicate one where nothing conflicts"},
           {"count-stale-votes", Variant::CountStaleVotes,
            "a candidate counts vote grants sent in an older term"}},
  });
}

}  // namespace faultline

FAULTLINE_INSTANTIATE_ENGINE(faultline::raft::RaftModel)
