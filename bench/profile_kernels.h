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
#include <limits>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace prunescope {

#ifdef PRUNESCOPE_CUDA
namespace detail {

using KinetoEvents = std::vector<torch::autograd::profiler::KinetoEvent>;

// The input shapes and types of an operator, as "[16384, 1024] BFloat16, [1024] Float".
inline std::string operatorInputs(const torch::autograd::profiler::KinetoEvent &e)
{
    if (!e.hasShapes())
        return "";
    const auto shapes = e.shapes();
    const auto types = e.hasTypes() ? e.dtypes() : c10::ArrayRef<std::string>();
    std::string text;
    for (size_t i = 0; i < shapes.size(); ++i) {
        if (shapes[i].empty() && (i >= types.size() || types[i].empty()))
            continue;
        text += (text.empty() ? "" : ", ") + c10::str(c10::IntArrayRef(shapes[i]));
        if (i < types.size() && !types[i].empty())
            text += " " + types[i];
    }
    return text;
}

// The GPU time of each operator that launched kernels, as "outermost operator > the one that
// launched [its inputs]": in the forward pass the outermost is the call the model made
// (aten::linear, aten::layer_norm), in the backward pass the autograd node.
inline std::map<std::string, std::pair<double, int64_t>> timeByOperator(const KinetoEvents &events)
{
    struct Op
    {
        const torch::autograd::profiler::KinetoEvent *event;
        int64_t parent = -1;
    };
    std::vector<Op> ops;
    std::map<uint64_t, size_t> byCorrelation;
    for (const auto &e : events)
        if (e.deviceType() == c10::DeviceType::CPU && e.name().rfind("cu", 0) != 0) { // not the CUDA runtime's calls
            byCorrelation[e.correlationId()] = ops.size();
            ops.push_back({&e});
        }
    std::vector<size_t> order(ops.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const auto &x = *ops[a].event, &y = *ops[b].event;
        return std::make_tuple(x.startThreadId(), x.startNs(), ~x.endNs())
             < std::make_tuple(y.startThreadId(), y.startNs(), ~y.endNs());
    });
    std::vector<size_t> open; // the operators enclosing the current one, on its thread
    for (size_t k = 0; k < order.size(); ++k) {
        const auto &e = *ops[order[k]].event;
        if (k > 0 && ops[order[k - 1]].event->startThreadId() != e.startThreadId())
            open.clear();
        while (!open.empty() && ops[open.back()].event->endNs() <= e.startNs())
            open.pop_back();
        ops[order[k]].parent = open.empty() ? -1 : int64_t(open.back());
        open.push_back(order[k]);
    }
    std::map<std::string, std::pair<double, int64_t>> byOperator;
    for (const auto &e : events) {
        if (e.deviceType() != c10::DeviceType::CUDA)
            continue;
        const auto found = byCorrelation.find(e.linkedCorrelationId());
        std::string key = "(no operator)";
        if (found != byCorrelation.end()) {
            size_t root = found->second;
            while (ops[root].parent >= 0)
                root = size_t(ops[root].parent);
            const auto &leaf = *ops[found->second].event;
            key = ops[root].event->name() + (root == found->second ? "" : " > " + leaf.name()) + " ["
                + operatorInputs(leaf) + "]";
        }
        auto &entry = byOperator[key.substr(0, 160)];
        entry.first += double(e.durationNs()) / 1e3;
        entry.second += 1;
    }
    return byOperator;
}

// Where the GPU stood idle during the run: from the first operator's start on the host to the
// last kernel's end, the time no kernel ran (before the first kernel, between kernels, after
// the last), and the longest gaps between kernels, each with the operator that launched the
// kernel after it and when in the run it came. Where the run's wall-clock time exceeds the
// kernels' sum, this says whether the host, a wait or the end of the run holds the GPU up.
inline void printIdle(const KinetoEvents &events, int64_t top)
{
    std::map<uint64_t, const torch::autograd::profiler::KinetoEvent *> byCorrelation;
    int64_t hostStart = std::numeric_limits<int64_t>::max();
    for (const auto &e : events)
        if (e.deviceType() == c10::DeviceType::CPU) {
            byCorrelation[e.correlationId()] = &e;
            hostStart = std::min<int64_t>(hostStart, int64_t(e.startNs()));
        }
    std::vector<const torch::autograd::profiler::KinetoEvent *> kernels;
    for (const auto &e : events)
        if (e.deviceType() == c10::DeviceType::CUDA)
            kernels.push_back(&e);
    if (kernels.empty())
        return;
    std::sort(kernels.begin(), kernels.end(), [](const auto *a, const auto *b) { return a->startNs() < b->startNs(); });
    struct Gap
    {
        double ms;
        double at; // ms into the run
        std::string next;
    };
    std::vector<Gap> gaps;
    int64_t busyUntil = int64_t(kernels.front()->startNs());
    double idle = 0;
    for (const auto *k : kernels) {
        const int64_t start = int64_t(k->startNs());
        if (start > busyUntil) {
            const auto launcher = byCorrelation.find(k->linkedCorrelationId());
            gaps.push_back({double(start - busyUntil) / 1e6, double(busyUntil - hostStart) / 1e6,
                            launcher == byCorrelation.end() ? k->name().substr(0, 60) : launcher->second->name()});
            idle += gaps.back().ms;
        }
        busyUntil = std::max(busyUntil, int64_t(k->endNs()));
    }
    const double first = double(int64_t(kernels.front()->startNs()) - hostStart) / 1e6;
    std::cerr << "GPU idle: " << first << " ms before the first kernel, " << idle << " ms between kernels ("
              << gaps.size() << " gaps); the run's span " << double(busyUntil - hostStart) / 1e6 << " ms\n";
    std::sort(gaps.begin(), gaps.end(), [](const Gap &a, const Gap &b) { return a.ms > b.ms; });
    for (size_t i = 0; i < gaps.size() && int64_t(i) < top; ++i)
        std::cerr << gaps[i].ms << " ms idle at " << gaps[i].at << " ms, before " << gaps[i].next << "\n";
}

inline void printTop(const std::map<std::string, std::pair<double, int64_t>> &table, int64_t top)
{
    std::vector<std::pair<std::string, std::pair<double, int64_t>>> sorted(table.begin(), table.end());
    std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) { return a.second.first > b.second.first; });
    for (size_t i = 0; i < sorted.size() && int64_t(i) < top; ++i)
        std::cerr << sorted[i].second.first / 1e3 << " ms " << sorted[i].second.second << "x " << sorted[i].first << "\n";
}

} // namespace detail
#endif

// The `top` GPU kernels of one run of `work` by their total time, on stderr, then the
// operators that launched them by the same measure: where the time goes, beside the same
// tables from torch.profiler for the reference.
inline void profileKernels(const std::function<void()> &work, int64_t top)
{
#ifdef PRUNESCOPE_CUDA
    namespace profiler = torch::autograd::profiler;
    const torch::profiler::impl::ProfilerConfig config(torch::profiler::impl::ProfilerState::KINETO,
                                                       /*report_input_shapes=*/true);
    const std::set<torch::profiler::impl::ActivityType> activities{torch::profiler::impl::ActivityType::CPU,
                                                                    torch::profiler::impl::ActivityType::CUDA};
    profiler::prepareProfiler(config, activities);
    profiler::enableProfiler(config, activities);
    work();
    const auto result = profiler::disableProfiler();
    std::map<std::string, std::pair<double, int64_t>> kernels; // name: (microseconds, count)
    double total = 0;
    int64_t count = 0;
    for (const auto &e : result->events()) {
        if (e.deviceType() != c10::DeviceType::CUDA)
            continue;
        auto &k = kernels[e.name().substr(0, 90)];
        k.first += double(e.durationNs()) / 1e3;
        k.second += 1;
        total += double(e.durationNs()) / 1e3;
        ++count;
    }
    std::cerr << "GPU time " << total / 1e3 << " ms in " << count << " events\n";
    detail::printTop(kernels, top);
    std::cerr << "By the operator that launched them (outermost > launching [its inputs]):\n";
    detail::printTop(detail::timeByOperator(result->events()), top + top / 2);
    detail::printIdle(result->events(), top / 2);
#else
    (void)work;
    (void)top;
    throw Error("--profile needs a build against a LibTorch with CUDA");
#endif
}

} // namespace prunescope
