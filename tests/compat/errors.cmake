# compat_error_<name>: tests/compat/errors/<name>.cpp, a libtorch program with a common mistake on the
# line marked `// ERROR`, must fail to compile against xgrad with an error a user can read: at most
# MAX_LINES lines in all, the first error reported at the marked line, and the word Tensor (what the
# program should have passed). Set by CMakeLists.txt: CXX_COMPILER, SOURCE, and FLAGS_FILE (which sets
# INCLUDE_DIRS and DEFINITIONS, those of xgrad::torch_compat).
set(MAX_LINES 40)
include(${CMAKE_CURRENT_LIST_DIR}/compile_flags.cmake)

file(STRINGS ${SOURCE} source_lines)
set(line_number 0)
set(marked_line "")
foreach(line IN LISTS source_lines)
  math(EXPR line_number "${line_number} + 1")
  if(line MATCHES "// ERROR")
    set(marked_line ${line_number})
  endif()
endforeach()
if(NOT marked_line)
  message(FATAL_ERROR "${SOURCE} has no line marked // ERROR")
endif()

execute_process(COMMAND ${CXX_COMPILER} ${flags} ${SOURCE} RESULT_VARIABLE result OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
set(diagnostics "${out}${err}")
if(result EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled; it should not")
endif()

string(REGEX MATCHALL "\n" newlines "${diagnostics}")
list(LENGTH newlines line_count)
message(STATUS "${SOURCE}: ${line_count} lines of diagnostics")
if(line_count GREATER MAX_LINES)
  message(FATAL_ERROR "${line_count} lines of diagnostics (at most ${MAX_LINES} wanted):\n${diagnostics}")
endif()
string(REGEX MATCH "[^\n]*error:[^\n]*" first_error "${diagnostics}")
string(FIND "${first_error}" "${SOURCE}:${marked_line}:" at)
if(NOT at EQUAL 0)
  message(FATAL_ERROR "the first error is not at ${SOURCE}:${marked_line}:\n${diagnostics}")
endif()
if(NOT diagnostics MATCHES "Tensor")
  message(FATAL_ERROR "the diagnostics do not mention Tensor:\n${diagnostics}")
endif()
