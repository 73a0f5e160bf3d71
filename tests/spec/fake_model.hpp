// A fake model catalog for the spec, report and CLI tests: ModelInfo entries whose runner
// returns canned CheckResults chosen by the variant, so the front end is tested without the
// real engine or the Paxos models.
#pragma once
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/model_info.hpp"

namespace faultline::testing {

// The options the last fake check() received (test-only global).
inline CheckOptions& last_options() {
  static CheckOptions options;
  return options;
}
// The options the last fake simulate() received.
inline SimulateOptions& last_simulate_options() {
  static SimulateOptions options;
  return options;
}

inline Trace fake_trace() {
  Trace t;
  t.initial = {{"a1.promised", "0"}, {"a2.promised", "0"}, {"net.msg", "Prepare(b=1)"}};
  t.steps.push_back({"deliver Prepare(b=1) p1->a1",
                     {{"a1.promised", "1"}, {"a2.promised", "0"}, {"net.msg", "Promise(b=1)"}}});
  t.steps.push_back({"crash a2", {{"a1.promised", "1"}, {"net.msg", "Promise(b=1)"}}});
  return t;
}

class FakeRunner : public ModelRunner {
 public:
  FakeRunner(std::string variant, ParamValues params)
      : variant_(std::move(variant)), params_(std::move(params)) {}

  LabelReplay replay_labels(const std::vector<std::string>&) const override { return {}; }
  std::string symmetry() const override {
    return params_.get("mode") == "b" ? "" : "acceptors a1..a3 are interchangeable";
  }
  std::string progress_measure() const override {
    return params_.get("mode") == "b" ? "" : "messages sent";
  }
  StateGraph state_graph(const StateGraphOptions&) const override { return {}; }
  SelfCheckReport self_check(size_t) const override { return {}; }

  CheckResult check(const CheckOptions& options) const override {
    last_options() = options;
    CheckResult r;
    r.stats.distinct_states = 42;
    r.stats.generated_states = 100;
    r.stats.depth = 5;
    r.stats.workers = options.workers ? options.workers : 2;
    r.stats.store = options.store;
    r.stats.fingerprint_bits = options.store == StoreMode::Exact ? 0 : options.fingerprint_bits;
    r.stats.wall_s = 0.5;
    r.stats.states_per_s = 84;
    r.stats.peak_rss_bytes = 10 * 1024 * 1024;
    r.stats.collision_probability = 1.2e-9;
    const bool vacuous = variant_ == "vacuous";
    r.goals.push_back({"Chosen", "a value is chosen", !vacuous, vacuous ? 0u : 3u});
    if (options.witness_goal) {
      if (vacuous) {
        r.verdict = Verdict::GoalUnreachable;
      } else {
        r.verdict = Verdict::GoalReached;
        r.finding = Finding{*options.witness_goal, "goal", "a value is chosen", "", fake_trace()};
      }
      return r;
    }
    if (variant_ == "buggy") {
      r.verdict = Verdict::Violation;
      r.finding = Finding{"Agreement", "invariant", "at most one value is chosen",
                          "a1 chose 1, a2 chose 2", fake_trace()};
    } else if (variant_ == "stuck") {
      r.verdict = Verdict::Deadlock;
      r.finding = Finding{"deadlock", "deadlock", "", "", fake_trace()};
    } else if (variant_ == "limit") {
      r.verdict = Verdict::LimitReached;
      r.stop_reason = "time limit 60 s";
      r.stats.frontier = 17;
    } else if (variant_ == "nondet") {
      r.verdict = Verdict::Nondeterministic;
      r.stop_reason = "replay diverged at step 3";
    } else if (variant_ == "throws") {
      throw std::runtime_error("engine exploded");
    } else if (options.interrupt && options.interrupt->load()) {
      r.verdict = Verdict::Interrupted;
      r.stats.frontier = 9;
    } else if (options.max_depth) {
      r.verdict = Verdict::HoldsUpToDepth;
      r.stats.depth = *options.max_depth;
    } else {
      r.verdict = Verdict::Holds;
    }
    return r;
  }

  // The canned check() result, as if from `runs` walks of 3 steps each.
  CheckResult simulate(const CheckOptions& options, const SimulateOptions& sim) const override {
    last_simulate_options() = sim;
    CheckResult r = check(options);
    r.simulation = SimulationStats{sim.runs, sim.runs * 3, 0, sim};
    return r;
  }

  std::vector<PropertyInfo> properties() const override {
    return {{"Agreement", PropertyKind::Invariant, "at most one value is chosen"},
            {"Monotone", PropertyKind::Step, "promised ballots never decrease"},
            {"Chosen", PropertyKind::Goal, "a value is chosen"}};
  }

 private:
  std::string variant_;
  ParamValues params_;
};

inline ModelInfo toy_model() {
  ModelInfo m;
  m.name = "toy";
  m.summary = "a fake model for front-end tests";
  m.params = {ParamSpec::integer("acceptors", 3, 1, 7, "number of acceptors"),
              ParamSpec::boolean("fast", false, "fast path"),
              ParamSpec::choice("mode", "a", {"a", "b"}, "mode of operation"),
              ParamSpec::integer("drops", 0, 0, 3, "messages that may be lost", "faults")};
  m.variants = {{"correct", "as designed"},     {"buggy", "violates Agreement"},
                {"stuck", "deadlocks"},         {"vacuous", "never chooses"},
                {"limit", "hits a time limit"}, {"nondet", "nondeterministic enumeration"},
                {"throws", "throws from check"}};
  m.make = [](const ParamValues& p, const std::string& variant) -> std::unique_ptr<ModelRunner> {
    if (p.get_int("acceptors") == 7 && p.get_int("drops") == 3)
      throw SpecError("params.acceptors = 7 needs faults.drops < 3");
    return std::make_unique<FakeRunner>(variant, p);
  };
  return m;
}

inline const std::vector<ModelInfo>& fake_models() {
  static const std::vector<ModelInfo> models = [] {
    ModelInfo other = toy_model();
    other.name = "other";
    other.params = {};
    other.variants = {{"correct", "as designed"}};
    return std::vector<ModelInfo>{toy_model(), other};
  }();
  return models;
}

// A fresh directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "faultline-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `content` to `name` in the directory; returns the full path.
  std::string write(const std::string& name, const std::string& content) const {
    std::string p = (path_ / name).string();
    std::ofstream(p) << content;
    return p;
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace faultline::testing
