// Spec-file reader. A line scan of our own knows the line numbers (Boost's exceptions carry
// none) and rejects malformed lines and unknown sections; Boost.Program_options then parses
// the key/value pairs (a first pass only for model.name, a second with the model's keys);
// values are converted and range-checked here so every message says what is accepted.
#include "spec/spec_file.hpp"

#include <boost/program_options.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

#include "core/errors.hpp"
#include "core/params.hpp"
#include "core/text.hpp"
#include "spec/engine_options.hpp"
#include "spec/input_file.hpp"

namespace po = boost::program_options;

namespace faultline {
namespace {

constexpr size_t kMaxSpecBytes = size_t{1} << 20;  // a spec is a page of text

// One non-empty line of the file, classified with the same rules as Boost's config parser:
// '#' starts a comment anywhere, "[name]" opens a section, "key = value" is an option.
struct ScannedLine {
  enum class Kind { Section, KeyValue, Malformed };
  Kind kind;
  int number;
  std::string section;  // Section: its name; KeyValue: the section it is in
  std::string key;      // KeyValue: "section.key" (just "key" before any section)
  std::string text;     // the line without comment, trimmed
};

// A key's final text and where it came from ("file:line" or "file (--set)").
struct Setting {
  std::string value;
  std::string where;
};
using Settings = std::map<std::string, Setting>;

std::string trim_ws(const std::string& s) {
  const char* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

bool contains(const std::vector<std::string>& items, const std::string& x) {
  for (const auto& i : items)
    if (i == x) return true;
  return false;
}

std::vector<ScannedLine> scan_lines(const std::string& content) {
  std::vector<ScannedLine> out;
  std::istringstream in(content);
  std::string raw;
  std::string prefix;
  std::string section;
  int number = 0;
  while (std::getline(in, raw)) {
    ++number;
    if (auto hash = raw.find('#'); hash != std::string::npos) raw.resize(hash);
    std::string s = trim_ws(raw);
    if (s.empty()) continue;
    if (s.size() >= 2 && s.front() == '[' && s.back() == ']') {
      section = s.substr(1, s.size() - 2);
      prefix = section.empty() || section.back() != '.' ? section + "." : section;
      out.push_back({ScannedLine::Kind::Section, number, section, "", s});
    } else if (auto eq = s.find('='); eq != std::string::npos) {
      out.push_back(
          {ScannedLine::Kind::KeyValue, number, section, prefix + trim_ws(s.substr(0, eq)), s});
    } else {
      out.push_back({ScannedLine::Kind::Malformed, number, section, "", s});
    }
  }
  return out;
}

// The keys accepted in `section` (without the "section." prefix) for `model`.
std::vector<std::string> section_keys(const std::string& section, const ModelInfo* model) {
  if (section == "model") return {"name", "variant"};
  if (section == "bounds" || section == "limits" || section == "engine")
    return engine_option_keys(section);
  if (section == "expect")
    return {"verdict",         "property", "trace_length", "distinct_states",
            "generated_states", "goals",    "goal_depths"};
  std::vector<std::string> keys;
  if ((section == "params" || section == "faults") && model)
    for (const auto& p : model->params)
      if (p.section == section) keys.push_back(p.name);
  return keys;
}

// Throws the "unknown key/section" error for `key` (full "section.key") found at `where`.
[[noreturn]] void unknown_key(const std::string& key, const std::string& where,
                              const ModelInfo* model) {
  auto dot = key.find('.');
  if (dot == std::string::npos)
    throw SpecError(where + ": key '" + quote_input(key) +
                    "' is outside any section (sections: " + join(spec_sections()) + ")");
  std::string section = key.substr(0, dot);
  if (!contains(spec_sections(), section))
    throw SpecError(where + ": unknown section [" + quote_input(section) + "] in key '" +
                    quote_input(key) +
                    "' (sections: " + join(spec_sections()) + ")");
  auto keys = section_keys(section, model);
  std::string accepted = keys.empty() ? "none for model '" + model->name + "'" : join(keys);
  throw SpecError(where + ": unknown key '" + quote_input(key) + "' (accepted in [" + section +
                  "]: " + accepted + ")");
}

bool key_known(const std::string& key, const ModelInfo* model) {
  auto dot = key.find('.');
  if (dot == std::string::npos) return false;
  return contains(section_keys(key.substr(0, dot), model), key.substr(dot + 1));
}

// Malformed lines, unknown sections and keys outside any section, in file order. Runs
// before Boost sees the file (Boost would also misparse "[]").
void check_structure(const std::string& file, const std::vector<ScannedLine>& lines) {
  for (const auto& l : lines) {
    std::string where = file + ":" + std::to_string(l.number);
    switch (l.kind) {
      case ScannedLine::Kind::Malformed:
        throw SpecError(where + ": malformed line '" + quote_input(l.text) +
                        "' (expected 'key = value' or '[section]')");
      case ScannedLine::Kind::Section:
        if (!contains(spec_sections(), l.section))
          throw SpecError(where + ": unknown section [" + quote_input(l.section) +
                          "] (sections: " + join(spec_sections()) + ")");
        break;
      case ScannedLine::Kind::KeyValue:
        if (l.key.find('.') == std::string::npos)
          throw SpecError(where + ": key '" + quote_input(l.key) +
                          "' is outside any section (sections: " + join(spec_sections()) + ")");
        break;
    }
  }
}

// Runs Boost's config-file parser over `content` with `keys` registered; unregistered keys
// are returned too (flagged), so the caller can name their line.
std::vector<po::option> boost_parse(const std::string& file, const std::string& content,
                                    const std::vector<std::string>& keys) {
  po::options_description desc;
  for (const auto& k : keys) desc.add_options()(k.c_str(), po::value<std::string>());
  std::istringstream in(content);
  try {
    return po::parse_config_file(in, desc, /*allow_unregistered=*/true).options;
  } catch (const po::error& e) {
    throw SpecError(file + ": " + e.what());
  }
}


[[noreturn]] void bad_value(const std::string& key, const Setting& s, const std::string& accepted) {
  throw SpecError(s.where + ": " + key + " = '" + quote_input(s.value) + "': expected " +
                  accepted);
}

std::optional<uint64_t> get_uint(const Settings& settings, const std::string& key, uint64_t min,
                                 uint64_t max, const std::string& accepted) {
  auto it = settings.find(key);
  if (it == settings.end()) return std::nullopt;
  auto v = parse_unsigned(it->second.value);
  if (!v || *v < min || *v > max) bad_value(key, it->second, accepted);
  return v;
}

std::optional<std::string> get_choice(const Settings& settings, const std::string& key,
                                      const std::vector<std::string>& choices) {
  auto it = settings.find(key);
  if (it == settings.end()) return std::nullopt;
  if (!contains(choices, it->second.value)) bad_value(key, it->second, "one of: " + join(choices));
  return it->second.value;
}

const std::vector<std::string>& verdict_names() {
  // In ExpectedVerdict's order.
  static const std::vector<std::string> names = {
      "holds", "holds-up-to-depth", "violation",   "deadlock",
      "vacuous", "limit",         "goal-reached", "goal-unreachable"};
  return names;
}

void convert_model(const Settings& s, const ModelInfo& model, CheckRequest& r) {
  std::map<std::string, std::string> given;
  for (const auto& p : model.params) {
    auto it = s.find(p.section + "." + p.name);
    if (it != s.end()) given[p.name] = p.validate(it->second.value, it->second.where);
  }
  r.params = ParamValues::resolve(model.params, given, r.file);

  std::vector<std::string> variants;
  for (const auto& v : model.variants) variants.push_back(v.name);
  if (auto it = s.find("model.variant"); it != s.end()) {
    if (!contains(variants, it->second.value))
      bad_value("model.variant", it->second,
                "one of: " + (variants.empty() ? std::string("correct") : join(variants)));
    r.variant = it->second.value;
  } else {
    r.variant = variants.empty() ? "correct" : variants.front();
  }
}

std::string mib(uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

// Engine settings that exclude each other, or that ask for more memory than allowed or present.
void check_engine_settings(const Settings& s, const CheckOptions& o) {
  auto at = [&](const char* key) { return s.at(key).where; };
  // 128 bits widen the fingerprint store; the exact and bitstate stores keep no fingerprints.
  if (o.fingerprint_bits == 128 && o.store == StoreMode::Exact)
    throw SpecError(at("engine.fingerprint_bits") +
                    ": engine.fingerprint_bits = 128 needs engine.store = fingerprint, but "
                    "engine.store = exact (" + at("engine.store") +
                    "), which keeps whole states, not fingerprints");
  if (o.fingerprint_bits == 128 && o.bitstate_log2_bits)
    throw SpecError(at("engine.fingerprint_bits") +
                    ": engine.fingerprint_bits = 128 does not combine with engine.bitstate (" +
                    at("engine.bitstate") + "), which keeps a few bits a state, not fingerprints");
  if (o.bitstate_log2_bits) {
    const std::string bits = "engine.bitstate = 2^" + std::to_string(*o.bitstate_log2_bits);
    const uint64_t bytes = uint64_t{1} << (*o.bitstate_log2_bits - 3);
    if (o.store == StoreMode::Exact)
      throw SpecError(at("engine.bitstate") + ": " + bits +
                      " does not combine with engine.store = exact (" + at("engine.store") +
                      "): they are two different visited sets; choose one");
    if (o.memory_limit_bytes && bytes > *o.memory_limit_bytes)
      throw SpecError(at("engine.bitstate") + ": " + bits + " is a " + mib(bytes) +
                      " bit array, more than limits.memory_limit = " +
                      mib(*o.memory_limit_bytes) + " (" + at("limits.memory_limit") + ")");
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    const uint64_t physical = pages > 0 && page > 0 ? uint64_t(pages) * uint64_t(page) : 0;
    if (physical && bytes > physical)
      throw SpecError(at("engine.bitstate") + ": " + bits + " is a " + mib(bytes) +
                      " bit array, more than this machine's memory (" + mib(physical) + ")");
  }
  if (o.sweep && o.strategy == SearchStrategy::Dfs)
    throw SpecError(at("engine.sweep") +
                    ": engine.sweep = on forgets the levels of a breadth-first search, but "
                    "engine.strategy = dfs (" + at("engine.strategy") + ") has none");
  if (o.sweep && o.bitstate_log2_bits)
    throw SpecError(at("engine.sweep") + ": engine.sweep = on does not combine with "
                    "engine.bitstate (" + at("engine.bitstate") +
                    "): the sweep needs no visited set at all; choose one");
  if (o.frontier_memory_bytes && o.strategy == SearchStrategy::Dfs)
    throw SpecError(at("engine.frontier_memory") +
                    ": engine.frontier_memory bounds the breadth-first frontier, but "
                    "engine.strategy = dfs (" + at("engine.strategy") + ") keeps none");
  if (o.frontier_memory_bytes && o.memory_limit_bytes &&
      *o.frontier_memory_bytes > *o.memory_limit_bytes)
    throw SpecError(at("engine.frontier_memory") + ": engine.frontier_memory = " +
                    mib(*o.frontier_memory_bytes) + " is more than limits.memory_limit = " +
                    mib(*o.memory_limit_bytes) + " (" + at("limits.memory_limit") + ")");
}

void convert_options(const Settings& s, CheckRequest& r) {
  for (const EngineOption& option : engine_options()) {
    auto it = s.find(option.key);
    if (it == s.end()) continue;
    auto value = parse_option_value(option, it->second.value);
    if (!value) bad_value(option.key, it->second, accepted_text(option));
    option.apply(r.options, *value);
  }
  check_engine_settings(s, r.options);
}

void convert_expect(const Settings& s, CheckRequest& r) {
  Expectation& e = r.expect;
  if (auto v = get_choice(s, "expect.verdict", verdict_names())) {
    const auto& n = verdict_names();
    for (size_t i = 0; i < n.size(); ++i)
      if (n[i] == *v) e.verdict = static_cast<ExpectedVerdict>(i);
  }
  if (auto it = s.find("expect.property"); it != s.end()) {
    if (it->second.value.empty()) bad_value("expect.property", it->second, "a property name");
    e.property = it->second.value;
  }
  e.trace_length = get_uint(s, "expect.trace_length", 0, kMaxCount, "an integer in 0..2^62");
  e.distinct_states =
      get_uint(s, "expect.distinct_states", 1, kMaxCount, "an integer in 1..2^62");
  if (auto it = s.find("expect.goals"); it != s.end()) {
    std::string item;
    std::istringstream in(it->second.value);
    while (std::getline(in, item, ',')) {
      item = trim_ws(item);
      if (item.empty()) break;
      e.goals.push_back(item);
    }
    size_t commas = 0;
    for (char c : it->second.value) commas += c == ',';
    if (e.goals.empty() || e.goals.size() != commas + 1)
      bad_value("expect.goals", it->second, "comma-separated goal names (e.g. ValueChosen, Done)");
  }
  e.generated_states =
      get_uint(s, "expect.generated_states", 1, kMaxCount, "an integer in 1..2^62");
  if (auto it = s.find("expect.goal_depths"); it != s.end()) {
    std::string item;
    std::istringstream in(it->second.value + ",");
    while (std::getline(in, item, ',')) {
      const auto colon = item.find(':');
      const std::string goal = trim_ws(item.substr(0, colon));
      const std::string depth = colon == std::string::npos ? "" : trim_ws(item.substr(colon + 1));
      const bool digits = !depth.empty() && depth.size() <= 9 &&
                          depth.find_first_not_of("0123456789") == std::string::npos;
      if (goal.empty() || !digits)
        bad_value("expect.goal_depths", it->second,
                  "comma-separated GOAL:DEPTH pairs (e.g. LeaderElected:3, ValueChosen:8)");
      e.goal_depths.emplace_back(goal, static_cast<uint32_t>(std::stoul(depth)));
    }
  }
}

// Combinations that cannot be met whatever the model does.
void check_consistency(const Settings& s, const CheckRequest& r) {
  const Expectation& e = r.expect;
  if (!e.verdict) {
    return;
  }
  const Setting& v = s.at("expect.verdict");
  auto fail = [&](const std::string& why) {
    throw SpecError(v.where + ": expect.verdict = " + v.value + " " + why);
  };
  const auto& o = r.options;
  if (*e.verdict == ExpectedVerdict::HoldsUpToDepth && !o.max_depth)
    fail("needs a depth bound, but bounds.max_depth is not set");
  if (*e.verdict == ExpectedVerdict::Limit && !o.max_states && !o.time_limit_s &&
      !o.memory_limit_bytes)
    fail(
        "needs a limit, but none of limits.max_states, limits.time_limit, "
        "limits.memory_limit is set");
  const bool witness_verdict = *e.verdict == ExpectedVerdict::GoalReached ||
                               *e.verdict == ExpectedVerdict::GoalUnreachable;
  if (witness_verdict && !o.witness_goal)
    fail("needs witness mode, but engine.goal is not set");
  if (!witness_verdict && o.witness_goal)
    fail("cannot come out of witness mode (engine.goal is set at " + s.at("engine.goal").where +
         "; expect goal-reached or goal-unreachable)");
  bool has_trace = *e.verdict == ExpectedVerdict::Violation ||
                   *e.verdict == ExpectedVerdict::Deadlock ||
                   *e.verdict == ExpectedVerdict::GoalReached;
  if (e.trace_length && !has_trace)
    fail("has no trace, but expect.trace_length is set (" + s.at("expect.trace_length").where +
         ")");
  if (e.property && *e.verdict != ExpectedVerdict::Violation)
    fail("names no violated property, but expect.property is set (" +
         s.at("expect.property").where + ")");
  if (*e.verdict == ExpectedVerdict::Deadlock && !o.check_deadlock)
    fail("needs deadlock checking, but engine.check_deadlock is not true");
  // A search that stops at a finding stops while workers are mid-level: how many successors
  // it generated by then depends on their timing.
  const bool complete = *e.verdict == ExpectedVerdict::Holds ||
                        *e.verdict == ExpectedVerdict::HoldsUpToDepth ||
                        *e.verdict == ExpectedVerdict::Vacuous;
  if (e.generated_states && !complete)
    fail("stops at its finding, so its generated-state count depends on the worker count; "
         "expect.generated_states (" + s.at("expect.generated_states").where +
         ") needs holds, holds-up-to-depth or vacuous");
}

}  // namespace

const std::vector<std::string>& spec_sections() {
  static const std::vector<std::string> sections = {"model",  "params", "faults", "bounds",
                                                    "limits", "engine", "expect"};
  return sections;
}

SpecOverride parse_set_override(const std::string& text) {
  auto eq = text.find('=');
  std::string key = trim_ws(text.substr(0, eq == std::string::npos ? text.size() : eq));
  auto dot = key.find('.');
  if (eq == std::string::npos || dot == std::string::npos || dot == 0 || dot + 1 == key.size())
    throw SpecError("--set '" + quote_input(text) +
                    "': expected section.key=value (e.g. --set params.acceptors=5)");
  return {key, trim_ws(text.substr(eq + 1)), "--set"};
}

CheckRequest parse_spec_text(const std::string& path, const std::string& content,
                             const std::vector<SpecOverride>& overrides,
                             const std::vector<ModelInfo>& models) {
  CheckRequest r;
  r.file = path;
  const auto lines = scan_lines(content);
  check_structure(path, lines);
  std::vector<const ScannedLine*> key_lines;
  for (const auto& l : lines)
    if (l.kind == ScannedLine::Kind::KeyValue) key_lines.push_back(&l);
  auto override_where = [&](const SpecOverride& o) { return path + " (" + o.origin + ")"; };

  // Pass 1: only model.name matters; everything else is allowed for now.
  Setting name;
  for (const auto& opt : boost_parse(path, content, {"model.name"}))
    if (!opt.unregistered && opt.string_key == "model.name" && name.where.empty()) {
      name.value = opt.value.empty() ? "" : opt.value.front();
      for (const auto* l : key_lines)
        if (l->key == "model.name") {
          name.where = path + ":" + std::to_string(l->number);
          break;
        }
    }
  for (const auto& o : overrides)
    if (o.key == "model.name") name = {o.value, override_where(o)};
  if (name.where.empty()) {
    // A misspelt name key ('nme = paxos') is the likelier mistake: name it.
    for (const auto* l : key_lines)
      if (l->key.rfind("model.", 0) == 0 && !key_known(l->key, nullptr))
        unknown_key(l->key, path + ":" + std::to_string(l->number), nullptr);
    throw SpecError(path +
                    ": missing required key model.name (add 'name = <model>' under [model])");
  }
  for (const auto& m : models)
    if (m.name == name.value) r.model = &m;
  if (!r.model) {
    std::vector<std::string> known;
    for (const auto& m : models) known.push_back(m.name);
    throw SpecError(name.where + ": model '" + quote_input(name.value) + "' is unknown (known: " +
                    (known.empty() ? std::string("none") : join(known)) + ")");
  }

  // Pass 2: strictly with the model's keys.
  std::vector<std::string> keys;
  for (const auto& section : spec_sections())
    for (const auto& k : section_keys(section, r.model)) keys.push_back(section + "." + k);
  auto options = boost_parse(path, content, keys);
  Settings settings;
  std::map<std::string, int> first_line;
  for (size_t i = 0; i < options.size(); ++i) {
    const auto& opt = options[i];
    // Boost yields exactly one option per key/value line, in file order.
    int number =
        i < key_lines.size() && key_lines[i]->key == opt.string_key ? key_lines[i]->number : 0;
    std::string where = number ? path + ":" + std::to_string(number) : path;
    if (opt.unregistered) unknown_key(opt.string_key, where, r.model);
    if (auto it = first_line.find(opt.string_key); it != first_line.end())
      throw SpecError(where + ": key '" + opt.string_key + "' is given twice (first on line " +
                      std::to_string(it->second) + ")");
    first_line[opt.string_key] = number;
    settings[opt.string_key] = {opt.value.empty() ? "" : opt.value.front(), where};
  }
  for (const auto& o : overrides) {
    if (!key_known(o.key, r.model)) unknown_key(o.key, override_where(o), r.model);
    const std::string section = o.key.substr(0, o.key.find('.'));
    const bool shapes_space = section == "model" || section == "params" ||
                              section == "faults" || section == "bounds" ||
                              section == "limits" || o.key == "engine.symmetry";
    const auto was = settings.find(o.key);
    if (shapes_space && (was == settings.end() || was->second.value != o.value))
      r.overridden.push_back(o.key + " = " + o.value + " (" + o.origin + ")");
    settings[o.key] = {o.value, override_where(o)};
  }
  for (const auto& [key, s] : settings) r.origins[key] = s.where;

  convert_model(settings, *r.model, r);
  convert_options(settings, r);
  convert_expect(settings, r);
  check_consistency(settings, r);
  return r;
}

CheckRequest load_spec(const std::string& path, const std::vector<SpecOverride>& overrides,
                       const std::vector<ModelInfo>& models) {
  return parse_spec_text(path, read_input_file(path, "spec file", kMaxSpecBytes), overrides, models);
}

CheckRequest command_line_request(const std::vector<SpecOverride>& overrides,
                                  const std::vector<ModelInfo>& models) {
  CheckRequest r = parse_spec_text(kCommandLine, "", overrides, models);
  r.overridden.clear();  // no [expect] to have been written for other values
  return r;
}

}  // namespace faultline
