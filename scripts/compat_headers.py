#!/usr/bin/env python3
"""Writes compat/'s libtorch header paths: every header a libtorch program can include resolves to
xgrad's compat layer, never silently to a libtorch installed beside it.

    scripts/compat_headers.py            rewrite compat/{torch,ATen,c10}/... from the table below
    scripts/compat_headers.py --check    also compare the table with an installed libtorch
                                         (Debian's libtorch-dev): every header of its C++ API
                                         (torch/csrc/api/include/torch/) and of /usr/include/torch/
                                         must be in the table

A header is either PROVIDED (it includes <torch/torch.h>, which holds all of xgrad's libtorch API) or
MISSING with the feature xgrad lacks: then it is one #error line naming that feature. Any other
libtorch header (ATen/native/..., torch/csrc/...) reaches <c10/macros/Export.h> or
<c10/macros/Macros.h>, and there xgrad's copies stop it with one #error line, with the compiler's
include stack naming the header that was included. Each #error is followed by an include of a file that
does not exist, which stops the compilation there. tests/compat/headers.cmake checks the result.
The written headers are committed; rerun this when a feature lands (move its header to PROVIDED).
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMPAT = os.path.join(ROOT, "compat")
LIBTORCH_API = "/usr/include/torch/csrc/api/include/torch"
LIBTORCH_TOP = "/usr/include/torch"

# Headers of libtorch's C++ API (its csrc/api/include/torch/) that xgrad provides.
PROVIDED = """
all.h arg.h autograd.h cuda.h data.h linalg.h types.h utils.h torch.h version.h enum.h expanding_array.h
ordered_dict.h serialize.h serialize/archive.h serialize/input-archive.h serialize/output-archive.h
serialize/tensor.h detail/TensorDataContainer.h detail/static.h
data/dataloader.h data/dataloader/base.h data/dataloader/stateless.h data/dataloader_options.h
data/datasets.h data/datasets/base.h data/datasets/map.h data/datasets/mnist.h data/datasets/tensor.h
data/detail/data_shuttle.h data/detail/queue.h data/detail/sequencers.h data/example.h data/iterator.h
data/samplers.h data/samplers/base.h data/samplers/distributed.h data/samplers/random.h
data/samplers/sequential.h data/samplers/serialize.h data/transforms.h data/transforms/base.h
data/transforms/collate.h data/transforms/lambda.h data/transforms/stack.h data/transforms/tensor.h
nn.h nn/cloneable.h nn/functional.h nn/init.h nn/module.h nn/modules.h nn/options.h nn/pimpl.h
nn/pimpl-inl.h nn/utils.h
nn/functional/activation.h nn/functional/batchnorm.h nn/functional/conv.h nn/functional/dropout.h
nn/functional/embedding.h nn/functional/linear.h nn/functional/loss.h nn/functional/normalization.h
nn/functional/pooling.h
nn/modules/activation.h nn/modules/batchnorm.h nn/modules/conv.h nn/modules/dropout.h
nn/modules/embedding.h nn/modules/linear.h nn/modules/loss.h nn/modules/normalization.h
nn/modules/pooling.h nn/modules/utils.h
nn/modules/container/any.h nn/modules/container/any_module_holder.h nn/modules/container/any_value.h
nn/modules/container/functional.h nn/modules/container/modulelist.h nn/modules/container/named_any.h
nn/modules/container/sequential.h
nn/options/activation.h nn/options/batchnorm.h nn/options/conv.h nn/options/dropout.h
nn/options/embedding.h nn/options/linear.h nn/options/loss.h nn/options/normalization.h
nn/options/pooling.h
optim.h optim/adagrad.h optim/adam.h optim/adamw.h optim/optimizer.h optim/rmsprop.h optim/sgd.h
optim/serialize.h optim/schedulers/lr_scheduler.h optim/schedulers/step_lr.h
special.h
""".split()

# Headers of libtorch's C++ API that xgrad does not provide, each with the feature it lacks.
MISSING = {
    "fft.h": "torch::fft (discrete Fourier transforms)",
    "sparse.h": "sparse tensors",
    "nested.h": "nested tensors",
    "jit.h": "TorchScript (torch::jit)",
    "imethod.h": "torch::deploy / TorchScript methods",
    "python.h": "Python bindings",
    "data/dataloader/stateful.h": "stateful data loaders (torch::data::StatefulDataLoader)",
    "data/datasets/chunk.h": "chunk datasets (torch::data::datasets::ChunkDataset)",
    "data/datasets/shared.h": "shared datasets (torch::data::datasets::SharedBatchDataset)",
    "data/datasets/stateful.h": "stateful datasets (torch::data::datasets::StatefulDataset)",
    "data/samplers/custom_batch_request.h": "custom batch requests (torch::data::samplers::CustomBatchRequest)",
    "data/samplers/stream.h": "stream samplers (torch::data::samplers::StreamSampler)",
    "data/worker_exception.h": "torch::data::WorkerException",
    "nn/functional/distance.h": "distance functions (F::cosine_similarity, F::pairwise_distance)",
    "nn/functional/fold.h": "fold and unfold (F::fold, F::unfold)",
    "nn/functional/instancenorm.h": "instance normalization (F::instance_norm)",
    "nn/functional/padding.h": "padding (F::pad)",
    "nn/functional/pixelshuffle.h": "pixel shuffle (F::pixel_shuffle)",
    "nn/functional/upsampling.h": "upsampling (F::interpolate)",
    "nn/functional/vision.h": "grid sampling (F::grid_sample, F::affine_grid)",
    "nn/modules/_functions.h": "nn::functions::CrossMapLRN2d",
    "nn/modules/adaptive.h": "nn::AdaptiveLogSoftmaxWithLoss",
    "nn/modules/common.h": "FORWARD_HAS_DEFAULT_ARGS (default arguments of forward in AnyModule)",
    "nn/modules/container/moduledict.h": "nn::ModuleDict",
    "nn/modules/container/parameterdict.h": "nn::ParameterDict",
    "nn/modules/container/parameterlist.h": "nn::ParameterList",
    "nn/modules/distance.h": "distance modules (nn::CosineSimilarity, nn::PairwiseDistance)",
    "nn/modules/fold.h": "nn::Fold and nn::Unfold",
    "nn/modules/instancenorm.h": "instance normalization modules (nn::InstanceNorm1d/2d/3d)",
    "nn/modules/padding.h": "padding modules (nn::ReflectionPad2d, nn::ZeroPad2d, ...)",
    "nn/modules/pixelshuffle.h": "nn::PixelShuffle and nn::PixelUnshuffle",
    "nn/modules/rnn.h": "recurrent modules (nn::RNN, nn::LSTM, nn::GRU)",
    "nn/modules/transformer.h": "nn::Transformer",
    "nn/modules/transformercoder.h": "nn::TransformerEncoder and nn::TransformerDecoder",
    "nn/modules/transformerlayer.h": "nn::TransformerEncoderLayer and nn::TransformerDecoderLayer",
    "nn/modules/upsampling.h": "nn::Upsample",
    "nn/options/adaptive.h": "nn::AdaptiveLogSoftmaxWithLossOptions",
    "nn/options/distance.h": "distance options (nn::CosineSimilarityOptions, nn::PairwiseDistanceOptions)",
    "nn/options/fold.h": "nn::FoldOptions and nn::UnfoldOptions",
    "nn/options/instancenorm.h": "instance normalization options",
    "nn/options/padding.h": "padding options (nn::functional::PadFuncOptions, ...)",
    "nn/options/pixelshuffle.h": "pixel shuffle options",
    "nn/options/rnn.h": "recurrent module options (nn::LSTMOptions, ...)",
    "nn/options/transformer.h": "nn::TransformerOptions",
    "nn/options/transformercoder.h": "transformer encoder and decoder options",
    "nn/options/transformerlayer.h": "transformer layer options",
    "nn/options/upsampling.h": "upsampling options (nn::UpsampleOptions, F::InterpolateFuncOptions)",
    "nn/options/vision.h": "grid sampling options",
    "nn/parallel/data_parallel.h": "nn::parallel::data_parallel (multi-device replication)",
    "nn/utils/clip_grad.h": "gradient clipping (nn::utils::clip_grad_norm_, clip_grad_value_)",
    "nn/utils/convert_parameters.h": "nn::utils::parameters_to_vector and vector_to_parameters",
    "nn/utils/rnn.h": "packed sequences (nn::utils::rnn::pack_padded_sequence, ...)",
    "optim/lbfgs.h": "the L-BFGS optimizer (optim::LBFGS)",
}

# /usr/include/torch/*.h: beside the C++ API's include root, so found without any -I flag.
TOP_MISSING = {
    "script.h": "TorchScript (torch::jit::load and scripted modules)",
    "extension.h": "Python C++ extensions",
    "library.h": "custom operator registration (TORCH_LIBRARY)",
    "custom_class.h": "TorchScript custom classes",
    "custom_class_detail.h": "TorchScript custom classes",
}

# The ATen and c10 headers libtorch programs commonly include.
ATEN_C10_PROVIDED = """
ATen/ATen.h ATen/Tensor.h ATen/TensorIndexing.h ATen/Functions.h ATen/Parallel.h ATen/core/Tensor.h ATen/core/TensorBody.h
ATen/TensorOptions.h c10/util/Optional.h c10/util/ArrayRef.h c10/util/irange.h c10/util/Exception.h
c10/core/ScalarType.h c10/core/Scalar.h c10/core/Device.h c10/core/DeviceType.h c10/core/TensorOptions.h
c10/core/GradMode.h c10/core/MemoryFormat.h c10/core/Layout.h c10/core/InferenceMode.h
""".split()
ATEN_C10_MISSING = {
    "ATen/core/ivalue.h": "TorchScript values (c10::IValue)",
    "c10/util/Half.h": "the Half dtype",
    "c10/util/BFloat16.h": "the BFloat16 dtype",
    "ATen/cuda/CUDAContext.h": "CUDA (xgrad computes on the CPU only)",
    "ATen/cuda/CUDAEvent.h": "CUDA (xgrad computes on the CPU only)",
    "c10/cuda/CUDAGuard.h": "CUDA (xgrad computes on the CPU only)",
    "c10/cuda/CUDAStream.h": "CUDA (xgrad computes on the CPU only)",
    "ATen/Dispatch.h": "ATen's kernel dispatch macros (AT_DISPATCH_*)",
    "ATen/native/TensorIterator.h": "ATen's TensorIterator kernels",
    "ATen/core/TensorAccessor.h": "TensorAccessor (Tensor::accessor)",
}
# Reached by every other libtorch header: the guard.
SENTINELS = ["c10/macros/Export.h", "c10/macros/Macros.h"]

GENERATED = "(written by scripts/compat_headers.py)"
# #error lets the compiler go on, into pages of errors from the code that needed the header; a missing
# include is fatal in every compiler, so the output ends after the #error's line.
STOP = '#include "(xgrad stops the compilation here)"\n'


def provided(path):
    return (f"#pragma once\n// <{path}> for libtorch programs: xgrad provides it through <torch/torch.h> {GENERATED}.\n"
            "#include <torch/torch.h>\n")


def missing(path, feature):
    return (f"#pragma once\n// <{path}> {GENERATED}\n"
            f'#error "xgrad does not provide <{path}>: {feature} is not in xgrad"\n' + STOP)


def sentinel(path):
    return (f"// <{path}> {GENERATED}: only libtorch's own headers include it.\n"
            f'#error "xgrad: a libtorch header xgrad does not provide was included (it reached <{path}>); '
            'the include stack above names it"\n' + STOP)


def contents():
    """{path: (kind, text)} for every header the table names."""
    files = {}
    for h in PROVIDED:
        files[f"torch/{h}"] = ("provided", provided(f"torch/{h}"))
    for h, feature in {**MISSING, **TOP_MISSING}.items():
        files[f"torch/{h}"] = ("missing", missing(f"torch/{h}", feature))
    for h in ATEN_C10_PROVIDED:
        files[h] = ("provided", provided(h))
    for h, feature in ATEN_C10_MISSING.items():
        files[h] = ("missing", missing(h, feature))
    for h in SENTINELS:
        files[h] = ("sentinel", sentinel(h))
    return files


def check_installed():
    """Every header of an installed libtorch's C++ API and top directory is in the table."""
    if not os.path.isdir(LIBTORCH_API):
        sys.exit(f"--check: {LIBTORCH_API} not found (apt-get install libtorch-dev)")
    table = set(PROVIDED) | set(MISSING)
    assert not set(PROVIDED) & set(MISSING), "a header is both provided and missing"
    api = {os.path.relpath(os.path.join(d, f), LIBTORCH_API)
           for d, _, fs in os.walk(LIBTORCH_API) for f in fs if f.endswith(".h")}
    top = {f for f in os.listdir(LIBTORCH_TOP) if f.endswith(".h")}
    problems = [f"libtorch's torch/{h} is not in the table" for h in sorted(api - table)]
    problems += [f"the table's torch/{h} is not libtorch's" for h in sorted(table - api)]
    problems += [f"libtorch's /usr/include/torch/{h} is not in TOP_MISSING" for h in sorted(top - set(TOP_MISSING))]
    for p in problems:
        print(p)
    return not problems


def main():
    files = contents()
    for rel, (_, text) in sorted(files.items()):
        if rel == "torch/torch.h":
            continue  # the compat layer itself, written by hand
        path = os.path.join(COMPAT, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    # The list tests/compat/headers.cmake walks: "<kind> <path>" per line.
    with open(os.path.join(ROOT, "tests", "compat", "headers.txt"), "w") as f:
        f.write(f"# {GENERATED}\n")
        for rel, (kind, _) in sorted(files.items()):
            f.write(f"{kind} {rel}\n")
    kinds = [kind for kind, _ in files.values()]
    print(f"{len(files)} headers: {kinds.count('provided')} provided, {kinds.count('missing')} missing")
    if "--check" in sys.argv[1:] and not check_installed():
        sys.exit(1)


if __name__ == "__main__":
    main()
