// Model "paxos-abstract": single-decree Paxos at the abstraction of Lamport's Paxos.tla
// (tlaplus/Examples, specifications/Paxos/Paxos.tla). Acceptors keep maxBal, maxVBal, maxVal;
// msgs is the set of every message ever sent (it only grows); the actions are Phase1a(b),
// Phase1b(a), Phase2a(b, v) and Phase2b(a) with exactly the TLA+ semantics, so the state
// graph is TLC's (and that of the SPIN peer ../shared/peers/spin/gen_paxos.py).
//
// Actions: one per TLA+ action instance together with the witnesses of its \E (the 1a or 2a
// message taken, and for Phase2a the quorum Q and the 1b message m justifying v), exactly
// one per do-option of gen_paxos.py that is enabled, so actions() + 1 summed over all
// states equals SPIN's "transitions" (for values = 1 with spin -a -o2, see the test).
// Stutters (Phase1a(b) with 1a(b) already sent, Phase2b repeating a vote) are enumerated but
// next_state returns nullopt for them, as the Model contract asks of actions that do nothing;
// the engine's "generated states" therefore counts TLC's generated states minus stutters.
//
// The hot functions (actions, next_state, encode, decode) are inline here so the engine
// template inlines them; labels, rendering and properties live in paxos_abstract.cpp.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/chart_event.hpp"
#include "core/encoding.hpp"
#include "core/fields.hpp"
#include "core/properties.hpp"
#include "core/symmetry.hpp"
#include "core/symmetry_signatures.hpp"
#include "models/paxos_abstract/paxos_abstract_layout.hpp"

namespace faultline {

class PaxosAbstract {
 public:
  // 56 bytes; only acceptors*3 + layout.bytes_used bytes are encoded.
  struct State {
    std::array<uint64_t, paxos_abstract::kMsgWords> msgs{};  // one bit per possible message
    // Stored +1: 0 encodes -1 ("no ballot") and None.
    std::array<uint8_t, paxos_abstract::kMaxAcceptors> max_bal{};
    std::array<uint8_t, paxos_abstract::kMaxAcceptors> max_vbal{};
    std::array<uint8_t, paxos_abstract::kMaxAcceptors> max_val{};
    bool operator==(const State&) const = default;
  };

  enum class Kind : uint8_t { Phase1a, Phase1b, Phase2a, Phase2b };
  static constexpr uint8_t kNoWitness = 0xff;  // Phase2a witness Q1bv = {}

  struct Action {
    Kind kind;
    uint8_t a;        // acceptor (Phase1b, Phase2b)
    uint8_t b;        // ballot of the message sent or taken
    uint8_t v;        // value (Phase2a, Phase2b)
    uint8_t quorum;   // Phase2a: index into layout().quorums
    uint8_t witness;  // Phase2a: acceptor whose 1b is m, or kNoWitness for Q1bv = {}
  };

  enum class Variant {
    Correct,
    // Phase2a may send any value once a quorum answered: the "highest-ballot vote" rule
    // (Q1bv = {} or v is the value of the highest-ballot 1b in Q) is ignored.
    AnyValue,
  };

  // Throws SpecError naming the parameter when the constants are out of range or need more
  // messages than the state's bitset holds.
  explicit PaxosAbstract(const paxos_abstract::Constants& constants,
                         Variant variant = Variant::Correct);

  const paxos_abstract::Layout& layout() const { return layout_; }
  Variant variant() const { return variant_; }

  std::vector<State> initial_states() const { return {State{}}; }

  void actions(const State& s, std::vector<Action>& out) const {
    const auto& L = layout_;
    const int n = L.c.acceptors, nb = L.c.ballots, nv = L.c.values;
    // Phase1a(b): always enabled (a stutter once 1a(b) is in msgs).
    for (int b = 0; b < nb; ++b) out.push_back({Kind::Phase1a, 0, u8(b), 0, 0, 0});
    const uint64_t sent_1a = s.msgs[0] & low_mask(nb);
    for (int a = 0; a < n; ++a) {
      // Phase1b(a) on 1a(b) with b > maxBal[a] (stored +1: b >= max_bal).
      uint64_t en = sent_1a & ~low_mask(s.max_bal[a]);
      while (en) {
        int b = __builtin_ctzll(en);
        en &= en - 1;
        out.push_back({Kind::Phase1b, u8(a), u8(b), 0, 0, 0});
      }
      // Phase2b(a) on 2a(b, v) with b >= maxBal[a].
      for (int b = s.max_bal[a] ? s.max_bal[a] - 1 : 0; b < nb; ++b) {
        uint64_t g = group(s, L.pos_2a[b], nv);
        if (g) out.push_back({Kind::Phase2b, u8(a), u8(b), u8(__builtin_ctzll(g)), 0, 0});
      }
    }
    // Phase2a(b, v): no 2a for b yet, and a quorum Q that all sent 1b(b) justifies v.
    for (int b = 0; b < nb; ++b) {
      if (group(s, L.pos_2a[b], nv)) continue;
      unsigned answered = 0;
      int8_t mbal[paxos_abstract::kMaxAcceptors];
      int8_t mval[paxos_abstract::kMaxAcceptors];
      const int width = 1 + b * nv;
      for (int a = 0; a < n; ++a) {
        uint64_t g = group(s, L.pos_1b[a][b], width);
        if (!g) continue;
        answered |= 1u << a;
        int code = __builtin_ctzll(g);
        mbal[a] = L.code_mbal[code];
        mval[a] = L.code_mval[code];
      }
      if (paxos_abstract::kPopcount8[answered] < L.quorum_size) continue;
      for (int q = 0; q < L.quorum_count; ++q) {
        const unsigned quorum = L.quorums[q];
        if ((quorum & answered) != quorum) continue;
        if (variant_ == Variant::AnyValue) {
          for (int v = 0; v < nv; ++v)
            out.push_back({Kind::Phase2a, 0, u8(b), u8(v), u8(q), kNoWitness});
          continue;
        }
        int top = -1;
        for (unsigned m = quorum; m; m &= m - 1) top = std::max<int>(top, mbal[__builtin_ctz(m)]);
        if (top < 0) {  // Q1bv = {}: any value
          for (int v = 0; v < nv; ++v)
            out.push_back({Kind::Phase2a, 0, u8(b), u8(v), u8(q), kNoWitness});
          continue;
        }
        for (unsigned m = quorum; m; m &= m - 1) {  // each highest-ballot 1b in Q is a witness
          int a = __builtin_ctz(m);
          if (mbal[a] == top) out.push_back({Kind::Phase2a, 0, u8(b), u8(mval[a]), u8(q), u8(a)});
        }
      }
    }
  }

  std::optional<State> next_state(const State& s, const Action& act) const {
    const auto& L = layout_;
    State t = s;
    switch (act.kind) {
      case Kind::Phase1a:
        if (test(s, act.b)) return std::nullopt;  // stutter: 1a(b) already in msgs
        set(t, act.b);
        break;
      case Kind::Phase1b: {
        const int a = act.a;
        int code = s.max_vbal[a] ? 1 + (s.max_vbal[a] - 1) * L.c.values + (s.max_val[a] - 1) : 0;
        set(t, L.pos_1b[a][act.b] + code);
        t.max_bal[a] = u8(act.b + 1);
        break;
      }
      case Kind::Phase2a:
        set(t, L.pos_2a[act.b] + act.v);
        break;
      case Kind::Phase2b: {
        const int a = act.a;
        const uint8_t b1 = u8(act.b + 1), v1 = u8(act.v + 1);
        if (s.max_bal[a] == b1 && s.max_vbal[a] == b1 && s.max_val[a] == v1 &&
            test(s, L.pos_2b[act.b][act.v] + a))
          return std::nullopt;  // stutter: this vote was already cast
        t.max_bal[a] = b1;
        t.max_vbal[a] = b1;
        t.max_val[a] = v1;
        set(t, L.pos_2b[act.b][act.v] + a);
        break;
      }
    }
    return t;
  }

  // Copies of constant size (whole arrays, each overwriting the excess of the one before),
  // so that encoding the successors of a state makes no call to memcpy.
  void encode(const State& s, ByteSink& sink) const {
    constexpr size_t k = paxos_abstract::kMaxAcceptors;
    char buf[3 * k + sizeof s.msgs] = {};
    const size_t n = static_cast<size_t>(layout_.c.acceptors);
    std::memcpy(buf, s.max_bal.data(), k);
    std::memcpy(buf + n, s.max_vbal.data(), k);
    std::memcpy(buf + 2 * n, s.max_val.data(), k);
    std::memcpy(buf + 3 * n, s.msgs.data(), sizeof s.msgs);
    sink.raw_prefix(buf, 3 * n + static_cast<size_t>(layout_.bytes_used));
  }

  State decode(ByteSource& src) const {
    State s;
    const size_t n = static_cast<size_t>(layout_.c.acceptors);
    src.raw(s.max_bal.data(), n);
    src.raw(s.max_vbal.data(), n);
    src.raw(s.max_val.data(), n);
    src.raw(s.msgs.data(), static_cast<size_t>(layout_.bytes_used));
    return s;
  }

  // The graded progress measure for engine.sweep: msgs only grows, and every action that
  // changes the state sends exactly one message it had not (a Phase1b for a ballot above
  // maxBal, a 2a for a ballot without one, a 2b that is not a repeated vote), so the number
  // of messages sent is the BFS depth. Renaming acceptors keeps it.
  uint64_t progress(const State& s) const {
    uint64_t n = 0;
    for (uint64_t word : s.msgs) n += bit_count(word);
    return n;
  }
  std::string progress_measure_name() const { return "messages sent"; }

  // Symmetry: acceptors are interchangeable (their ids appear only in per-acceptor fields,
  // 1b groups and 2b bits, and quorums are all subsets of one size).
  SymmetryDecl symmetry() const;
  State permute(const State& s, const Permutation& p) const {
    const auto& L = layout_;
    const int n = L.c.acceptors, nb = L.c.ballots, nv = L.c.values;
    State t;
    t.msgs[0] = s.msgs[0] & low_mask(nb);  // 1a(b): bits 0..B-1, no acceptor
    for (int b = 0; b < nb; ++b) put(t, L.pos_2a[b], group(s, L.pos_2a[b], nv));
    for (int a = 0; a < n; ++a) {
      const int pa = p[a];
      t.max_bal[pa] = s.max_bal[a];
      t.max_vbal[pa] = s.max_vbal[a];
      t.max_val[pa] = s.max_val[a];
      for (int b = 0; b < nb; ++b) put(t, L.pos_1b[pa][b], group(s, L.pos_1b[a][b], 1 + b * nv));
    }
    for (int b = 0; b < nb; ++b)
      for (int v = 0; v < nv; ++v) {
        const uint64_t votes = group(s, L.pos_2b[b][v], n);
        uint64_t moved = 0;
        for (int a = 0; a < n; ++a) moved |= ((votes >> a) & 1) << p[a];
        put(t, L.pos_2b[b][v], moved);
      }
    return t;
  }

  // Per acceptor, what renaming keeps (src/core/symmetry_signatures.hpp): its own fields, its
  // 1b messages and its 2b votes; that is all of the state that concerns it.
  void symmetry_signatures(const State& s, std::vector<uint64_t>& sigs) const {
    const auto& L = layout_;
    const int n = L.c.acceptors, nb = L.c.ballots, nv = L.c.values;
    for (int a = 0; a < n; ++a) {
      uint64_t h = signature_add(0, s.max_bal[a] | s.max_vbal[a] << 8 | s.max_val[a] << 16);
      for (int b = 0; b < nb; ++b) h = signature_add(h, group(s, L.pos_1b[a][b], 1 + b * nv));
      for (int b = 0; b < nb; ++b)
        for (int v = 0; v < nv; ++v)
          if ((group(s, L.pos_2b[b][v], n) >> a) & 1) h = signature_add(h, 1000 + b * nv + v);
      sigs[a] = h;
    }
  }

  std::string action_label(const State& s, const Action& a) const;
  void describe(const State& s, FieldWriter& w) const;
  const PropertySet<State>& properties() const { return properties_; }

  // Sequence charts (trace/chart_hooks.hpp): a "leaders" lane for Phase1a and Phase2a (the
  // leader of ballot b acts) and one lane per acceptor for Phase1b and Phase2b. msgs is a
  // set nobody consumes, so each step is a local event on its lane, labelled as the trace.
  std::vector<std::string> chart_lanes() const;
  std::vector<ChartEvent> chart_events(const State& before, const Action& a, const State& after,
                                       const std::string& label) const;

  // Values chosen in s (bit v set: some quorum all sent 2b for v in one ballot).
  unsigned chosen_values(const State& s) const { return chosen_values(layout_, s); }
  static unsigned chosen_values(const paxos_abstract::Layout& L, const State& s) {
    unsigned chosen = 0;
    for (int b = 0; b < L.c.ballots; ++b)
      for (int v = 0; v < L.c.values; ++v)
        if (paxos_abstract::kPopcount8[group(s, L.pos_2b[b][v], L.c.acceptors)] >= L.quorum_size)
          chosen |= 1u << v;
    return chosen;
  }

  // Bit-level access, public for the properties and tests.
  static bool test(const State& s, int pos) { return (s.msgs[pos >> 6] >> (pos & 63)) & 1; }
  static uint64_t group(const State& s, int pos, int width) {
    return (s.msgs[pos >> 6] >> (pos & 63)) & low_mask(width);
  }

 private:
  static uint8_t u8(int x) { return static_cast<uint8_t>(x); }
  static uint64_t low_mask(int width) {
    return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
  }
  // Bits set in v (the build has no -mpopcnt, where __builtin_popcountll is a library call).
  static uint64_t bit_count(uint64_t v) {
    v -= (v >> 1) & 0x5555555555555555ULL;
    v = (v & 0x3333333333333333ULL) + ((v >> 2) & 0x3333333333333333ULL);
    v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (v * 0x0101010101010101ULL) >> 56;
  }
  static void set(State& s, int pos) { s.msgs[pos >> 6] |= uint64_t{1} << (pos & 63); }
  static void put(State& s, int pos, uint64_t bits) { s.msgs[pos >> 6] |= bits << (pos & 63); }
  void build_properties();

  paxos_abstract::Layout layout_;
  Variant variant_;
  PropertySet<State> properties_;
};

}  // namespace faultline
