# linear_regression must recover theta = (1.5, 2, 5) to within 0.2 and bring the mean squared error
# down to about the noise's variance (0.1^2).
include(${CMAKE_CURRENT_LIST_DIR}/check.cmake)
run_example(output ${EXAMPLE})
set(number "(-?[0-9]+\\.[0-9]+)")
expect_number("${output}" "theta: ${number}" 1.3 1.7)
expect_number("${output}" "theta: [^ ]+ ${number}" 1.8 2.2)
expect_number("${output}" "theta: [^ ]+ [^ ]+ ${number}" 4.8 5.2)
expect_number("${output}" "step 100  loss ${number}" 0 0.02)
