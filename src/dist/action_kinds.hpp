// The kinds of action of a message-passing model, for `faultline check --coverage`: the
// model's local steps ("timeout", "start"), one "deliver T" per message kind T, and the
// faults the budget allows ("drop", "duplicate", "crash", "restart", "partition", "heal").
// Faults whose budget is 0 are not listed, so a kind that never fires is worth a look.
#pragma once
#include <array>
#include <cassert>
#include <cstddef>
#include <string>
#include <vector>

#include "dist/cluster.hpp"
#include "dist/fault_budget.hpp"

namespace faultline::dist {

class ActionKindTable {
 public:
  ActionKindTable(const std::vector<std::string>& local_steps,
                  const std::vector<std::string>& message_kinds, const FaultBudget& budget)
      : locals_(local_steps.size()) {
    names_ = local_steps;
    for (const auto& m : message_kinds) names_.push_back("deliver " + m);
    fault_index_.fill(kNone);
    auto add_fault = [&](ActionKind k, const char* name) {
      fault_index_[static_cast<size_t>(k)] = names_.size();
      names_.push_back(name);
    };
    if (budget.drop > 0) add_fault(ActionKind::Drop, "drop");
    if (budget.duplicate > 0) add_fault(ActionKind::Duplicate, "duplicate");
    if (budget.crash > 0) {
      add_fault(ActionKind::Crash, "crash");
      add_fault(ActionKind::Restart, "restart");
    }
    if (budget.partition > 0) {
      add_fault(ActionKind::Partition, "partition");
      add_fault(ActionKind::Heal, "heal");
    }
  }

  const std::vector<std::string>& names() const { return names_; }

  // The kind of `a`: for a Local action its step code indexes local_steps; for a Deliver,
  // `message_kind` indexes message_kinds (the model classifies the delivered message).
  size_t kind(const Action& a, size_t message_kind) const {
    if (a.kind == ActionKind::Local) return a.code;
    if (a.kind == ActionKind::Deliver) return locals_ + message_kind;
    size_t k = fault_index_[static_cast<size_t>(a.kind)];
    assert(k != kNone && "a fault fired whose budget is 0");
    return k;
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);
  size_t locals_;
  std::vector<std::string> names_;
  std::array<size_t, 8> fault_index_{};
};

}  // namespace faultline::dist
