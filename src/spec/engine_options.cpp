// The engine option table (engine_options.hpp): keys, flags, ranges, help and conversion.
#include "spec/engine_options.hpp"

#include <charconv>
#include <cmath>

#include "core/params.hpp"

namespace faultline {
namespace {

constexpr uint64_t kMaxDepth = 4294967295ULL;
constexpr uint64_t kMaxMemoryMiB = 16ULL * 1024 * 1024;  // 16 TiB
constexpr uint64_t kMaxWorkers = 1024;
constexpr unsigned kAll = kCheckCommand | kSimulateCommand | kGraphCommand;

constexpr uint64_t kMaxCheckpointMinutes = 7 * 24 * 60;

std::string number_text(uint64_t v) { return v == kMaxCount ? "2^62" : std::to_string(v); }

std::vector<EngineOption> make_table() {
  using T = OptionType;
  std::vector<EngineOption> t;
  t.push_back({"engine.workers", "workers", kCheckCommand | kSimulateCommand, "N", T::Count, 0,
               kMaxWorkers, {}, "(0 = all cores)",
               "worker threads, 0 = all cores; the results do not depend on it",
               [](CheckOptions& o, const OptionValue& v) {
                 o.workers = static_cast<unsigned>(v.number);
               }});
  t.push_back({"engine.store", "store", kCheckCommand, "S", T::Choice, 0, 0,
               {"fingerprint", "exact"}, "", "fingerprint or exact",
               [](CheckOptions& o, const OptionValue& v) {
                 o.store = v.text == "exact" ? StoreMode::Exact : StoreMode::Fingerprint;
               }});
  t.push_back({"engine.fingerprint_bits", "fingerprint-bits", kCheckCommand, "B", T::Choice, 0,
               0, {"64", "128"}, "",
               "64 (default) or 128: width of the fingerprint store's fingerprints",
               [](CheckOptions& o, const OptionValue& v) {
                 o.fingerprint_bits = v.text == "128" ? 128 : 64;
               }});
  t.push_back({"engine.symmetry", "symmetry", kCheckCommand, "on|off", T::Choice, 0, 0,
               {"on", "off"}, "",
               "on: store one state per symmetry class: interchangeable nodes, counters such as "
               "time shifted",
               [](CheckOptions& o, const OptionValue& v) { o.symmetry = v.text == "on"; }});
  t.push_back({"engine.sweep", "sweep", kCheckCommand, "on|off", T::Choice, 0, 0, {"on", "off"},
               "",
               "on: forget each explored BFS level (sweep-line), for models with a graded "
               "progress measure such as paxos-abstract's message count",
               [](CheckOptions& o, const OptionValue& v) { o.sweep = v.text == "on"; }});
  t.push_back({"engine.strategy", "strategy", kCheckCommand, "S", T::Choice, 0, 0,
               {"bfs", "dfs"}, "",
               "bfs (parallel, shortest traces) or dfs (one worker, memory ~ depth)",
               [](CheckOptions& o, const OptionValue& v) {
                 o.strategy = v.text == "dfs" ? SearchStrategy::Dfs : SearchStrategy::Bfs;
               }});
  t.push_back({"engine.bitstate", "bitstate", kCheckCommand, "2^N", T::Pow2, kBitstateMinLog2,
               kBitstateMaxLog2, {}, "(e.g. 2^30 bits = 128 MiB)",
               "bitstate hashing with a 2^N-bit array, e.g. 2^30 = 128 MiB",
               [](CheckOptions& o, const OptionValue& v) {
                 o.bitstate_log2_bits = static_cast<unsigned>(v.number);
               }});
  t.push_back({"engine.frontier_memory", "frontier-memory", kCheckCommand, "MiB", T::MiB, 1,
               kMaxMemoryMiB, {}, "",
               "hold at most this many MiB of BFS frontier in memory, spilling the rest to disk "
               "(default: what --memory-limit leaves)",
               [](CheckOptions& o, const OptionValue& v) { o.frontier_memory_bytes = v.number; }});
  t.push_back({"engine.check_deadlock", "deadlock", kCheckCommand | kSimulateCommand, "",
               T::Bool, 0, 0, {}, "", "report states without successors",
               [](CheckOptions& o, const OptionValue& v) { o.check_deadlock = v.on; }});
  t.push_back({"engine.goal", "", 0, "", T::Name, 0, 0, {}, "a goal name", "",
               [](CheckOptions& o, const OptionValue& v) { o.witness_goal = v.text; }});
  t.push_back({"engine.checkpoint", "checkpoint", kCheckCommand, "DIR", T::Name, 0, 0, {},
               "a folder", "write a checkpoint to DIR at a BFS level boundary every "
               "engine.checkpoint_every minutes, and when Ctrl-C or SIGTERM stops the run (after "
               "the level in progress; exit 4); go on with --resume DIR",
               [](CheckOptions& o, const OptionValue& v) { o.checkpoint_dir = v.text; }});
  t.push_back({"engine.checkpoint_every", "checkpoint-every", kCheckCommand, "MIN", T::Count, 0,
               kMaxCheckpointMinutes, {}, "(0 = at every level)",
               "minutes between checkpoints (default 30; 0 = at every level)",
               [](CheckOptions& o, const OptionValue& v) {
                 o.checkpoint_every_s = 60.0 * static_cast<double>(v.number);
               }});
  t.push_back({"engine.resume", "resume", kCheckCommand, "DIR", T::Name, 0, 0, {},
               "a folder holding a checkpoint",
               "go on from the checkpoint in DIR, written by --checkpoint for the same spec, "
               "settings and faultline version",
               [](CheckOptions& o, const OptionValue& v) { o.resume_dir = v.text; }});
  t.push_back({"bounds.max_depth", "max-depth", kCheckCommand | kGraphCommand, "D", T::Count, 1,
               kMaxDepth, {}, "(leave the key out for no depth bound)",
               "explore (or draw) states up to this depth",
               [](CheckOptions& o, const OptionValue& v) {
                 o.max_depth = static_cast<uint32_t>(v.number);
               }});
  t.push_back({"limits.max_states", "max-states", kCheckCommand, "N", T::Count, 1, kMaxCount, {},
               "", "stop after this many states",
               [](CheckOptions& o, const OptionValue& v) { o.max_states = v.number; }});
  t.push_back({"limits.time_limit", "time-limit", kAll, "S", T::Seconds, 0, 0, {}, "",
               "stop after this many seconds, with the statistics so far",
               [](CheckOptions& o, const OptionValue& v) { o.time_limit_s = v.seconds; }});
  t.push_back({"limits.memory_limit", "memory-limit", kAll, "MiB", T::MiB, 1, kMaxMemoryMiB, {},
               "",
               "keep memory under this many MiB: the BFS frontier spills to disk ($TMPDIR) to "
               "stay under it; stop if the rest alone outgrows it",
               [](CheckOptions& o, const OptionValue& v) { o.memory_limit_bytes = v.number; }});
  return t;
}

}  // namespace

const std::vector<EngineOption>& engine_options() {
  static const std::vector<EngineOption> table = make_table();
  return table;
}

std::vector<std::string> engine_option_keys(const std::string& section) {
  std::vector<std::string> keys;
  for (const auto& o : engine_options())
    if (o.key.compare(0, section.size() + 1, section + ".") == 0)
      keys.push_back(o.key.substr(section.size() + 1));
  return keys;
}

std::string accepted_text(const EngineOption& o) {
  std::string text;
  switch (o.type) {
    case OptionType::Count:
      text = "an integer in " + number_text(o.min) + ".." + number_text(o.max);
      break;
    case OptionType::MiB:
      text = "a size in MiB in " + number_text(o.min) + ".." + number_text(o.max);
      break;
    case OptionType::Seconds:
      text = "a number of seconds > 0 (e.g. 60 or 2.5)";
      break;
    case OptionType::Choice:
      for (const auto& c : o.choices) text += (text.empty() ? "one of: " : ", ") + c;
      break;
    case OptionType::Bool:
      text = kBoolAccepted;
      break;
    case OptionType::Pow2:
      text = "a bit-array size 2^N with N in " + number_text(o.min) + ".." + number_text(o.max);
      break;
    case OptionType::Name:
      break;
  }
  return o.note.empty() ? text : text.empty() ? o.note : text + " " + o.note;
}

std::optional<uint64_t> parse_unsigned(const std::string& text) {
  if (text.empty() || text[0] == '+' || text[0] == '-') return std::nullopt;
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<OptionValue> parse_option_value(const EngineOption& o, const std::string& text) {
  OptionValue v;
  switch (o.type) {
    case OptionType::Count:
    case OptionType::MiB:
    case OptionType::Pow2: {
      const bool pow2 = o.type == OptionType::Pow2;
      if (pow2 && text.rfind("2^", 0) != 0) return std::nullopt;
      auto n = parse_unsigned(pow2 ? text.substr(2) : text);
      if (!n || *n < o.min || *n > o.max) return std::nullopt;
      v.number = o.type == OptionType::MiB ? *n * 1024 * 1024 : *n;
      return v;
    }
    case OptionType::Seconds: {
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v.seconds);
      if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() ||
          !std::isfinite(v.seconds) || v.seconds <= 0)
        return std::nullopt;
      return v;
    }
    case OptionType::Choice:
      for (const auto& c : o.choices)
        if (c == text) return OptionValue{0, 0, text, false};
      return std::nullopt;
    case OptionType::Bool: {
      auto b = parse_bool(text);
      if (!b) return std::nullopt;
      v.on = *b;
      return v;
    }
    case OptionType::Name:
      if (text.empty()) return std::nullopt;
      v.text = text;
      return v;
  }
  return std::nullopt;
}

}  // namespace faultline
