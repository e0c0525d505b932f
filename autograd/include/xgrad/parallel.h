#pragma once
// The number of threads xgrad's kernels use, as libtorch's torch::set_num_threads / get_num_threads.
// Today that is the BLAS's threads (OpenBLAS: the matrix products and convolutions).

namespace xgrad {

/// Sets the number of threads; n must be positive.
void set_num_threads(int n);
/// The number of threads in use.
int get_num_threads();

}  // namespace xgrad
