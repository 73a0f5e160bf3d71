// The engine options, each declared once: its spec key, its command-line flag and the
// subcommands that offer it, its type and range, and its help. The spec reader takes its
// [bounds], [limits] and [engine] keys and their conversion from this table
// (spec/spec_file.cpp); every subcommand's flags and their --help lines follow from it
// (cli/command_support.cpp). A flag sets its key as a --set would, so a value is validated in
// one place, before the run, whichever way it was given.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/check_types.hpp"

namespace faultline {

// The largest count a spec key or flag accepts (states, depths, trace lengths).
inline constexpr uint64_t kMaxCount = 1ULL << 62;

enum class OptionType {
  Count,    // an integer in min..max
  MiB,      // a size in MiB in min..max, kept in bytes
  Seconds,  // a number of seconds > 0
  Choice,   // one of `choices`
  Bool,     // true or false; its flag is a switch that sets true
  Pow2,     // 2^N with N in min..max
  Name      // a non-empty name
};

// The subcommands whose flags include an option (a bit set).
enum OptionCommand : unsigned {
  kCheckCommand = 1,
  kSimulateCommand = 2,
  kGraphCommand = 4,
  kReplayCommand = 8  // offers none: a replay follows the trace, not a search
};

// A parsed value: `number` for Count, MiB (in bytes) and Pow2 (N), `seconds`, `text` for
// Choice and Name, `on` for Bool.
struct OptionValue {
  uint64_t number = 0;
  double seconds = 0;
  std::string text;
  bool on = false;
};

struct EngineOption {
  std::string key;              // "engine.workers"
  std::string flag;             // "workers" for --workers; empty: a spec key only
  unsigned commands = 0;        // the subcommands offering the flag
  std::string value_name;       // the flag's value in --help: "N"
  OptionType type = OptionType::Count;
  uint64_t min = 0, max = 0;    // Count, MiB, Pow2
  std::vector<std::string> choices = {};  // Choice
  std::string note = {};        // appended to what is accepted: "(0 = all cores)"
  std::string help = {};        // the flag's help, without the key
  void (*apply)(CheckOptions&, const OptionValue&) = nullptr;
};

// Every engine option, in --help order.
const std::vector<EngineOption>& engine_options();

// The keys of section `section` (bounds, limits or engine), without the section prefix.
std::vector<std::string> engine_option_keys(const std::string& section);

// What the option accepts, as error messages say it: "an integer in 0..1024 (0 = all cores)".
std::string accepted_text(const EngineOption& option);

// A decimal integer without a sign; nullopt for anything else.
std::optional<uint64_t> parse_unsigned(const std::string& text);

// `text` as a value of `option`; nullopt when it is not one.
std::optional<OptionValue> parse_option_value(const EngineOption& option, const std::string& text);

}  // namespace faultline
