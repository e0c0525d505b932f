# autograd_basics: libtorch's node names for each step, d(mean(3 (x + 2)^2))/dx = 4.5 at x = 1 in all
# four places, and no graph under NoGradGuard or after detach().
include(${CMAKE_CURRENT_LIST_DIR}/check.cmake)
run_example(output ${EXAMPLE})
expect_match("${output}" "y.grad_fn: AddBackward1\n")
expect_match("${output}" "y \\* y, grad_fn: MulBackward0\n")
expect_match("${output}" "z.grad_fn: MulBackward1\n")
expect_match("${output}" "out.grad_fn: MeanBackward0\n")
expect_match("${output}" "x is a leaf: true\n")
expect_match("${output}" "out.backward\\(\\):\n 4\\.5000  4\\.5000\n 4\\.5000  4\\.5000\n")
expect_match("${output}" "under NoGradGuard, \\(x \\* 2\\).requires_grad\\(\\): false\n")
expect_match("${output}" "outside it again, \\(x \\* 2\\).requires_grad\\(\\): true\n")
expect_match("${output}" "x.detach\\(\\).requires_grad\\(\\): false, same values: true\n")
