// examples/digits_bp's three networks: each against numpy's numbers (golden, from
// tests/golden/generate_digits_bp.py: the tutorial's step as it writes it, and with the exact
// gradient), and the exact gradient written by hand against autograd's from the same weights on the
// same examples, after one step and after a full epoch.
#include <doctest/doctest.h>

#include <xgrad/xgrad.h>

#include <memory>
#include <string>

#include "golden_support.h"
#include "network.h"

using xgrad::Tensor;
using Digits = xgrad::data::datasets::Digits;

namespace {

constexpr golden::Tolerance kExact{0, 0};
constexpr golden::Tolerance kFloat32{1e-5, 1e-6};

double max_abs_diff(const Tensor& a, const Tensor& b) { return (a - b).abs().max().item<double>(); }

}  // namespace

TEST_CASE("one step of each variant is numpy's: hand the tutorial's, backprop and autograd the exact gradient's") {
  const json::Value file = golden::load_family("digits_bp");
  const Digits digits(file["data"].as_string());
  for (const json::Value& c : file["cases"].as_array()) {
    CAPTURE(c["name"].as_string());
    const int64_t example = c["example"].as_int();
    // The reader's row is numpy's, and so are the encodings.
    CHECK(golden::compare(digits.images()[example], c["pixels"], "pixels", kExact) == "");
    CHECK(golden::compare(digits.targets()[example], c["label"], "label", kExact) == "");
    const Tensor inputs = scale_inputs(digits.images()[example]).view({-1, 1});
    const Tensor targets = encode_targets(digits.targets()[example].view({1}), Digits::kClasses).view({-1, 1});
    CHECK(golden::compare(inputs, c["inputs"], "inputs", kFloat32) == "");
    CHECK(golden::compare(targets, c["targets"], "targets", kExact) == "");

    const Weights initial{golden::from_json(c["wih"]), golden::from_json(c["who"])};
    for (const std::string variant : {"hand", "backprop", "autograd"}) {
      CAPTURE(variant);
      const std::unique_ptr<DigitsNetwork> network = make_network(variant, initial, c["lr"].as_double());
      CHECK(golden::compare(network->query(inputs.t()).t(), c["outputs"], "outputs", kFloat32) == "");
      network->train(inputs.view({-1}), targets.view({-1}));
      const Weights after = network->weights();
      CHECK(golden::compare(after.wih, c[variant == "hand" ? "wih_after" : "wih_after_exact"], "wih", kFloat32) == "");
      CHECK(golden::compare(after.who, c["who_after"], "who", kFloat32) == "");
    }
    // The networks copied the initial weights, and did not train them in place.
    CHECK(golden::compare(initial.wih, c["wih"], "wih", kExact) == "");
    CHECK(golden::compare(initial.who, c["who"], "who", kExact) == "");
  }
}

TEST_CASE("the exact gradient written by hand and autograd's agree after one step and after an epoch") {
  const Digits digits;
  xgrad::manual_seed(5);
  const Weights initial = initial_weights(Digits::kPixels, 32, Digits::kClasses);
  const Tensor inputs = scale_inputs(digits.images());
  const Tensor targets = encode_targets(digits.targets(), Digits::kClasses);
  const std::unique_ptr<DigitsNetwork> hand = make_network("hand", initial, 0.2);
  const std::unique_ptr<DigitsNetwork> backprop = make_network("backprop", initial, 0.2);
  const std::unique_ptr<DigitsNetwork> autograd = make_network("autograd", initial, 0.2);
  for (DigitsNetwork* network : {hand.get(), backprop.get(), autograd.get()}) network->train(inputs[0], targets[0]);

  Weights t = hand->weights(), b = backprop->weights(), a = autograd->weights();
  CHECK(max_abs_diff(b.who, initial.who) > 1e-3);  // a step was made
  CHECK(max_abs_diff(b.wih, initial.wih) > 1e-4);
  CHECK(max_abs_diff(b.wih, a.wih) <= 1e-6);
  CHECK(max_abs_diff(b.who, a.who) <= 1e-6);
  // The tutorial's who step is the same; its wih step, without the output sigmoid's derivative, is not.
  CHECK(max_abs_diff(t.who, a.who) <= 1e-6);
  CHECK(max_abs_diff(t.wih, a.wih) > 1e-3);

  for (int64_t i = 1; i < inputs.size(0); ++i) {
    backprop->train(inputs[i], targets[i]);
    autograd->train(inputs[i], targets[i]);
  }
  b = backprop->weights();
  a = autograd->weights();
  CHECK(max_abs_diff(b.wih, initial.wih) > 0.1);  // the epoch moved the weights far
  CHECK(max_abs_diff(b.wih, a.wih) <= 1e-4);
  CHECK(max_abs_diff(b.who, a.who) <= 1e-4);
  // And they classify every image alike.
  CHECK(backprop->query(inputs).argmax(1).eq(autograd->query(inputs).argmax(1)).all().item<bool>());
}

TEST_CASE("make_network names the variants it has") {
  const Weights initial = initial_weights(4, 3, 2);
  CHECK(initial.wih.sizes() == std::vector<int64_t>{3, 4});
  CHECK(initial.who.sizes() == std::vector<int64_t>{2, 3});
  CHECK_THROWS_WITH_AS(make_network("numpy", initial, 0.1),
                       "unknown variant 'numpy' (expected hand, backprop or autograd)", std::invalid_argument);
}
