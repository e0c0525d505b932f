# The readme_*_sync tests (cmake -P): the README ```cpp block that follows the comment naming
# SOURCE's file must be SOURCE's whole text, so the program README shows is the one CTest builds
# and runs. Set by tests/CMakeLists.txt: README, SOURCE, TEST (the test's name, as the comment says it).
file(READ "${README}" readme)
file(READ "${SOURCE}" source)
get_filename_component(name "${SOURCE}" NAME)
string(FIND "${readme}" "${name}; the ${TEST} test checks it. -->\n```cpp\n" start)
if(start EQUAL -1)
  message(FATAL_ERROR "${TEST}: no block marked for ${name} in ${README}")
endif()
string(SUBSTRING "${readme}" ${start} -1 readme)
string(FIND "${readme}" "```cpp\n" start)
math(EXPR start "${start} + 7")
string(SUBSTRING "${readme}" ${start} -1 readme)
string(FIND "${readme}" "```\n" end)
string(SUBSTRING "${readme}" 0 ${end} block)
if(NOT block STREQUAL source)
  file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/readme_block.txt" "${block}")
  message(FATAL_ERROR "${TEST}: README.md's block and ${SOURCE} differ; "
                      "compare ${CMAKE_CURRENT_BINARY_DIR}/readme_block.txt with it")
endif()
