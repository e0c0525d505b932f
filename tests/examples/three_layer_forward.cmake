# three_layer_forward's output for x = [1.0, 0.5], to 8 decimals (the values NumPy gives in float64).
include(${CMAKE_CURRENT_LIST_DIR}/check.cmake)
run_example(output ${EXAMPLE})
expect_match("${output}" "y = \\[0\\.31682708, 0\\.69627909\\]")
