// Running the CLI in-process on the fake catalog, for the CLI tests: exit code, stdout and
// stderr of one run_cli call, and the one-line error check.
#pragma once
#include <gtest/gtest.h>

#include <atomic>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "tests/spec/fake_model.hpp"

namespace faultline {

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

inline CliRun cli(std::vector<std::string> args, const std::atomic<bool>* interrupt = nullptr,
                  bool tty = false) {
  CliEnv env;
  env.models = &testing::fake_models();
  env.interrupt = interrupt;
  env.stderr_is_tty = tty;
  std::ostringstream out, err;
  int code = run_cli(args, out, err, env);
  return {code, out.str(), err.str()};
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

}  // namespace faultline
