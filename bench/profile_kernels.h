// What the benchmarks share: the GPU kernels of one run, by their total time.
#pragma once

#include "core/support/error.h"

#include <torch/torch.h>
#ifdef PRUNESCOPE_CUDA
#include <torch/csrc/autograd/profiler_kineto.h>
#endif

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace prunescope {

// The `top` GPU kernels of one run of `work` by their total time, on stderr: where the
// time goes, beside the same table from torch.profiler for the reference.
inline void profileKernels(const std::function<void()> &work, int64_t top)
{
#ifdef PRUNESCOPE_CUDA
    namespace profiler = torch::autograd::profiler;
    const torch::profiler::impl::ProfilerConfig config(torch::profiler::impl::ProfilerState::KINETO);
    const std::set<torch::profiler::impl::ActivityType> activities{torch::profiler::impl::ActivityType::CUDA};
    profiler::prepareProfiler(config, activities);
    profiler::enableProfiler(config, activities);
    work();
    const auto result = profiler::disableProfiler();
    std::map<std::string, std::pair<double, int64_t>> kernels; // name: (microseconds, count)
    double total = 0;
    for (const auto &e : result->events()) {
        if (e.deviceType() != c10::DeviceType::CUDA)
            continue;
        auto &k = kernels[e.name().substr(0, 90)];
        k.first += double(e.durationNs()) / 1e3;
        k.second += 1;
        total += double(e.durationNs()) / 1e3;
    }
    std::vector<std::pair<std::string, std::pair<double, int64_t>>> sorted(kernels.begin(), kernels.end());
    const auto byTime = [](const auto &a, const auto &b) { return a.second.first > b.second.first; };
    std::sort(sorted.begin(), sorted.end(), byTime);
    std::cerr << "GPU time " << total / 1e3 << " ms in " << result->events().size() << " events\n";
    for (size_t i = 0; i < sorted.size() && int64_t(i) < top; ++i)
        std::cerr << sorted[i].second.first / 1e3 << " ms " << sorted[i].second.second << "x " << sorted[i].first
                  << "\n";
#else
    (void)work;
    (void)top;
    throw Error("--profile needs a build against a LibTorch with CUDA");
#endif
}

} // namespace prunescope
