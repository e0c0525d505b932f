# Helpers for the examples' test scripts (included by tests/examples/*.cmake): run a program, then
# check its standard output with regular expressions.

# Runs the command given after output_var and sets output_var to its standard output; the test fails
# unless the command exits with 0. The output is echoed, so `ctest -V` shows it.
function(run_example output_var)
  execute_process(COMMAND ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE result)
  message("${out}")
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "`${ARGN}` failed (${result}):\n${err}")
  endif()
  set(${output_var} "${out}" PARENT_SCOPE)
endfunction()

function(expect_match output regex)
  if(NOT output MATCHES "${regex}")
    message(FATAL_ERROR "expected the output to match `${regex}`")
  endif()
endfunction()

# The number matched by the first group of regex lies in [low, high]. The group should match only
# digits, sign and point, so that "nan" or "inf" fails to match instead of slipping past the comparison.
function(expect_number output regex low high)
  if(NOT output MATCHES "${regex}")
    message(FATAL_ERROR "expected the output to match `${regex}`")
  endif()
  set(value "${CMAKE_MATCH_1}")
  if(value LESS low OR value GREATER high)
    message(FATAL_ERROR "`${regex}` gave ${value}, expected a value in [${low}, ${high}]")
  endif()
endfunction()
