// Splitting ops: chunk, split, split_with_sizes, unbind. Expected values are by hand (each piece is
// a run of arange's values); node names and error texts are PyTorch 1.13.1's.
#include <doctest/doctest.h>

#include <xgrad/autograd/gradcheck.h>
#include <xgrad/xgrad.h>

#include <string>
#include <vector>

using xgrad::Tensor;

namespace {
std::vector<int64_t> dim_sizes(const std::vector<Tensor>& pieces, int64_t dim) {
  std::vector<int64_t> out;
  for (const Tensor& p : pieces) out.push_back(p.size(dim));
  return out;
}
}  // namespace

TEST_CASE("split and chunk give views of libtorch's sizes, one SplitBackward0 node") {
  Tensor x = xgrad::arange(10, xgrad::kFloat).reshape({5, 2});
  auto pieces = x.split(2);
  CHECK(dim_sizes(pieces, 0) == std::vector<int64_t>{2, 2, 1});
  CHECK(pieces[2].equal(xgrad::tensor({{8.f, 9.f}})));
  CHECK(dim_sizes(xgrad::chunk(x, 2), 0) == std::vector<int64_t>{3, 2});
  CHECK(dim_sizes(x.chunk(4), 0) == std::vector<int64_t>{2, 2, 1});
  CHECK(dim_sizes(xgrad::zeros({0, 2}).chunk(3), 0) == std::vector<int64_t>{0, 0, 0});
  CHECK(dim_sizes(x.split({1, 4}), 0) == std::vector<int64_t>{1, 4});
  CHECK(dim_sizes(x.split_with_sizes({2, 0, 3}), 0) == std::vector<int64_t>{2, 0, 3});
  // A view: writes through a piece reach x.
  pieces[1].fill_(-1);
  CHECK(x[2][0].item<float>() == -1);

  Tensor w = xgrad::randn({4, 3}, xgrad::kDouble).requires_grad_();
  auto parts = w.chunk(2, 1);
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].grad_fn()->name() == "SplitBackward0");
  CHECK(parts[0].grad_fn() == parts[1].grad_fn());
  CHECK(parts[1].output_nr() == 1);
  CHECK(w.split({1, 3})[0].grad_fn()->name() == "SplitWithSizesBackward0");
  CHECK(w.unbind(1)[2].grad_fn()->name() == "UnbindBackward0");
}

TEST_CASE("split, chunk and unbind backward: the pieces' gradients joined, zeros for unused pieces") {
  Tensor w = xgrad::arange(6, xgrad::kFloat).reshape({3, 2}).requires_grad_();
  auto parts = w.split(2);
  (parts[1] * 3).sum().backward();  // parts[0] gets no gradient
  CHECK(w.grad().equal(xgrad::tensor({{0.f, 0.f}, {0.f, 0.f}, {3.f, 3.f}})));
  Tensor v = xgrad::arange(6, xgrad::kFloat).reshape({3, 2}).requires_grad_();
  (v.unbind(1)[0] * 2).sum().backward();
  CHECK(v.grad().equal(xgrad::tensor({{2.f, 0.f}, {2.f, 0.f}, {2.f, 0.f}})));
}

TEST_CASE("gradcheck: chunk, split (both overloads), split_with_sizes, unbind") {
  using xgrad::autograd::gradcheck;
  Tensor x = xgrad::randn({5, 4}, xgrad::kDouble).requires_grad_();
  auto all = [](std::vector<Tensor> v) { return v; };
  CHECK(gradcheck([&](const std::vector<Tensor>& in) { return all(in[0].chunk(3, 1)); }, {x}));
  CHECK(gradcheck([&](const std::vector<Tensor>& in) { return all(xgrad::split(in[0], 2)); }, {x}));
  CHECK(gradcheck([&](const std::vector<Tensor>& in) { return all(in[0].split({3, 1}, -1)); }, {x}));
  CHECK(gradcheck([&](const std::vector<Tensor>& in) { return all(xgrad::split_with_sizes(in[0], {1, 4})); }, {x}));
  CHECK(gradcheck([&](const std::vector<Tensor>& in) { return all(xgrad::unbind(in[0], 1)); }, {x}));
}

TEST_CASE("splitting errors carry libtorch's messages") {
  Tensor x = xgrad::zeros({5, 3});
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const xgrad::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message([&] { x.chunk(0); }) == "chunk expects `chunks` to be greater than 0, got: 0");
  CHECK(message([&] { x.split(0); }) == "split_size can only be 0 if dimension size is 0, but got dimension size of 5");
  CHECK(message([&] { x.split(-1); }) == "split expects split_size be non-negative, but got split_size=-1");
  CHECK(message([&] { x.split({1, 2}); }) ==
        "split_with_sizes expects split_sizes to sum exactly to 5 (input tensor's size at dimension 0), but got "
        "split_sizes=[1, 2]");
  CHECK(message([&] { x.split({6, -1}); }) ==
        "split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=[6, -1]");
  CHECK(message([&] { xgrad::tensor(1.f).split(1); }) == "split expects at least a 1-dimensional tensor");
  CHECK(message([&] { xgrad::tensor(1.f).chunk(1); }) == "chunk expects at least a 1-dimensional tensor");
  CHECK(message([&] { xgrad::tensor(1.f).unbind(); }) == "Dimension specified as 0 but tensor has no dimensions");
}
