// operator<< prints tensors exactly as libtorch 1.13 does.
//
// Every expected string below was produced by printing the same tensor with `std::cout << t` in a
// program built against Debian's libtorch 1.13.1 (libtorch-dev 1.13.1+dfsg-4) and linked with
// -ltorch -ltorch_cpu -lc10. The tensors are built with factories and from_blob only, so this
// suite depends on no other op family.
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <xgrad/xgrad.h>

namespace {
std::string str(const xgrad::Tensor& t) {
  std::ostringstream s;
  s << t;
  return s.str();
}
}  // namespace

TEST_CASE("print: 1-D float tensors use fixed point with 4 decimals") {
  CHECK(str(xgrad::tensor({1.5, 2.0})) == " 1.5000\n 2.0000\n[ CPUFloatType{2} ]");
  CHECK(str(xgrad::tensor({-0.5, 0.25})) == "-0.5000\n 0.2500\n[ CPUFloatType{2} ]");
  CHECK(str(xgrad::tensor({0.5, 0.25}, xgrad::kDouble)) == " 0.5000\n 0.2500\n[ CPUDoubleType{2} ]");
}

TEST_CASE("print: integer, byte and bool tensors print integers") {
  CHECK(str(xgrad::tensor({1, 2})) == " 1\n 2\n[ CPULongType{2} ]");
  CHECK(str(xgrad::tensor({1, 200}, xgrad::kByte)) == "   1\n 200\n[ CPUByteType{2} ]");
  CHECK(str(xgrad::tensor({true, false})) == " 1\n 0\n[ CPUBoolType{2} ]");
  // libtorch sizes the column from the largest positive value, so -10 overflows it.
  CHECK(str(xgrad::tensor({3, -10})) == " 3\n-10\n[ CPULongType{2} ]");
  CHECK(str(xgrad::tensor({int64_t{12345678901}})) == " 1.2346e+10\n[ CPULongType{1} ]");
}

TEST_CASE("print: 2-D tensors print one row per line") {
  CHECK(str(xgrad::tensor({{1, 2}, {3, 4}})) == " 1  2\n 3  4\n[ CPULongType{2,2} ]");
  CHECK(str(xgrad::tensor({{1.5, -2.25}, {3.0, 4.125}})) == " 1.5000 -2.2500\n 3.0000  4.1250\n[ CPUFloatType{2,2} ]");
  // A strided (transposed) view prints in logical order.
  std::vector<int64_t> data{1, 2, 3, 4, 5, 6};
  auto t = xgrad::from_blob(data.data(), {3, 2}, {1, 3}, xgrad::kLong);
  CHECK(str(t) == " 1  4\n 2  5\n 3  6\n[ CPULongType{3,2} ]");
}

TEST_CASE("print: 3-D and 4-D tensors print matrices, leading indices first-dim-fastest") {
  std::vector<int64_t> data(16);
  for (int64_t i = 0; i < 16; ++i) data[static_cast<size_t>(i)] = i;
  CHECK(str(xgrad::from_blob(data.data(), {2, 2, 2}, xgrad::kLong)) ==
        "(1,.,.) = \n  0  1\n  2  3\n\n(2,.,.) = \n  4  5\n  6  7\n[ CPULongType{2,2,2} ]");
  CHECK(str(xgrad::from_blob(data.data(), {2, 2, 2, 2}, xgrad::kLong)) ==
        "(1,1,.,.) = \n  0  1\n  2  3\n\n(2,1,.,.) = \n   8   9\n  10  11\n\n(1,2,.,.) = \n  4  5\n  6  7\n\n"
        "(2,2,.,.) = \n  12  13\n  14  15\n[ CPULongType{2,2,2,2} ]");
  // Each slice picks its own format.
  CHECK(str(xgrad::tensor({{{1.5, 2.0}}, {{3.0, 4.0}}})) ==
        "(1,.,.) = \n  1.5000  2.0000\n\n(2,.,.) = \n  3  4\n[ CPUFloatType{2,1,2} ]");
}

TEST_CASE("print: 0-dim, undefined and empty tensors") {
  CHECK(str(xgrad::tensor(1.5)) == "1.5\n[ CPUFloatType{} ]");
  CHECK(str(xgrad::tensor(7)) == "7\n[ CPULongType{} ]");
  CHECK(str(xgrad::Tensor()) == "[ Tensor (undefined) ]");
  CHECK(str(xgrad::zeros({0})) == "[ CPUFloatType{0} ]");
  CHECK(str(xgrad::zeros({2, 0})) == "[ CPUFloatType{2,0} ]");
}

TEST_CASE("print: a shared scale for large or small magnitudes") {
  CHECK(str(xgrad::tensor({123456.7, 234567.8})) == "1e+05 *\n 1.2346\n 2.3457\n[ CPUFloatType{2} ]");
  CHECK(str(xgrad::tensor({0.00123, 0.00456})) == "0.001 *\n 1.2300\n 4.5600\n[ CPUFloatType{2} ]");
  // libtorch indents rows after the first by one more space under a scale line.
  CHECK(str(xgrad::tensor({{123456.7, 234567.8}, {345678.9, 456789.1}})) ==
        "1e+05 *\n 1.2346  2.3457\n  3.4568  4.5679\n[ CPUFloatType{2,2} ]");
}

TEST_CASE("print: scientific notation for wide ranges") {
  CHECK(str(xgrad::tensor({1e-5, 1.0, 1e5})) == " 1.0000e-05\n 1.0000e+00\n 1.0000e+05\n[ CPUFloatType{3} ]");
  CHECK(str(xgrad::tensor({1e12, 2.5})) == " 1.0000e+12\n 2.5000e+00\n[ CPUFloatType{2} ]");
  CHECK(str(xgrad::tensor({1e200, 1.5}, xgrad::kDouble)) == " 1.0000e+200\n  1.5000e+00\n[ CPUDoubleType{2} ]");
}

TEST_CASE("print: non-finite values") {
  CHECK(str(xgrad::tensor({1.5, std::nan(""), HUGE_VAL})) == " 1.5000\n    nan\n    inf\n[ CPUFloatType{3} ]");
}

TEST_CASE("print: rows wider than 80 characters split into column blocks") {
  std::vector<float> data(30);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<float>(i) + 0.5f;
  CHECK(str(xgrad::from_blob(data.data(), {1, 30})) ==
        "Columns 1 to 8  0.5000   1.5000   2.5000   3.5000   4.5000   5.5000   6.5000   7.5000\n\n"
        "Columns 9 to 16  8.5000   9.5000  10.5000  11.5000  12.5000  13.5000  14.5000  15.5000\n\n"
        "Columns 17 to 24 16.5000  17.5000  18.5000  19.5000  20.5000  21.5000  22.5000  23.5000\n\n"
        "Columns 25 to 30 24.5000  25.5000  26.5000  27.5000  28.5000  29.5000\n[ CPUFloatType{1,30} ]");
}

TEST_CASE("print: the stream's formatting is restored") {
  std::ostringstream s;
  s << xgrad::tensor({1.5, 2.0}) << ' ' << 3.14159265;
  CHECK(s.str() == " 1.5000\n 2.0000\n[ CPUFloatType{2} ] 3.14159");
}

// tests/golden/print.txt holds real libtorch's text for the cases of tests/golden/print_libtorch.cpp
// (regenerate with generate_print.sh); these are rebuilt here the same way, for the dtypes xgrad has.
namespace {
std::map<std::string, std::string> libtorch_print_golden() {
  std::ifstream in(std::string(XGRAD_GOLDEN_DIR) + "/print.txt");
  REQUIRE(in.good());
  std::map<std::string, std::string> blocks;
  std::string line, name, text;
  auto flush = [&] {
    if (!name.empty()) blocks[name] = text.substr(0, text.empty() ? 0 : text.size() - 1);
  };
  while (std::getline(in, line)) {
    if (line.rfind("== ", 0) == 0) {
      flush();
      name = line.substr(3);
      text.clear();
    } else {
      text += line + "\n";
    }
  }
  flush();
  return blocks;
}
}  // namespace

TEST_CASE("print: every case matches real libtorch's text (tests/golden/print.txt)") {
  const auto golden = libtorch_print_golden();
  const std::vector<std::pair<std::string, xgrad::ScalarType>> dtypes = {
      {"bool", xgrad::kBool}, {"uint8", xgrad::kByte}, {"int64", xgrad::kLong},
      {"float32", xgrad::kFloat}, {"float64", xgrad::kDouble}};
  auto check = [&](const std::string& name, const xgrad::Tensor& t) {
    INFO(name);
    REQUIRE(golden.count(name) == 1);
    CHECK(str(t) == golden.at(name));
  };
  const double inf = std::numeric_limits<double>::infinity();
  for (const auto& [n, dt] : dtypes) {
    check(n + " arange6_2x3", xgrad::arange(6).reshape({2, 3}).to(dt));
    check(n + " zerodim", xgrad::tensor(3).to(dt));
    check(n + " empty", xgrad::zeros({0}, dt));
    check(n + " empty_2x0", xgrad::zeros({2, 0}, dt));
    check(n + " vector", xgrad::tensor({1, 0, 5}).to(dt));
    check(n + " 3d", xgrad::arange(12).reshape({2, 2, 3}).to(dt));
    if (!xgrad::isFloatingType(dt)) continue;
    check(n + " fractions", xgrad::tensor({0.5, -1.25, 3.0, 100.125}).to(dt));
    check(n + " small", xgrad::tensor({1e-5, 2.5e-5, -3e-6}).to(dt));
    check(n + " large", xgrad::tensor({12345.0, 1.5e6, -7.0}).to(dt));
    check(n + " mixed_scale", xgrad::tensor({1e-3, 1e3, 0.5}).to(dt));
    check(n + " inf_nan", xgrad::tensor({1.0, inf, -inf, std::numeric_limits<double>::quiet_NaN()}).to(dt));
    check(n + " zerodim_frac", xgrad::tensor(0.1).to(dt));
    check(n + " integers_valued", xgrad::tensor({1.0, 2.0, -3.0}).to(dt));
  }
}
