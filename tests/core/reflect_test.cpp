// Tests of core/reflect.hpp: every supported field type round-trips through encode and decode
// (an InlineVector as a vector), equal values encode equal and ordering follows the listed
// fields, format prints what traces show, durable fields survive keep_durable, and corrupt
// bytes are a DecodeError (never UB).
#include "core/reflect.hpp"

#include <gtest/gtest.h>

#include "dist/node_set.hpp"

namespace faultline::reflect_test {

FAULTLINE_ENUM(Phase, idle, preparing, accepting)

struct Vote {
  uint8_t ballot = 0;
  uint8_t value = 0;
  FAULTLINE_FIELDS(Vote, ballot, value)
};

struct Prepare {
  uint16_t b = 0;
  FAULTLINE_FIELDS(Prepare, b)
};
struct Ping {
  FAULTLINE_FIELDS(Ping)
};
using Msg = std::variant<Prepare, Ping, Vote>;

struct Everything {
  bool flag = false;
  uint8_t small = 0;
  uint32_t wide = 0;
  int64_t negative = 0;
  Phase phase = Phase::idle;
  std::string text;
  std::optional<Vote> accepted;
  std::vector<int> list;
  std::array<uint8_t, 2> pair_array{};
  std::set<uint16_t> set;
  std::map<std::string, Vote> map;
  std::pair<uint8_t, bool> pair;
  std::tuple<int, std::string, Phase> tuple;
  Msg msg;
  dist::NodeSet nodes;
  FAULTLINE_FIELDS(Everything, flag, small, wide, negative, phase, text, accepted, list,
                   pair_array, set, map, pair, tuple, msg, nodes)
};

struct Node {
  uint8_t term = 0;  // durable
  uint8_t vote = 0;  // durable
  uint8_t votes_seen = 0;
  FAULTLINE_FIELDS(Node, term, vote, votes_seen)
  FAULTLINE_DURABLE(Node, term, vote)
};

template <class T>
std::string bytes(const T& v) {
  ByteSink sink;
  reflect::encode(sink, v);
  return std::string(sink.view());
}

template <class T>
T round_trip(const T& v) {
  const std::string b = bytes(v);
  ByteSource in(b);
  T out = reflect::decoded<T>(in);
  EXPECT_TRUE(in.done());
  return out;
}

Everything sample() {
  Everything e;
  e.flag = true;
  e.small = 200;
  e.wide = 70000;
  e.negative = -12345678901;
  e.phase = Phase::accepting;
  e.text = "hello";
  e.accepted = Vote{3, 1};
  e.list = {-1, 0, 300};
  e.pair_array = {7, 8};
  e.set = {1, 500};
  e.map = {{"a", Vote{1, 1}}, {"b", Vote{2, 2}}};
  e.pair = {9, true};
  e.tuple = {-4, "x", Phase::preparing};
  e.msg = Prepare{513};
  e.nodes = dist::NodeSet(0b101);
  return e;
}

TEST(ReflectTest, EveryFieldTypeRoundTrips) {
  const Everything e = sample();
  EXPECT_EQ(round_trip(e), e);
  EXPECT_EQ(round_trip(Everything{}), Everything{});
  Everything other = e;
  other.msg = Ping{};
  other.accepted.reset();
  EXPECT_EQ(round_trip(other), other);
}

TEST(ReflectTest, EqualValuesEncodeEqualAndEveryFieldCounts) {
  EXPECT_EQ(bytes(sample()), bytes(sample()));
  // Changing any one field changes both equality and the bytes.
  std::vector<Everything> changed(6, sample());
  changed[0].flag = false;
  changed[1].wide = 70001;
  changed[2].map["c"] = Vote{};
  changed[3].nodes.insert(4);
  changed[4].msg = Vote{0, 0};
  changed[5].tuple = {-4, "y", Phase::preparing};
  for (const auto& c : changed) {
    EXPECT_NE(c, sample());
    EXPECT_NE(bytes(c), bytes(sample()));
  }
}

TEST(ReflectTest, InlineVectorsAreVectors) {
  using Votes = InlineVector<Vote, 3>;
  const Votes iv{Vote{1, 2}, Vote{3, 4}};
  const std::vector<Vote> v{Vote{1, 2}, Vote{3, 4}};
  EXPECT_EQ(bytes(iv), bytes(v));
  EXPECT_EQ(round_trip(iv), iv);
  EXPECT_EQ(reflect::formatted(iv), reflect::formatted(v));
  const std::string four = bytes(std::vector<Vote>(4));  // more than it holds
  ByteSource in(four);
  EXPECT_THROW(reflect::decoded<Votes>(in), DecodeError);
}

TEST(ReflectTest, OrderingFollowsTheListedFields) {
  EXPECT_LT((Vote{1, 9}), (Vote{2, 0}));
  EXPECT_LT((Vote{1, 1}), (Vote{1, 2}));
  EXPECT_EQ((Vote{1, 1} <=> Vote{1, 1}), std::strong_ordering::equal);
  EXPECT_LT(Msg(Prepare{9}), Msg(Ping{}));  // variants order by alternative first
}

TEST(ReflectTest, FormatPrintsWhatTracesShow) {
  const std::vector<std::string> names = {"n1", "n2", "n3"};
  FormatContext ctx{&names};
  EXPECT_EQ(reflect::formatted(sample(), ctx),
            "{flag=true, small=200, wide=70000, negative=-12345678901, phase=accepting, "
            "text=\"hello\", accepted={ballot=3, value=1}, list=[-1, 0, 300], pair_array=[7, 8], "
            "set={1, 500}, map={\"a\": {ballot=1, value=1}, \"b\": {ballot=2, value=2}}, "
            "pair=(9, true), tuple=(-4, \"x\", preparing), msg=Prepare(b=513), nodes={n1,n3}}");
  EXPECT_EQ(reflect::formatted(Msg(Ping{})), "Ping");
  EXPECT_EQ(reflect::formatted(Msg(Vote{2, 1})), "Vote(ballot=2,value=1)");
  EXPECT_EQ(reflect::formatted(dist::NodeSet(0b110)), "{1,2}");
  EXPECT_EQ(reflect::formatted(std::optional<int>{}), "none");
}

TEST(ReflectTest, KindNamesComeFromTheAlternatives) {
  EXPECT_EQ(reflect::kind_names<Msg>(), (std::vector<std::string>{"Prepare", "Ping", "Vote"}));
  EXPECT_EQ(reflect::kind_name(Msg(Vote{})), "Vote");
  EXPECT_EQ(reflect::kind_index(Msg(Vote{})), 2u);
}

TEST(ReflectTest, KeepDurableCopiesOnlyTheDurableFields) {
  Node fresh, old{4, 2, 3};
  reflect::keep_durable(fresh, old);
  EXPECT_EQ(fresh, (Node{4, 2, 0}));
  // A variant keeps durable fields only when the alternative is the same.
  std::variant<Vote, Node> a = Node{}, b = Node{5, 1, 1}, c = Vote{1, 1};
  reflect::keep_durable(a, b);
  EXPECT_EQ(std::get<Node>(a), (Node{5, 1, 0}));
  reflect::keep_durable(a, c);
  EXPECT_EQ(std::get<Node>(a), (Node{5, 1, 0}));
}

// Every proper prefix of a valid encoding is a DecodeError, never a read past the end.
TEST(ReflectTest, TruncatedBytesAreADecodeError) {
  const std::string b = bytes(sample());
  for (size_t n = 0; n < b.size(); ++n) {
    ByteSource in(std::string_view(b.data(), n));
    EXPECT_THROW(reflect::decoded<Everything>(in), DecodeError) << "prefix of " << n << " bytes";
  }
}

TEST(ReflectTest, NonCanonicalBytesAreADecodeError) {
  auto decode_bytes = [](std::string b, auto type) {
    ByteSource in(b);
    return reflect::decoded<decltype(type)>(in);
  };
  EXPECT_THROW(decode_bytes(std::string("\x02"), bool{}), DecodeError);
  EXPECT_THROW(decode_bytes(std::string("\x03"), Phase{}), DecodeError);
  EXPECT_THROW(decode_bytes(std::string("\x03"), Msg{}), DecodeError);  // variant index 3 of 3
  EXPECT_THROW(decode_bytes(std::string("\x02\x05\x05", 3), std::set<uint8_t>{}), DecodeError);
  EXPECT_THROW(decode_bytes(std::string("\x80"), uint16_t{}), DecodeError);  // varint cut short
  EXPECT_THROW(decode_bytes(std::string("\x80\x80\x04", 3), uint16_t{}), DecodeError);  // 65536
  EXPECT_THROW(decode_bytes(std::string("\xff\xff\xff\x0f", 4), std::vector<int>{}),
               DecodeError);  // a count far beyond the bytes
  EXPECT_EQ(decode_bytes(std::string("\x02\x05\x06", 3), std::set<uint8_t>{}),
            (std::set<uint8_t>{5, 6}));
}

TEST(ReflectTest, DecodeErrorNamesTheCause) {
  ByteSource in(std::string_view{});
  try {
    in.u8();
    FAIL() << "no DecodeError";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("decode does not mirror its encode"), std::string::npos);
  }
}

// for_each_of rewrites the leaves of a map's keys and rebuilds it; where the rewrite makes keys
// collide (as anonymous node signatures do), the smallest entry is kept whatever the order
// of the keys was, so renaming the keys first changes nothing.
TEST(ReflectTest, ForEachOfKeepsTheSmallestEntryWhereKeysCollide) {
  struct Id {
    uint8_t id = 0;
    auto operator<=>(const Id&) const = default;
  };
  const std::map<Id, int> a = {{Id{1}, 7}, {Id{2}, 3}, {Id{5}, 9}};
  const std::map<Id, int> b = {{Id{1}, 3}, {Id{2}, 7}, {Id{5}, 9}};  // 1 and 2 swapped
  auto anonymous = [](std::map<Id, int> m) {
    reflect::for_each_of<Id>(m, [](Id& r, const char*) {
      if (r.id < 5) r.id = 0xFF;
    });
    return m;
  };
  const std::map<Id, int> want = {{Id{5}, 9}, {Id{0xFF}, 3}};
  EXPECT_EQ(anonymous(a), want);
  EXPECT_EQ(anonymous(b), want);
}

}  // namespace faultline::reflect_test
