// operator<<(std::ostream&, const Tensor&): libtorch 1.13's text form (at::print), character for
// character, so that programs printing tensors give the same output against xgrad and libtorch.
//
// Values are printed as doubles, one column width and one number format per 1-D tensor or per 2-D
// matrix (each 2-D slice of a higher-dim tensor chooses its own):
//   - all finite values integral: width = digits of the largest + 1, default float format
//     (scientific with 4 decimals past 1e9);
//   - otherwise, with e(x) = floor(log10|x|) + 1 over the finite values:
//       e(max) - e(min) > 4      -> scientific, 4 decimals, width 11 (12 past exponent 99)
//       e(max) > 5 or e(max) < 0 -> fixed, 4 decimals, width 7, all values divided by a common
//                                   scale 10^(e(max) - 1) printed first as "<scale> *"
//       else                     -> fixed, 4 decimals, width e(max) + 6 (7 when e(max) is 0).
// Shapes: a 0-dim tensor prints its value; 1-D one value per line; 2-D one row per line (split into
// "Columns a to b" blocks past 80 characters); n-D prints each matrix under "(i,j,.,.) = " with
// the leading indices counted first-dim-fastest. The footer is "[ CPUFloatType{2,3} ]".
#include <cmath>
#include <iomanip>
#include <ostream>
#include <vector>

#include <xgrad/functions.h>
#include <xgrad/internal/dispatch.h>

#include "kernels/loops.h"

namespace xgrad {

namespace {

constexpr int64_t kLineSize = 80;  // libtorch's default line width

/// Restores the stream's formatting (flags, precision, fill) when the scope ends.
class FormatRestorer {
 public:
  explicit FormatRestorer(std::ostream& out) : out_(out), saved_(nullptr) { saved_.copyfmt(out); }
  ~FormatRestorer() { out_.copyfmt(saved_); }
  FormatRestorer(const FormatRestorer&) = delete;
  FormatRestorer& operator=(const FormatRestorer&) = delete;

 private:
  std::ostream& out_;
  std::ios saved_;
};

std::ostream& default_float(std::ostream& out) {
  out.unsetf(std::ios_base::floatfield);
  return out;
}

struct ColumnLayout {
  double scale;
  int64_t width;
};

/// Chooses the layout of values v[0..n) and sets the stream's number format for them. As in
/// libtorch, integer mode leaves the precision as it was (so it persists across slices).
ColumnLayout choose_layout(std::ostream& out, const double* v, int64_t n) {
  if (n == 0) return {1.0, 0};
  bool integral = true;
  for (int64_t i = 0; i < n && integral; ++i) integral = !std::isfinite(v[i]) || v[i] == std::ceil(v[i]);
  int64_t first = 0;
  while (first < n && !std::isfinite(v[first])) ++first;
  double exp_min = 1, exp_max = 1;
  if (first < n) {
    double lo = std::fabs(v[first]), hi = lo;
    for (int64_t i = first; i < n; ++i) {
      const double z = std::fabs(v[i]);
      if (!std::isfinite(z)) continue;
      lo = std::min(lo, z);
      // libtorch compares the signed value here, so a large negative value does not widen the
      // column; kept for identical output.
      if (v[i] > hi) hi = z;
    }
    exp_min = lo != 0 ? std::floor(std::log10(lo)) + 1 : 1;
    exp_max = hi != 0 ? std::floor(std::log10(hi)) + 1 : 1;
  }
  if (integral) {
    if (exp_max > 9) {
      out << std::scientific << std::setprecision(4);
      return {1.0, 11};
    }
    default_float(out);
    return {1.0, static_cast<int64_t>(exp_max) + 1};
  }
  if (exp_max - exp_min > 4) {
    out << std::scientific << std::setprecision(4);
    return {1.0, std::fabs(exp_max) > 99 || std::fabs(exp_min) > 99 ? 12 : 11};
  }
  out << std::fixed << std::setprecision(4);
  if (exp_max > 5 || exp_max < 0) return {std::pow(10, exp_max - 1), 7};
  return {1.0, exp_max == 0 ? 7 : static_cast<int64_t>(exp_max) + 6};
}

void print_scale(std::ostream& out, double scale) {
  FormatRestorer restore(out);
  default_float(out) << scale << " *\n";
}

void indent(std::ostream& out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out << ' ';
}

/// A rows x cols row-major matrix, every line prefixed by `pad` spaces (libtorch's quirk: after a
/// scale line, rows after the first get one more).
void print_matrix(std::ostream& out, const double* v, int64_t rows, int64_t cols, int64_t pad) {
  const ColumnLayout layout = choose_layout(out, v, rows * cols);
  indent(out, pad);
  const int64_t per_line = (kLineSize - pad) / (layout.width + 1);
  for (int64_t first = 0; first < cols;) {
    const int64_t last = std::min(first + per_line, cols) - 1;
    if (per_line < cols) {
      if (first != 0) out << '\n';
      out << "Columns " << first + 1 << " to " << last + 1;
      indent(out, pad);
    }
    if (layout.scale != 1) {
      print_scale(out, layout.scale);
      indent(out, pad);
    }
    for (int64_t r = 0; r < rows; ++r) {
      const double* row = v + r * cols;
      for (int64_t c = first; c <= last; ++c) {
        out << std::setw(static_cast<int>(layout.width)) << row[c] / layout.scale;
        if (c != last) {
          out << ' ';
          continue;
        }
        out << '\n';
        if (r != rows - 1) {
          indent(out, pad);
          if (layout.scale != 1) out << ' ';
        }
      }
    }
    first = last + 1;
  }
}

/// Each trailing matrix of a tensor with 3 or more dims, leading indices counted first-dim-fastest.
void print_slices(std::ostream& out, const double* v, IntArrayRef sizes) {
  const size_t lead = sizes.size() - 2;
  const int64_t rows = sizes[lead], cols = sizes[lead + 1];
  const std::vector<int64_t> strides = detail::contiguous_strides(sizes);
  std::vector<int64_t> counter(lead, 0);
  for (bool first = true;; first = false) {
    if (!first) {
      size_t d = 0;
      while (d < lead && ++counter[d] == sizes[d]) counter[d++] = 0;
      if (d == lead) return;
      out << '\n';
    }
    out << '(';
    int64_t offset = 0;
    for (size_t d = 0; d < lead; ++d) {
      out << counter[d] + 1 << ',';
      offset += counter[d] * strides[d];
    }
    out << ".,.) = \n";
    print_matrix(out, v + offset, rows, cols, 1);
  }
}

}  // namespace

std::ostream& operator<<(std::ostream& out, const Tensor& t) {
  FormatRestorer restore(out);
  if (!t.defined()) return out << "[ Tensor (undefined) ]";

  // Every dtype prints through its values as doubles, row-major.
  Tensor values = empty(t.sizes(), kDouble);
  detail::dispatch_all(t.scalar_type(), "print", [&](auto tag) {
    using T = decltype(tag);
    detail::unary_kernel<double, T>(values, t, [](T x) { return static_cast<double>(x); });
  });
  const double* v = static_cast<const double*>(values.data_ptr());
  const IntArrayRef sizes = t.sizes();
  const int64_t numel = t.numel();

  if (sizes.empty()) {
    default_float(out) << v[0] << '\n';
  } else if (sizes.size() == 1) {
    if (numel > 0) {
      const ColumnLayout layout = choose_layout(out, v, numel);
      if (layout.scale != 1) print_scale(out, layout.scale);
      for (int64_t i = 0; i < numel; ++i)
        out << std::setw(static_cast<int>(layout.width)) << v[i] / layout.scale << '\n';
    }
  } else if (numel > 0) {
    if (sizes.size() == 2)
      print_matrix(out, v, sizes[0], sizes[1], 0);
    else
      print_slices(out, v, sizes);
  }
  out << "[ " << t.toString() << '{';
  for (size_t d = 0; d < sizes.size(); ++d) out << (d ? "," : "") << sizes[d];
  return out << "} ]";
}

}  // namespace xgrad
