#pragma once
// The umbrella header: everything a user program needs, `#include <xgrad/xgrad.h>`.
#include <xgrad/autograd/autograd.h>
#include <xgrad/autograd/function.h>
#include <xgrad/autograd/gradcheck.h>
#include <xgrad/autograd/profiler.h>
#include <xgrad/data.h>
#include <xgrad/error.h>
#include <xgrad/functions.h>
#include <xgrad/indexing.h>
#include <xgrad/grad_mode.h>
#include <xgrad/inference_mode.h>
#include <xgrad/layout.h>
#include <xgrad/nn.h>
#include <xgrad/optim.h>
#include <xgrad/parallel.h>
#include <xgrad/serialize.h>
#include <xgrad/tensor.h>
