// Plain data that crosses layers: what a check is asked to do (CheckOptions) and what it
// found (CheckResult with statistics, goals, and a rebuilt trace). No logic lives here.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/chart_event.hpp"
#include "core/fields.hpp"

namespace faultline {

enum class StoreMode { Fingerprint, Exact };
enum class SearchStrategy { Bfs, Dfs };
// Accepted bitstate array sizes: 2^10 .. 2^40 bits (128 GiB).
inline constexpr unsigned kBitstateMinLog2 = 10;
inline constexpr unsigned kBitstateMaxLog2 = 40;

struct CheckOptions {
  unsigned workers = 0;  // 0: all cores
  StoreMode store = StoreMode::Fingerprint;
  unsigned fingerprint_bits = 64;  // fingerprint store: 64- or 128-bit fingerprints
  SearchStrategy strategy = SearchStrategy::Bfs;
  std::optional<unsigned> bitstate_log2_bits;  // bitstate hashing: 2^N bits replace the store
  std::optional<uint32_t> max_depth;    // a bound: "holds up to depth D"
  std::optional<uint64_t> max_states;   // limits: reaching one gives no verdict
  std::optional<double> time_limit_s;
  std::optional<uint64_t> memory_limit_bytes;   // a bound: the BFS frontier spills to disk to
                                                // stay under it; stop if it still is exceeded
  std::optional<uint64_t> frontier_memory_bytes;  // BFS frontier held in memory at most
                                                  // (default: derived from memory_limit)
  bool check_deadlock = false;          // a state with no successor is a finding
  std::optional<std::string> witness_goal;  // stop at the first state reaching this goal
  bool symmetry = false;  // store one state per symmetry class the model declares
  bool symmetry_signatures = true;  // off: canonicalize by trying every permutation, ignoring
                                    // the model's node signatures (the reference in tests)
  bool sweep = false;     // BFS: forget explored levels (the model's graded progress measure)
  bool coverage = false;                // count the transitions of each kind of action
  bool progress = false;
  double progress_interval_s = 3.0;
  const std::atomic<bool>* interrupt = nullptr;  // set by Ctrl-C: stop cleanly
  // When the run began (the command's start): the time limit counts from here, through the
  // search and the trace rebuilt after it. Unset (the epoch): when the engine starts.
  std::chrono::steady_clock::time_point run_start{};
  // BFS checkpoints (engine/checkpoint.hpp): written to checkpoint_dir at a level boundary
  // once checkpoint_every_s has passed since the last (0: at every level), and when Ctrl-C or
  // SIGTERM stops the run (after the level in progress). resume_dir: a checkpoint to go on
  // from. A checkpoint records checkpoint_version and checkpoint_run (the run's settings,
  // "key = value") and is resumed only where both match.
  std::string checkpoint_dir;
  double checkpoint_every_s = 30 * 60;
  std::string resume_dir;
  std::string checkpoint_version;
  std::vector<std::string> checkpoint_run;
};

// What checkpointing did in a run (CheckResult::checkpoint).
struct CheckpointReport {
  std::string dir;             // where the last one went
  unsigned written = 0;        // checkpoints this run wrote
  double seconds = 0;          // writing them, in all
  uint32_t depth = 0;          // of the last one written
  uint64_t distinct = 0;       // states it holds
  bool resumed = false;        // the run went on from a checkpoint
  uint32_t resumed_depth = 0;  // at this level
};

enum class Verdict {
  Holds,           // every reachable state explored, all properties hold
  HoldsUpToDepth,  // all properties hold on every state within max_depth
  Violation,
  Deadlock,
  GoalReached,     // witness mode: a trace reaching the goal
  GoalUnreachable, // witness mode: exhaustive search found no state reaching the goal
  LimitReached,    // states, time or memory limit: no verdict
  Interrupted,     // Ctrl-C: no verdict
  Nondeterministic // a model error: its enumeration is not deterministic (replay diverged),
                   // or its declared progress measure is not graded (engine.sweep)
};

struct TraceStep {
  std::string label;    // the action, as the model names it
  FieldList state;      // the full state after the step
  std::vector<ChartEvent> events = {};  // the step as chart events (empty: none known)
};

struct Trace {
  FieldList initial;
  std::vector<TraceStep> steps;
  std::vector<std::string> lanes = {};  // the nodes events refer to, by index; empty when the
                                        // model gives no chart events
};

struct Finding {
  std::string property;     // property or goal name; "deadlock" for deadlocks
  std::string kind;         // "invariant", "step", "deadlock", "goal"
  std::string description;
  std::string reason;       // why it fails in the last state
  Trace trace;
  // Set when a limit or Ctrl-C stopped the trace's rebuilding after the search: why. The
  // finding is the search's (not confirmed by replay) and `trace` is empty.
  std::string trace_stopped = {};
};

struct GoalStatus {
  std::string name;
  std::string description;
  bool reached = false;
  uint32_t depth = 0;  // shortest depth at which it was reached
};

struct Stats {
  uint64_t distinct_states = 0;
  uint64_t generated_states = 0;  // successors computed, duplicates included, plus initial states
  uint32_t depth = 0;             // deepest BFS level reached
  uint64_t frontier = 0;          // states left unexplored when stopped
  double wall_s = 0;
  double states_per_s = 0;        // distinct states per second
  uint64_t peak_rss_bytes = 0;
  uint64_t frontier_spilled_bytes = 0;  // BFS frontier written to disk (runs and level files)
  unsigned workers = 0;
  StoreMode store = StoreMode::Fingerprint;
  unsigned fingerprint_bits = 64;    // fingerprint mode: 64 or 128; 0 for exact and bitstate
  double collision_probability = 0;  // fingerprint mode: chance a state was missed
  SearchStrategy strategy = SearchStrategy::Bfs;
  unsigned bitstate_log2_bits = 0;  // 0: no bitstate hashing
  unsigned bitstate_hashes = 0;
  double bitstate_coverage = 1;     // expected fraction of the states reached that were kept
  std::string symmetry;  // with symmetry: what is interchangeable, and how many permutations
  std::string sweep;     // with engine.sweep: the progress measure the levels were swept by
};

// How often one kind of action fired (led to a successor) during a check with
// CheckOptions::coverage. `declared`: the model lists this kind (so a count of 0 is reported);
// otherwise the kind was derived from labels and has fired at least once.
struct ActionKindCount {
  std::string kind;  // "deliver Prepare", "crash", "timeout", ...
  uint64_t count = 0;
  bool declared = false;
};

// `faultline simulate`: random walks instead of an exhaustive search.
struct SimulateOptions {
  uint64_t runs = 1000;
  uint32_t depth = 100;  // steps per walk at most
  uint64_t seed = 1;
};

struct SimulationStats {
  uint64_t runs = 0;       // walks finished (up to and including the violating one)
  uint64_t steps = 0;      // steps taken over those walks, and by walks a stop cut short
  uint64_t violating_run = 0;  // 0-based index of the reported walk (with a finding)
  SimulateOptions options;
};

struct CheckResult {
  Verdict verdict = Verdict::Holds;
  Stats stats;
  std::optional<Finding> finding;
  std::vector<GoalStatus> goals;
  std::string stop_reason;  // for LimitReached / Interrupted / Nondeterministic / depth bound
  std::vector<ActionKindCount> coverage;  // with CheckOptions::coverage: declared kinds in the
                                          // model's order, then derived kinds by name
  std::optional<SimulationStats> simulation;  // set by `simulate` runs only
  std::optional<CheckpointReport> checkpoint;  // with checkpoint_dir or resume_dir
};

// A property that fails during a label replay: in the initial state or after a step
// (invariants), or on a step (step properties).
struct ReplayFailure {
  std::string property;
  std::string kind;    // "invariant" or "step"
  std::string reason;  // the property's explanation, when it has one
};

// One replayed step: the action taken, the full state after it, what fails there, and the
// goals the trace reaches for the first time in that state.
struct ReplayedStep {
  std::string label;
  FieldList state;
  std::vector<ReplayFailure> failures;
  std::vector<std::string> first_reached;
};

// The outcome of replaying a trace given as action labels.
struct LabelReplay {
  bool ok = false;             // every step was enabled
  size_t steps = 0;            // steps replayed
  size_t failed_step = 0;      // 1-based step that was not enabled (when !ok)
  std::string failed_label;    // its label
  std::string error;
  std::vector<std::string> enabled;        // labels enabled where the replay failed
  std::vector<std::string> violated;       // properties failing at the end (invariants on the
                                           // last state, step properties on the last step)
  std::vector<std::string> goals_reached;  // goals the last state reaches
  // Step by step (also when !ok: the steps before the one that was not enabled).
  FieldList initial;
  std::vector<ReplayFailure> initial_failures;  // invariants failing in the initial state
  std::vector<std::string> initial_goals;       // goals the initial state reaches
  std::vector<ReplayedStep> trace;
};

}  // namespace faultline
