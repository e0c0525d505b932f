// Resuming from a checkpoint continues training bit-identically, across processes.
//   resume straight <dir>   trains 2*kHalf steps and writes the final parameters to <dir>/straight.ckpt
//   resume first <dir>      trains kHalf steps, saves model and optimizer, and exits
//   resume second <dir>     (a fresh process) builds a fresh model and optimizer, loads them, trains
//                           kHalf more steps and writes the final parameters to <dir>/resumed.ckpt
// run.cmake runs the three and compares the parameters bit for bit.
#include <xgrad/xgrad.h>

#include <cstring>
#include <iostream>
#include <string>

namespace nn = xgrad::nn;

namespace {

constexpr int kHalf = 10;

struct NetImpl : nn::Module {
  NetImpl() {
    register_module("body", body);
    register_module("head", head);
  }
  xgrad::Tensor forward(xgrad::Tensor x) { return head->forward(xgrad::relu(body->forward(x))); }
  nn::Sequential body{nn::Linear(6, 16), nn::Tanh(), nn::Linear(16, 16)};
  nn::Linear head{16, 3};
};
XGRAD_MODULE(Net);

// The data of step i: the same in every process, independent of how many steps ran before.
std::pair<xgrad::Tensor, xgrad::Tensor> batch(int step) {
  xgrad::manual_seed(1000 + step);
  return {xgrad::randn({8, 6}), xgrad::randint(3, {8})};
}

// Two optimizers with state (momentum buffers; Adam's moments and step count), one per param group.
struct Trainer {
  Net net;
  xgrad::optim::SGD sgd{net->body->parameters(), xgrad::optim::SGDOptions(0.05).momentum(0.9).nesterov(true)};
  xgrad::optim::Adam adam{net->head->parameters(), xgrad::optim::AdamOptions(1e-2).amsgrad(true)};
  void run(int first_step, int steps) {
    for (int step = first_step; step < first_step + steps; ++step) {
      auto [x, y] = batch(step);
      sgd.zero_grad();
      adam.zero_grad();
      xgrad::nn::functional::cross_entropy(net->forward(x), y).backward();
      sgd.step();
      adam.step();
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: resume straight|first|second <dir>\n";
    return 2;
  }
  const std::string mode = argv[1], dir = argv[2];
  try {
    xgrad::manual_seed(7);
    Trainer trainer;  // the initial weights come from seed 7 in every process
    if (mode == "straight") {
      trainer.run(0, 2 * kHalf);
      xgrad::save(trainer.net, dir + "/straight.ckpt");
    } else if (mode == "first") {
      trainer.run(0, kHalf);
      xgrad::save(trainer.net, dir + "/model.ckpt");
      xgrad::save(trainer.sgd, dir + "/sgd.ckpt");
      xgrad::save(trainer.adam, dir + "/adam.ckpt");
    } else if (mode == "second") {
      xgrad::manual_seed(12345);  // different initial weights: everything must come from the files
      Trainer fresh;
      xgrad::load(fresh.net, dir + "/model.ckpt");
      xgrad::load(fresh.sgd, dir + "/sgd.ckpt");
      xgrad::load(fresh.adam, dir + "/adam.ckpt");
      fresh.run(kHalf, kHalf);
      xgrad::save(fresh.net, dir + "/resumed.ckpt");
    } else {
      std::cerr << "unknown mode " << mode << "\n";
      return 2;
    }
  } catch (const xgrad::Error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
