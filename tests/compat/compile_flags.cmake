# The flags for compiling a file against xgrad::torch_compat with -fsyntax-only, as `flags`: from
# FLAGS_FILE, which CMakeLists.txt writes with the target's INCLUDE_DIRS and DEFINITIONS. Included by
# errors.cmake and headers.cmake.
include(${FLAGS_FILE})
set(flags -std=c++17 -fsyntax-only -fdiagnostics-color=never)
foreach(dir ${INCLUDE_DIRS})
  list(APPEND flags -I${dir})
endforeach()
foreach(definition ${DEFINITIONS})
  list(APPEND flags -D${definition})
endforeach()
