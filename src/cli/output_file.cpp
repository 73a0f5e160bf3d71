// OutputFile: write to a temporary beside the path, rename on commit (see output_file.hpp).
#include "cli/output_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/errors.hpp"

namespace faultline {

namespace fs = std::filesystem;

namespace {

// The descriptor of `path` opened for writing (created or truncated), or -1 with errno.
int open_for_writing(const std::string& path) {
  return ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
}

}  // namespace

OutputFile::OutputFile(std::string flag, std::string path)
    : flag_(std::move(flag)), path_(std::move(path)) {
  std::error_code ec;
  const bool special = fs::exists(path_, ec) && !fs::is_regular_file(path_, ec);
  if (!special) {
    const fs::path p(path_);
    temp_ = (p.parent_path() / ("." + p.filename().string() + ".tmp-" + std::to_string(getpid())))
                .string();
  }
  const int fd = open_for_writing(temp_.empty() ? path_ : temp_);
  if (fd < 0)
    throw SpecError(flag_ + " '" + quote_input(path_) + "': cannot open for writing (" +
                    std::strerror(errno) + ")");
  buf_.attach(fd);
}

OutputFile::~OutputFile() {
  buf_.close();
  if (!committed_ && !temp_.empty()) std::remove(temp_.c_str());
}

void OutputFile::commit(const std::string& context) {
  stream_.flush();
  int e = buf_.close();
  if (!e && !temp_.empty() && std::rename(temp_.c_str(), path_.c_str()) != 0) e = errno;
  if (e) {
    if (!temp_.empty()) std::remove(temp_.c_str());
    committed_ = true;
    throw SpecError(flag_ + " '" + quote_input(path_) + "': write failed (" + std::strerror(e) +
                    ")" + context);
  }
  committed_ = true;
}

}  // namespace faultline
