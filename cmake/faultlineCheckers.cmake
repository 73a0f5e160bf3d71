# Building checkers of one's own against an installed faultline (docs/writing-a-model.md).
#
# faultline_add_checker(NAME SOURCES file...): an executable with the whole CLI (check,
# replay, graph, simulate, list, describe) over your models and the built-in ones. Your main()
# calls faultline::run_cli(argc, argv, {your_model_info(), ...}) (cli/cli.hpp).
#
# faultline_add_model_test(NAME SOURCES file...): a GoogleTest executable with the model
# contracts (testing/model_contracts.hpp), registered with ctest.
function(faultline_add_checker name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "faultline_add_checker(${name}): no SOURCES given")
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE faultline::sdk)
  _faultline_optimize(${name})
endfunction()

function(faultline_add_model_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "faultline_add_model_test(${name}): no SOURCES given")
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE faultline::sdk faultline::testing GTest::gtest_main)
  _faultline_optimize(${name})
  add_test(NAME ${name} COMMAND ${name})
endfunction()

# The engine is a template instantiated for your model: without optimization it explores about
# ten times slower, so a project without a build type gets -O2.
function(_faultline_optimize target)
  if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    target_compile_options(${target} PRIVATE -O2)
  endif()
endfunction()
