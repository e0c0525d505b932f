# mlp's and cnn's command line (mnist_training.h): --help, and each bad command line's exact message and
# exit code 2, before any data is read.
include(${CMAKE_CURRENT_LIST_DIR}/check.cmake)
expect_help(${EXAMPLE})
expect_match("${HELP}" "\n  --epochs N +training epochs \\(default 1\\)\n")
expect_match("${HELP}" "\n  --max-steps N +stop after N training batches in all \\(default: no limit\\)\n")

expect_usage_error(${EXAMPLE} "unknown option '--bogus'" --bogus)
expect_usage_error(${EXAMPLE} "unexpected argument 'extra'" --epochs 1 extra)
expect_usage_error(${EXAMPLE} "--epochs expects an integer >= 1, got 'abc'" --epochs abc)
expect_usage_error(${EXAMPLE} "--epochs expects an integer >= 1, got '0'" --epochs 0)
expect_usage_error(${EXAMPLE} "--epochs expects an integer >= 1, got '-2'" --epochs=-2)
expect_usage_error(${EXAMPLE} "--epochs expects an integer >= 1, got '1e3'" --epochs 1e3)
expect_usage_error(${EXAMPLE} "--epochs expects an integer >= 1, got '99999999999999999999'" --epochs 99999999999999999999)
expect_usage_error(${EXAMPLE} "--max-steps expects an integer >= 1, got '0'" --max-steps 0)
expect_usage_error(${EXAMPLE} "--max-steps expects an integer >= 1, got '-1'" --max-steps -1)  # no magic -1
expect_usage_error(${EXAMPLE} "--epochs needs a value" --epochs --data x)
expect_usage_error(${EXAMPLE} "--max-steps needs a value" --max-steps)
expect_usage_error(${EXAMPLE} "--data needs a value" --data=)
expect_usage_error(${EXAMPLE} "--data needs a value" --data --epochs 1)

# The name a wrapper passes replaces the program's own.
set(ENV{XGRAD_PROGRAM_NAME} scripts/train.sh)
execute_process(COMMAND ${EXAMPLE} --epochs 0 ERROR_VARIABLE err RESULT_VARIABLE result)
if(NOT result EQUAL 2 OR NOT err STREQUAL
   "scripts/train.sh: --epochs expects an integer >= 1, got '0' (see scripts/train.sh --help)\n")
  message(FATAL_ERROR "XGRAD_PROGRAM_NAME=scripts/train.sh: exit ${result}\n${err}")
endif()
