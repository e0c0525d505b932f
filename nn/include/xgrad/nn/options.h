#pragma once
// The option structs of every layer, loss and functional (XGRAD_ARG setters, libtorch's defaults).
#include <xgrad/nn/options/activation.h>
#include <xgrad/nn/options/batchnorm.h>
#include <xgrad/nn/options/conv.h>
#include <xgrad/nn/options/dropout.h>
#include <xgrad/nn/options/embedding.h>
#include <xgrad/nn/options/linear.h>
#include <xgrad/nn/options/loss.h>
#include <xgrad/nn/options/normalization.h>
#include <xgrad/nn/options/pooling.h>
