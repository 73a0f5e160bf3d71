// The kinds of action of a message-passing model, for `faultline check --coverage`: the
// model's local steps ("timeout", "start"), one "deliver T" per message kind T, and the
// faults the budget allows ("drop", "duplicate", "crash", "restart", "partition", "heal"),
// and for a model with time (dist/time.hpp) the time actions its configuration allows ("tick";
// "clock" where clocks drift; "pause" and "resume" where the pause budget is above 0). Kinds
// that cannot fire are not listed, so a kind that never fires is worth a look.
#pragma once
#include <array>
#include <cassert>
#include <cstddef>
#include <string>
#include <vector>

#include "dist/cluster.hpp"
#include "dist/fault_budget.hpp"
#include "dist/time.hpp"

namespace faultline::dist {

class ActionKindTable {
 public:
  ActionKindTable() = default;
  ActionKindTable(const std::vector<std::string>& local_steps,
                  const std::vector<std::string>& message_kinds, const FaultBudget& budget)
      : locals_(local_steps.size()) {
    names_ = local_steps;
    for (const auto& m : message_kinds) names_.push_back("deliver " + m);
    index_.fill(kNone);
    if (budget.drop > 0) add(ActionKind::Drop, "drop");
    if (budget.duplicate > 0) add(ActionKind::Duplicate, "duplicate");
    if (budget.crash > 0) {
      add(ActionKind::Crash, "crash");
      add(ActionKind::Restart, "restart");
    }
    if (budget.partition > 0) {
      add(ActionKind::Partition, "partition");
      add(ActionKind::Heal, "heal");
    }
  }
  // A model on TimedCluster: the time actions too.
  ActionKindTable(const std::vector<std::string>& local_steps,
                  const std::vector<std::string>& message_kinds, const FaultBudget& budget,
                  const TimeConfig& time)
      : ActionKindTable(local_steps, message_kinds, budget) {
    add(ActionKind::Tick, "tick");
    if (time.drift > 0 && !time.clocked.empty()) add(ActionKind::ClockAhead, "clock");
    if (time.pauses > 0 && !time.pausable.empty()) {
      add(ActionKind::Pause, "pause");
      add(ActionKind::Resume, "resume");
    }
  }

  const std::vector<std::string>& names() const { return names_; }

  // The kind of `a`: for a Local action its step code indexes local_steps; for a Deliver,
  // `message_kind` indexes message_kinds (the model classifies the delivered message).
  size_t kind(const Action& a, size_t message_kind) const {
    if (a.kind == ActionKind::Local) return a.code;
    if (a.kind == ActionKind::Deliver) return locals_ + message_kind;
    size_t k = index_[static_cast<size_t>(a.kind)];
    assert(k != kNone && "an action fired whose kind the configuration rules out");
    return k;
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);
  void add(ActionKind k, const char* name) {
    index_[static_cast<size_t>(k)] = names_.size();
    names_.push_back(name);
  }
  size_t locals_ = 0;
  std::vector<std::string> names_;
  std::array<size_t, static_cast<size_t>(ActionKind::Resume) + 1> index_{};  // faults, time
};

}  // namespace faultline::dist
