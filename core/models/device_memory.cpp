#include "core/models/device_memory.h"

#ifdef PRUNESCOPE_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAGuard.h>
#include <cuda_runtime_api.h>
#endif

namespace prunescope {

#ifdef PRUNESCOPE_CUDA

namespace {

// The allocator's counts over both of its pools (index 0: the aggregate in every release).
struct Counts
{
    int64_t held, peak, reserved;
};

Counts counts(torch::Device device)
{
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.index());
    return {stats.allocated_bytes[0].current, stats.allocated_bytes[0].peak, stats.reserved_bytes[0].current};
}

} // namespace

std::optional<int64_t> availableDeviceBytes(torch::Device device)
{
    if (!device.is_cuda())
        return std::nullopt;
    const c10::cuda::CUDAGuard guard(device);
    size_t free = 0, total = 0;
    if (cudaMemGetInfo(&free, &total) != cudaSuccess)
        return std::nullopt;
    const Counts c = counts(device);
    return int64_t(free) + c.reserved - c.held;
}

std::optional<int64_t> heldDeviceBytes(torch::Device device)
{
    return device.is_cuda() ? std::optional<int64_t>(counts(device).held) : std::nullopt;
}

std::optional<int64_t> peakDeviceBytes(torch::Device device)
{
    return device.is_cuda() ? std::optional<int64_t>(counts(device).peak) : std::nullopt;
}

void resetPeakDeviceBytes(torch::Device device)
{
    if (device.is_cuda())
        c10::cuda::CUDACachingAllocator::resetPeakStats(device.index());
}

#else

std::optional<int64_t> availableDeviceBytes(torch::Device) { return std::nullopt; }
std::optional<int64_t> heldDeviceBytes(torch::Device) { return std::nullopt; }
std::optional<int64_t> peakDeviceBytes(torch::Device) { return std::nullopt; }
void resetPeakDeviceBytes(torch::Device) {}

#endif

} // namespace prunescope
