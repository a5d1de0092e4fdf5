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

// Compute precision as named on the command line, checked by parsePrecisionName (options.h):
// "fp32" (float32), "tf32x3" (float32, its matrix products split in three TF32 products on a
// GPU's tensor cores: split_products.h), "bf16" (bfloat16) or "fp16" (float16). The last two
// run the forward passes under autocast.
struct Precision
{
    torch::ScalarType type = torch::kFloat; // autocast's type; float32: none
    bool splitProducts = false;             // tf32x3
    Precision() = default;
    Precision(torch::ScalarType autocastType, bool split = false) : type(autocastType), splitProducts(split) {}
};
Precision parsePrecision(const std::string &name, const std::string &option = "precision");
std::string precisionName(const Precision &precision);
// A type to hold a model in, named as precisions are but for tf32x3 (a way to compute):
// fp32, bf16 or fp16 (float32, bfloat16, float16).
torch::ScalarType parseDtype(const std::string &name, const std::string &option = "precision");
std::string dtypeName(torch::ScalarType type);
// An Error saying why, where `device` cannot compute in `precision` (fp16 on the CPU, tf32x3
// without TF32 tensor cores or without the kernels); a job checks before its work starts.
void checkPrecision(const torch::Device &device, const Precision &precision);

// Forward passes inside its scope run in `precision` on `device`. bf16 and fp16: under
// autocast, as in torch.autocast: matrix products in the low precision, reductions, softmax
// and losses in float32, the parameters (and so their gradients) stay float32; the cast
// weights are cached while the outermost scope lasts. tf32x3: float32 products split on the
// tensor cores, on a GPU that has them (checkPrecision), for this thread's forward passes.
// Float32 changes nothing. Open it around the forward pass only; backward follows the
// forward's types and its choice of products.
class AutocastScope
{
public:
    AutocastScope(torch::Device device, const Precision &precision);
    ~AutocastScope();
    AutocastScope(const AutocastScope &) = delete;
    AutocastScope &operator=(const AutocastScope &) = delete;

private:
    bool m_autocast = false;
    torch::DeviceType m_type = torch::kCPU;
    bool m_wasEnabled = false;
    torch::ScalarType m_previousType = torch::kFloat;
    bool m_split = false;
    bool m_wasSplit = false;
};

} // namespace prunescope
