#pragma once
// Collations turn a vector of examples into one batch value (transforms::Stack is one).
#include <xgrad/data/transforms/base.h>
#include <xgrad/data/transforms/lambda.h>

namespace xgrad {
namespace data {
namespace transforms {

template <typename BatchType, typename T = typename BatchType::value_type>
using Collation = BatchTransform<BatchType, T>;

template <typename BatchType, typename T = typename BatchType::value_type>
using CollationLambda = BatchLambda<BatchType, T>;

}  // namespace transforms
}  // namespace data
}  // namespace xgrad
