// Core benchmarks of xgrad (Google Benchmark):
//   - mm of square float32 matrices n = 64 ... 1024, through xgrad and through a direct cblas_sgemm
//     call on the same buffers, so that their ratio is xgrad's overhead over the BLAS it calls;
//   - elementwise add and relu over 1M floats;
//   - one forward + backward step of a 784-128-10 MLP at batch 64 (no optimizer).
// After the runs it prints the matmul table: xgrad time / cblas time per size (the median when run
// with repetitions). The target is a ratio <= 1.25, i.e. xgrad reaches >= 80% of cblas's throughput.
#include <benchmark/benchmark.h>
#include <cblas.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <xgrad/xgrad.h>

#include "blas_info.h"

namespace {

constexpr int64_t kElementwiseSize = int64_t{1} << 20;

void set_matmul_flops(benchmark::State& state, int64_t n) {
  state.counters["FLOPS"] = benchmark::Counter(2.0 * static_cast<double>(n * n * n),
                                               benchmark::Counter::kIsIterationInvariantRate);
}

void BM_mm_xgrad(benchmark::State& state) {
  const int64_t n = state.range(0);
  xgrad::Tensor a = xgrad::randn({n, n});
  xgrad::Tensor b = xgrad::randn({n, n});
  for (auto _ : state) {
    xgrad::Tensor c = a.mm(b);
    benchmark::DoNotOptimize(c.data_ptr());
  }
  set_matmul_flops(state, n);
}
BENCHMARK(BM_mm_xgrad)->RangeMultiplier(2)->Range(64, 1024)->Unit(benchmark::kMicrosecond);

// The baseline: the BLAS call alone, into a preallocated output.
void BM_mm_cblas(benchmark::State& state) {
  const int64_t n = state.range(0);
  xgrad::Tensor a = xgrad::randn({n, n});
  xgrad::Tensor b = xgrad::randn({n, n});
  xgrad::Tensor c = xgrad::empty({n, n});
  const int ni = static_cast<int>(n);
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, ni, ni, ni, 1.0f, a.data_ptr<float>(), ni,
                b.data_ptr<float>(), ni, 0.0f, c.data_ptr<float>(), ni);
    benchmark::ClobberMemory();
  }
  set_matmul_flops(state, n);
}
BENCHMARK(BM_mm_cblas)->RangeMultiplier(2)->Range(64, 1024)->Unit(benchmark::kMicrosecond);

void BM_add(benchmark::State& state) {
  xgrad::Tensor a = xgrad::randn({kElementwiseSize});
  xgrad::Tensor b = xgrad::randn({kElementwiseSize});
  for (auto _ : state) {
    xgrad::Tensor c = a + b;
    benchmark::DoNotOptimize(c.data_ptr());
  }
  state.SetBytesProcessed(state.iterations() * 3 * kElementwiseSize * static_cast<int64_t>(sizeof(float)));
}
BENCHMARK(BM_add)->Unit(benchmark::kMicrosecond);

void BM_relu(benchmark::State& state) {
  xgrad::Tensor a = xgrad::randn({kElementwiseSize});
  for (auto _ : state) {
    xgrad::Tensor c = xgrad::relu(a);
    benchmark::DoNotOptimize(c.data_ptr());
  }
  state.SetBytesProcessed(state.iterations() * 2 * kElementwiseSize * static_cast<int64_t>(sizeof(float)));
}
BENCHMARK(BM_relu)->Unit(benchmark::kMicrosecond);

// A parameter scaled like PyTorch's default init (about 1/sqrt(fan_in)), requiring grad.
xgrad::Tensor parameter(xgrad::IntArrayRef sizes, double scale) {
  xgrad::Tensor p = xgrad::randn(sizes) * scale;
  p.requires_grad_();
  return p;
}

void BM_mlp_forward_backward(benchmark::State& state) {
  constexpr int64_t batch = 64, in = 784, hidden = 128, classes = 10;
  xgrad::manual_seed(0);
  xgrad::Tensor w1 = parameter({hidden, in}, 1.0 / 28.0);
  xgrad::Tensor b1 = parameter({hidden}, 1.0 / 28.0);
  xgrad::Tensor w2 = parameter({classes, hidden}, 1.0 / 11.3);
  xgrad::Tensor b2 = parameter({classes}, 1.0 / 11.3);
  xgrad::Tensor x = xgrad::randn({batch, in});
  xgrad::Tensor onehot = xgrad::zeros({batch, classes});
  float* target = onehot.data_ptr<float>();
  for (int64_t i = 0; i < batch; ++i) target[i * classes + i % classes] = 1.0f;

  for (auto _ : state) {
    // Fresh gradients each step, as after zero_grad(set_to_none).
    for (xgrad::Tensor* p : {&w1, &b1, &w2, &b2}) p->mutable_grad() = xgrad::Tensor();
    xgrad::Tensor h = xgrad::relu(x.mm(w1.t()) + b1);
    xgrad::Tensor logits = h.mm(w2.t()) + b2;
    xgrad::Tensor loss = -(xgrad::log_softmax(logits, 1) * onehot).sum() / batch;
    loss.backward();
    benchmark::DoNotOptimize(w1.grad().data_ptr());
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_mlp_forward_backward)->Unit(benchmark::kMicrosecond);

// The console output, plus the xgrad / cblas matmul table once every benchmark has run.
class MatmulRatioReporter : public benchmark::ConsoleReporter {
 public:
  using benchmark::ConsoleReporter::ConsoleReporter;

  void ReportRuns(const std::vector<Run>& runs) override {
    benchmark::ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      const std::string& fn = run.run_name.function_name;
      if (run.error_occurred || (fn != "BM_mm_xgrad" && fn != "BM_mm_cblas")) continue;
      // With repetitions only the median counts; without, the one run does.
      const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      const bool single = run.run_type == Run::RT_Iteration && run.repetitions <= 1;
      if (!median && !single) continue;
      const double seconds = run.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
      times_[std::stoll(run.run_name.args)][fn] = seconds;
      statistic_ = median ? "median" : "single run";
    }
  }

  void Finalize() override {
    benchmark::ConsoleReporter::Finalize();
    std::ostream& out = GetOutputStream();
    bool header = false;
    char line[128];
    for (const auto& [n, by_fn] : times_) {
      const auto x = by_fn.find("BM_mm_xgrad"), c = by_fn.find("BM_mm_cblas");
      if (x == by_fn.end() || c == by_fn.end()) continue;
      if (!header) {
        out << "\nmm of n x n float32, xgrad / cblas (" << statistic_
            << " real time; target: ratio <= 1.25, i.e. >= 80% of cblas)\n";
        std::snprintf(line, sizeof line, "%6s %12s %12s %7s\n", "n", "xgrad (us)", "cblas (us)", "ratio");
        out << line;
        header = true;
      }
      const double ratio = x->second / c->second;
      std::snprintf(line, sizeof line, "%6lld %12.1f %12.1f %7.2f  %s\n", static_cast<long long>(n),
                    x->second * 1e6, c->second * 1e6, ratio, ratio <= 1.25 ? "ok" : "above target");
      out << line;
    }
    out.flush();
  }

 private:
  std::map<long long, std::map<std::string, double>> times_;
  std::string statistic_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  print_blas_info();
  MatmulRatioReporter reporter(isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_Color
                                                     : benchmark::ConsoleReporter::OO_None);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
