// ByteSink's constant-size appends (raw_prefix) against plain raw(), ByteSource's varints at
// their longest and beyond, and large UninitVectors (mapped, not from the heap) through
// resize, growth and moves.
#include "core/encoding.hpp"
#include "store/uninit_vector.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <string>
#include <utility>

namespace faultline {
namespace {

TEST(ByteSink, RawPrefixAppendsTheFirstBytesOnly) {
  ByteSink plain, prefixed;
  char buf[40];
  for (size_t round = 0; round < 200; ++round) {  // many rounds: the sink grows past its capacity
    for (size_t i = 0; i < sizeof buf; ++i) buf[i] = static_cast<char>(round * 7 + i);
    const size_t n = round % (sizeof buf + 1);
    plain.raw(buf, n);
    prefixed.raw_prefix(buf, n);
    plain.u8(0xab);  // a write after the prefix overwrites its scratch bytes
    prefixed.u8(0xab);
  }
  EXPECT_EQ(prefixed.view(), plain.view());
  EXPECT_EQ(prefixed.size(), plain.size());
}

TEST(ByteSource, VarintsReadUpToTenBytesAndNoMore) {
  ByteSink sink;
  sink.varint(~uint64_t{0});  // the longest varint: 10 bytes
  ASSERT_EQ(sink.size(), 10u);
  ByteSource in(sink.view());
  EXPECT_EQ(in.varint(), ~uint64_t{0});
  const std::string endless(11, '\x80');  // continuation bytes past 64 bits (corrupt bytes)
  ByteSource bad(endless);
  EXPECT_THROW(bad.varint(), DecodeError);
}

TEST(UninitVector, LargeBuffersHoldWhatIsWrittenThroughGrowthAndMoves) {
  UninitVector<uint64_t> v(size_t{1} << 16);  // 512 KiB: mapped
  std::iota(v.begin(), v.end(), uint64_t{0});
  for (uint64_t i = 0; i < (uint64_t{1} << 17); ++i) v.push_back(v.size());  // reallocates, maps
  UninitVector<uint64_t> moved = std::move(v);
  ASSERT_EQ(moved.size(), (size_t{1} << 16) + (size_t{1} << 17));
  for (size_t i = 0; i < moved.size(); ++i) ASSERT_EQ(moved[i], i);
  moved.resize(10);  // shrinking keeps the mapping; shrink_to_fit moves to the heap
  moved.shrink_to_fit();
  for (size_t i = 0; i < moved.size(); ++i) EXPECT_EQ(moved[i], i);
}

}  // namespace
}  // namespace faultline
