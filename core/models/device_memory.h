// What a device's memory holds and has left, so that work sized to the memory (Smooth-Cut's
// noisy copies in one batch) is sized before it starts rather than by running out. Known
// on CUDA devices in a build against a LibTorch with CUDA; elsewhere every answer is
// empty and callers keep their own limits.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <optional>

namespace prunescope {

// Bytes a new allocation can still get on `device`: the driver's free memory plus what
// the caching allocator holds unused.
std::optional<int64_t> availableDeviceBytes(torch::Device device);

// Bytes held by tensors on `device` now, and the most they held since the peak was last reset.
std::optional<int64_t> heldDeviceBytes(torch::Device device);
std::optional<int64_t> peakDeviceBytes(torch::Device device);
void resetPeakDeviceBytes(torch::Device device);

} // namespace prunescope
