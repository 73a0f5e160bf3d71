// Parameters for the tests that run once per spec file: the specs in specs/ (sorted) and a
// test name made from a spec's file name.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

namespace faultline::testing {

inline std::vector<std::string> spec_files() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(FAULTLINE_SOURCE_DIR "/specs"))
    if (e.path().extension() == ".ini") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// "specs/paxos_correct.ini" -> "paxos_correct"
inline std::string spec_test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = std::filesystem::path(info.param).stem().string();
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(c); }, '_');
  return name;
}

}  // namespace faultline::testing
