// Device choice: automatic (CUDA when available), or named as the user names it on the
// command line and in settings: "auto", "cpu", "cuda", "cuda:N".
#pragma once

#include <torch/types.h>

#include <string>

namespace prunescope {

// Throws prunescope::Error when the device does not exist in this build or machine.
torch::Device parseDevice(const std::string &name);
std::string describeDevice(const torch::Device &device);

} // namespace prunescope
