#pragma once
// xgrad::nn::functional, libtorch's stateless counterparts of the layers and losses:
//   namespace F = xgrad::nn::functional;
//   auto y = F::max_pool2d(F::relu(F::conv2d(x, w)), F::MaxPool2dFuncOptions(2));
#include <xgrad/nn/functional/activation.h>
#include <xgrad/nn/functional/batchnorm.h>
#include <xgrad/nn/functional/conv.h>
#include <xgrad/nn/functional/dropout.h>
#include <xgrad/nn/functional/embedding.h>
#include <xgrad/nn/functional/linear.h>
#include <xgrad/nn/functional/loss.h>
#include <xgrad/nn/functional/normalization.h>
#include <xgrad/nn/functional/pooling.h>
