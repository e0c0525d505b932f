#pragma once
// Everything nn, as libtorch's <torch/nn.h>: Module and its holders, the containers, the layers
// and losses with their options, nn::functional and nn::init.
#include <xgrad/nn/cloneable.h>
#include <xgrad/nn/functional.h>
#include <xgrad/nn/init.h>
#include <xgrad/nn/module.h>
#include <xgrad/nn/modules.h>
#include <xgrad/nn/options.h>
#include <xgrad/nn/pimpl.h>
#include <xgrad/ordered_dict.h>
