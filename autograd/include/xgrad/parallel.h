#pragma once
// The number of threads xgrad's kernels use, as libtorch's torch::set_num_threads / get_num_threads.
// xgrad's kernels split their work over OpenMP threads (convolutions and pooling over the batch,
// elementwise ops over the elements, large matrix products over rows); the BLAS always runs one
// thread inside each, so the two never oversubscribe the cores. The default is OpenMP's (the number
// of cores, or OMP_NUM_THREADS).

namespace xgrad {

/// Sets the number of threads; n must be positive.
void set_num_threads(int n);
/// The number of threads in use.
int get_num_threads();

}  // namespace xgrad
