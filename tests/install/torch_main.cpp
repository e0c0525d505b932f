// A libtorch program built against an installed xgrad through xgrad::torch_compat: only the CMake
// target differs from a libtorch build. Fits y = 3 x - 1 with Linear + SGD; exits with 1 unless it
// converges.
#include <torch/torch.h>

#include <iostream>

int main() {
  try {
    torch::manual_seed(0);
    torch::Device device(torch::cuda::is_available() ? torch::kCUDA : torch::kCPU);
    torch::nn::Linear fc(1, 1);
    fc->to(device);
    torch::optim::SGD optimizer(fc->parameters(), torch::optim::SGDOptions(0.1));
    const torch::Tensor x = torch::linspace(-1, 1, 32, device).unsqueeze(1);
    const torch::Tensor y = 3 * x - 1;
    float loss = 0;
    for (int step = 0; step < 300; ++step) {
      optimizer.zero_grad();
      torch::Tensor l = torch::mse_loss(fc(x), y);
      l.backward();
      optimizer.step();
      loss = l.item<float>();
    }
    TORCH_CHECK(loss < 1e-4, "the fit did not converge: loss ", loss);
    std::cout << "torch_compat consumer: ok, w " << fc->weight.item<float>() << " b " << fc->bias.item<float>() << "\n";
    return 0;
  } catch (const c10::Error& e) {
    std::cerr << "torch_compat consumer: " << e.msg() << "\n";
    return 1;
  }
}
