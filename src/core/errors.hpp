// User-facing error types and the documented exit codes. Findings (violations, deadlocks)
// are results, not exceptions; bad input is thrown as one of these and printed as one line.
#pragma once
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>

namespace faultline {

// Exit codes, documented in README.md ("Exit codes") and docs/cli.md.
inline constexpr int kExitHolds = 0;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitSpec = 3;
inline constexpr int kExitLimit = 4;
inline constexpr int kExitModelError = 5;  // model enumeration not deterministic; decode != encode
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

// The machine cannot give what the run needs and the user can change: a scratch directory
// (TMPDIR) that cannot be written, a full disk. Exit code kExitSpec, like bad input.
struct EnvironmentError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A model that breaks the model contract in a way found outside the search's own checks:
// e.g. a decode that does not mirror its encode. Exit code kExitModelError.
struct ModelError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A state's bytes that do not decode: its model's encode and decode disagree.
struct DecodeError : ModelError {
  explicit DecodeError(const std::string& what)
      : ModelError("model error: " + what +
                   " (the model's decode does not mirror its encode: a field is written and "
                   "read in different orders or types, or left out of one of them)") {}
};

// User text (a line, key, value, label or path) as an error message may show it: control
// bytes (newline, NUL, escape sequences) as \xNN, so that the message stays one line and
// reaches the terminal as typed; and at most `max` bytes of it, then "...".
inline std::string quote_input(std::string_view text, size_t max = 120) {
  std::string out;
  for (size_t i = 0; i < text.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != 0x7f) {
      out += static_cast<char>(c);
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  if (text.size() > max) out += "...";
  return out;
}

}  // namespace faultline
