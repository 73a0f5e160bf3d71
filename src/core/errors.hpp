// User-facing error types and the documented exit codes. Findings (violations, deadlocks)
// are results, not exceptions; bad input is thrown as one of these and printed as one line.
#pragma once
#include <stdexcept>
#include <string>

namespace faultline {

// Exit codes, documented in README.md.
inline constexpr int kExitHolds = 0;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitSpec = 3;
inline constexpr int kExitLimit = 4;
inline constexpr int kExitModelError = 5;  // model enumeration is not deterministic
inline constexpr int kExitViolation = 10;
inline constexpr int kExitDeadlock = 11;
inline constexpr int kExitVacuous = 12;  // properties hold but a reachability goal was never reached
inline constexpr int kExitExpectMismatch = 13;  // the run disagrees with the spec's [expect]
inline constexpr int kExitInternal = 255;

// Bad command line: unknown subcommand or flag, missing argument.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Bad spec file, parameter, or trace file. The message already names the file/line/key.
struct SpecError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace faultline
