# Runs a command and checks its exit code and output (ctest can check one or the other, not
# both). Usage:
#   cmake -DCMD=<command, arguments separated by @@> -DEXIT_CODE=<n>
#         -DMATCH=<regexes separated by @@, each must match stdout+stderr> -P expect_run.cmake
string(REPLACE "@@" ";" command "${CMD}")
execute_process(COMMAND ${command} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(all "${out}${err}")
if(NOT rc EQUAL EXIT_CODE)
  message(FATAL_ERROR "exit code ${rc}, expected ${EXIT_CODE}\n${all}")
endif()
string(REPLACE "@@" ";" patterns "${MATCH}")
foreach(pattern IN LISTS patterns)
  if(NOT all MATCHES "${pattern}")
    message(FATAL_ERROR "output does not match '${pattern}'\n${all}")
  endif()
endforeach()
message(STATUS "exit code ${rc} and output as expected")
