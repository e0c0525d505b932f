# compat_headers: every libtorch header path in tests/compat/headers.txt (scripts/compat_headers.py's
# table) resolves to compat/ and does what the table says:
#   provided   all of them together compile
#   missing    `#include <it>` stops with one #error naming the header and the feature xgrad lacks,
#              then the fatal include that ends the compilation: no further diagnostics
#   sentinel   likewise, with the message that a libtorch header xgrad does not provide was reached
# With libtorch's headers on this machine (Debian's libtorch-dev), also: each header of its C++ API
# is in the table, and including one of libtorch's own internal headers stops at a sentinel instead
# of silently compiling libtorch's code. Set by CMakeLists.txt: CXX_COMPILER, COMPAT_DIR, LIST,
# WORK_DIR, FLAGS_FILE (INCLUDE_DIRS and DEFINITIONS of xgrad::torch_compat).
cmake_policy(SET CMP0057 NEW)  # if(IN_LIST)
include(${CMAKE_CURRENT_LIST_DIR}/compile_flags.cmake)
file(MAKE_DIRECTORY ${WORK_DIR})

# Compiles `source_text`; sets `diagnostics` and `result` in the caller.
function(compile name source_text)
  file(WRITE ${WORK_DIR}/${name}.cpp "${source_text}")
  execute_process(COMMAND ${CXX_COMPILER} ${flags} ${WORK_DIR}/${name}.cpp RESULT_VARIABLE code
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(diagnostics "${out}${err}" PARENT_SCOPE)
  set(result ${code} PARENT_SCOPE)
endfunction()

# Fails unless including `header` stops at one #error carrying `expected`, and nothing after it.
function(expect_stop header expected)
  string(MAKE_C_IDENTIFIER "${header}" name)
  compile(${name} "#include <${header}>\nint main() { return 0; }\n")
  string(REGEX MATCHALL "[0-9]: (fatal )?error: " errors "${diagnostics}")
  list(LENGTH errors error_count)
  string(FIND "${diagnostics}" "${expected}" at)
  if(result EQUAL 0 OR at EQUAL -1 OR NOT error_count EQUAL 2 OR NOT diagnostics MATCHES "xgrad stops the compilation here")
    message(FATAL_ERROR "<${header}>: wanted its #error with \"${expected}\" and the stop, got:\n${diagnostics}")
  endif()
endfunction()

file(STRINGS ${LIST} lines REGEX "^[a-z]+ ")
set(provided_source "")
set(count 0)
foreach(line IN LISTS lines)
  string(REPLACE " " ";" fields "${line}")
  list(GET fields 0 kind)
  list(GET fields 1 header)
  list(APPEND table ${header})
  if(NOT EXISTS ${COMPAT_DIR}/${header})
    message(FATAL_ERROR "compat/${header} is in the table but not written: run scripts/compat_headers.py")
  endif()
  if(kind STREQUAL "provided")
    string(APPEND provided_source "#include <${header}>\n")
  elseif(kind STREQUAL "missing")
    expect_stop(${header} "xgrad does not provide <${header}>: ")
  else()
    expect_stop(${header} "it reached <${header}>")
  endif()
  math(EXPR count "${count} + 1")
endforeach()
compile(all_provided "${provided_source}int main() { torch::Tensor t = torch::ones({2}); return t.numel() == 2 ? 0 : 1; }\n")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "the provided headers do not compile together:\n${diagnostics}")
endif()

set(libtorch_api /usr/include/torch/csrc/api/include/torch)
if(EXISTS ${libtorch_api}/torch.h)
  file(GLOB_RECURSE libtorch_headers RELATIVE ${libtorch_api} ${libtorch_api}/*.h)
  foreach(header ${libtorch_headers})
    if(NOT "torch/${header}" IN_LIST table)
      message(FATAL_ERROR "libtorch's <torch/${header}> is not in scripts/compat_headers.py's table")
    endif()
  endforeach()
  expect_stop(torch/csrc/autograd/variable.h "it reached <c10/macros/")
  message(STATUS "and libtorch's ${libtorch_api}: all its headers are in the table")
endif()
message(STATUS "${count} header paths checked")
