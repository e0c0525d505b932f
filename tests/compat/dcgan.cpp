// The DCGAN of pytorch/examples (cpp/dcgan/dcgan.cpp), written as that example is: plain libtorch code
// that builds unchanged against libtorch and against xgrad (through compat/). Changes for a test: the
// data folder and the number of epochs come from the command line, the batches are small, and the
// program checks itself: the discriminator learns (its loss falls), and the checkpoints it writes
// restore a generator that gives the same images and an optimizer that takes the same next step.
// Usage: dcgan DATA_FOLDER EPOCHS   (writes its checkpoints to the current directory)
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

// The size of the noise vector fed to the generator.
const int64_t kNoiseSize = 100;

// The batch size for training.
const int64_t kBatchSize = 8;

// After how many batches to create a new checkpoint periodically.
const int64_t kCheckpointEvery = 4;

// How many images to sample at every checkpoint.
const int64_t kNumberOfSamplesPerCheckpoint = 4;

// After how many batches to log a new update with the loss value.
const int64_t kLogInterval = 2;

using namespace torch;

// The generator: noise [N, 100, 1, 1] to images [N, 1, 28, 28] in [-1, 1].
struct DCGANGeneratorImpl : nn::Module {
  DCGANGeneratorImpl(int kNoiseSize)
      : conv1(nn::ConvTranspose2dOptions(kNoiseSize, 256, 4).bias(false)),
        batch_norm1(256),
        conv2(nn::ConvTranspose2dOptions(256, 128, 3).stride(2).padding(1).bias(false)),
        batch_norm2(128),
        conv3(nn::ConvTranspose2dOptions(128, 64, 4).stride(2).padding(1).bias(false)),
        batch_norm3(64),
        conv4(nn::ConvTranspose2dOptions(64, 1, 4).stride(2).padding(1).bias(false)) {
    // register_module() is needed if we want to use the parameters() method later on
    register_module("conv1", conv1);
    register_module("conv2", conv2);
    register_module("conv3", conv3);
    register_module("conv4", conv4);
    register_module("batch_norm1", batch_norm1);
    register_module("batch_norm2", batch_norm2);
    register_module("batch_norm3", batch_norm3);
  }

  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(batch_norm1(conv1(x)));
    x = torch::relu(batch_norm2(conv2(x)));
    x = torch::relu(batch_norm3(conv3(x)));
    x = torch::tanh(conv4(x));
    return x;
  }

  nn::ConvTranspose2d conv1;
  nn::BatchNorm2d batch_norm1;
  nn::ConvTranspose2d conv2;
  nn::BatchNorm2d batch_norm2;
  nn::ConvTranspose2d conv3;
  nn::BatchNorm2d batch_norm3;
  nn::ConvTranspose2d conv4;
};

TORCH_MODULE(DCGANGenerator);

// The discriminator: images to the probability that they are real.
nn::Sequential create_discriminator() {
  return nn::Sequential(
      // Layer 1
      nn::Conv2d(nn::Conv2dOptions(1, 64, 4).stride(2).padding(1).bias(false)),
      nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)),
      // Layer 2
      nn::Conv2d(nn::Conv2dOptions(64, 128, 4).stride(2).padding(1).bias(false)),
      nn::BatchNorm2d(128),
      nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)),
      // Layer 3
      nn::Conv2d(nn::Conv2dOptions(128, 256, 4).stride(2).padding(1).bias(false)),
      nn::BatchNorm2d(256),
      nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)),
      // Layer 4
      nn::Conv2d(nn::Conv2dOptions(256, 1, 3).stride(1).padding(0).bias(false)),
      nn::Sigmoid());
}

// The generator's loss on fixed noise, against a discriminator that takes its images as real.
torch::Tensor generator_loss(DCGANGenerator& generator, nn::Sequential& discriminator, nn::BCELoss& criterion,
                             torch::Tensor noise) {
  torch::Tensor output = discriminator->forward(generator->forward(noise)).reshape({noise.size(0)});
  return criterion(output, torch::ones({noise.size(0)}));
}

// Checks that the checkpoints written during training restore what was saved, into a fresh generator
// and optimizer (freshly initialised, so a load that did nothing would show): the same images, and
// the same next Adam step (which needs the moments the optimizer's checkpoint holds).
void check_checkpoints(DCGANGenerator& generator, torch::optim::Adam& generator_optimizer,
                       nn::Sequential& discriminator, nn::BCELoss& criterion, torch::Device device) {
  DCGANGenerator restored(kNoiseSize);
  restored->to(device);
  torch::optim::Adam restored_optimizer(restored->parameters(),
                                        torch::optim::AdamOptions(2e-4).betas(std::make_tuple(0.5, 0.5)));
  torch::load(restored, "generator-checkpoint.pt");
  torch::load(restored_optimizer, "generator-optimizer-checkpoint.pt");
  // The checkpoint is the state after the last step: reload the trained generator from it too.
  torch::load(generator, "generator-checkpoint.pt");
  torch::load(generator_optimizer, "generator-optimizer-checkpoint.pt");

  torch::Tensor noise = torch::randn({kNumberOfSamplesPerCheckpoint, kNoiseSize, 1, 1}, device);
  generator->eval();
  restored->eval();
  {
    torch::NoGradGuard no_grad;
    TORCH_CHECK(restored->forward(noise).allclose(generator->forward(noise)),
                "the restored generator gives other images");
  }

  generator->train();
  restored->train();
  auto step = [&](DCGANGenerator& model, torch::optim::Adam& optimizer) {
    optimizer.zero_grad();
    generator_loss(model, discriminator, criterion, noise).backward();
    optimizer.step();
  };
  step(generator, generator_optimizer);
  step(restored, restored_optimizer);
  auto parameters = generator->parameters(), restored_parameters = restored->parameters();
  for (size_t i = 0; i < parameters.size(); ++i) {
    TORCH_CHECK(parameters[i].allclose(restored_parameters[i], 1e-4, 1e-6),
                "after one more step, the restored generator's parameter ", i, " differs");
  }

  // The saved samples load back as they were written.
  torch::Tensor samples;
  torch::load(samples, "dcgan-sample-1.pt");
  TORCH_CHECK(samples.sizes() == torch::IntArrayRef({kNumberOfSamplesPerCheckpoint, 1, 28, 28}) &&
                  samples.min().item<float>() >= 0 && samples.max().item<float>() <= 1,
              "the saved samples are not ", kNumberOfSamplesPerCheckpoint, " images in [0, 1]");
}

int main(int argc, const char* argv[]) {
  if (argc != 3) {
    std::cerr << "usage: dcgan DATA_FOLDER EPOCHS\n";
    return 2;
  }
  const int64_t kNumberOfEpochs = std::atoi(argv[2]);

  torch::manual_seed(1);

  // Create the device we pass around based on whether CUDA is available.
  torch::Device device(torch::kCPU);
  if (torch::cuda::is_available()) {
    std::cout << "CUDA is available! Training on GPU." << std::endl;
    device = torch::Device(torch::kCUDA);
  }

  try {
    DCGANGenerator generator(kNoiseSize);
    generator->to(device);

    nn::Sequential discriminator = create_discriminator();
    discriminator->to(device);

    // Assume the MNIST dataset is available under `argv[1]`;
    auto dataset = torch::data::datasets::MNIST(argv[1])
                       .map(torch::data::transforms::Normalize<>(0.5, 0.5))
                       .map(torch::data::transforms::Stack<>());
    const int64_t batches_per_epoch = std::ceil(dataset.size().value() / static_cast<double>(kBatchSize));

    auto data_loader = torch::data::make_data_loader(
        std::move(dataset), torch::data::DataLoaderOptions().batch_size(kBatchSize).workers(2));

    torch::optim::Adam generator_optimizer(generator->parameters(),
                                           torch::optim::AdamOptions(2e-4).betas(std::make_tuple(0.5, 0.5)));
    torch::optim::Adam discriminator_optimizer(discriminator->parameters(),
                                               torch::optim::AdamOptions(2e-4).betas(std::make_tuple(0.5, 0.5)));
    nn::BCELoss criterion;

    std::vector<float> d_losses;
    int64_t checkpoint_counter = 1;
    for (int64_t epoch = 1; epoch <= kNumberOfEpochs; ++epoch) {
      int64_t batch_index = 0;
      for (torch::data::Example<>& batch : *data_loader) {
        // Train discriminator with real images.
        discriminator->zero_grad();
        torch::Tensor real_images = batch.data.to(device);
        torch::Tensor real_labels = torch::empty(batch.data.size(0), device).uniform_(0.8, 1.0);
        torch::Tensor real_output = discriminator->forward(real_images).reshape(real_labels.sizes());
        torch::Tensor d_loss_real = torch::binary_cross_entropy(real_output, real_labels);
        d_loss_real.backward();

        // Train discriminator with fake images.
        torch::Tensor noise = torch::randn({batch.data.size(0), kNoiseSize, 1, 1}, device);
        torch::Tensor fake_images = generator->forward(noise);
        torch::Tensor fake_labels = torch::zeros(batch.data.size(0), device);
        torch::Tensor fake_output = discriminator->forward(fake_images.detach()).reshape(fake_labels.sizes());
        torch::Tensor d_loss_fake = torch::binary_cross_entropy(fake_output, fake_labels);
        d_loss_fake.backward();

        torch::Tensor d_loss = d_loss_real + d_loss_fake;
        discriminator_optimizer.step();

        // Train generator.
        generator->zero_grad();
        fake_labels.fill_(1);
        fake_output = discriminator->forward(fake_images).reshape(fake_labels.sizes());
        torch::Tensor g_loss = criterion(fake_output, fake_labels);
        g_loss.backward();
        generator_optimizer.step();

        d_losses.push_back(d_loss.item<float>());
        batch_index++;
        if (batch_index % kLogInterval == 0) {
          std::printf("[%2ld/%2ld][%3ld/%3ld] D_loss: %.4f | G_loss: %.4f\n", static_cast<long>(epoch),
                      static_cast<long>(kNumberOfEpochs), static_cast<long>(batch_index),
                      static_cast<long>(batches_per_epoch), d_loss.item<float>(), g_loss.item<float>());
        }

        if (batch_index % kCheckpointEvery == 0) {
          // Checkpoint the model and optimizer state.
          torch::save(generator, "generator-checkpoint.pt");
          torch::save(generator_optimizer, "generator-optimizer-checkpoint.pt");
          torch::save(discriminator, "discriminator-checkpoint.pt");
          torch::save(discriminator_optimizer, "discriminator-optimizer-checkpoint.pt");
          // Sample the generator and save the images.
          torch::Tensor samples =
              generator->forward(torch::randn({kNumberOfSamplesPerCheckpoint, kNoiseSize, 1, 1}, device));
          torch::save((samples + 1.0) / 2.0, torch::str("dcgan-sample-", checkpoint_counter, ".pt"));
          std::cout << "-> checkpoint " << ++checkpoint_counter << '\n';
        }
      }
    }

    TORCH_CHECK(checkpoint_counter > 1, "no checkpoint was written: give more than ", kCheckpointEvery,
                " batches");
    // The discriminator soon tells the synthetic digits from the untrained generator's images.
    const size_t quarter = (d_losses.size() + 3) / 4;
    float first = 0, last = 0;
    for (size_t i = 0; i < quarter; ++i) {
      first += d_losses[i];
      last += d_losses[d_losses.size() - 1 - i];
    }
    TORCH_CHECK(last < 0.8 * first, "the discriminator's loss did not fall: mean ", first / quarter,
                " over the first quarter of the steps, ", last / quarter, " over the last");

    check_checkpoints(generator, generator_optimizer, discriminator, criterion, device);
  } catch (const c10::Error& e) {
    std::cerr << "dcgan: " << e.what() << std::endl;
    return 1;
  }
  std::cout << "Training complete!" << std::endl;
  std::cout << "dcgan: all checks passed" << std::endl;
}
