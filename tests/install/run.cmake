# The install_consumer and subdirectory_consumer tests (cmake -P): configure, build and run
# tests/install as a user project would, against
#   - a fresh `cmake --install` of this build into a prefix under the build tree (by default), or
#   - xgrad's source tree through add_subdirectory (when XGRAD_SOURCE_DIR is set).
# Set by tests/CMakeLists.txt: XGRAD_BINARY_DIR, CONSUMER_SOURCE_DIR, WORK_DIR, BUILD_TYPE,
# CXX_COMPILER, CXX_COMPILER_LAUNCHER, CXX_FLAGS, and XGRAD_SOURCE_DIR for the second route.
function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " command "${ARGV}")
    message(FATAL_ERROR "`${command}` failed (${rc})")
  endif()
endfunction()

# From scratch each time, so that nothing stale can hide a missing file.
file(REMOVE_RECURSE "${WORK_DIR}")
if(XGRAD_SOURCE_DIR)
  set(route "-DXGRAD_SOURCE_DIR=${XGRAD_SOURCE_DIR}")
else()
  run("${CMAKE_COMMAND}" --install "${XGRAD_BINARY_DIR}" --prefix "${WORK_DIR}/prefix")
  set(route "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix")
endif()
run("${CMAKE_COMMAND}" -S "${CONSUMER_SOURCE_DIR}" -B "${WORK_DIR}/build" "${route}"
    "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
    "-DCMAKE_CXX_COMPILER_LAUNCHER=${CXX_COMPILER_LAUNCHER}" "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
cmake_host_system_information(RESULT cores QUERY NUMBER_OF_LOGICAL_CORES)
run("${CMAKE_COMMAND}" --build "${WORK_DIR}/build" -j${cores})
run("${WORK_DIR}/build/app")
run("${WORK_DIR}/build/torch_app")
