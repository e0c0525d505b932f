# An example without options (logic_gates, ...): -h/--help prints its usage, any argument else is an error.
include(${CMAKE_CURRENT_LIST_DIR}/check.cmake)
expect_help(${EXAMPLE})
expect_match("${HELP}" "\n  -h,--help +this text\n$")
expect_usage_error(${EXAMPLE} "unknown option '--bogus'" --bogus)
expect_usage_error(${EXAMPLE} "unknown option '--epochs'" --epochs=3)
expect_usage_error(${EXAMPLE} "unknown option '-v'" -v)
expect_usage_error(${EXAMPLE} "unexpected argument 'extra'" extra)
