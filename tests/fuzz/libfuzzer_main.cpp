// One fuzz target (FAULTLINE_FUZZ_TARGET, a function of fuzz_targets.hpp) as a libFuzzer
// binary: built with Clang's -fsanitize=fuzzer by tests/fuzz/CMakeLists.txt.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  faultline::fuzz::FAULTLINE_FUZZ_TARGET(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
