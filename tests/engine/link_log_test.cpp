// The parent-link log: on disk (the default) and in memory (when no temporary file can be
// made) store and return the same links.
#include "store/link_log.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace faultline {
namespace {

// Sets TMPDIR for one scope.
class TmpdirScope {
 public:
  explicit TmpdirScope(const char* dir) {
    if (const char* old = std::getenv("TMPDIR")) old_ = old, had_ = true;
    setenv("TMPDIR", dir, 1);
  }
  ~TmpdirScope() {
    if (had_)
      setenv("TMPDIR", old_.c_str(), 1);
    else
      unsetenv("TMPDIR");
  }

 private:
  std::string old_;
  bool had_ = false;
};

void fill_and_check(LinkLog& log) {
  const uint64_t levels[] = {1, 3, 0, 2500000, 7};  // one level larger than a memory chunk
  uint64_t id = 0;
  for (uint64_t n : levels) {
    UninitVector<uint64_t> links(n);
    for (uint64_t i = n; i-- > 0;) links[i] = (id + i) * 2654435761u + 1;
    log.append(std::move(links));
    id += n;
    EXPECT_EQ(log.size(), id);
  }
  for (uint64_t k : {uint64_t{0}, uint64_t{1}, uint64_t{3}, uint64_t{1234567}, id - 1})
    EXPECT_EQ(log[k], k * 2654435761u + 1) << k;
}

TEST(LinkLog, OnDiskByDefault) {
  LinkLog log;
  EXPECT_TRUE(log.on_disk());
  fill_and_check(log);
  EXPECT_LT(log.memory_bytes(), 1024u);  // the links are in the file, not in memory
}

TEST(LinkLog, InMemoryWhenNoTemporaryFileCanBeMade) {
  TmpdirScope scope("/nonexistent-faultline-dir");
  LinkLog log;
  EXPECT_FALSE(log.on_disk());
  fill_and_check(log);
}

}  // namespace
}  // namespace faultline
