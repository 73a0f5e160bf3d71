// Bit layout of paxos-abstract's message set: every message Paxos.tla can ever send gets one
// bit, computed once from the constants (as the SPIN peer gen_paxos.py does), plus
// the quorum list and the tables the hot path reads. Groups never straddle a 64-bit word, so
// every group is read with one shift and mask.
#pragma once
#include <array>
#include <cstdint>
#include <string>

namespace faultline::paxos_abstract {

inline constexpr int kMaxAcceptors = 8;
inline constexpr int kMaxValues = 8;
inline constexpr int kMaxBallots = 15;
inline constexpr int kMsgWords = 4;
inline constexpr int kMsgBits = 64 * kMsgWords;  // capacity of the message bitset
inline constexpr int kMaxQuorums = 70;           // C(8, 4)
inline constexpr int kMaxShapes = 1 + (kMaxBallots - 1) * kMaxValues;  // 1b shapes per ballot

// Bits set in a byte (the build has no -mpopcnt, so __builtin_popcount is a library call).
inline constexpr std::array<uint8_t, 256> kPopcount8 = [] {
  std::array<uint8_t, 256> t{};
  for (int i = 0; i < 256; ++i) t[i] = static_cast<uint8_t>((i & 1) + t[i >> 1]);
  return t;
}();

struct Constants {
  int acceptors = 3;
  int values = 2;
  int ballots = 4;  // ballots 0..ballots-1
  int quorum = 0;   // quorum size; 0 = majority
};

// Message positions. A 1b message of acceptor a for ballot b is one bit of the group
// pos_1b[a][b]: bit 0 is 1b(mbal=-1, mval=None), bit 1 + mbal*V + v is 1b(mbal, v) for mbal
// in 0..b-1 (the only shapes a ballot-b 1b can carry). A 2a(b, v) is bit v of group pos_2a[b];
// a 2b(a, b, v) is bit a of group pos_2b[b][v]. The 1a(b) messages are bits 0..B-1.
struct Layout {
  Constants c;
  int quorum_size = 0;
  int bits_used = 0;   // highest used bit + 1 (padding included)
  int bytes_used = 0;  // ceil(bits_used / 8)
  int messages = 0;    // number of distinct messages (bits that carry a message)
  std::array<std::array<uint16_t, kMaxBallots>, kMaxAcceptors> pos_1b{};
  std::array<uint16_t, kMaxBallots> pos_2a{};
  std::array<std::array<uint16_t, kMaxValues>, kMaxBallots> pos_2b{};
  // Shape code (bit index inside a 1b group) -> mbal (-1 for code 0) and mval (-1 = None).
  std::array<int8_t, kMaxShapes> code_mbal{};
  std::array<int8_t, kMaxShapes> code_mval{};
  int quorum_count = 0;
  std::array<uint8_t, kMaxQuorums> quorums{};  // acceptor bitmasks, ascending
  // late_1b[a][m]: the bits of acceptor a's 1b messages for ballots b >= m, i.e. b > maxBal,
  // which it cannot have sent while its maxBal (stored +1) is m.
  std::array<std::array<std::array<uint64_t, kMsgWords>, kMaxBallots + 1>, kMaxAcceptors> late_1b{};

  // Number of messages the constants need (may exceed the capacity; computed without layout).
  static int message_count(const Constants& c) {
    int n1b = 0;
    for (int b = 0; b < c.ballots; ++b) n1b += 1 + b * c.values;
    return c.ballots + c.acceptors * n1b + c.ballots * c.values +
           c.acceptors * c.ballots * c.values;
  }

  // Builds the layout; returns an empty string, or why the constants do not fit.
  std::string build(const Constants& constants) {
    c = constants;
    quorum_size = c.quorum ? c.quorum : c.acceptors / 2 + 1;
    messages = message_count(c);
    int next = 0;
    std::string error;
    auto place = [&](int width) -> uint16_t {
      if ((next & 63) + width > 64) next = (next + 63) & ~63;  // no group straddles a word
      int pos = next;
      next += width;
      return static_cast<uint16_t>(pos);
    };
    place(c.ballots);  // 1a(b): bits 0..B-1
    for (int a = 0; a < c.acceptors; ++a)
      for (int b = 0; b < c.ballots; ++b) pos_1b[a][b] = place(1 + b * c.values);
    for (int b = 0; b < c.ballots; ++b) pos_2a[b] = place(c.values);
    for (int b = 0; b < c.ballots; ++b)
      for (int v = 0; v < c.values; ++v) pos_2b[b][v] = place(c.acceptors);
    bits_used = next;
    bytes_used = (bits_used + 7) / 8;
    if (bits_used > kMsgBits) return "needs " + std::to_string(bits_used) + " message bits";

    code_mbal[0] = -1;
    code_mval[0] = -1;
    for (int mb = 0; mb + 1 < c.ballots; ++mb)
      for (int v = 0; v < c.values; ++v) {
        code_mbal[1 + mb * c.values + v] = static_cast<int8_t>(mb);
        code_mval[1 + mb * c.values + v] = static_cast<int8_t>(v);
      }
    for (int a = 0; a < c.acceptors; ++a)
      for (int m = 0; m <= c.ballots; ++m)
        for (int b = m; b < c.ballots; ++b)
          for (int k = 0; k < 1 + b * c.values; ++k) {
            int pos = pos_1b[a][b] + k;
            late_1b[a][m][pos >> 6] |= uint64_t{1} << (pos & 63);
          }
    quorum_count = 0;
    for (unsigned m = 0; m < (1u << c.acceptors); ++m)
      if (__builtin_popcount(m) == quorum_size) quorums[quorum_count++] = static_cast<uint8_t>(m);
    return error;
  }
};

}  // namespace faultline::paxos_abstract
