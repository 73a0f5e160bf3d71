# The SDK from the outside (ctest sdk.*): installs this build to a fresh prefix, then
# configures, builds and tests an out-of-tree project against that prefix alone, and checks
# that each of its specs (*.ini) meets its [expect] with the project's own checker (CHECKER).
# The project is EXAMPLE (a folder with its own CMakeLists.txt using find_package(faultline)),
# or with SCAFFOLD=NAME the one the installed `faultline new-model NAME` writes. Anything the
# project needs that the install lacks fails a step here.
# Usage: cmake -DBUILD_DIR=... (-DEXAMPLE=... | -DSCAFFOLD=...) -DCHECKER=... -DWORK=...
#        -DVERSION=... -P build_example.cmake
foreach(var BUILD_DIR CHECKER WORK VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "build_example.cmake: -D${var}=... is required")
  endif()
endforeach()

function(step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK})
set(prefix ${WORK}/prefix)
step("install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
if(DEFINED SCAFFOLD)
  set(EXAMPLE ${WORK}/${SCAFFOLD})
  step("new-model" ${prefix}/bin/faultline new-model ${SCAFFOLD} --dir ${EXAMPLE})
  message(STATUS "${step_output}")
  execute_process(COMMAND ${prefix}/bin/faultline new-model ${SCAFFOLD} --dir ${EXAMPLE}
    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(NOT rc EQUAL 3)
    message(FATAL_ERROR "new-model over a non-empty folder exited ${rc}, expected 3")
  endif()
elseif(NOT DEFINED EXAMPLE)
  message(FATAL_ERROR "build_example.cmake: -DEXAMPLE=... or -DSCAFFOLD=... is required")
endif()
string(TIMESTAMP start "%s")
step("configure ${EXAMPLE}" ${CMAKE_COMMAND} -S ${EXAMPLE} -B ${WORK}/build
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
step("build ${EXAMPLE}" ${CMAKE_COMMAND} --build ${WORK}/build --parallel 1)
string(TIMESTAMP end "%s")
math(EXPR seconds "${end} - ${start}")
message(STATUS "configured and built ${EXAMPLE} against the install in ${seconds} s")
step("the example's tests" ${CMAKE_CTEST_COMMAND} --test-dir ${WORK}/build --output-on-failure)

file(GLOB specs ${EXAMPLE}/*.ini)
if(NOT specs)
  message(FATAL_ERROR "${EXAMPLE} has no spec files")
endif()
foreach(spec ${specs})
  execute_process(COMMAND ${WORK}/build/${CHECKER} check ${spec} --no-progress
    OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT out MATCHES "\nexpect: met")
    message(FATAL_ERROR "${CHECKER} check ${spec}: [expect] not met:\n${out}${err}")
  endif()
  message(STATUS "${spec}: expect met")
endforeach()
step("--version" ${WORK}/build/${CHECKER} --version)
if(NOT step_output MATCHES "^faultline ${VERSION}\n$")
  message(FATAL_ERROR "${CHECKER} --version printed '${step_output}', expected faultline ${VERSION}")
endif()
file(REMOVE_RECURSE ${WORK})
