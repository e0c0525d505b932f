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

# The command lines (examples/cli): both helpers name the program by its file name, as it does itself.
unset(ENV{XGRAD_PROGRAM_NAME})  # a wrapper's name would replace it

# `program -h` and `program --help` exit with 0 and print the usage text, "usage: <name> [options]"
# first, on stdout alone. The text is left in HELP.
function(expect_help program)
  get_filename_component(name "${program}" NAME)
  foreach(flag -h --help)
    execute_process(COMMAND ${program} ${flag} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE result)
    if(NOT result EQUAL 0 OR NOT err STREQUAL "" OR NOT out MATCHES "^usage: ${name} \\[options\\]\n")
      message(FATAL_ERROR "`${name} ${flag}` exited with ${result}, printed\n${out}\nand on stderr\n${err}")
    endif()
  endforeach()
  set(HELP "${out}" PARENT_SCOPE)
endfunction()

# Runs program with the arguments after message; fails unless it exits with 2, printing nothing on stdout
# and exactly "<name>: <message> (see <name> --help)" on stderr.
function(expect_usage_error program message)
  get_filename_component(name "${program}" NAME)
  execute_process(COMMAND ${program} ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE result)
  set(expected "${name}: ${message} (see ${name} --help)\n")
  if(NOT result EQUAL 2 OR NOT out STREQUAL "" OR NOT err STREQUAL expected)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "`${name} ${command}` exited with ${result}, expected 2; stderr\n${err}\nexpected\n${expected}")
  endif()
endfunction()
