// Level-synchronous parallel breadth-first exploration on oneTBB.
//
// Each level's states (compact bytes, sorted by fingerprint, so each gets a deterministic id)
// are expanded with parallel_for. A successor already in the level table (reached before in
// this level) only lowers the parent link kept there to the smallest; one in the visited store
// is old; otherwise it goes into the level table, and the first worker to insert it appends it
// to its buffer for the next level and checks the invariants and goals on it. Step properties
// are checked on every transition. Between levels the new states are sorted, given ids, their
// links logged, and added to the visited store. A worker looks up a state's successors in
// stages spread over the next states' expansions, so that their cache misses overlap. With
// engine.sweep (a model with a graded progress measure) no state of an explored level can
// recur: the visited store is neither read nor filled, and each level is forgotten once
// explored.
//
// Findings are collected for a whole level and the smallest (by property, then fingerprint)
// is reported, so the distinct-state count, the depth and the counterexample are the same for
// any number of workers, and the counterexample is a shortest one.
//
// With checkpoint_dir, a checkpoint (engine/checkpoint.hpp) is written as a level is committed
// once checkpoint_every_s has passed, and Ctrl-C or SIGTERM lets the level in progress finish
// and checkpoints it before the run stops. With resume_dir, the run starts from a checkpoint's
// links, visited store and frontier instead of the initial states: it expands the same levels
// with the same ids as the run it continues, so its results are that run's.
#pragma once
#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <type_traits>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "core/check_types.hpp"
#include "core/errors.hpp"
#include "core/model.hpp"
#include "engine/checkpoint.hpp"
#include "engine/coverage.hpp"
#include "engine/explore_common.hpp"
#include "engine/explore_outcome.hpp"
#include "engine/kernel.hpp"
#include "engine/frontier.hpp"
#include "engine/monitor.hpp"
#include "engine/store_concepts.hpp"
#include "engine/resources.hpp"
#include "store/exact_store.hpp"
#include "store/fingerprint.hpp"
#include "store/fingerprint_store.hpp"
#include "store/link.hpp"
#include "store/link_log.hpp"
#include "store/uninit_vector.hpp"

namespace faultline {

namespace bfs_detail {

// A finding candidate within one level; the smallest one is reported.
struct Candidate {
  TargetKind kind;
  size_t property;
  uint64_t key;        // deadlock: state id; invariant/goal: fingerprint; step: link of the step
  uint64_t final_fp;   // fingerprint of the state the trace ends in
  std::string bytes;   // invariant/goal: the state's bytes where Store::kLevelFpsMayRepeat
                       // (exact, 128-bit): tie-break and lookup
  uint64_t id = 0;     // invariant/goal: the state's id, once its level is committed
  auto order() const { return std::tie(kind, property, key, bytes); }
};

inline bool better(const Candidate& a, const Candidate& b) { return a.order() < b.order(); }

inline void keep_best(std::optional<Candidate>& best, Candidate c) {
  if (!best || better(c, *best)) best = std::move(c);
}

}  // namespace bfs_detail

template <Model M, LevelStore Store>
class BfsExplorer {
 public:
  using State = typename M::State;
  using Action = typename M::Action;
  using Key = typename Store::Key;

  BfsExplorer(const M& model, const CheckOptions& options)
      : model_(model), options_(options), workers_([this] { return Worker(&spill_, model_, options_.coverage); }),
        store_(make_store()) {
    if (options_.sweep && !GradedModel<M>)
      throw std::invalid_argument(  // validated where the spec is read (check_command.cpp)
          "BfsExplorer: options.sweep is on, but the model declares no graded progress measure");
    const auto& props = model_.properties();
    goals_.resize(props.goals.size());
    witness_ = witness_goal_index(props, options_);
  }

  ExploreOutcome run() {
    use_prompt_release_malloc();
    Monitor monitor(options_, live_);
    ExploreOutcome out;
    last_checkpoint_ = std::chrono::steady_clock::now();
    unsigned workers = run_with_workers(options_.workers, [&] { explore(out); });
    links_.wait();  // a failed background write of parent links is an error, not a lost trace
    CheckResult& r = out.result;
    if (options_.coverage) {
      KindCounter<M> total;
      for (const Worker& w : workers_) total.add(w.kernel.kinds());
      r.coverage = total.counts(model_);
    }
    set_search_stats(r.stats, monitor.elapsed_s(), workers, distinct_, generated_, depth_);
    store_.add_stats(r.stats);
    r.stats.frontier_spilled_bytes = spill_.bytes_written();
    if constexpr (GradedModel<M>)
      if (sweep_) r.stats.sweep = model_.progress_measure_name();
    r.goals = goal_statuses(model_.properties(), goals_);
    if (checkpointing_ || !options_.resume_dir.empty()) r.checkpoint = checkpoint_report_;
    return out;
  }

 private:
  // A state's successors are looked up in stages, other states' work filling the wait for
  // each cache miss: generated (level-table slots prefetched); kLevelLag states later, checked
  // against the level table (visited slots prefetched for those not in it); kVisitLag states
  // after that, looked up in the visited store and admitted.
  static constexpr size_t kLevelLag = 2;
  static constexpr size_t kVisitLag = 1;
  static constexpr size_t kPipelineDepth = kLevelLag + kVisitLag + 1;
  struct SuccessorMeta {
    size_t action;
    size_t offset, size;  // of its bytes in Expansion::batch
    uint64_t fp;
    bool known;  // already reached in this level
  };
  // One state being expanded: its successors, generated but not yet visited.
  struct Expansion {
    State source = State();
    uint64_t id = 0;
    std::vector<State> succs;
    std::vector<SuccessorMeta> meta;
    ByteSink batch;  // the successors' encodings, back to back
    std::vector<Key> keys;  // the successors' store keys
  };
  struct Worker {
    Worker(FrontierSpill* spill, const M& model, bool coverage)
        : kernel(model, coverage), next(spill) {}
    Kernel<M> kernel;  // successors, checks; with coverage, transitions per kind of action
    std::vector<Action> actions;
    std::array<Expansion, kPipelineDepth> pipeline;  // indexed by state index % depth
    ByteSink sink;
    FrontierBuffer next;
    uint64_t generated = 0;
    uint64_t fresh = 0;
    std::optional<bfs_detail::Candidate> finding;       // invariant, step or deadlock
    std::vector<std::optional<bfs_detail::Candidate>> goal_hits;  // per goal
  };

  void explore(ExploreOutcome& out) {
    if (!options_.resume_dir.empty()) {
      Frontier level;
      const uint64_t base = resume(level);
      expand_level(level, base);
    } else {
      admit_initial_states();
    }
    for (;;) {
      Frontier next;
      uint64_t base = 0;
      if (!settle_level(out, next, base)) return;
      expand_level(next, base);
    }
  }

  // Level 0: the initial states.
  void admit_initial_states() {
    tbb::enumerable_thread_specific<Worker>& workers = workers_;
    {
      Worker& w = workers.local();
      w.goal_hits.resize(goals_.size());
      std::vector<State> init = model_.initial_states();
      if constexpr (GradedModel<M>)
        for (size_t i = 0; sweep_ && i < init.size(); ++i)
          if (model_.progress(init[i]) != model_.progress(init[0]))
            not_graded_ = "initial states 0 and " + std::to_string(i) + " have " +
                          model_.progress_measure_name() + " " +
                          std::to_string(model_.progress(init[0])) + " and " +
                          std::to_string(model_.progress(init[i]));
      for (size_t i = 0; i < init.size(); ++i) {
        ++w.generated;
        w.sink.clear();
        const uint64_t fp = w.kernel.encode(init[i], w.sink);
        admit(w, init[i], fp, w.sink.view(), store_.key(fp, w.sink.view()), initial_link(i));
      }
    }
  }

  // Collects the level just generated (depth_ for level 0, else depth_ + 1) into `next`,
  // commits it (its first id is `base`), settles its findings and goals, and checkpoints it
  // when one is due. False when the run ends here.
  bool settle_level(ExploreOutcome& out, Frontier& next, uint64_t& base) {
    tbb::enumerable_thread_specific<Worker>& workers = workers_;
    {
      next.adopt_runs(spill_.take_runs());
      std::optional<bfs_detail::Candidate> finding;
      std::vector<std::optional<bfs_detail::Candidate>> goal_hits(goals_.size());
      for (Worker& w : workers) {
        generated_ += w.generated;
        w.generated = 0;
        w.fresh = 0;
        next.adopt(std::move(w.next));
        w.next = FrontierBuffer(&spill_);
        if (w.finding) bfs_detail::keep_best(finding, std::move(*w.finding));
        w.finding.reset();
        w.goal_hits.resize(goals_.size());
        for (size_t g = 0; g < goals_.size(); ++g) {
          if (w.goal_hits[g]) bfs_detail::keep_best(goal_hits[g], std::move(*w.goal_hits[g]));
          w.goal_hits[g].reset();
        }
      }
      if (abandon_level()) return stop(out, next.size());
      if (nondeterministic_.load()) {
        out.result.verdict = Verdict::Nondeterministic;
        out.result.stop_reason =
            nondeterminism_reason("enumerating the same state twice gave different successors");
        return false;
      }
      if (not_graded_) {
        out.result.verdict = Verdict::Nondeterministic;
        out.result.stop_reason = "engine.sweep needs a graded progress measure (every action "
                                 "raising it by exactly one), but " + *not_graded_;
        return false;
      }
      uint32_t level = level_started_ ? depth_ + 1 : 0;
      base = links_.size();
      // The level's ids are fixed as it is committed; candidates learn theirs on the way.
      std::vector<bfs_detail::Candidate*> wanted;
      if (finding && finding->kind != TargetKind::Step && finding->kind != TargetKind::Deadlock)
        wanted.push_back(&*finding);
      for (auto& g : goal_hits)
        if (g) wanted.push_back(&*g);
      // A checkpoint due now takes the level's states as they are committed (their file is
      // removed again where the run ends with this level).
      const bool checkpoint_now = checkpointing_ && (interrupted() || checkpoint_due());
      struct RemoveUnused {
        std::string path;
        ~RemoveUnused() {
          std::error_code ec;
          if (!path.empty()) std::filesystem::remove(path, ec);
        }
      } unused{checkpoint_now ? checkpoint_file("frontier", checkpoint_seq_ + 1) : ""};
      std::optional<CheckedWriter> frontier_part;
      if (checkpoint_now) frontier_part.emplace(unused.path);
      const auto checkpoint_start = std::chrono::steady_clock::now();
      commit(next, base, wanted, frontier_part ? &*frontier_part : nullptr);
      release_free_heap();
      distinct_ = links_.size();
      if (!next.empty()) depth_ = level;
      level_started_ = true;
      live_.distinct.store(distinct_);
      live_.depth.store(depth_);
      live_.frontier.store(next.size());

      for (size_t g = 0; g < goals_.size(); ++g) {
        if (!goal_hits[g] || goals_[g].reached) continue;
        goals_[g] = {true, level};
        if (witness_ && *witness_ == g) {
          finding_to_outcome(out, *goal_hits[g]);
          out.result.verdict = Verdict::GoalReached;
          return false;
        }
      }
      if (finding) {
        finding_to_outcome(out, *finding);
        out.result.verdict =
            finding->kind == TargetKind::Deadlock ? Verdict::Deadlock : Verdict::Violation;
        return false;
      }
      if (options_.max_states && distinct_ >= *options_.max_states && !next.empty()) {
        live_.request_stop(StopCause::StateLimit);
        return stop(out, next.size());
      }
      if (next.empty()) {
        out.result.verdict = witness_ ? Verdict::GoalUnreachable : Verdict::Holds;
        return false;
      }
      if (options_.max_depth && level >= *options_.max_depth) {
        out.result.verdict = witness_ ? Verdict::GoalUnreachable : Verdict::HoldsUpToDepth;
        out.result.stop_reason = "depth bound " + std::to_string(*options_.max_depth) +
                                 " reached with " + std::to_string(next.size()) +
                                 " states unexplored beyond it";
        out.result.stats.frontier = next.size();
        return false;
      }
      if (frontier_part) {
        write_checkpoint(*frontier_part, next.size(), checkpoint_start);
        unused.path.clear();
      }
      if (interrupted()) return stop(out, next.size());
      return true;
    }
  }

  void expand_level(Frontier& level, uint64_t base) {
    spill_.set_budget(frontier_budget());
    level.expand(spill_, [&](const LevelRun& run) { expand(workers_, run, base); });
  }

  // Stop now, mid-level? Not for Ctrl-C or SIGTERM while checkpointing: the level finishes
  // and is checkpointed first.
  bool abandon_level() const { return live_.stopping() && !(checkpointing_ && interrupted()); }
  bool interrupted() const {
    return static_cast<StopCause>(live_.stop.load()) == StopCause::Interrupt;
  }
  bool checkpoint_due() const {
    const std::chrono::duration<double> since = std::chrono::steady_clock::now() - last_checkpoint_;
    return since.count() >= options_.checkpoint_every_s;
  }
  std::string checkpoint_file(const char* part, uint64_t sequence) const {
    return options_.checkpoint_dir + "/" + part + "." + std::to_string(sequence);
  }

  // The rest of a checkpoint whose frontier part commit() wrote: links, visited store, then
  // the manifest that makes it the one to resume from.
  void write_checkpoint(CheckedWriter& frontier_part, uint64_t frontier,
                        std::chrono::steady_clock::time_point start) {
    if constexpr (requires(CheckedWriter& w) { store_.save(w); }) {
      CheckpointManifest m;
      m.version = options_.checkpoint_version;
      m.run = options_.checkpoint_run;
      m.sequence = ++checkpoint_seq_;
      m.depth = depth_;
      m.distinct = distinct_;
      m.generated = generated_;
      m.frontier = frontier;
      m.goals = goals_;
      m.frontier_part = {"frontier." + std::to_string(m.sequence), frontier_part.finish()};
      CheckedWriter links(checkpoint_file("links", m.sequence));
      links_.save(links);
      m.links = {"links." + std::to_string(m.sequence), links.finish()};
      if (checkpoint_kill_armed(m.sequence)) std::raise(SIGKILL);  // tests: a kill mid-write
      CheckedWriter visited(checkpoint_file("visited", m.sequence));
      store_.save(visited);
      m.visited = sweep_ ? 0 : store_.size();
      m.visited_part = {"visited." + std::to_string(m.sequence), visited.finish()};
      commit_checkpoint(options_.checkpoint_dir, m);
      last_checkpoint_ = std::chrono::steady_clock::now();
      CheckpointReport& r = checkpoint_report_;
      r.dir = options_.checkpoint_dir;
      ++r.written;
      r.seconds += std::chrono::duration<double>(last_checkpoint_ - start).count();
      r.depth = depth_;
      r.distinct = distinct_;
    } else {
      (void)frontier_part, (void)frontier, (void)start;
      throw std::invalid_argument("BfsExplorer: this store cannot be checkpointed");
    }
  }

  // Loads the checkpoint in resume_dir: links, visited store, counts and goals, and its
  // frontier into `level`, ordered as the run that wrote it ordered it. Returns the level's
  // first id.
  uint64_t resume(Frontier& level) {
    if constexpr (requires(CheckedReader& r) { store_.load(r, uint64_t{0}); }) {
      const std::string& dir = options_.resume_dir;
      const CheckpointManifest m =
          read_checkpoint(dir, options_.checkpoint_version, options_.checkpoint_run);
      if (m.goals.size() != goals_.size() || (sweep_ && m.visited != 0))
        throw SpecError(checkpoint_manifest_path(dir) +
                        ": the checkpoint is of another run (its goals or store differ)");
      auto finish = [&](CheckedReader& in, const CheckpointPart& part) {
        if (!in.at_end())
          throw SpecError(in.path() + ": the checkpoint part is corrupted (longer than the "
                                      "manifest says)");
        check_checkpoint_part(in, part);
      };
      {
        CheckedReader in(dir + "/" + m.links.file);
        links_.load(in, m.distinct);
        finish(in, m.links);
      }
      {
        CheckedReader in(dir + "/" + m.visited_part.file);
        store_.load(in, m.visited);
        finish(in, m.visited_part);
      }
      spill_.set_budget(frontier_budget());
      {
        CheckedReader in(dir + "/" + m.frontier_part.file);
        FrontierBuffer buffer(&spill_);
        std::string bytes;
        for (uint64_t i = 0; i < m.frontier; ++i) {
          const uint64_t fp = in.u64();
          const uint32_t size = in.u32();
          if (size > m.frontier_part.summary.bytes)
            throw SpecError(in.path() + ": the checkpoint part is corrupted (a state of " +
                            std::to_string(size) + " bytes)");
          bytes.resize(size);
          in.read(bytes.data(), size);
          buffer.add(fp, bytes);
        }
        finish(in, m.frontier_part);
        level.adopt_runs(spill_.take_runs());
        level.adopt(std::move(buffer));
      }
      level.order(spill_, [](std::span<const FrontierRef>, uint64_t) {});
      distinct_ = m.distinct;
      generated_ = m.generated;
      depth_ = m.depth;
      level_started_ = true;
      goals_ = m.goals;
      checkpoint_seq_ = m.sequence;
      live_.distinct.store(distinct_);
      live_.depth.store(depth_);
      live_.frontier.store(m.frontier);
      checkpoint_report_.resumed = true;
      checkpoint_report_.resumed_depth = m.depth;
      return m.distinct - m.frontier;
    } else {
      (void)level;
      throw std::invalid_argument("BfsExplorer: this store cannot be resumed");
    }
  }

  // What the frontier may hold in memory: engine.frontier_memory; or else what
  // limits.memory_limit leaves beside the visited store (counted as if about to grow by half,
  // as its tables do when full), the parent links and a fixed margin, but at least 1/32 of
  // the limit; or else no bound.
  uint64_t frontier_budget() const {
    if (options_.frontier_memory_bytes) return *options_.frontier_memory_bytes;
    if (!options_.memory_limit_bytes) return FrontierSpill::kUnbounded;
    const uint64_t limit = *options_.memory_limit_bytes;
    const uint64_t held = store_.memory_bytes() / 2 * 3 + links_.memory_bytes() + (16u << 20);
    return std::max<uint64_t>(limit / 32, limit > held ? limit - held : 0);
  }

  // Expands the states of one run of the level whose first id is `base`.
  void expand(tbb::enumerable_thread_specific<Worker>& workers, const LevelRun& run,
              uint64_t base) {
    Worker& w = workers.local();
    if (w.goal_hits.size() != goals_.size()) w.goal_hits.resize(goals_.size());
    uint64_t generated_before = w.generated, fresh_before = w.fresh;
    auto slot = [&](size_t k) -> Expansion& { return w.pipeline[k % kPipelineDepth]; };
    size_t n = 0;  // states generated
    run.for_each([&](std::string_view bytes, uint64_t index) {
      if (abandon_level()) return false;
      if (n >= kLevelLag + kVisitLag) visit(w, slot(n - kLevelLag - kVisitLag));
      if (n >= kLevelLag) check_level(w, slot(n - kLevelLag));
      Expansion& e = slot(n++);
      ByteSource src(bytes);
      e.source = model_.decode(src);
      e.id = base + index;
      generate(w, e);
      if ((e.id & kDeterminismSampleMask) == 0 &&
          !w.kernel.enumerates_deterministically(e.source))
        nondeterministic_.store(true);
      if (e.succs.empty() && options_.check_deadlock)
        bfs_detail::keep_best(w.finding,
                              {TargetKind::Deadlock, 0, e.id, fingerprint(bytes), {}});
      return true;
    });
    for (size_t k = n - std::min(n, kLevelLag); k < n; ++k) check_level(w, slot(k));
    for (size_t k = n - std::min(n, kLevelLag + kVisitLag); k < n; ++k) visit(w, slot(k));
    live_.generated.fetch_add(w.generated - generated_before, std::memory_order_relaxed);
    uint64_t fresh = live_.distinct.fetch_add(w.fresh - fresh_before, std::memory_order_relaxed);
    if (options_.max_states && fresh + w.fresh - fresh_before >= *options_.max_states)
      live_.request_stop(StopCause::StateLimit);
  }

  // The successors of e.source, encoded and fingerprinted, with their level-table slots
  // prefetched: they are looked up only after the next states' successors have been generated
  // (check_level), so the cache misses of several states' lookups overlap.
  void generate(Worker& w, Expansion& e) {
    w.kernel.enabled(e.source, w.actions);
    if (w.actions.size() > kMaxActionIndex + 1)
      throw std::length_error("a state has more than 2^24 enabled actions");
    e.succs.clear();
    e.batch.clear();
    e.meta.clear();
    [[maybe_unused]] uint64_t progress = 0;
    if constexpr (GradedModel<M>)
      if (sweep_) progress = model_.progress(e.source);
    for (size_t k = 0; k < w.actions.size(); ++k) {
      std::optional<State> succ = w.kernel.successor(e.source, w.actions[k]);
      if (!succ) continue;
      if constexpr (GradedModel<M>)
        if (sweep_ && model_.progress(*succ) != progress + 1)
          note_not_graded(e, w.actions[k], k, progress, model_.progress(*succ));
      const size_t start = e.batch.size();
      const uint64_t fp = w.kernel.encode(*succ, e.batch);
      store_.prefetch_level(fp);
      e.meta.push_back({k, start, e.batch.size() - start, fp, false});
      e.succs.push_back(std::move(*succ));
    }
    w.generated += e.succs.size();
  }

  // Keeps, of the transitions that break the sweep's progress measure, the first by (state id,
  // action index), so that the error names the same one whatever the number of workers.
  void note_not_graded(const Expansion& e, const Action& action, size_t k, uint64_t from,
                       uint64_t to) {
    if constexpr (GradedModel<M>) {
      std::lock_guard<std::mutex> lock(not_graded_mutex_);
      const auto key = std::make_pair(e.id, k);
      if (not_graded_ && key >= not_graded_key_) return;
      not_graded_key_ = key;
      not_graded_ = "'" + model_.action_label(e.source, action) + "' takes " +
                    model_.progress_measure_name() + " from " + std::to_string(from) + " to " +
                    std::to_string(to);
    }
  }

  // Checks the step properties on e's transitions and settles the successors already reached
  // in this level (most duplicates, on most models) by the level table alone; for the others
  // the visited slots are prefetched, to be looked up by visit().
  void check_level(Worker& w, Expansion& e) {
    e.keys.clear();
    for (size_t j = 0; j < e.succs.size(); ++j) {
      auto& m = e.meta[j];
      const uint64_t link = make_link(e.id, m.action);
      if (auto p = w.kernel.failing_step(e.source, e.succs[j]))
        bfs_detail::keep_best(w.finding, {TargetKind::Step, *p, link, m.fp, {}});
      e.keys.push_back(store_.key(m.fp, e.batch.view().substr(m.offset, m.size)));
      if (sweep_) continue;  // the level table is all there is to look in
      m.known = store_.level_known(e.keys.back(), link);
      if (!m.known) store_.prefetch_visited(m.fp);
    }
  }

  // Admits the successors of e that neither the level table nor the visited store holds.
  void visit(Worker& w, Expansion& e) {
    for (size_t j = 0; j < e.succs.size(); ++j) {
      const auto& m = e.meta[j];
      if (m.known) continue;
      if (!sweep_ && store_.seen(e.keys[j])) continue;
      admit(w, e.succs[j], m.fp, e.batch.view().substr(m.offset, m.size), e.keys[j],
            make_link(e.id, m.action));
    }
  }

  // A state not in an earlier level, reached with `link`: new unless another transition
  // reached it first in this level.
  void admit(Worker& w, const State& s, uint64_t fp, std::string_view bytes, const Key& key,
             uint64_t link) {
    if (!store_.level_insert(key, link)) return;
    ++w.fresh;
    w.next.add(fp, bytes);
    if (auto p = w.kernel.failing_invariant(s))
      bfs_detail::keep_best(w.finding, {TargetKind::Invariant, *p, fp, fp,
                                        Store::kLevelFpsMayRepeat ? std::string(bytes)
                                                                  : std::string()});
    for (size_t g = 0; g < goals_.size(); ++g) {
      if (goals_[g].reached || !w.kernel.reaches_goal(s, g)) continue;
      bfs_detail::keep_best(w.goal_hits[g], {TargetKind::Goal, g, fp, fp,
                                             Store::kLevelFpsMayRepeat ? std::string(bytes)
                                                                       : std::string()});
    }
  }

  // Orders the new level and gives it its ids: links_[base + i] is the parent link of its
  // i-th state, which joins the visited store. Each wanted candidate gets the id of its state.
  // A checkpoint's frontier part, when given, gets the level's states in id order.
  void commit(Frontier& level_states, uint64_t base,
              const std::vector<bfs_detail::Candidate*>& wanted, CheckedWriter* frontier_part) {
    level_states.order(spill_, [&](std::span<const FrontierRef> refs, uint64_t first) {
      if (!sweep_) store_.reserve(refs);
      UninitVector<uint64_t> links(refs.size());
      tbb::parallel_for(tbb::blocked_range<size_t>(0, refs.size(), 4096),
                        [&](const tbb::blocked_range<size_t>& r) {
                          for (size_t i = r.begin(); i != r.end(); ++i) {
                            if (i + kCommitPrefetchDistance < r.end()) {
                              const uint64_t ahead = refs[i + kCommitPrefetchDistance].fp;
                              store_.prefetch_level(ahead);
                              if (!sweep_) store_.prefetch_visited(ahead);
                            }
                            const auto key = store_.key(refs[i].fp, refs[i].view());
                            links[i] = store_.level_link(key);
                            if (!sweep_) store_.commit(key);
                          }
                        });
      links_.append(std::move(links));
      if (frontier_part)
        for (const FrontierRef& ref : refs) {
          const std::string_view bytes = ref.view();
          frontier_part->u64(ref.fp);
          frontier_part->u32(static_cast<uint32_t>(bytes.size()));
          frontier_part->write(bytes.data(), bytes.size());
        }
      for (bfs_detail::Candidate* c : wanted) {
        auto it = std::lower_bound(refs.begin(), refs.end(), *c,
                                   [](const FrontierRef& a, const bfs_detail::Candidate& b) {
                                     if (a.fp != b.key) return a.fp < b.key;
                                     return Store::kLevelFpsMayRepeat && a.view() < b.bytes;
                                   });
        if (it != refs.end() && it->fp == c->key &&
            (!Store::kLevelFpsMayRepeat || it->view() == c->bytes))
          c->id = base + first + static_cast<uint64_t>(it - refs.begin());
      }
    });
    store_.end_level();
  }

  // Turns the chosen candidate into a path of action indices.
  void finding_to_outcome(ExploreOutcome& out, const bfs_detail::Candidate& c) {
    uint64_t link = 0;
    switch (c.kind) {
      case TargetKind::Deadlock:
        link = links_[c.key];
        break;
      case TargetKind::Step:
        link = c.key;
        break;
      case TargetKind::Invariant:
      case TargetKind::Goal:
        link = links_[c.id];
        break;
    }
    RawPath path;
    path.final_fp = c.final_fp;
    while (!link_is_initial(link)) {
      path.actions.push_back(link_action(link));
      link = links_[link_parent(link)];
    }
    path.initial_index = link_action(link);
    std::reverse(path.actions.begin(), path.actions.end());
    out.path = std::move(path);
    out.target = c.kind;
    out.property_index = c.property;
  }

  // Stores sized by the options (bitstate) take them; the others are default-built.
  Store make_store() const {
    if constexpr (std::is_constructible_v<Store, const CheckOptions&>)
      return Store(options_);
    else
      return Store();
  }

  bool stop(ExploreOutcome& out, uint64_t pending) {
    auto cause = static_cast<StopCause>(live_.stop.load());
    out.result.verdict =
        cause == StopCause::Interrupt ? Verdict::Interrupted : Verdict::LimitReached;
    out.result.stop_reason = stop_cause_text(cause, options_);
    distinct_ = std::max<uint64_t>(links_.size() + pending, distinct_);
    out.result.stats.frontier = pending;
    return false;
  }

  const M& model_;
  const CheckOptions& options_;
  FrontierSpill spill_;  // before workers_: their buffers charge it
  tbb::enumerable_thread_specific<Worker> workers_;
  Store store_;
  LinkLog links_;
  LiveCounters live_;
  std::vector<GoalProgress> goals_;
  std::optional<size_t> witness_;
  uint64_t distinct_ = 0;
  uint64_t generated_ = 0;
  uint32_t depth_ = 0;
  bool level_started_ = false;
  std::atomic<bool> nondeterministic_{false};
  // engine.sweep: explored levels are forgotten, not added to the visited store.
  const bool sweep_ = options_.sweep;
  // Checkpoints: written to options_.checkpoint_dir, numbered from the resumed one's.
  const bool checkpointing_ = !options_.checkpoint_dir.empty();
  uint64_t checkpoint_seq_ = 0;
  std::chrono::steady_clock::time_point last_checkpoint_;
  CheckpointReport checkpoint_report_;
  std::mutex not_graded_mutex_;
  std::optional<std::string> not_graded_;  // the first transition breaking the measure
  std::pair<uint64_t, size_t> not_graded_key_{};
  // Determinism sampling: every 1024th state by id (deterministic as the kernel's sample by
  // fingerprint is, without hashing each expanded state's bytes once more).
  static constexpr uint64_t kDeterminismSampleMask = 1023;
  static constexpr size_t kCommitPrefetchDistance = 8;  // states ahead, committing a level
};

// Explores `model` with the store that `options.store` names.
template <Model M>
ExploreOutcome explore(const M& model, const CheckOptions& options) {
  if (options.store == StoreMode::Exact) return BfsExplorer<M, ExactStore>(model, options).run();
  return BfsExplorer<M, FingerprintStore>(model, options).run();
}

}  // namespace faultline
