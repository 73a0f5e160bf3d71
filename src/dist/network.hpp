// The network of in-flight messages. Two delivery semantics share one canonical layout, a
// vector of (envelope, count) entries:
//  - Multiset (default): any in-flight message may be delivered next. Entries are sorted by
//    envelope and equal envelopes are merged into one entry with a count, so equal multisets
//    encode equal.
//  - Fifo: each channel (src, dst) delivers in send order; only a channel's oldest message is
//    deliverable. Entries are grouped by channel (channels sorted), in send order within a
//    channel, each with count 1.
// Entries are addressed by index; indices are stable for a given state, so actions that name
// an index enumerate deterministically.
#pragma once
#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "core/fields.hpp"
#include "core/symmetry_signatures.hpp"
#include "dist/message.hpp"
#include "dist/node_set.hpp"

namespace faultline::dist {

enum class NetworkMode : uint8_t { Multiset, Fifo };

template <DistMessage Msg>
class Network {
 public:
  struct Entry {
    Envelope<Msg> env;
    uint32_t count = 1;
    bool operator==(const Entry&) const = default;
  };

  explicit Network(NetworkMode mode = NetworkMode::Multiset) : mode_(mode) {}

  NetworkMode mode() const { return mode_; }
  // Distinct entries (multiset) or messages (FIFO).
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const Entry& operator[](size_t i) const { return entries_[i]; }
  const std::vector<Entry>& entries() const { return entries_; }
  // Messages in flight, copies included.
  uint64_t total() const {
    uint64_t n = 0;
    for (const auto& e : entries_) n += e.count;
    return n;
  }
  // Copies of exactly this envelope in flight.
  uint32_t count(const Envelope<Msg>& env) const {
    uint32_t n = 0;
    for (const auto& e : entries_)
      if (e.env == env) n += e.count;
    return n;
  }

  void send(NodeId src, NodeId dst, const Msg& msg) { send(Envelope<Msg>{src, dst, msg}); }
  void send(const Envelope<Msg>& env) {
    if (mode_ == NetworkMode::Multiset) {
      auto it = std::lower_bound(entries_.begin(), entries_.end(), env,
                                 [](const Entry& e, const Envelope<Msg>& v) { return e.env < v; });
      if (it != entries_.end() && it->env == env)
        ++it->count;
      else
        entries_.insert(it, Entry{env, 1});
    } else {
      // After the last message of the same channel (or where the channel would sort).
      auto it = std::upper_bound(
          entries_.begin(), entries_.end(), env,
          [](const Envelope<Msg>& v, const Entry& e) { return channel_less(v, e.env); });
      entries_.insert(it, Entry{env, 1});
    }
  }
  // Sends msg from src to every node in dsts, in id order.
  void broadcast(NodeId src, NodeSet dsts, const Msg& msg) {
    dsts.for_each([&](NodeId d) { send(src, d, msg); });
  }

  // Whether entry i may be delivered next under the network's ordering (FIFO: the oldest
  // message of its channel). Up/down and partitions are checked by the fault layer.
  bool in_order(size_t i) const {
    if (mode_ == NetworkMode::Multiset || i == 0) return true;
    return !same_channel(entries_[i - 1].env, entries_[i].env);
  }

  // Removes one copy of entry i and returns its envelope (delivery or loss).
  Envelope<Msg> take(size_t i) {
    assert(i < entries_.size());
    Envelope<Msg> env = entries_[i].env;
    if (--entries_[i].count == 0) entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
    return env;
  }
  // Adds one copy of entry i (multiset: count + 1; FIFO: the copy follows the original).
  void duplicate(size_t i) {
    assert(i < entries_.size());
    if (mode_ == NetworkMode::Multiset)
      ++entries_[i].count;
    else
      entries_.insert(entries_.begin() + static_cast<std::ptrdiff_t>(i) + 1, entries_[i]);
  }

  // The network with every node n renamed p[n], in canonical order again. Messages that name
  // nodes in their payload are renamed by rename_msg(Msg&) (the actor layer's do).
  template <class RenameMsg>
  Network permuted(const std::vector<uint8_t>& p, RenameMsg&& rename_msg) const {
    Network out(mode_);
    out.entries_ = entries_;
    for (auto& e : out.entries_) {
      e.env.src = static_cast<NodeId>(p[e.env.src]);
      e.env.dst = static_cast<NodeId>(p[e.env.dst]);
      rename_msg(e.env.msg);
    }
    if (mode_ == NetworkMode::Multiset)
      std::sort(out.entries_.begin(), out.entries_.end(),
                [](const Entry& a, const Entry& b) { return a.env < b.env; });
    else  // channels sorted, send order kept within each
      std::stable_sort(out.entries_.begin(), out.entries_.end(),
                       [](const Entry& a, const Entry& b) { return channel_less(a.env, b.env); });
    return out;
  }

  Network permuted(const std::vector<uint8_t>& p) const {
    return permuted(p, [](Msg&) {});
  }

  // Adds to sigs[n], for every node n, a summary of the messages in flight from and to n
  // that renaming the nodes does not change (src/core/symmetry_signatures.hpp): a sum over
  // them of their content (msg_signature(msg): one that renaming does not change), count and
  // direction, so their order does not matter.
  template <class MsgSignature>
  void add_signatures(std::vector<uint64_t>& sigs, MsgSignature&& msg_signature) const {
    for (const auto& e : entries_) {
      const uint64_t h = signature_add(msg_signature(e.env.msg), e.count);
      sigs[e.env.src] += signature_mix(h);
      sigs[e.env.dst] += signature_mix(h ^ 0x9e3779b97f4a7c15ULL);
    }
  }
  void add_signatures(std::vector<uint64_t>& sigs) const {
    add_signatures(sigs, [](const Msg& m) { return signature_of_value(m); });
  }

  // The network with every message m replaced by f(m) (channels unchanged), in canonical
  // order again: multiset entries sorted, equal envelopes merged; FIFO channels keep their
  // order. For interval symmetry (src/core/interval.hpp): f maps the counter values a
  // message carries.
  template <class F>
  Network transformed(F&& f) const {
    Network out(mode_);
    out.entries_ = entries_;
    for (auto& e : out.entries_) e.env.msg = f(e.env.msg);
    if (mode_ == NetworkMode::Multiset) {
      std::sort(out.entries_.begin(), out.entries_.end(),
                [](const Entry& a, const Entry& b) { return a.env < b.env; });
      std::vector<Entry> merged;
      for (auto& e : out.entries_)
        if (!merged.empty() && merged.back().env == e.env)
          merged.back().count += e.count;
        else
          merged.push_back(std::move(e));
      out.entries_ = std::move(merged);
    }
    return out;
  }

  // Removes every copy of every message for which pred(envelope) holds. Models use it to
  // discard messages that can never again change the receiver's state (a reduction: it
  // removes stuttering deliveries, and drops or duplicates of such messages).
  template <class Pred>
  void erase_if(Pred&& pred) {
    std::erase_if(entries_, [&](const Entry& e) { return pred(e.env); });
  }

  void encode(ByteSink& out) const {
    out.varint(entries_.size());
    for (const auto& e : entries_) {
      out.u8(e.env.src);
      out.u8(e.env.dst);
      e.env.msg.encode(out);
      if (mode_ == NetworkMode::Multiset) out.varint(e.count);
    }
  }
  static Network decode(ByteSource& in, NetworkMode mode) {
    Network n(mode);
    const uint64_t k = in.varint();
    if (k > in.remaining() / 2)  // each entry takes at least its two node ids
      throw DecodeError("a network's message count is larger than its bytes");
    n.entries_.resize(k);
    for (auto& e : n.entries_) {
      e.env.src = in.u8();
      e.env.dst = in.u8();
      e.env.msg = Msg::decode(in);
      e.count = mode == NetworkMode::Multiset ? static_cast<uint32_t>(in.varint()) : 1;
    }
    return n;
  }

  // One field per non-empty channel: "net p1->a2" = "Prepare(b=1), Accept(b=1,v=1) x2".
  // Multiset channels list messages in canonical order; FIFO channels oldest first.
  void describe(FieldWriter& w, const NodeNames& names) const {
    size_t i = 0;
    while (i < entries_.size()) {
      const auto& first = entries_[i].env;
      std::string value;
      for (; i < entries_.size() && same_channel(entries_[i].env, first); ++i) {
        if (!value.empty()) value += ", ";
        value += entries_[i].env.msg.label();
        if (entries_[i].count > 1) value += " x" + std::to_string(entries_[i].count);
      }
      w.field("net " + names[first.src] + "->" + names[first.dst], std::move(value));
    }
    if (entries_.empty()) w.field("net", "empty");
  }

  bool operator==(const Network& o) const { return entries_ == o.entries_; }

 private:
  static bool same_channel(const Envelope<Msg>& a, const Envelope<Msg>& b) {
    return a.src == b.src && a.dst == b.dst;
  }
  static bool channel_less(const Envelope<Msg>& a, const Envelope<Msg>& b) {
    return a.src != b.src ? a.src < b.src : a.dst < b.dst;
  }

  std::vector<Entry> entries_;
  NetworkMode mode_;
};

}  // namespace faultline::dist
