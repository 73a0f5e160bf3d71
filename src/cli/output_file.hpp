// A file that a command writes whole or not at all (graph -o, --trace-out): the text goes to
// a temporary file beside it, which commit() flushes, closes and renames over the path. A
// failed write, or a run that ends before commit(), removes the temporary and leaves no
// half-written file. A path that is not a regular file (/dev/stdout, a FIFO) is written
// directly.
#pragma once
#include <ostream>
#include <string>

#include "cli/fd_streambuf.hpp"

namespace faultline {

class OutputFile {
 public:
  // Opens the temporary, so that a directory that cannot be written fails before the run.
  // `flag` names the option in errors ("--trace-out").
  OutputFile(std::string flag, std::string path);
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  std::ostream& stream() { return stream_; }
  // The temporary the text goes to until commit(); empty where the path is written directly
  // (/dev/stdout, a FIFO), which nothing may remove.
  const std::string& temporary() const { return temp_; }
  // Flushes, closes and renames into place; a failure is a SpecError ending in `context`.
  void commit(const std::string& context = "");

 private:
  std::string flag_, path_, temp_;  // temp_ empty: written directly
  FdStreambuf buf_;
  std::ostream stream_{&buf_};
  bool committed_ = false;
};

}  // namespace faultline
