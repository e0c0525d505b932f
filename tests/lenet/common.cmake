# Helpers of the LeNet tests (included by run.cmake, resume.cmake, errors.cmake). Set by CMakeLists.txt:
# LENET and MAKE_DATA (the executables), WORK_DIR (emptied here).
file(REMOVE_RECURSE ${WORK_DIR})
unset(ENV{XGRAD_PROGRAM_NAME})  # the messages name lenet, whatever the caller's environment
file(MAKE_DIRECTORY ${WORK_DIR})

# A synthetic MNIST-format folder WORK_DIR/<name> with train_count / test_count images.
# Extra arguments go to make_synthetic_mnist after the counts (raw|gz, then the image side).
function(make_data name train_count test_count)
  execute_process(COMMAND ${MAKE_DATA} ${WORK_DIR}/${name} ${train_count} ${test_count} ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "make_synthetic_mnist failed (${result})")
  endif()
endfunction()

# Runs lenet with the arguments after `expected_result` (one thread, so that runs are alike
# whatever the machine); fails unless it exits with expected_result. Its stdout and stderr are left
# in LENET_OUT and LENET_ERR.
function(run_lenet expected_result)
  execute_process(COMMAND ${LENET} --threads 1 ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  if(NOT "${result}" STREQUAL "${expected_result}")
    message(FATAL_ERROR "lenet ${ARGN}: exit ${result}, expected ${expected_result}\n${out}\n${err}")
  endif()
  set(LENET_OUT "${out}" PARENT_SCOPE)
  set(LENET_ERR "${err}" PARENT_SCOPE)
endfunction()

# Fails unless text matches the regular expression; the groups are left in CMAKE_MATCH_1..3.
function(expect_match text regex what)
  if(NOT text MATCHES "${regex}")
    message(FATAL_ERROR "${what}: no match for '${regex}' in:\n${text}")
  endif()
  foreach(group 1 2 3)
    set(CMAKE_MATCH_${group} "${CMAKE_MATCH_${group}}" PARENT_SCOPE)
  endforeach()
endfunction()
