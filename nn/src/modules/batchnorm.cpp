// BatchNorm1d, BatchNorm2d (nn/include/xgrad/nn/modules/batchnorm.h).
//
// Training, per channel c over the N * spatial values x of the batch:
//   y = (x - mean) / sqrt(var_biased + eps) * weight[c] + bias[c]
//   running_mean = (1 - f) * running_mean + f * mean,  running_var likewise with var_unbiased,
//   f = momentum, or 1 / num_batches_tracked when momentum is unset (the cumulative average).
// Eval (with track_running_stats): y = (x - running_mean) / sqrt(running_var + eps) * weight + bias.
#include <ostream>

#include <xgrad/functions.h>
#include <xgrad/nn/init.h>
#include <xgrad/nn/modules/batchnorm.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace nn {

using xgrad::detail::shape_str;

template <size_t D, typename Derived>
BatchNormImplBase<D, Derived>::BatchNormImplBase(const BatchNormOptions& options_)
    : Cloneable<Derived>("xgrad::nn::BatchNorm" + std::to_string(D) + "dImpl"), options(options_) {
  reset();
}

template <size_t D, typename Derived>
std::string BatchNormImplBase<D, Derived>::describe() const {
  return fmt::format("BatchNorm{}d(num_features={})", D, options.num_features());
}

template <size_t D, typename Derived>
void BatchNormImplBase<D, Derived>::reset() {
  XGRAD_CHECK(options.num_features() > 0, "{}: num_features must be positive", describe());
  const int64_t c = options.num_features();
  if (options.affine()) {
    weight = this->register_parameter("weight", xgrad::empty({c}));
    bias = this->register_parameter("bias", xgrad::empty({c}));
  } else {
    weight = this->register_parameter("weight", Tensor(), /*requires_grad=*/false);
    bias = this->register_parameter("bias", Tensor(), /*requires_grad=*/false);
  }
  if (options.track_running_stats()) {
    running_mean = this->register_buffer("running_mean", xgrad::zeros({c}));
    running_var = this->register_buffer("running_var", xgrad::ones({c}));
    num_batches_tracked = this->register_buffer("num_batches_tracked", xgrad::zeros({}, kLong));
  } else {
    running_mean = this->register_buffer("running_mean", Tensor());
    running_var = this->register_buffer("running_var", Tensor());
    num_batches_tracked = this->register_buffer("num_batches_tracked", Tensor());
  }
  reset_parameters();
}

template <size_t D, typename Derived>
void BatchNormImplBase<D, Derived>::reset_running_stats() {
  if (!options.track_running_stats()) return;
  NoGradGuard no_grad;
  running_mean.zero_();
  running_var.fill_(1);
  num_batches_tracked.zero_();
}

template <size_t D, typename Derived>
void BatchNormImplBase<D, Derived>::reset_parameters() {
  reset_running_stats();
  if (options.affine()) {
    init::ones_(weight);
    init::zeros_(bias);
  }
}

template <size_t D, typename Derived>
void BatchNormImplBase<D, Derived>::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "xgrad::nn::BatchNorm" << D << "d(" << options.num_features() << ", eps=" << options.eps()
         << ", momentum=";
  if (options.momentum())
    stream << *options.momentum();
  else
    stream << "None";
  stream << ", affine=" << options.affine() << ", track_running_stats=" << options.track_running_stats() << ")";
}

template <size_t D, typename Derived>
Tensor BatchNormImplBase<D, Derived>::forward(const Tensor& input) {
  _check_input_dim(input);
  XGRAD_CHECK(input.size(1) == options.num_features(), "{}: expected input with {} channels (dim 1), got {}",
              describe(), options.num_features(), shape_str(input.sizes()));
  double factor = options.momentum().value_or(0.0);
  if (this->is_training() && options.track_running_stats()) {
    num_batches_tracked.add_(1);
    if (!options.momentum()) factor = 1.0 / num_batches_tracked.template item<double>();
  }
  return functional::detail::batch_norm(input, running_mean, running_var, weight, bias,
                                        this->is_training() || !options.track_running_stats(), factor, options.eps());
}

template class BatchNormImplBase<1, BatchNorm1dImpl>;
template class BatchNormImplBase<2, BatchNorm2dImpl>;

void BatchNorm1dImpl::_check_input_dim(const Tensor& input) {
  XGRAD_CHECK(input.dim() == 2 || input.dim() == 3, "{}: expected 2D or 3D input [N, {}] or [N, {}, L], got {}",
              describe(), options.num_features(), options.num_features(), shape_str(input.sizes()));
}

void BatchNorm2dImpl::_check_input_dim(const Tensor& input) {
  XGRAD_CHECK(input.dim() == 4, "{}: expected 4D input [N, {}, H, W], got {}", describe(), options.num_features(),
              shape_str(input.sizes()));
}

}  // namespace nn
}  // namespace xgrad
