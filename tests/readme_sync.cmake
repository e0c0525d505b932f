# The readme_example_sync test (cmake -P): README.md's example and its copy in tests/test_readme.cpp
# must be the same text, but for README's `int main() {`, which is the TEST_CASE line in the test.
# Set by tests/CMakeLists.txt: README, TEST_SOURCE.
file(READ "${README}" readme)
file(READ "${TEST_SOURCE}" test)

# README: the ```cpp block after the keep-identical comment, without main's closing brace.
string(FIND "${readme}" "readme_example_sync test checks it. -->\n```cpp\n" start)
if(start EQUAL -1)
  message(FATAL_ERROR "readme_example_sync: no example block in ${README}")
endif()
string(SUBSTRING "${readme}" ${start} -1 readme)
string(FIND "${readme}" "```cpp\n" start)
math(EXPR start "${start} + 7")
string(SUBSTRING "${readme}" ${start} -1 readme)
string(FIND "${readme}" "}\n```" end)
string(SUBSTRING "${readme}" 0 ${end} readme_example)
string(REPLACE "int main() {\n" "TEST_CASE(\"README example\") {\n" readme_example "${readme_example}")

# The test: the text between the markers.
set(begin_marker "// README example: begin\n")
string(FIND "${test}" "${begin_marker}" start)
string(FIND "${test}" "// README example: end\n" end)
if(start EQUAL -1 OR end EQUAL -1)
  message(FATAL_ERROR "readme_example_sync: no README example markers in ${TEST_SOURCE}")
endif()
string(LENGTH "${begin_marker}" length)
math(EXPR start "${start} + ${length}")
math(EXPR length "${end} - ${start}")
string(SUBSTRING "${test}" ${start} ${length} test_example)

if(NOT readme_example STREQUAL test_example)
  file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/readme_example.txt" "${readme_example}")
  file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/test_readme_example.txt" "${test_example}")
  message(FATAL_ERROR "readme_example_sync: README.md's example and tests/test_readme.cpp differ; "
                      "compare ${CMAKE_CURRENT_BINARY_DIR}/readme_example.txt and test_readme_example.txt")
endif()
message(STATUS "readme_example_sync: README.md's example and tests/test_readme.cpp agree")
