// The run's limits while a command writes a trace (text, JSON, HTML, Mermaid), the last phase
// of a run: a thread checks them every 50 ms (RunGuard) and, once one is passed, says so in
// one line, removes the half-written file's temporary and ends the process with exit 4. The
// summary is written and flushed before, so the verdict is never lost.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

#include "core/errors.hpp"
#include "core/run_guard.hpp"

namespace faultline {

// What a watch over a trace written after the summary says when it ends the run.
inline constexpr const char* kWritingTheTrace =
    "while writing the trace; the result above is complete, the trace is not";

class RenderWatch {
 public:
  // `doing`: what the message says was stopped ("while writing the trace; the result above is
  // complete, the trace is not"); `temp`: a file to remove then (empty: none).
  // A limit already passed when the writing starts (the search stopped on it, and the result
  // says so) arms no watch: the writing that follows is short.
  RenderWatch(const CheckOptions& options, std::string doing, std::string temp)
      : guard_(options), doing_(std::move(doing)), temp_(std::move(temp)) {
    try {
      guard_.check();
    } catch (const RunStopped&) {
      return;
    }
    thread_ = std::thread([this] { run(); });
  }
  RenderWatch(const RenderWatch&) = delete;
  RenderWatch& operator=(const RenderWatch&) = delete;
  ~RenderWatch() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(50), [this] { return done_; })) {
      try {
        guard_.check();
      } catch (const RunStopped& e) {
        if (!temp_.empty()) std::remove(temp_.c_str());
        std::cerr << "faultline: " << e.what() << " " << doing_ << std::endl;
        std::_Exit(kExitLimit);
      }
    }
  }

  RunGuard guard_;
  std::string doing_, temp_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace faultline
