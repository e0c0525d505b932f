#pragma once
// The umbrella of xgrad's optim library: the optimizers and the LR schedulers.
#include <xgrad/optim/adagrad.h>
#include <xgrad/optim/adam.h>
#include <xgrad/optim/adamw.h>
#include <xgrad/optim/optimizer.h>
#include <xgrad/optim/rmsprop.h>
#include <xgrad/optim/schedulers/cosine_annealing_lr.h>
#include <xgrad/optim/schedulers/exponential_lr.h>
#include <xgrad/optim/schedulers/linear_lr.h>
#include <xgrad/optim/schedulers/lr_scheduler.h>
#include <xgrad/optim/schedulers/multi_step_lr.h>
#include <xgrad/optim/schedulers/one_cycle_lr.h>
#include <xgrad/optim/schedulers/reduce_lr_on_plateau.h>
#include <xgrad/optim/schedulers/step_lr.h>
#include <xgrad/optim/sgd.h>
