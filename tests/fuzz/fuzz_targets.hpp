// The fuzz targets: each takes one input and returns when faultline kept its promise for it,
// that is, accepted it or refused it with one clear line (a SpecError: no line break, never
// empty). Anything else is a finding: another exception (std::terminate under libFuzzer), a
// crash or a sanitizer report. libfuzzer_main.cpp runs one target under libFuzzer (the `fuzz`
// ctest label, a clang build); corpus_test.cpp replays every seed and every input that once
// failed through its target in the default suite.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace faultline::fuzz {

// A spec file; the lines after a line "%%set" are `--set` arguments applied to it. The model
// is built from the result (the parameters' cross checks), not explored.
void spec_input(std::string_view data);
// A trace file as `replay` reads it: text or JSON, told apart as replay does. Two targets run
// it, one seeded with text traces and one with JSON traces.
void trace_input(std::string_view data);
// A trace file whose labels are replayed, as `replay` does, on a few small configurations of
// the built-in models (faults on), and the replay's report written.
void label_replay_input(std::string_view data);

// Throws std::logic_error unless e is one clear line (the promise every target checks).
void check_refusal(const std::runtime_error& e, std::string_view input);

struct Target {
  const char* name;
  void (*run)(std::string_view);
  std::vector<std::string> seeds;  // seed folders, relative to the source tree
};
// spec, trace_text, trace_json, label_replay; the inputs that once failed in each are in
// tests/fuzz/regressions/NAME/.
const std::vector<Target>& targets();

}  // namespace faultline::fuzz
