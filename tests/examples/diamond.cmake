# diamond must classify at least 97% of its 500 training points, and nearly as many new ones.
include(${CMAKE_CURRENT_LIST_DIR}/check.cmake)
run_example(output ${EXAMPLE})
expect_number("${output}" "training accuracy: ([0-9.]+)%" 97 100)
expect_number("${output}" "accuracy on 2000 new points: ([0-9.]+)%" 95 100)
