// Identity, Linear, Flatten, Unflatten (nn/include/xgrad/nn/modules/linear.h).
//
// Linear: x [*, in] -> x W^T + b [*, out]; W [out, in] starts kaiming_uniform_(a = sqrt(5)), which is
// U(-1/sqrt(in), 1/sqrt(in)), and b U(-1/sqrt(in), 1/sqrt(in)), as PyTorch.
// Flatten is a view where the input's strides allow it (else a copy); Unflatten is a view.
#include <cmath>
#include <ostream>

#include <xgrad/functions.h>
#include <xgrad/nn/init.h>
#include <xgrad/nn/modules/linear.h>
#include <xgrad/internal/check.h>
#include <xgrad/internal/size_math.h>

namespace xgrad {
namespace nn {

using xgrad::detail::shape_str;

IdentityImpl::IdentityImpl() : Cloneable("xgrad::nn::IdentityImpl") {}

void IdentityImpl::reset() {}

void IdentityImpl::pretty_print(std::ostream& stream) const { stream << "xgrad::nn::Identity()"; }

Tensor IdentityImpl::forward(const Tensor& input) { return input; }

LinearImpl::LinearImpl(const LinearOptions& options_) : Cloneable("xgrad::nn::LinearImpl"), options(options_) {
  reset();
}

void LinearImpl::reset() {
  XGRAD_CHECK(options.in_features() >= 0 && options.out_features() >= 0,
              "Linear: in_features and out_features must be non-negative, got in_features={}, out_features={}",
              options.in_features(), options.out_features());
  xgrad::detail::checked_numel({options.out_features(), options.in_features()}, "Linear");  // the weight's shape
  weight = register_parameter("weight", xgrad::empty({options.out_features(), options.in_features()}));
  bias = options.bias() ? register_parameter("bias", xgrad::empty({options.out_features()}))
                        : register_parameter("bias", Tensor(), /*requires_grad=*/false);
  reset_parameters();
}

void LinearImpl::reset_parameters() {
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (bias.defined()) {
    const int64_t fan_in = std::get<0>(init::_calculate_fan_in_and_fan_out(weight));
    const double bound = fan_in > 0 ? 1.0 / std::sqrt(static_cast<double>(fan_in)) : 0.0;
    init::uniform_(bias, -bound, bound);
  }
}

void LinearImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "xgrad::nn::Linear(in_features=" << options.in_features()
         << ", out_features=" << options.out_features() << ", bias=" << options.bias() << ")";
}

Tensor LinearImpl::forward(const Tensor& input) {
  XGRAD_CHECK(input.dim() >= 1 && input.size(-1) == options.in_features(),
              "Linear(in_features={}, out_features={}): expected input with last dim {}, got {}", options.in_features(),
              options.out_features(), options.in_features(), shape_str(input.sizes()));
  XGRAD_CHECK(input.scalar_type() == weight.scalar_type(),
              "Linear(in_features={}, out_features={}): expected input of dtype {} (the weight's), got {}; convert "
              "the input with .to() or the module with ->to()",
              options.in_features(), options.out_features(), toString(weight.scalar_type()),
              toString(input.scalar_type()));
  return functional::linear(input, weight, bias);
}

FlattenImpl::FlattenImpl(const FlattenOptions& options_) : Cloneable("xgrad::nn::FlattenImpl"), options(options_) {}

void FlattenImpl::reset() {}

void FlattenImpl::pretty_print(std::ostream& stream) const {
  stream << "xgrad::nn::Flatten(start_dim=" << options.start_dim() << ", end_dim=" << options.end_dim() << ")";
}

Tensor FlattenImpl::forward(const Tensor& input) { return input.flatten(options.start_dim(), options.end_dim()); }

UnflattenImpl::UnflattenImpl(UnflattenOptions options_)
    : Cloneable("xgrad::nn::UnflattenImpl"), options(std::move(options_)) {}

void UnflattenImpl::reset() {}

void UnflattenImpl::pretty_print(std::ostream& stream) const {
  stream << "xgrad::nn::Unflatten(dim=" << options.dim() << ", unflattened_size={";
  const auto& sizes = options.sizes();
  for (size_t i = 0; i < sizes.size(); ++i) stream << (i ? ", " : "") << sizes[i];
  stream << "})";
}

Tensor UnflattenImpl::forward(const Tensor& input) {
  const auto describe = [&] {
    return fmt::format("Unflatten(dim={}, unflattened_size={{{}}})", options.dim(), fmt::join(options.sizes(), ", "));
  };
  XGRAD_CHECK(options.dim() >= -input.dim() && options.dim() < input.dim(), "{}: dim {} out of range for input {}",
              describe(), options.dim(), shape_str(input.sizes()));
  const int64_t dim = options.dim() < 0 ? options.dim() + input.dim() : options.dim();
  const auto& sizes = options.sizes();
  std::vector<int64_t> given;  // the sizes but the -1
  for (int64_t s : sizes) {
    XGRAD_CHECK(s >= 0 || s == -1, "{}: sizes must be non-negative or -1", describe());
    if (s != -1) given.push_back(s);
  }
  const size_t inferred = sizes.size() - given.size();
  const std::optional<int64_t> product = xgrad::detail::numel_of(given);
  XGRAD_CHECK(product, "{}: unflattened_size {} is too large (its product overflows int64)", describe(),
              shape_str(sizes));
  const int64_t known = *product, size = input.size(dim);
  XGRAD_CHECK(!sizes.empty() && inferred <= 1 && (inferred == 0 ? known == size : known != 0 && size % known == 0),
              "{}: unflattened_size does not multiply to the size {} of dim {} of input {}", describe(), size, dim,
              shape_str(input.sizes()));
  std::vector<int64_t> shape(input.sizes().begin(), input.sizes().begin() + dim);
  shape.insert(shape.end(), sizes.begin(), sizes.end());
  shape.insert(shape.end(), input.sizes().begin() + dim + 1, input.sizes().end());
  return input.view(shape);
}

}  // namespace nn
}  // namespace xgrad
