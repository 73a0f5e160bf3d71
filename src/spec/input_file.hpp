// Reading a file the user named (a spec or a trace) for parsing: one clear SpecError for an
// empty path, a directory, a file that cannot be opened, or one beyond a size cap (so that
// `faultline check /dev/zero` fails at once instead of filling memory). A UTF-8 byte-order
// mark at the start is dropped.
#pragma once
#include <cstddef>
#include <string>

namespace faultline {

// `what` names the file's role in messages ("spec file", "trace file").
std::string read_input_file(const std::string& path, const std::string& what, size_t max_bytes);

}  // namespace faultline
