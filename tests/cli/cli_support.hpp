// Helpers for the CLI tests: run run_cli (on the real or the fake model catalog) and capture
// its output, and check one-line errors.
#pragma once
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "tests/spec/fake_model.hpp"

namespace faultline {

// Specs the CLI tests run.
inline const std::string kPaxos = FAULTLINE_SOURCE_DIR "/specs/paxos_correct.ini";
inline const std::string kSharedBallots = FAULTLINE_SOURCE_DIR "/specs/paxos_shared_ballots.ini";
inline const std::string kRaft = FAULTLINE_SOURCE_DIR "/specs/raft_correct.ini";
inline const std::string kLease = FAULTLINE_SOURCE_DIR "/specs/lease_correct.ini";

}  // namespace faultline

namespace faultline::testing {

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

inline CliRun run_captured(const std::vector<std::string>& args, const CliEnv& env = {}) {
  std::ostringstream out, err;
  int code = run_cli(args, out, err, env);
  return {code, out.str(), err.str()};
}

// run_cli on the fake catalog (tests/spec/fake_model.hpp).
inline CliRun fake_cli(std::vector<std::string> args, const std::atomic<bool>* interrupt = nullptr,
                       bool tty = false) {
  CliEnv env;
  env.models = &fake_models();
  env.interrupt = interrupt;
  env.stderr_is_tty = tty;
  return run_captured(args, env);
}

// sh -c COMMAND with $F the faultline binary, in directory `dir`; its exit code, and what it
// wrote to stderr in `err`.
inline int sh_exit(const std::string& dir, const std::string& command, std::string& err) {
  const std::string line = "cd '" + dir + "' && F='" FAULTLINE_BINARY "' && { " + command +
                           "; } 2>stderr.txt; echo $?";
  FILE* pipe = popen(line.c_str(), "r");
  if (!pipe) return -1;
  char buf[64] = {};
  const size_t n = std::fread(buf, 1, sizeof buf - 1, pipe);
  pclose(pipe);
  std::FILE* e = std::fopen((dir + "/stderr.txt").c_str(), "r");
  err.clear();
  for (int c; e && (c = std::fgetc(e)) != EOF;) err += static_cast<char>(c);
  if (e) std::fclose(e);
  return n ? std::stoi(std::string(buf, n)) : -1;
}

inline bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// An error run prints exactly one line to stderr, starting "faultline: ".
inline void expect_one_line_error(const CliRun& r) {
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.rfind("faultline: ", 0), 0u) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
}

}  // namespace faultline::testing
