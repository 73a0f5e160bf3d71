// faultline new-model: the names it accepts, the folders it refuses, and the files it writes
// (that the project builds, tests and checks is the ctest sdk.new_model).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "core/errors.hpp"
#include "tests/cli/cli_support.hpp"

namespace faultline {
namespace {

using testing::CliRun;
using testing::expect_one_line_error;
using testing::has;
namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(NewModelCli, WritesAProjectNamedAfterTheModel) {
  testing::TempDir dir;
  const std::string where = dir.path("lock");
  CliRun r = testing::run_captured({"new-model", "my-lock", "--dir", where});
  ASSERT_EQ(r.code, kExitHolds) << r.err;
  for (const char* f : {"CMakeLists.txt", "my_lock.hpp", "my_lock.cpp", "main.cpp",
                        "my_lock_test.cpp", "my_lock_correct.ini", "my_lock_no_holder_check.ini"})
    EXPECT_TRUE(fs::exists(fs::path(where) / f)) << f;
  const std::string cmake = read(fs::path(where) / "CMakeLists.txt");
  EXPECT_TRUE(has(cmake, std::string("find_package(faultline ") + version() + " CONFIG REQUIRED)"));
  EXPECT_TRUE(has(cmake, "faultline_add_checker(my-lock-checker SOURCES main.cpp)"));
  const std::string source = read(fs::path(where) / "my_lock.cpp");
  EXPECT_TRUE(has(source, "namespace my_lock {"));
  EXPECT_TRUE(has(source, ".name = \"my-lock\""));
  EXPECT_TRUE(has(read(fs::path(where) / "my_lock.hpp"), "struct MyLock : dist::Protocol<MyLock,"));
  EXPECT_FALSE(has(source + read(fs::path(where) / "my_lock_test.cpp"), "@")) << "a token left";
  EXPECT_TRUE(has(r.out, "my-lock-checker check " + where + "/my_lock_correct.ini")) << r.out;
}

TEST(NewModelCli, RefusesAFolderThatIsNotEmptyAndWritesNothing) {
  testing::TempDir dir;
  const std::string where = dir.path("taken");
  fs::create_directories(where);
  std::ofstream(fs::path(where) / "notes.txt") << "mine";
  CliRun r = testing::run_captured({"new-model", "lock", "--dir", where});
  EXPECT_EQ(r.code, kExitSpec);
  expect_one_line_error(r);
  EXPECT_TRUE(has(r.err, "exists and is not an empty folder; nothing written")) << r.err;
  EXPECT_FALSE(fs::exists(fs::path(where) / "CMakeLists.txt"));
  EXPECT_EQ(read(fs::path(where) / "notes.txt"), "mine");
  // A file in the way is refused the same way; an empty folder is used.
  EXPECT_EQ(testing::run_captured({"new-model", "lock", "--dir", where + "/notes.txt"}).code,
            kExitSpec);
  fs::create_directories(dir.path("empty"));
  EXPECT_EQ(testing::run_captured({"new-model", "lock", "--dir", dir.path("empty")}).code,
            kExitHolds);
}

TEST(NewModelCli, NamesMustBeIdentifiersThatNoModelHas) {
  testing::TempDir dir;
  for (const std::string& bad :
       std::vector<std::string>{"Lock", "1lock", "lock_server", "lock--server", "lock-", "-lock",
                                "", "faultline", "paxos", std::string(41, 'a')}) {
    CliRun r = testing::run_captured({"new-model", bad, "--dir", dir.path("x")});
    EXPECT_EQ(r.code, kExitUsage) << bad;
    expect_one_line_error(r);
  }
  EXPECT_FALSE(fs::exists(dir.path("x")));
  EXPECT_EQ(testing::run_captured({"new-model"}).code, kExitUsage);
  CliRun help = testing::run_captured({"new-model", "--help"});
  EXPECT_EQ(help.code, kExitHolds);
  EXPECT_TRUE(has(help.out, "usage: faultline new-model NAME [--dir DIR]"));
}

}  // namespace
}  // namespace faultline
