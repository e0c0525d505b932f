# The checkpoint_resume test (cmake -P): N steps straight must give bit-identical parameters to
# N/2 steps, save, and N/2 more in a fresh process after loading. Set by tests/CMakeLists.txt:
# RESUME (the executable), WORK_DIR.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
foreach(mode straight first second)
  execute_process(COMMAND ${RESUME} ${mode} ${WORK_DIR} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "resume ${mode} failed (${result})")
  endif()
endforeach()
file(SHA256 ${WORK_DIR}/straight.ckpt straight)
file(SHA256 ${WORK_DIR}/resumed.ckpt resumed)
if(NOT straight STREQUAL resumed)
  message(FATAL_ERROR "training resumed from a checkpoint differs from training straight through")
endif()
