// A tiny test-and-test-and-set spin lock for short critical sections (one hash-table shard),
// and the wait it and other spin sites share: pause a bounded number of times, then yield.
// The yield matters when there are more workers than cores: a waiter that only paused would
// burn its whole time slice while the holder, preempted, waits for that core (on 2 cores,
// paxos-abstract 3a2v4b at 16 workers spent 56% of its cycles in this loop and ran 2.5x
// slower than at 2 workers).
#pragma once
#include <atomic>
#include <thread>

namespace faultline {

// One step of a wait for another thread: the first kSpins calls pause, later ones yield.
class SpinWait {
 public:
  void once() {
    if (spins_ < kSpins) {
      ++spins_;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    } else {
      std::this_thread::yield();
    }
  }

 private:
  // At most a few microseconds of pauses: longer than a shard's critical section takes when
  // its holder is running, far shorter than a time slice when it is not.
  static constexpr unsigned kSpins = 64;
  unsigned spins_ = 0;
};

class SpinLock {
 public:
  void lock() {
    while (flag_.exchange(true, std::memory_order_acquire)) {
      SpinWait wait;
      while (flag_.load(std::memory_order_relaxed)) wait.once();
    }
  }
  void unlock() { flag_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> flag_{false};
};

}  // namespace faultline
