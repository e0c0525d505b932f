// Helpers shared by the test files: reading a tensor's values, random float64 leaves for gradcheck,
// closeness checks, and dtype, node and shape names that doctest can print.
#pragma once

#include <doctest/doctest.h>
#include <xgrad/xgrad.h>

#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace test_helpers {

using xgrad::Tensor;
using xgrad::autograd::gradcheck;
/// Element values, as doubles.
using V = std::vector<double>;
/// Sizes, strides or dims.
using S = std::vector<int64_t>;
/// The argument of a function given to gradcheck.
using Inputs = std::vector<Tensor>;

/// The values in row-major order, as doubles.
inline V values(const Tensor& t) {
  Tensor d = t.detach().to(xgrad::kDouble, false, true);
  const double* p = d.data_ptr<double>();
  return V(p, p + d.numel());
}

/// The number of elements of a tensor of these sizes.
inline int64_t numel(const S& sizes) {
  int64_t n = 1;
  for (int64_t s : sizes) n *= s;
  return n;
}

/// 0, 1, 2, ... in the given shape and dtype.
inline Tensor iota(const S& sizes, xgrad::ScalarType dtype = xgrad::kDouble) {
  return xgrad::arange(numel(sizes), dtype).view(sizes);
}

/// A float64 leaf with random values that requires grad (gradcheck's inputs).
inline Tensor leaf(const S& sizes) { return xgrad::randn(sizes, xgrad::kDouble).requires_grad_(); }

/// A float32 tensor of the given values.
inline Tensor f32(const V& v) { return xgrad::tensor(v, xgrad::kFloat); }

/// One CHECK per element: t's value equals the expected one or is within relative tolerance tol of it.
inline void check_close(const Tensor& t, const V& expected, double tol = 1e-6) {
  const V got = values(t);
  REQUIRE(got.size() == expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    INFO("element " << i << ": got " << got[i] << ", expected " << expected[i]);
    CHECK((got[i] == expected[i] || got[i] == doctest::Approx(expected[i]).epsilon(tol)));
  }
}

/// Whether a and b have the same length and |a - b| <= atol + rtol |b| element-wise (NaN matches NaN only).
inline bool close(const V& a, const V& b, double rtol = 1e-6, double atol = 1e-9) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) {
      if (std::isnan(a[i]) != std::isnan(b[i])) return false;
      continue;
    }
    if (std::abs(a[i] - b[i]) > atol + rtol * std::abs(b[i])) return false;
  }
  return true;
}

// doctest cannot print an xgrad::ScalarType: in `CHECK(t.scalar_type() == xgrad::kFloat)` argument-
// dependent lookup picks xgrad::toString, which returns a const char* where doctest wants its String,
// and the check does not compile. Compare names instead: `CHECK(dtype_of(t) == "Float")`.

/// libtorch's name of a dtype: "Float", "Double", "Long", "Byte" or "Bool".
inline std::string dtype_name(xgrad::ScalarType t) { return xgrad::toString(t); }

/// The name of t's dtype, as dtype_name.
inline std::string dtype_of(const Tensor& t) { return dtype_name(t.scalar_type()); }

/// The name of the node that made t ("MulBackward0"), or "none" if there is none.
inline std::string grad_fn_name(const Tensor& t) { return t.grad_fn() ? t.grad_fn()->name() : "none"; }

/// A graph as its node names, as tests/golden/generate.py's graph_str writes PyTorch's:
/// "MulBackward0(torch::autograd::AccumulateGrad, ExpBackward0(...))", "none" without a node.
inline std::string graph_str(const std::shared_ptr<xgrad::autograd::Node>& fn) {
  if (!fn) return "none";
  std::string children;
  for (const xgrad::autograd::Edge& edge : fn->next_edges())
    if (edge.is_valid()) children += (children.empty() ? "" : ", ") + graph_str(edge.function);
  return fn->name() + (children.empty() ? "" : "(" + children + ")");
}

/// Sizes as libtorch prints them: "[2, 3]".
inline std::string shape_str(xgrad::IntArrayRef sizes) {
  std::ostringstream out;
  out << sizes;
  return out.str();
}

/// A fresh directory under the system's temp dir, removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& prefix = "xgrad-test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    REQUIRE(::mkdtemp(&pattern[0]) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

}  // namespace test_helpers
