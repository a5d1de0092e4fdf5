// Device choice: automatic (CUDA when available), or named as the user names it on the
// command line and in settings: "auto", "cpu", "cuda", "cuda:N".
#pragma once

#include <torch/types.h>

#include <string>

namespace prunescope {

// Throws prunescope::Error naming `option` when the name is not one of auto, cpu, cuda,
// cuda:N (options.h), or the device does not exist in this build or machine.
torch::Device parseDevice(const std::string &name, const std::string &option = "device");
std::string describeDevice(const torch::Device &device);

// Compute precision as named on the command line: "fp32" (float32), "bf16" (bfloat16) or
// "fp16" (float16), checked by parsePrecisionName (options.h). The last two run the
// forward passes under autocast.
torch::ScalarType parsePrecision(const std::string &name, const std::string &option = "precision");
std::string precisionName(torch::ScalarType precision);

// Forward passes inside its scope run under autocast to `precision` on the device's type,
// as in torch.autocast: matrix products in the low precision, reductions, softmax and
// losses in float32, the parameters (and so their gradients) stay float32. The cast
// weights are cached while the outermost scope lasts. Float32 changes nothing. Open it
// around the forward pass only; backward follows the forward's types.
class AutocastScope
{
public:
    AutocastScope(torch::Device device, torch::ScalarType precision);
    ~AutocastScope();
    AutocastScope(const AutocastScope &) = delete;
    AutocastScope &operator=(const AutocastScope &) = delete;

private:
    bool m_active = false;
    torch::DeviceType m_type = torch::kCPU;
    bool m_wasEnabled = false;
    torch::ScalarType m_previousType = torch::kFloat;
};

} // namespace prunescope
