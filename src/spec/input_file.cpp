// See input_file.hpp.
#include "spec/input_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/errors.hpp"

namespace faultline {

std::string read_input_file(const std::string& path, const std::string& what, size_t max_bytes) {
  if (path.empty()) throw SpecError("the " + what + " path is empty");
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw SpecError(quote_input(path) + ": is a directory, not a " + what);
  // Opening a FIFO waits for a writer; Ctrl-C or SIGTERM then interrupts the wait (EINTR).
  auto interrupted = [&] {
    return SpecError(quote_input(path) + ": interrupted while waiting for the " + what +
                     " (a FIFO opens, and reads, only once something writes to it)");
  };
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in && errno == EINTR) throw interrupted();
  if (!in)
    throw SpecError(quote_input(path) + ": cannot open " + what + " (" + std::strerror(errno) +
                    ")");
  std::string text;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes)
      throw SpecError(quote_input(path) + ": larger than " + std::to_string(max_bytes >> 20) +
                      " MiB; not a " + what);
  }
  if (in.bad() && errno == EINTR) throw interrupted();
  if (in.bad()) throw SpecError(quote_input(path) + ": cannot read " + what);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  return text;
}

}  // namespace faultline
