#pragma once
// Every layer, loss module and container.
#include <xgrad/nn/modules/activation.h>
#include <xgrad/nn/modules/batchnorm.h>
#include <xgrad/nn/modules/container/any.h>
#include <xgrad/nn/modules/container/functional.h>
#include <xgrad/nn/modules/container/modulelist.h>
#include <xgrad/nn/modules/container/named_any.h>
#include <xgrad/nn/modules/container/sequential.h>
#include <xgrad/nn/modules/conv.h>
#include <xgrad/nn/modules/dropout.h>
#include <xgrad/nn/modules/embedding.h>
#include <xgrad/nn/modules/linear.h>
#include <xgrad/nn/modules/loss.h>
#include <xgrad/nn/modules/normalization.h>
#include <xgrad/nn/modules/pooling.h>
