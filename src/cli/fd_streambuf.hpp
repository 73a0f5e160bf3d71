// A stream buffer that writes to a file descriptor with ::write and keeps the first error's
// errno: stdio's and iostream's errno is long overwritten by the time a command reports a
// failed write, and the reason (a full disk, a closed descriptor, a file size limit) is what
// the user needs. After an error nothing more is written. Used for standard output
// (entry_point.cpp) and for output files (output_file.hpp).
#pragma once
#include <unistd.h>

#include <cerrno>
#include <streambuf>

namespace faultline {

class FdStreambuf : public std::streambuf {
 public:
  explicit FdStreambuf(int fd = -1) : fd_(fd) { setp(buf_, buf_ + sizeof buf_); }
  FdStreambuf(const FdStreambuf&) = delete;
  FdStreambuf& operator=(const FdStreambuf&) = delete;

  // Writes to `fd` from now on (a buffer made before its file was opened).
  void attach(int fd) { fd_ = fd; }
  // The errno of the first failed write (0: none so far).
  int error() const { return error_; }
  // Writes what is buffered, then closes the descriptor; the first error's errno, or 0.
  int close() {
    drain();
    if (fd_ >= 0 && ::close(fd_) != 0 && !error_ && errno != EBADF) error_ = errno;
    fd_ = -1;
    return error_;
  }

 protected:
  int sync() override { return drain() ? 0 : -1; }
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }

 private:
  bool drain() {
    for (const char* p = pbase(); p < pptr() && !error_;) {
      const ssize_t n = ::write(fd_, p, static_cast<size_t>(pptr() - p));
      if (n >= 0)
        p += n;
      else if (errno != EINTR)  // EINTR: a signal (faultline's handler has no SA_RESTART)
        error_ = errno;
    }
    setp(buf_, buf_ + sizeof buf_);
    return !error_;
  }

  int fd_;
  char buf_[1 << 16];
  int error_ = 0;
};

}  // namespace faultline
