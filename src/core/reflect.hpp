// Fields declared once. A state, node or message struct lists its members in one macro,
//   struct Acceptor { uint8_t promised = 0; std::optional<Vote> accepted;
//                     FAULTLINE_FIELDS(Acceptor, promised, accepted) };
// and everything that must agree with that list follows from it: the canonical encoding
// (encode), its inverse (decode, bounds-checked in every build: a mismatch is a DecodeError,
// never undefined behaviour), the text traces show (format), equality and ordering. A field
// cannot be in one of them and missing from another.
//
// Supported field types: integers (unsigned 8-bit as one byte, wider ones as LEB128 varints,
// signed ones zigzagged), bool, enums (named with FAULTLINE_ENUM, or printed as numbers),
// std::string, std::optional, std::vector, InlineVector (as a vector), std::array, std::set,
// std::map, std::pair, std::tuple, std::variant (a message sum type), std::monostate, nested
// FAULTLINE_FIELDS structs, and any type with ADL functions faultline_encode / faultline_decode
// / faultline_format (dist::NodeSet, dist::NodeRef and dist::Time have them). Decode also checks
// canonical form where one exists (sets and maps strictly increasing, bools 0 or 1, enum and
// variant indices in range).
#pragma once
#include <algorithm>
#include <array>
#include <compare>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/encoding.hpp"
#include "core/inline_vector.hpp"

// ---- the macros -------------------------------------------------------------------------

#define FAULTLINE_PP_PARENS ()
#define FAULTLINE_PP_EXPAND(...) \
  FAULTLINE_PP_EXPAND3(FAULTLINE_PP_EXPAND3(FAULTLINE_PP_EXPAND3(FAULTLINE_PP_EXPAND3(__VA_ARGS__))))
#define FAULTLINE_PP_EXPAND3(...) \
  FAULTLINE_PP_EXPAND2(FAULTLINE_PP_EXPAND2(FAULTLINE_PP_EXPAND2(FAULTLINE_PP_EXPAND2(__VA_ARGS__))))
#define FAULTLINE_PP_EXPAND2(...) \
  FAULTLINE_PP_EXPAND1(FAULTLINE_PP_EXPAND1(FAULTLINE_PP_EXPAND1(FAULTLINE_PP_EXPAND1(__VA_ARGS__))))
#define FAULTLINE_PP_EXPAND1(...) __VA_ARGS__
// FAULTLINE_PP_FOR_EACH(m, a, b, c) -> m(a) m(b) m(c); up to 64 arguments.
#define FAULTLINE_PP_FOR_EACH(macro, ...) \
  __VA_OPT__(FAULTLINE_PP_EXPAND(FAULTLINE_PP_FOR_EACH_HELPER(macro, __VA_ARGS__)))
#define FAULTLINE_PP_FOR_EACH_HELPER(macro, a1, ...) \
  macro(a1) __VA_OPT__(FAULTLINE_PP_FOR_EACH_AGAIN FAULTLINE_PP_PARENS(macro, __VA_ARGS__))
#define FAULTLINE_PP_FOR_EACH_AGAIN() FAULTLINE_PP_FOR_EACH_HELPER

#define FAULTLINE_PP_VISIT_FIELD(member) visit(#member, self.member);
#define FAULTLINE_PP_KEEP_FIELD(member) fresh.member = old.member;
#define FAULTLINE_PP_STRINGIFY(name) #name,

// Inside a struct: its name, then every member that is part of the state, in encoding order.
// Defines the field visitor, ==, and <=> (member by member, in the listed order).
#define FAULTLINE_FIELDS(Type, ...)                                                      \
  static constexpr std::string_view faultline_type_name = #Type;                         \
  template <class Self, class Visit>                                                     \
  static void faultline_visit(Self& self, Visit&& visit) {                               \
    (void)self;                                                                          \
    (void)visit;                                                                         \
    FAULTLINE_PP_FOR_EACH(FAULTLINE_PP_VISIT_FIELD, __VA_ARGS__)                         \
  }                                                                                      \
  auto faultline_tie() const { return std::tie(__VA_ARGS__); }                           \
  friend bool operator==(const Type& a, const Type& b) {                                 \
    return a.faultline_tie() == b.faultline_tie();                                       \
  }                                                                                      \
  friend auto operator<=>(const Type& a, const Type& b) {                                \
    return a.faultline_tie() <=> b.faultline_tie();                                      \
  }

// Inside a node struct of the actor layer (src/dist/actor_model.hpp), after FAULTLINE_FIELDS:
// the members that survive a crash (written to stable storage before the node acts). Every
// other member is volatile and goes back to its initial value when the node crashes.
#define FAULTLINE_DURABLE(Type, ...)                                          \
  static void faultline_keep_durable(Type& fresh, const Type& old) {          \
    (void)fresh;                                                              \
    (void)old;                                                                \
    FAULTLINE_PP_FOR_EACH(FAULTLINE_PP_KEEP_FIELD, __VA_ARGS__)               \
  }

// At namespace scope: structs with no fields, such as messages that carry nothing but their
// kind.   FAULTLINE_SIGNALS(Prepared, Commit, Abort)
#define FAULTLINE_SIGNALS(...) FAULTLINE_PP_FOR_EACH(FAULTLINE_PP_SIGNAL, __VA_ARGS__)
#define FAULTLINE_PP_SIGNAL(Type)                                                 \
  struct Type {                                                                   \
    static constexpr std::string_view faultline_type_name = #Type;                \
    template <class Self, class Visit>                                            \
    static void faultline_visit(Self&, Visit&&) {}                                \
    auto faultline_tie() const { return std::tie(); }                             \
    friend bool operator==(const Type&, const Type&) { return true; }             \
    friend auto operator<=>(const Type&, const Type&) {                           \
      return std::strong_ordering::equal;                                         \
    }                                                                             \
  };

// At namespace scope: an enum whose values print by name in traces and decode range-checked.
//   FAULTLINE_ENUM(Phase, idle, preparing, accepting)
#define FAULTLINE_ENUM(Name, ...)                                                       \
  enum class Name : uint8_t { __VA_ARGS__ };                                            \
  [[maybe_unused]] inline constexpr auto faultline_enum_names(Name) {                   \
    return std::to_array<std::string_view>({FAULTLINE_PP_FOR_EACH(FAULTLINE_PP_STRINGIFY, \
                                                                  __VA_ARGS__)});       \
  }

namespace faultline {

// What formatting may need beyond the value: the nodes' names, so that a NodeSet prints as
// "{a1,a2}" rather than as ids.
struct FormatContext {
  const std::vector<std::string>* node_names = nullptr;
};

namespace reflect {

template <class T>
concept Struct = requires { T::faultline_type_name; };

template <class T>
concept NamedEnum = std::is_enum_v<T> && requires(T v) { faultline_enum_names(v); };

template <class T>
concept CustomCodec = requires(ByteSink& sink, ByteSource& src, const T& v, T& out) {
  faultline_encode(sink, v);
  faultline_decode(src, out);
};

template <class T>
concept CustomFormat = requires(std::string& out, const T& v, const FormatContext& c) {
  faultline_format(out, v, c);
};

template <class T>
concept HasDurable = requires(T& a, const T& b) { T::faultline_keep_durable(a, b); };

template <class T, template <class...> class Tmpl>
inline constexpr bool is_instance = false;
template <template <class...> class Tmpl, class... A>
inline constexpr bool is_instance<Tmpl<A...>, Tmpl> = true;

template <class T>
inline constexpr bool is_std_array = false;
template <class T, size_t N>
inline constexpr bool is_std_array<std::array<T, N>> = true;

template <class T>
inline constexpr bool is_inline_vector = false;
template <class T, size_t N>
inline constexpr bool is_inline_vector<InlineVector<T, N>> = true;

// A sequence encoded as its size, then its elements.
template <class T>
inline constexpr bool is_vector = is_instance<T, std::vector> || is_inline_vector<T>;

template <class T>
inline constexpr bool dependent_false = false;

// Calls f on the alternative v holds, as a chain of index tests that the compiler inlines
// (std::visit dispatches through a table of function pointers: an indirect call per field
// encoded or per message compared, which showed in paxos's profile).
template <class V, class F>
[[gnu::always_inline]] inline void visit_alternative(V& v, F&& f) {
  using Plain = std::remove_cv_t<V>;
  [&]<size_t... I>(std::index_sequence<I...>) {
    (void)((v.index() == I ? (f(*std::get_if<I>(&v)), true) : false) || ...);
  }(std::make_index_sequence<std::variant_size_v<Plain>>());
}

// Calls f on the alternatives a and b hold; they must hold the same one.
template <class V, class F>
[[gnu::always_inline]] inline void visit_same(const V& a, const V& b, F&& f) {
  [&]<size_t... I>(std::index_sequence<I...>) {
    (void)((a.index() == I ? (f(*std::get_if<I>(&a), *std::get_if<I>(&b)), true) : false) || ...);
  }(std::make_index_sequence<std::variant_size_v<V>>());
}

// A decode that does not match its encode.
[[noreturn]] inline void decode_fail(const char* what) { throw DecodeError(what); }

// ---- bounded encode --------------------------------------------------------------------
// A struct, message or optional whose every field has a bounded encoding (no strings or
// containers) is encoded through a local cursor into space reserved once for its largest
// encoding (ByteSink::reserve): one capacity check per struct instead of one per byte, and no
// reload of the sink's pointer after every byte. The bytes are the same as encode's.

inline constexpr size_t kUnbounded = static_cast<size_t>(-1);

// A type with ADL hooks faultline_max_encoded_size(const T*) and faultline_encode_raw(char*&,
// const T&) (dist::NodeSet, NodeRef and Time have them).
template <class T>
concept RawCodec = requires(char*& p, const T& v) {
  { faultline_max_encoded_size(static_cast<const T*>(nullptr)) } -> std::convertible_to<size_t>;
  faultline_encode_raw(p, v);
};

constexpr size_t varint_max(size_t bits) { return (bits + 6) / 7; }

constexpr size_t add_bounded(size_t a, size_t b) {
  return a == kUnbounded || b == kUnbounded ? kUnbounded : a + b;
}

// The largest encoding of a T, or kUnbounded.
template <class T>
constexpr size_t max_encoded_size() {
  if constexpr (RawCodec<T>) {
    return faultline_max_encoded_size(static_cast<const T*>(nullptr));
  } else if constexpr (CustomCodec<T>) {
    return kUnbounded;
  } else if constexpr (std::is_same_v<T, bool>) {
    return 1;
  } else if constexpr (std::is_enum_v<T>) {
    return max_encoded_size<std::underlying_type_t<T>>();
  } else if constexpr (std::is_integral_v<T>) {
    return sizeof(T) == 1 && std::is_unsigned_v<T> ? 1 : varint_max(8 * sizeof(T));
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return 0;
  } else if constexpr (Struct<T>) {
    using Tie = decltype(std::declval<const T&>().faultline_tie());
    return []<size_t... I>(std::index_sequence<I...>) {
      size_t n = 0;
      ((n = add_bounded(n, max_encoded_size<std::remove_cvref_t<std::tuple_element_t<I, Tie>>>())),
       ...);
      return n;
    }(std::make_index_sequence<std::tuple_size_v<Tie>>());
  } else if constexpr (is_instance<T, std::optional>) {
    return add_bounded(1, max_encoded_size<typename T::value_type>());
  } else if constexpr (is_std_array<T>) {
    constexpr size_t e = max_encoded_size<typename T::value_type>();
    return e == kUnbounded ? kUnbounded : e * std::tuple_size_v<T>;
  } else if constexpr (is_inline_vector<T>) {
    constexpr size_t e = max_encoded_size<typename T::value_type>();
    return e == kUnbounded ? kUnbounded : varint_max(8) + e * T::capacity();
  } else if constexpr (is_instance<T, std::pair> || is_instance<T, std::tuple> ||
                       is_instance<T, std::variant>) {
    return []<template <class...> class C, class... A>(std::type_identity<C<A...>>) {
      size_t n = 0;
      if constexpr (is_instance<T, std::variant>) {
        n = varint_max(64);
        size_t widest = 0;
        ((widest = max_encoded_size<A>() == kUnbounded || widest == kUnbounded
                       ? kUnbounded
                       : std::max(widest, max_encoded_size<A>())),
         ...);
        return add_bounded(n, widest);
      } else {
        ((n = add_bounded(n, max_encoded_size<A>())), ...);
        return n;
      }
    }(std::type_identity<T>{});
  } else {
    return kUnbounded;
  }
}

[[gnu::always_inline]] inline void raw_varint(char*& p, uint64_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<char>(v);
}

// Writes v's encoding at p (which has room for max_encoded_size<T>() bytes) and advances p.
template <class T>
[[gnu::always_inline]] inline void encode_raw(char*& p, const T& v) {
  if constexpr (RawCodec<T>) {
    faultline_encode_raw(p, v);
  } else if constexpr (std::is_same_v<T, bool>) {
    *p++ = v ? 1 : 0;
  } else if constexpr (std::is_enum_v<T>) {
    encode_raw(p, static_cast<std::underlying_type_t<T>>(v));
  } else if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T>) {
    if constexpr (sizeof(T) == 1)
      *p++ = static_cast<char>(v);
    else
      raw_varint(p, v);
  } else if constexpr (std::is_integral_v<T>) {  // signed: zigzag
    const auto u = static_cast<uint64_t>(static_cast<int64_t>(v));
    raw_varint(p, (u << 1) ^ static_cast<uint64_t>(static_cast<int64_t>(v) >> 63));
  } else if constexpr (std::is_same_v<T, std::monostate>) {
  } else if constexpr (Struct<T>) {
    T::faultline_visit(v, [&](const char*, const auto& field) { encode_raw(p, field); });
  } else if constexpr (is_instance<T, std::optional>) {
    *p++ = v.has_value() ? 1 : 0;
    if (v) encode_raw(p, *v);
  } else if constexpr (is_std_array<T>) {
    for (const auto& e : v) encode_raw(p, e);
  } else if constexpr (is_inline_vector<T>) {
    raw_varint(p, v.size());
    for (const auto& e : v) encode_raw(p, e);
  } else if constexpr (is_instance<T, std::pair> || is_instance<T, std::tuple>) {
    std::apply([&](const auto&... e) { (encode_raw(p, e), ...); }, v);
  } else if constexpr (is_instance<T, std::variant>) {
    raw_varint(p, v.index());
    visit_alternative(v, [&](const auto& alt) { encode_raw(p, alt); });
  } else {
    static_assert(dependent_false<T>, "faultline: encode_raw of an unbounded type");
  }
}

// ---- encode ---------------------------------------------------------------------------

// encode and decode are forced inline: a state's encoding is one straight run of byte writes
// (a call per field cost paxos a quarter of its speed).
template <class T>
[[gnu::always_inline]] inline void encode(ByteSink& out, const T& v);

template <class T>
void encode_each(ByteSink& out, const T& range) {
  out.varint(range.size());
  for (const auto& e : range) encode(out, e);
}

template <class T>
[[gnu::always_inline]] inline void encode(ByteSink& out, const T& v) {
  if constexpr ((Struct<T> || is_instance<T, std::optional> || is_instance<T, std::variant> ||
                 is_inline_vector<T>) &&
                max_encoded_size<T>() != kUnbounded) {
    char* p = out.reserve(max_encoded_size<T>());
    encode_raw(p, v);
    out.commit(p);
  } else if constexpr (CustomCodec<T>) {
    faultline_encode(out, v);
  } else if constexpr (std::is_same_v<T, bool>) {
    out.boolean(v);
  } else if constexpr (std::is_enum_v<T>) {
    encode(out, static_cast<std::underlying_type_t<T>>(v));
  } else if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T>) {
    if constexpr (sizeof(T) == 1)
      out.u8(v);
    else
      out.varint(v);
  } else if constexpr (std::is_integral_v<T>) {  // signed: zigzag
    const auto u = static_cast<uint64_t>(static_cast<int64_t>(v));
    out.varint((u << 1) ^ static_cast<uint64_t>(static_cast<int64_t>(v) >> 63));
  } else if constexpr (std::is_same_v<T, std::string>) {
    out.varint(v.size());
    out.raw(v.data(), v.size());
  } else if constexpr (std::is_same_v<T, std::monostate>) {
  } else if constexpr (Struct<T>) {
    T::faultline_visit(v, [&](const char*, const auto& field) { encode(out, field); });
  } else if constexpr (is_instance<T, std::optional>) {
    out.boolean(v.has_value());
    if (v) encode(out, *v);
  } else if constexpr (is_vector<T> || is_instance<T, std::set> || is_instance<T, std::map>) {
    encode_each(out, v);
  } else if constexpr (is_std_array<T>) {
    for (const auto& e : v) encode(out, e);
  } else if constexpr (is_instance<T, std::pair> || is_instance<T, std::tuple>) {
    std::apply([&](const auto&... e) { (encode(out, e), ...); }, v);
  } else if constexpr (is_instance<T, std::variant>) {
    out.varint(v.index());
    visit_alternative(v, [&](const auto& alt) { encode(out, alt); });
  } else {
    static_assert(dependent_false<T>, "faultline: no encoding for this field type");
  }
}

// ---- decode ---------------------------------------------------------------------------

template <class T>
[[gnu::always_inline]] inline void decode(ByteSource& in, T& v);

template <class T>
T decoded(ByteSource& in) {
  T v{};
  decode(in, v);
  return v;
}

// An element count, at most the bytes left plus a margin (elements of an empty struct take no
// bytes, so the count cannot be held to the bytes exactly; the cap still bounds what a corrupt
// count can make decode allocate).
inline size_t decode_count(ByteSource& in) {
  const uint64_t n = in.varint();
  if (n > in.remaining() + 4096) decode_fail("a container's size is larger than its bytes");
  return static_cast<size_t>(n);
}

template <class Variant, size_t I = 0>
void decode_alternative(ByteSource& in, Variant& v, size_t index) {
  if constexpr (I < std::variant_size_v<Variant>) {
    if (index == I) {
      decode(in, v.template emplace<I>());
      return;
    }
    decode_alternative<Variant, I + 1>(in, v, index);
  } else {
    decode_fail("a variant's index is out of range");
  }
}

template <class T>
[[gnu::always_inline]] inline void decode(ByteSource& in, T& v) {
  if constexpr (CustomCodec<T>) {
    faultline_decode(in, v);
  } else if constexpr (std::is_same_v<T, bool>) {
    const uint8_t b = in.u8();
    if (b > 1) decode_fail("a bool is neither 0 nor 1");
    v = b != 0;
  } else if constexpr (std::is_enum_v<T>) {
    const auto raw = decoded<std::underlying_type_t<T>>(in);
    if constexpr (NamedEnum<T>) {
      if (static_cast<uint64_t>(raw) >= faultline_enum_names(T{}).size())
        decode_fail("an enum's value is out of range");
    }
    v = static_cast<T>(raw);
  } else if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T>) {
    if constexpr (sizeof(T) == 1) {
      v = in.u8();
    } else {
      const uint64_t x = in.varint();
      if (x > std::numeric_limits<T>::max()) decode_fail("an integer is out of its type's range");
      v = static_cast<T>(x);
    }
  } else if constexpr (std::is_integral_v<T>) {
    const uint64_t z = in.varint();
    const auto x = static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
    if (x < std::numeric_limits<T>::min() || x > std::numeric_limits<T>::max())
      decode_fail("an integer is out of its type's range");
    v = static_cast<T>(x);
  } else if constexpr (std::is_same_v<T, std::string>) {
    const size_t n = decode_count(in);
    v.resize(n);
    in.raw(v.data(), n);
  } else if constexpr (std::is_same_v<T, std::monostate>) {
  } else if constexpr (Struct<T>) {
    T::faultline_visit(v, [&](const char*, auto& field) { decode(in, field); });
  } else if constexpr (is_instance<T, std::optional>) {
    bool present = false;
    decode(in, present);
    if (present)
      decode(in, v.emplace());
    else
      v.reset();
  } else if constexpr (is_instance<T, std::vector>) {
    const size_t n = decode_count(in);
    v.clear();
    for (size_t i = 0; i < n; ++i) decode(in, v.emplace_back());
  } else if constexpr (is_inline_vector<T>) {
    const size_t n = decode_count(in);
    if (n > T::capacity()) decode_fail("an inline vector's size is above its capacity");
    v.resize(n);
    for (auto& e : v) decode(in, e);
  } else if constexpr (is_instance<T, std::set>) {
    const size_t n = decode_count(in);
    v.clear();
    for (size_t i = 0; i < n; ++i) {
      auto e = decoded<typename T::value_type>(in);
      if (!v.empty() && !(*v.rbegin() < e)) decode_fail("a set's elements are not increasing");
      v.insert(v.end(), std::move(e));
    }
  } else if constexpr (is_instance<T, std::map>) {
    const size_t n = decode_count(in);
    v.clear();
    for (size_t i = 0; i < n; ++i) {
      auto key = decoded<typename T::key_type>(in);
      if (!v.empty() && !(v.rbegin()->first < key)) decode_fail("a map's keys are not increasing");
      decode(in, v[std::move(key)]);
    }
  } else if constexpr (is_std_array<T>) {
    for (auto& e : v) decode(in, e);
  } else if constexpr (is_instance<T, std::pair> || is_instance<T, std::tuple>) {
    std::apply([&](auto&... e) { (decode(in, e), ...); }, v);
  } else if constexpr (is_instance<T, std::variant>) {
    decode_alternative(in, v, static_cast<size_t>(in.varint()));
  } else {
    static_assert(dependent_false<T>, "faultline: no decoding for this field type");
  }
}

// ---- format ---------------------------------------------------------------------------
// Values print as a reader expects: numbers, enum names, "none" for an empty optional,
// [a, b] for vectors and arrays, {a, b} for sets, {k: v} for maps, (a, b) for pairs and tuples,
// a struct as {field=value, ...}, and a struct that is a variant's alternative (a message) as
// Name(field=value,...) or just Name when it has no fields.

template <class T>
void format(std::string& out, const T& v, const FormatContext& ctx = {});

template <class T>
std::string formatted(const T& v, const FormatContext& ctx = {}) {
  std::string out;
  format(out, v, ctx);
  return out;
}

// The fields of a struct as "a=1<sep>b=2".
template <Struct T>
void format_fields(std::string& out, const T& v, const FormatContext& ctx, std::string_view sep) {
  bool first = true;
  T::faultline_visit(v, [&](const char* name, const auto& field) {
    if (!first) out += sep;
    first = false;
    out += name;
    out += '=';
    format(out, field, ctx);
  });
}

// A struct as a message label: "Prepare(b=2,v=1)", or "Prepare" without fields (a type with
// its own faultline_format prints that instead).
template <class T>
void format_named(std::string& out, const T& v, const FormatContext& ctx) {
  if constexpr (Struct<T> && !CustomFormat<T>) {
    out += T::faultline_type_name;
    const size_t open = out.size();
    out += '(';
    format_fields(out, v, ctx, ",");
    if (out.size() == open + 1)
      out.pop_back();
    else
      out += ')';
  } else {
    format(out, v, ctx);
  }
}

template <class Range>
void format_range(std::string& out, const Range& r, const FormatContext& ctx, char open,
                  char close) {
  out += open;
  bool first = true;
  for (const auto& e : r) {
    if (!first) out += ", ";
    first = false;
    format(out, e, ctx);
  }
  out += close;
}

template <class T>
void format(std::string& out, const T& v, const FormatContext& ctx) {
  if constexpr (CustomFormat<T>) {
    faultline_format(out, v, ctx);
  } else if constexpr (std::is_same_v<T, bool>) {
    out += v ? "true" : "false";
  } else if constexpr (NamedEnum<T>) {
    const auto names = faultline_enum_names(v);
    const auto i = static_cast<size_t>(v);
    if (i < names.size())
      out += names[i];
    else
      out += std::to_string(i);
  } else if constexpr (std::is_enum_v<T>) {
    out += std::to_string(static_cast<std::underlying_type_t<T>>(v));
  } else if constexpr (std::is_integral_v<T>) {
    out += std::to_string(v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    out += '"';
    out += v;
    out += '"';
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    out += "-";
  } else if constexpr (Struct<T>) {
    out += '{';
    format_fields(out, v, ctx, ", ");
    out += '}';
  } else if constexpr (is_instance<T, std::optional>) {
    if (v)
      format(out, *v, ctx);
    else
      out += "none";
  } else if constexpr (is_vector<T> || is_std_array<T>) {
    format_range(out, v, ctx, '[', ']');
  } else if constexpr (is_instance<T, std::set>) {
    format_range(out, v, ctx, '{', '}');
  } else if constexpr (is_instance<T, std::map>) {
    out += '{';
    bool first = true;
    for (const auto& [k, e] : v) {
      if (!first) out += ", ";
      first = false;
      format(out, k, ctx);
      out += ": ";
      format(out, e, ctx);
    }
    out += '}';
  } else if constexpr (is_instance<T, std::pair> || is_instance<T, std::tuple>) {
    out += '(';
    bool first = true;
    std::apply(
        [&](const auto&... e) {
          ((out += first ? "" : ", ", first = false, format(out, e, ctx)), ...);
        },
        v);
    out += ')';
  } else if constexpr (is_instance<T, std::variant>) {
    visit_alternative(v, [&](const auto& alt) { format_named(out, alt, ctx); });
  } else {
    static_assert(dependent_false<T>, "faultline: no format for this field type");
  }
}

// The name of v's kind: a variant's alternative name ("Prepare"), else the struct's name.
template <class T>
std::string_view kind_name(const T& v) {
  if constexpr (is_instance<T, std::variant>) {
    return std::visit([](const auto& alt) { return kind_name(alt); }, v);
  } else if constexpr (Struct<T>) {
    return T::faultline_type_name;
  } else {
    return "message";
  }
}

// The names of every kind of T, in index order (one for a non-variant).
template <class T>
std::vector<std::string> kind_names() {
  if constexpr (is_instance<T, std::variant>) {
    return []<size_t... I>(std::index_sequence<I...>) {
      return std::vector<std::string>{
          std::string(kind_name(std::variant_alternative_t<I, T>{}))...};
    }(std::make_index_sequence<std::variant_size_v<T>>());
  } else {
    return {std::string(kind_name(T{}))};
  }
}

template <class T>
size_t kind_index(const T& v) {
  if constexpr (is_instance<T, std::variant>)
    return v.index();
  else
    return 0;
}

// fresh with the durable members of old (FAULTLINE_DURABLE); for a variant, only when both
// hold the same alternative. Types without a durable list keep nothing.
template <class T>
void keep_durable(T& fresh, const T& old) {
  if constexpr (HasDurable<T>) {
    T::faultline_keep_durable(fresh, old);
  } else if constexpr (is_instance<T, std::variant>) {
    [&]<size_t... I>(std::index_sequence<I...>) {
      ((fresh.index() == I && old.index() == I
            ? keep_durable(std::get<I>(fresh), std::get<I>(old))
            : void()),
       ...);
    }(std::make_index_sequence<std::variant_size_v<T>>());
  }
}

// ---- leaves of one type ------------------------------------------------------------------
// for_each_of<Leaf>(v, f) calls f(leaf, field) on every value of type Leaf inside v, however
// deeply nested (struct fields, optionals, containers, pairs, tuples, variant alternatives),
// where `field` is the name of the innermost struct member holding it ("" when none). v may be
// const (f reads) or not (f may change the leaf; a set or map is rebuilt, its order restored).
// The actor layer uses it to rename node references under symmetry and to shift timestamps.

// Whether a T holds any Leaf (decided from the types alone, so walks over types that cannot
// hold one compile to nothing).
template <class Leaf, class T>
constexpr bool holds() {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, Leaf>) {
    return true;
  } else if constexpr (Struct<U>) {
    using Tie = decltype(std::declval<const U&>().faultline_tie());
    return []<size_t... I>(std::index_sequence<I...>) {
      return (holds<Leaf, std::tuple_element_t<I, Tie>>() || ...);
    }(std::make_index_sequence<std::tuple_size_v<Tie>>());
  } else if constexpr (is_instance<U, std::optional> || is_vector<U> ||
                       is_instance<U, std::set> || is_std_array<U>) {
    return holds<Leaf, typename U::value_type>();
  } else if constexpr (is_instance<U, std::map>) {
    return holds<Leaf, typename U::key_type>() || holds<Leaf, typename U::mapped_type>();
  } else if constexpr (is_instance<U, std::pair> || is_instance<U, std::tuple> ||
                       is_instance<U, std::variant>) {
    return []<template <class...> class C, class... A>(std::type_identity<C<A...>>) {
      return (holds<Leaf, A>() || ...);
    }(std::type_identity<U>{});
  } else {
    return false;
  }
}

template <class Leaf, class T, class F>
void for_each_of(T& v, F&& f, const char* field = "") {
  using U = std::remove_const_t<T>;
  if constexpr (!holds<Leaf, U>()) {
    return;
  } else if constexpr (std::is_same_v<U, Leaf>) {
    f(v, field);
  } else if constexpr (Struct<U>) {
    U::faultline_visit(v, [&](const char* name, auto& m) { for_each_of<Leaf>(m, f, name); });
  } else if constexpr (is_instance<U, std::optional>) {
    if (v) for_each_of<Leaf>(*v, f, field);
  } else if constexpr (is_vector<U> || is_std_array<U>) {
    for (auto& e : v) for_each_of<Leaf>(e, f, field);
  } else if constexpr (is_instance<U, std::set> || is_instance<U, std::map>) {
    if constexpr (std::is_const_v<T>) {
      for (const auto& e : v) for_each_of<Leaf>(e, f, field);
    } else if constexpr (is_instance<U, std::map>) {  // keys are const in the map: rebuild
      std::vector<std::pair<typename U::key_type, typename U::mapped_type>> items(v.begin(),
                                                                                  v.end());
      for (auto& item : items) for_each_of<Leaf>(item, f, field);
      // Where the change makes keys collide (node references made anonymous), the entry kept
      // is the smallest, whatever order the keys had: a permutation of them changes nothing.
      std::sort(items.begin(), items.end());
      v = U(items.begin(), items.end());
    } else {  // a set: the same
      std::vector<typename U::value_type> items(v.begin(), v.end());
      for (auto& item : items) for_each_of<Leaf>(item, f, field);
      v = U(items.begin(), items.end());
    }
  } else if constexpr (is_instance<U, std::pair> || is_instance<U, std::tuple>) {
    std::apply([&](auto&... e) { (for_each_of<Leaf>(e, f, field), ...); }, v);
  } else if constexpr (is_instance<U, std::variant>) {
    visit_alternative(v, [&](auto& alt) { for_each_of<Leaf>(alt, f, field); });
  }
}

}  // namespace reflect
}  // namespace faultline
