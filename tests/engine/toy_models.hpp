// Small models whose reachable state counts can be computed by hand, for engine tests.
#pragma once
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "trace/check_model.hpp"

namespace faultline::toy {

// A point on a (w+1) x (h+1) grid, starting at (0,0), moving right or up (and, with
// `wrap`, back to the origin from the far corner). (w+1)(h+1) states; the far corner is at
// depth w+h. Invariant "NotAtCorner" fails exactly there; goal "Diagonal" needs x == y > 0.
class Grid {
 public:
  struct State {
    int x = 0, y = 0;
  };
  enum class Action { Right, Up, Reset };

  Grid(int w, int h, bool corner_is_bad = false, bool deadlock_at_corner = true)
      : w_(w), h_(h), corner_is_bad_(corner_is_bad), wrap_(!deadlock_at_corner) {
    props_.invariants.push_back({"NotAtCorner", "the walk never reaches the far corner",
                                 [this](const State& s) {
                                   return !corner_is_bad_ || !(s.x == w_ && s.y == h_);
                                 },
                                 [](const State& s) {
                                   return "at (" + std::to_string(s.x) + "," +
                                          std::to_string(s.y) + ")";
                                 }});
    props_.goals.push_back({"Diagonal", "x == y > 0", [](const State& s) {
                              return s.x == s.y && s.x > 0;
                            }});
  }
  std::vector<State> initial_states() const { return {State{}}; }
  void actions(const State& s, std::vector<Action>& out) const {
    if (s.x < w_) out.push_back(Action::Right);
    if (s.y < h_) out.push_back(Action::Up);
    if (wrap_ && s.x == w_ && s.y == h_) out.push_back(Action::Reset);
  }
  std::optional<State> next_state(const State& s, Action a) const {
    State n = s;
    if (a == Action::Right) ++n.x;
    if (a == Action::Up) ++n.y;
    if (a == Action::Reset) n = State{};
    return n;
  }
  std::string action_label(const State&, Action a) const {
    return a == Action::Right ? "right" : a == Action::Up ? "up" : "reset";
  }
  void encode(const State& s, ByteSink& out) const {
    out.u16(static_cast<uint16_t>(s.x));
    out.u16(static_cast<uint16_t>(s.y));
  }
  State decode(ByteSource& in) const {
    State s;
    s.x = in.u16();
    s.y = in.u16();
    return s;
  }
  void describe(const State& s, FieldWriter& w) const {
    w.field("x", s.x);
    w.field("y", s.y);
  }
  const PropertySet<State>& properties() const { return props_; }

 private:
  int w_, h_;
  bool corner_is_bad_, wrap_;
  PropertySet<State> props_;
};

// A counter 0..n that can go up by 1 or 2 and, with `can_drop`, fall back to 0: the step
// property "Monotonic" then fails on the first drop (from 1, at depth 2).
class Counter {
 public:
  struct State {
    int v = 0;
  };
  struct Action {
    int delta;
  };
  Counter(int n, bool can_drop) : n_(n), can_drop_(can_drop) {
    props_.steps.push_back({"Monotonic", "the counter never decreases",
                            [](const State& a, const State& b) { return b.v >= a.v; },
                            [](const State& a, const State& b) {
                              return std::to_string(a.v) + " -> " + std::to_string(b.v);
                            }});
  }
  std::vector<State> initial_states() const { return {State{}}; }
  void actions(const State& s, std::vector<Action>& out) const {
    if (s.v + 1 <= n_) out.push_back({1});
    if (s.v + 2 <= n_) out.push_back({2});
    if (can_drop_ && s.v > 0) out.push_back({-s.v});
    out.push_back({0});  // a no-op: next_state gives nothing
  }
  std::optional<State> next_state(const State& s, Action a) const {
    if (a.delta == 0) return std::nullopt;
    return State{s.v + a.delta};
  }
  std::string action_label(const State&, Action a) const { return "add " + std::to_string(a.delta); }
  void encode(const State& s, ByteSink& out) const { out.u32(static_cast<uint32_t>(s.v)); }
  State decode(ByteSource& in) const { return State{static_cast<int>(in.u32())}; }
  void describe(const State& s, FieldWriter& w) const { w.field("v", s.v); }
  const PropertySet<State>& properties() const { return props_; }

 private:
  int n_;
  bool can_drop_;
  PropertySet<State> props_;
};

// A random directed graph on `nodes` vertices with `degree` out-edges each (seeded), explored
// from vertex 0. Invariant "AvoidsBad" fails at vertex `bad` (if reachable).
class RandomGraph {
 public:
  struct State {
    uint32_t v = 0;
  };
  using Action = uint32_t;  // index into the vertex's edge list

  RandomGraph(uint32_t nodes, uint32_t degree, uint64_t seed, int64_t bad = -1)
      : edges_(nodes), bad_(bad) {
    std::mt19937_64 rng(seed);
    for (auto& e : edges_)
      for (uint32_t k = 0; k < degree; ++k) e.push_back(static_cast<uint32_t>(rng() % nodes));
    props_.invariants.push_back({"AvoidsBad", "the bad vertex is never reached",
                                 [this](const State& s) { return s.v != bad_; },
                                 [](const State& s) { return "at vertex " + std::to_string(s.v); }});
  }
  const std::vector<std::vector<uint32_t>>& edges() const { return edges_; }
  std::vector<State> initial_states() const { return {State{0}}; }
  void actions(const State& s, std::vector<Action>& out) const {
    for (uint32_t k = 0; k < edges_[s.v].size(); ++k) out.push_back(k);
  }
  std::optional<State> next_state(const State& s, Action a) const {
    return State{edges_[s.v][a]};
  }
  std::string action_label(const State& s, Action a) const {
    return std::to_string(s.v) + "->" + std::to_string(edges_[s.v][a]);
  }
  void encode(const State& s, ByteSink& out) const { out.u32(s.v); }
  State decode(ByteSource& in) const { return State{in.u32()}; }
  void describe(const State& s, FieldWriter& w) const { w.field("v", s.v); }
  const PropertySet<State>& properties() const { return props_; }

 private:
  std::vector<std::vector<uint32_t>> edges_;
  int64_t bad_;
  PropertySet<State> props_;
};

// A broken model: the order of its actions changes from call to call (a hidden counter), the
// kind of nondeterminism the engine must report instead of printing a wrong trace.
class Shuffling {
 public:
  struct State {
    int v = 0;
  };
  using Action = int;
  Shuffling() {
    props_.invariants.push_back({"Below", "v stays below 5", [](const State& s) { return s.v < 5; },
                                 [](const State&) { return "v reached 5"; }});
  }
  std::vector<State> initial_states() const { return {State{}}; }
  void actions(const State&, std::vector<Action>& out) const {
    ++calls_;
    if (calls_ % 2) {
      out.push_back(1);
      out.push_back(0);
    } else {
      out.push_back(0);
      out.push_back(1);
    }
  }
  std::optional<State> next_state(const State& s, Action a) const {
    if (s.v >= 5) return std::nullopt;
    return State{s.v + a};
  }
  std::string action_label(const State&, Action a) const { return "add " + std::to_string(a); }
  void encode(const State& s, ByteSink& out) const { out.u32(static_cast<uint32_t>(s.v)); }
  State decode(ByteSource& in) const { return State{static_cast<int>(in.u32())}; }
  void describe(const State& s, FieldWriter& w) const { w.field("v", s.v); }
  const PropertySet<State>& properties() const { return props_; }

 private:
  mutable int calls_ = 0;  // deliberately breaks the determinism contract
  PropertySet<State> props_;
};

// Two states whose encodings have the same 64-bit fingerprint: A (8 bytes) and B (7 bytes)
// are a real XXH3-64 collision (found by inverting XXH3's mixer for inputs of 4..8 bytes;
// tests check that it still is one). From the root, "to B" and then "to A" lead to B and A,
// one level; "step" leads from A to A' and from B to B'. With `a_is_bad`, invariant "NotA"
// fails at A; goal "PastA" is A'. A 64-bit fingerprint store takes A for B (the second is
// lost with A'): 3 states, no violation. 128-bit fingerprints and the exact store keep all 5.
// B's bytes sort before A's, so an engine that looked a finding up by its 64-bit fingerprint
// alone would point at B. `fillers` more states (12 bytes each, no successors) join A and B's
// level, so that a small frontier budget makes it spill.
class FingerprintCollision {
 public:
  struct State {
    std::string bytes;
  };
  using Action = int;  // 0: to B, 1: to A, 2: step, 3 + k: to filler k

  static std::string a() { return std::string("\x7b\x8b\xd5\x52\xa4\xf4\x02\x43", 8); }
  static std::string b() { return std::string("\x58\x53\x13\x09\xc9\x0e\xab", 7); }
  static std::string root() { return std::string(1, '\0'); }
  static std::string after_a() { return "\x01\x01"; }
  static std::string after_b() { return "\x02\x02\x02"; }

  explicit FingerprintCollision(bool a_is_bad, int fillers = 0) : fillers_(fillers) {
    if (a_is_bad)
      props_.invariants.push_back({"NotA", "state A is never reached",
                                   [](const State& s) { return s.bytes != a(); },
                                   [](const State&) { return std::string("in A"); }});
    props_.goals.push_back(
        {"PastA", "the state after A", [](const State& s) { return s.bytes == after_a(); }});
  }
  std::vector<State> initial_states() const { return {State{root()}}; }
  void actions(const State& s, std::vector<Action>& out) const {
    if (s.bytes == root()) {
      out.push_back(0);
      out.push_back(1);
      for (int k = 0; k < fillers_; ++k) out.push_back(3 + k);
    } else if (s.bytes == a() || s.bytes == b()) {
      out.push_back(2);
    }
  }
  std::optional<State> next_state(const State& s, Action act) const {
    if (act == 0) return State{b()};
    if (act == 1) return State{a()};
    if (act >= 3) return State{filler(act - 3)};
    return State{s.bytes == a() ? after_a() : after_b()};
  }
  std::string action_label(const State&, Action act) const {
    if (act >= 3) return "to F" + std::to_string(act - 3);
    return act == 0 ? "to B" : act == 1 ? "to A" : "step";
  }
  void encode(const State& s, ByteSink& out) const { out.raw(s.bytes.data(), s.bytes.size()); }
  State decode(ByteSource& in) const {
    State s;
    while (!in.done()) s.bytes.push_back(static_cast<char>(in.u8()));
    return s;
  }
  void describe(const State& s, FieldWriter& w) const { w.field("name", name(s.bytes)); }
  const PropertySet<State>& properties() const { return props_; }

  static std::string name(const std::string& bytes) {
    if (bytes == a()) return "A";
    if (bytes == b()) return "B";
    if (bytes == after_a()) return "A'";
    if (bytes == after_b()) return "B'";
    if (bytes.size() == 12) return "F";
    return "root";
  }

 private:
  static std::string filler(int k) {
    std::string b = "filler:" + std::to_string(k);
    b.resize(12, '.');
    return b;
  }
  int fillers_;
  PropertySet<State> props_;
};

static_assert(Model<Grid> && Model<Counter> && Model<RandomGraph> && Model<Shuffling> &&
              Model<FingerprintCollision>);

}  // namespace faultline::toy

// The engine for each toy model, compiled once (tests/engine/toy_models.cpp).
FAULTLINE_EXTERN_ENGINE(faultline::toy::Grid)
FAULTLINE_EXTERN_ENGINE(faultline::toy::Counter)
FAULTLINE_EXTERN_ENGINE(faultline::toy::RandomGraph)
FAULTLINE_EXTERN_ENGINE(faultline::toy::Shuffling)
FAULTLINE_EXTERN_ENGINE(faultline::toy::FingerprintCollision)
