// Tests of dist::Network: canonical multiset order, FIFO channel order, duplication, removal
// and the encoding round trip.
#include "dist/network.hpp"

#include <gtest/gtest.h>

#include "tests/dist/test_message.hpp"

namespace faultline::dist {
namespace {

using test::Ping;
using Net = Network<Ping>;

std::string bytes(const Net& n) {
  ByteSink sink;
  n.encode(sink);
  return std::string(sink.view());
}

TEST(NetworkTest, MultisetIsCanonicalWhateverTheSendOrder) {
  Net a, b;
  a.send(0, 1, Ping{2});
  a.send(1, 0, Ping{1});
  a.send(0, 1, Ping{1});
  a.send(0, 1, Ping{2});
  b.send(0, 1, Ping{2});
  b.send(0, 1, Ping{1});
  b.send(0, 1, Ping{2});
  b.send(1, 0, Ping{1});
  EXPECT_EQ(a, b);
  EXPECT_EQ(bytes(a), bytes(b));
  ASSERT_EQ(a.size(), 3u);  // (0->1 Ping1), (0->1 Ping2) x2, (1->0 Ping1)
  EXPECT_EQ(a.total(), 4u);
  EXPECT_EQ(a[0].env, (Envelope<Ping>{0, 1, Ping{1}}));
  EXPECT_EQ(a[1].env, (Envelope<Ping>{0, 1, Ping{2}}));
  EXPECT_EQ(a[1].count, 2u);
  EXPECT_EQ(a[2].env, (Envelope<Ping>{1, 0, Ping{1}}));
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(a.in_order(i));
}

TEST(NetworkTest, MultisetTakeAndDuplicateAdjustCounts) {
  Net n;
  n.send(0, 1, Ping{7});
  n.duplicate(0);
  EXPECT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].count, 2u);
  EXPECT_EQ(n.take(0), (Envelope<Ping>{0, 1, Ping{7}}));
  EXPECT_EQ(n[0].count, 1u);
  n.take(0);
  EXPECT_TRUE(n.empty());
  Net fresh;
  EXPECT_EQ(bytes(n), bytes(fresh));
}

TEST(NetworkTest, FifoDeliversEachChannelInSendOrder) {
  Net n(NetworkMode::Fifo);
  n.send(0, 1, Ping{3});
  n.send(2, 1, Ping{9});
  n.send(0, 1, Ping{1});  // after Ping(3) on channel 0->1, though it sorts lower
  n.send(0, 2, Ping{5});
  ASSERT_EQ(n.size(), 4u);
  EXPECT_EQ(n[0].env, (Envelope<Ping>{0, 1, Ping{3}}));
  EXPECT_EQ(n[1].env, (Envelope<Ping>{0, 1, Ping{1}}));
  EXPECT_EQ(n[2].env, (Envelope<Ping>{0, 2, Ping{5}}));
  EXPECT_EQ(n[3].env, (Envelope<Ping>{2, 1, Ping{9}}));
  EXPECT_TRUE(n.in_order(0));
  EXPECT_FALSE(n.in_order(1));  // behind Ping(3)
  EXPECT_TRUE(n.in_order(2));
  EXPECT_TRUE(n.in_order(3));
  EXPECT_EQ(n.take(0).msg, Ping{3});
  EXPECT_TRUE(n.in_order(0));
  EXPECT_EQ(n[0].env.msg, Ping{1});
}

TEST(NetworkTest, FifoDuplicateFollowsTheOriginal) {
  Net n(NetworkMode::Fifo);
  n.send(0, 1, Ping{1});
  n.send(0, 1, Ping{2});
  n.duplicate(0);
  ASSERT_EQ(n.size(), 3u);
  EXPECT_EQ(n[0].env.msg, Ping{1});
  EXPECT_EQ(n[1].env.msg, Ping{1});
  EXPECT_EQ(n[2].env.msg, Ping{2});
  EXPECT_FALSE(n.in_order(1));
}

TEST(NetworkTest, EncodeDecodeRoundTripsBothModes) {
  for (NetworkMode mode : {NetworkMode::Multiset, NetworkMode::Fifo}) {
    Net n(mode);
    n.send(3, 1, Ping{4});
    n.send(0, 2, Ping{200});
    n.send(3, 1, Ping{4});
    n.send(3, 1, Ping{1});
    std::string b = bytes(n);
    ByteSource src(b);
    Net back = Net::decode(src, mode);
    EXPECT_TRUE(src.done());
    EXPECT_EQ(back, n);
    EXPECT_EQ(bytes(back), b);
  }
}

TEST(NetworkTest, EraseIfRemovesAllCopies) {
  Net n;
  n.send(0, 1, Ping{1});
  n.send(0, 1, Ping{1});
  n.send(0, 1, Ping{2});
  n.erase_if([](const Envelope<Ping>& e) { return e.msg.n == 1; });
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].env.msg, Ping{2});
}

TEST(NetworkTest, DescribeListsChannels) {
  Net n;
  n.send(0, 1, Ping{1});
  n.send(0, 1, Ping{1});
  n.send(1, 0, Ping{2});
  FieldList fields;
  FieldWriter w(fields);
  n.describe(w, {"a1", "a2"});
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0], (Field{"net a1->a2", "Ping(1) x2"}));
  EXPECT_EQ(fields[1], (Field{"net a2->a1", "Ping(2)"}));
}

}  // namespace
}  // namespace faultline::dist
