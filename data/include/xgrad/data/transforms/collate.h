#pragma once
// Collations turn a vector of examples into one batch value (transforms::Stack is one).
#include <vector>

#include <xgrad/data/transforms/base.h>
#include <xgrad/data/transforms/lambda.h>

namespace xgrad {
namespace data {
namespace transforms {

/// Reduces a batch (by default a vector of T) to one T.
template <typename T, typename BatchType = std::vector<T>>
using Collation = BatchTransform<BatchType, T>;

/// A Collation made of a function.
template <typename T, typename BatchType = std::vector<T>>
using Collate = BatchLambda<BatchType, T>;

}  // namespace transforms
}  // namespace data
}  // namespace xgrad
