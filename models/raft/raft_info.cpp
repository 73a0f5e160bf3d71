// The "raft" model's ModelInfo: parameter declarations, variant list with help text, and the
// factory that builds the typed runner.
#include "models/raft/raft_info.hpp"

#include "core/variant_names.hpp"
#include "dist/fault_budget.hpp"
#include "trace/typed_runner.hpp"

namespace faultline {
namespace raft {

Variant parse_variant(const std::string& name) {
  static const VariantNames<Variant> names = {
      {"correct", Variant::Correct},
      {"vote-not-persisted", Variant::VoteNotPersisted},
      {"commit-old-term-entries", Variant::CommitOldTermEntries},
      {"no-log-up-to-date-check", Variant::NoLogUpToDateCheck},
      {"truncate-on-stale-append", Variant::TruncateOnStaleAppend},
      {"count-stale-votes", Variant::CountStaleVotes}};
  return parse_variant_name(names, name, "raft");
}

RaftConfig raft_config_from_params(const ParamValues& values, const std::string& variant) {
  RaftConfig c;
  c.servers = static_cast<unsigned>(values.get_int("servers"));
  c.commands = static_cast<unsigned>(values.get_int("commands"));
  c.max_term = static_cast<unsigned>(values.get_int("max_term"));
  c.max_log = static_cast<unsigned>(values.get_int("max_log"));
  c.network = dist::network_from_params(values);
  c.faults = dist::budget_from_params(values);
  c.recovery_goals = values.get_bool("recovery_goals");
  c.variant = parse_variant(variant);
  return c;
}

}  // namespace raft

ModelInfo raft_model_info() {
  ModelInfo info;
  info.name = "raft";
  info.summary =
      "Raft with message passing: servers s1..sN elect leaders (RequestVote), replicate client "
      "commands (AppendEntries, one entry per message) and commit by majority matchIndex for "
      "entries of the leader's term; faults: message loss, duplication, crash-restart "
      "(currentTerm, votedFor, log persistent), partitions.";
  info.params = {
      ParamSpec::integer("servers", 3, 1, raft::kMaxServers, "number of servers s1..sN"),
      ParamSpec::integer("commands", 1, 0, 4,
                         "client commands (distinct values v1..vK) leaders may append in all"),
      ParamSpec::integer("max_term", 2, 1, raft::kMaxTerm, "highest term a timeout may start"),
      ParamSpec::integer("max_log", 2, 1, raft::kMaxLog,
                         "longest log a leader may grow by appending"),
      dist::network_param_spec(),
      ParamSpec::boolean("recovery_goals", false,
                         "record the first leader crash, follower crash or leader partition and "
                         "add the goals LeaderCrashRecovered, FollowerCrashRecovered, "
                         "PartitionRecovered (adds history to the state)"),
  };
  dist::append_fault_params(info.params);
  info.variants = {
      {"correct", "the protocol as published"},
      {"vote-not-persisted", "currentTerm and votedFor are lost on a crash (log kept)"},
      {"commit-old-term-entries",
       "a leader commits entries of earlier terms by counting replicas (Raft paper, Figure 8; "
       "needs max_term 4 and 2 commands with 3 servers)"},
      {"no-log-up-to-date-check", "votes are granted without checking the candidate's log"},
      {"truncate-on-stale-append",
       "a follower truncates its log after prevIndex on every matching AppendEntries, even a "
       "stale or duplicate one where nothing conflicts"},
      {"count-stale-votes", "a candidate counts vote grants sent in an older term"},
  };
  info.make = [](const ParamValues& values, const std::string& variant) {
    return make_runner(raft::RaftModel(raft::Raft(raft::raft_config_from_params(values, variant))));
  };
  return info;
}

}  // namespace faultline
