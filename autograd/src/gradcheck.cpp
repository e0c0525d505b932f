// gradcheck: the analytical Jacobian (autograd) against the numerical one (central differences).
//
// For fn: inputs x_i -> outputs y_o, J[o][i] has one row per element of y_o and one column per
// element of x_i. The numerical column for x_i[k] is (y(x_i[k] + eps) - y(x_i[k] - eps)) / 2 eps;
// the analytical row for y_o[j] is grad(y_o, x, one-hot(j)). Both run in float64, where eps = 1e-6
// leaves about 10 significant digits.
#include <xgrad/autograd/gradcheck.h>

#include <cmath>

#include <xgrad/autograd/autograd.h>
#include <xgrad/functions.h>
#include <xgrad/grad_mode.h>
#include <xgrad/internal/check.h>

namespace xgrad {
namespace autograd {

namespace {

using Jacobian = std::vector<std::vector<double>>;  // [output element][input element]

std::vector<double> flat_values(const Tensor& t) {
  Tensor d = t.to(kDouble).contiguous();
  const double* p = d.data_ptr<double>();
  return std::vector<double>(p, p + d.numel());
}

std::vector<Tensor> floating_outputs(const std::vector<Tensor>& outputs) {
  std::vector<Tensor> kept;
  for (const Tensor& y : outputs)
    if (y.defined() && y.is_floating_point()) kept.push_back(y);
  return kept;
}

struct Checker {
  const std::function<std::vector<Tensor>(const std::vector<Tensor>&)>& fn;
  std::vector<Tensor> inputs;   // float64 copies of the floating inputs
  std::vector<size_t> checked;  // indices of the inputs that require grad
  double eps, atol, rtol;

  std::vector<Tensor> evaluate() const { return floating_outputs(fn(inputs)); }
  std::vector<std::vector<double>> evaluate_values() const {
    std::vector<std::vector<double>> values;
    for (const Tensor& y : evaluate()) values.push_back(flat_values(y));
    return values;
  }

  // numerical[o][i] is the Jacobian of output o by checked input i.
  std::vector<std::vector<Jacobian>> numerical(size_t n_outputs) {
    std::vector<std::vector<Jacobian>> jac(n_outputs, std::vector<Jacobian>(checked.size()));
    // Grad mode stays on: fn may itself call autograd::grad (a gradient of a gradient).
    for (size_t c = 0; c < checked.size(); ++c) {
      Tensor& x = inputs[checked[c]];
      double* p = x.data_ptr<double>();
      for (int64_t k = 0; k < x.numel(); ++k) {
        const double original = p[k];
        // Read each output before the next change: an output may be a view of the input.
        p[k] = original + eps;
        std::vector<std::vector<double>> plus = evaluate_values();
        p[k] = original - eps;
        std::vector<std::vector<double>> minus = evaluate_values();
        p[k] = original;
        for (size_t o = 0; o < n_outputs; ++o) {
          const std::vector<double>&yp = plus[o], &ym = minus[o];
          Jacobian& J = jac[o][c];
          if (J.empty()) J.assign(yp.size(), std::vector<double>(static_cast<size_t>(x.numel()), 0.0));
          for (size_t j = 0; j < yp.size(); ++j) J[j][static_cast<size_t>(k)] = (yp[j] - ym[j]) / (2 * eps);
        }
      }
    }
    return jac;
  }

  std::vector<Tensor> checked_inputs() const {
    std::vector<Tensor> xs;
    for (size_t i : checked) xs.push_back(inputs[i]);
    return xs;
  }

  bool close(double analytical, double numerical) const {
    return std::abs(analytical - numerical) <= atol + rtol * std::abs(numerical);
  }

  std::string mismatch(const std::string& what, size_t o, size_t c, size_t j, size_t k, double a, double n) const {
    return fmt::format(
        "gradcheck: {} mismatch for output {} with respect to input {}, at output element {} and input element {}: "
        "numerical {:.10g} vs analytical {:.10g} (eps {}, atol {}, rtol {})",
        what, o, checked[c], j, k, n, a, eps, atol, rtol);
  }

  // Returns an empty string when all agrees, else the first mismatch.
  std::string run() {
    std::vector<Tensor> outputs = evaluate();
    std::vector<Tensor> xs = checked_inputs();
    // Analytical Jacobian, one one-hot upstream gradient per output element.
    std::vector<std::vector<Jacobian>> analytical(outputs.size(), std::vector<Jacobian>(xs.size()));
    for (size_t o = 0; o < outputs.size(); ++o) {
      if (!outputs[o].requires_grad()) continue;  // constant output: its numerical Jacobian must be 0
      for (int64_t j = 0; j < outputs[o].numel(); ++j) {
        Tensor onehot = zeros_like(outputs[o]);
        {
          NoGradGuard no_grad;
          onehot.view({-1})[j].fill_(1);
        }
        std::vector<Tensor> grads = grad({outputs[o]}, xs, {onehot}, /*retain_graph=*/true, false, true);
        for (size_t c = 0; c < xs.size(); ++c) {
          Jacobian& J = analytical[o][c];
          if (J.empty()) J.resize(static_cast<size_t>(outputs[o].numel()));
          J[static_cast<size_t>(j)] = grads[c].defined() ? flat_values(grads[c])
                                                         : std::vector<double>(static_cast<size_t>(xs[c].numel()), 0.0);
          XGRAD_CHECK(!grads[c].defined() || grads[c].sizes().equals(xs[c].sizes()),
                      "gradcheck: the gradient of input {} has shape {} but the input has shape {}", checked[c],
                      detail::shape_str(grads[c].sizes()), detail::shape_str(xs[c].sizes()));
        }
      }
    }
    std::vector<std::vector<Jacobian>> numeric = numerical(outputs.size());
    for (size_t o = 0; o < outputs.size(); ++o) {
      for (size_t c = 0; c < xs.size(); ++c) {
        const Jacobian& N = numeric[o][c];
        for (size_t j = 0; j < N.size(); ++j) {
          for (size_t k = 0; k < N[j].size(); ++k) {
            const double a = analytical[o][c].empty() ? 0.0 : analytical[o][c][j][k];
            if (!close(a, N[j][k])) return mismatch("Jacobian", o, c, j, k, a, N[j][k]);
          }
        }
      }
    }
    // A random upstream gradient through backward(): v^T J, accumulated into the inputs' grad().
    std::vector<Tensor> fresh = evaluate(), vs, roots;
    for (const Tensor& y : fresh) {
      if (!y.requires_grad()) continue;
      roots.push_back(y);
      vs.push_back(rand_like(y) * 2 - 1);
    }
    if (roots.empty()) return "";
    for (Tensor& x : xs) x.mutable_grad() = Tensor();
    backward(roots, vs);
    size_t r = 0;
    std::vector<std::vector<double>> expected(xs.size());
    for (size_t c = 0; c < xs.size(); ++c) expected[c].assign(static_cast<size_t>(xs[c].numel()), 0.0);
    for (size_t o = 0; o < fresh.size(); ++o) {
      if (!fresh[o].requires_grad()) continue;
      const std::vector<double> v = flat_values(vs[r++]);
      for (size_t c = 0; c < xs.size(); ++c)
        for (size_t j = 0; j < v.size(); ++j)
          for (size_t k = 0; k < expected[c].size(); ++k) expected[c][k] += v[j] * numeric[o][c][j][k];
    }
    for (size_t c = 0; c < xs.size(); ++c) {
      const Tensor& g = xs[c].grad();
      const std::vector<double> got =
          g.defined() ? flat_values(g) : std::vector<double>(expected[c].size(), 0.0);
      for (size_t k = 0; k < got.size(); ++k)
        if (!close(got[k], expected[c][k]))
          return mismatch("backward with a random upstream gradient", 0, c, 0, k, got[k], expected[c][k]);
    }
    return "";
  }
};

}  // namespace

bool gradcheck(const std::function<std::vector<Tensor>(const std::vector<Tensor>&)>& fn,
               const std::vector<Tensor>& inputs, double eps, double atol, double rtol, bool raise_exception) {
  Checker checker{fn, {}, {}, eps, atol, rtol};
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Tensor& x = inputs[i];
    if (!x.defined() || !x.is_floating_point()) {
      checker.inputs.push_back(x);
      continue;
    }
    Tensor copy = x.detach().to(kDouble, false, /*copy=*/true).contiguous();
    if (x.requires_grad()) {
      copy.requires_grad_(true);
      checker.checked.push_back(i);
    }
    checker.inputs.push_back(copy);
  }
  XGRAD_CHECK(!checker.checked.empty(), "gradcheck: no input requires grad");
  const std::string failure = checker.run();
  XGRAD_CHECK(failure.empty() || !raise_exception, "{}", failure);
  return failure.empty();
}

bool gradcheck(const std::function<Tensor(const std::vector<Tensor>&)>& fn, const std::vector<Tensor>& inputs,
               double eps, double atol, double rtol, bool raise_exception) {
  return gradcheck([&fn](const std::vector<Tensor>& xs) { return std::vector<Tensor>{fn(xs)}; }, inputs, eps,
                   atol, rtol, raise_exception);
}

}  // namespace autograd
}  // namespace xgrad
