// The fuzz targets of fuzz_targets.hpp, and the promise each checks: an input is accepted or
// refused with one clear line.
#include "tests/fuzz/fuzz_targets.hpp"

#include <memory>
#include <sstream>
#include <stdexcept>

#include "core/errors.hpp"
#include "core/model_info.hpp"
#include "report/replay_text.hpp"
#include "spec/spec_file.hpp"
#include "spec/trace_file.hpp"

namespace faultline::fuzz {
namespace {

// Labels replayed per input at most: a longer trace adds time, not new paths.
constexpr size_t kMaxReplaySteps = 64;

// The configurations label replay runs on: every model the specs/traces/ traces were written
// for, and the timed and crash-stop ones, with faults.
const std::vector<std::unique_ptr<ModelRunner>>& replay_runners() {
  static const auto runners = [] {
    const char* const specs[] = {
        "[model]\nname = paxos\n[faults]\ndrop = 1\nduplicate = 1\ncrash = 1\npartition = 1\n",
        "[model]\nname = paxos\nvariant = shared-ballots\n[params]\nballots = 1\n",
        ("[model]\nname = raft\n[params]\nrecovery_goals = true\n"
         "[faults]\ncrash = 1\npartition = 1\n"),
        "[model]\nname = lease\n[faults]\ncrash = 1\ndrop = 1\n",
        "[model]\nname = two-phase\n[params]\ncoordinator = stop\n[faults]\ncrash = 1\n",
        "[model]\nname = split-brain\n[faults]\npartition = 1\n",
    };
    std::vector<std::unique_ptr<ModelRunner>> out;
    for (const char* spec : specs) {
      const CheckRequest r = parse_spec_text("replay.ini", spec, {}, all_models());
      out.push_back(r.model->make(r.params, r.variant));
    }
    return out;
  }();
  return runners;
}

}  // namespace

void check_refusal(const std::runtime_error& e, std::string_view input) {
  const std::string what = e.what();
  if (what.empty() || what.find_first_of("\r\n") != std::string::npos)
    throw std::logic_error("a refusal that is not one line: '" + what + "' for input '" +
                           std::string(input.substr(0, 200)) + "'");
}

void spec_input(std::string_view data) {
  std::string text(data), sets;
  if (const size_t at = text.find("\n%%set\n"); at != std::string::npos) {
    sets = text.substr(at + 7);
    text.resize(at + 1);
  }
  try {
    std::vector<SpecOverride> overrides;
    std::istringstream lines(sets);
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) overrides.push_back(parse_set_override(line));
    const CheckRequest r = parse_spec_text("fuzz.ini", text, overrides, all_models());
    r.model->make(r.params, r.variant);
  } catch (const SpecError& e) {
    check_refusal(e, data);
  }
}

void trace_input(std::string_view data) {
  try {
    const TraceFile t = parse_trace("fuzz.trace", std::string(data));
    for (const TraceFileStep& s : t.steps)
      if (s.label.empty() || s.label.find('\n') != std::string::npos)
        throw std::logic_error("a step label that is empty or spans lines: '" + s.label + "'");
  } catch (const SpecError& e) {
    check_refusal(e, data);
  }
}

void label_replay_input(std::string_view data) {
  TraceFile trace;
  try {
    trace = parse_trace("fuzz.trace", std::string(data));
  } catch (const SpecError& e) {
    check_refusal(e, data);
    return;
  }
  std::vector<std::string> labels = trace.labels();
  if (labels.size() > kMaxReplaySteps) labels.resize(kMaxReplaySteps);
  for (const auto& runner : replay_runners()) {
    const LabelReplay replay = runner->replay_labels(labels);
    if (replay.ok ? replay.steps != labels.size() : replay.error.empty())
      throw std::logic_error("a replay that neither finished nor said why");
    ReplayTextOptions options;
    options.properties = runner->properties();
    std::ostringstream report;
    write_replay_text(report, replay, options);
  }
}

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {
      {"spec", spec_input, {"specs", "specs/slow"}},
      {"trace_text", trace_input, {"specs/traces"}},
      {"trace_json", trace_input, {"tests/fuzz/seeds/trace_json"}},
      {"label_replay", label_replay_input, {"specs/traces", "tests/fuzz/seeds/trace_json"}},
  };
  return all;
}

}  // namespace faultline::fuzz
