#include "core/models/device.h"

#include "core/models/split_products.h"
#include "core/support/error.h"
#include "core/support/options.h"

#include <ATen/autocast_mode.h>
#include <torch/cuda.h>
#include <torch/version.h>
#include <torch/torch.h>

namespace prunescope {

torch::Device parseDevice(const std::string &name, const std::string &option)
{
    if (name.empty() || parseDeviceName(name, option) == "auto")
        return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    if (name == "cpu")
        return torch::kCPU;
    if (!torch::cuda::is_available())
        throw Error(option + " '" + name + "': no CUDA device is available (this LibTorch "
                    + std::string(torch::cuda::device_count() == 0 ? "sees no GPU or was built without CUDA" : "cannot use it")
                    + "); use cpu");
    const int64_t index = name == "cuda" ? 0 : std::stoll(name.substr(5)); // digits only, as parseDeviceName checked
    const int64_t count = int64_t(torch::cuda::device_count());
    if (index >= count)
        throw Error(option + " '" + name + "': there are " + std::to_string(count) + " CUDA devices");
    return torch::Device(torch::kCUDA, torch::DeviceIndex(index));
}

std::string describeDevice(const torch::Device &device)
{
    return device.str();
}

namespace {

// The type of fp32, bf16 or fp16, named as the parsers return them.
torch::ScalarType typeNamed(const std::string &shortName)
{
    return shortName == "bf16" ? torch::kBFloat16 : shortName == "fp16" ? torch::kHalf : torch::kFloat;
}

} // namespace

Precision parsePrecision(const std::string &name, const std::string &option)
{
    const std::string precision = parsePrecisionName(name, option);
    return precision == "tf32x3" ? Precision(torch::kFloat, true) : Precision(typeNamed(precision));
}

std::string precisionName(const Precision &precision)
{
    return precision.splitProducts ? "tf32x3" : dtypeName(precision.type);
}

torch::ScalarType parseDtype(const std::string &name, const std::string &option)
{
    return typeNamed(parseDtypeName(name, option));
}

std::string dtypeName(torch::ScalarType type)
{
    return type == torch::kBFloat16 ? "bf16" : type == torch::kHalf ? "fp16" : "fp32";
}

namespace {

// LibTorch 2.4 made the autocast switches per device type; older releases name CPU and CUDA.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
bool autocastEnabled(torch::DeviceType type) { return at::autocast::is_autocast_enabled(type); }
void setAutocastEnabled(torch::DeviceType type, bool on) { at::autocast::set_autocast_enabled(type, on); }
torch::ScalarType autocastType(torch::DeviceType type) { return at::autocast::get_autocast_dtype(type); }
void setAutocastType(torch::DeviceType type, torch::ScalarType t) { at::autocast::set_autocast_dtype(type, t); }
#else
bool autocastEnabled(torch::DeviceType type)
{
    return type == torch::kCUDA ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
}
void setAutocastEnabled(torch::DeviceType type, bool on)
{
    type == torch::kCUDA ? at::autocast::set_enabled(on) : at::autocast::set_cpu_enabled(on);
}
torch::ScalarType autocastType(torch::DeviceType type)
{
    return type == torch::kCUDA ? at::autocast::get_autocast_gpu_dtype() : at::autocast::get_autocast_cpu_dtype();
}
void setAutocastType(torch::DeviceType type, torch::ScalarType t)
{
    type == torch::kCUDA ? at::autocast::set_autocast_gpu_dtype(t) : at::autocast::set_autocast_cpu_dtype(t);
}
#endif

} // namespace

void checkPrecision(const torch::Device &device, const Precision &precision)
{
    if (precision.splitProducts) {
        if (precision.type != torch::kFloat)
            throw Error("internal: float32 products split under autocast to " + dtypeName(precision.type));
        if (const std::string why = whyNoFloat32Split(device); !why.empty())
            throw Error("precision tf32x3 splits float32 products on a GPU's TF32 tensor cores, but " + why
                        + "; use fp32");
    }
    if (precision.type == torch::kFloat)
        return;
    const std::string name = precisionName(precision);
    if (device.type() != torch::kCUDA && device.type() != torch::kCPU)
        throw Error("precision " + name + " needs a CPU or CUDA device, not " + device.str());
    if (device.type() == torch::kCPU && precision.type != torch::kBFloat16)
        throw Error("precision " + name + " runs on CUDA only; on the CPU use bf16 or fp32");
}

AutocastScope::AutocastScope(torch::Device device, const Precision &precision)
{
    checkPrecision(device, precision);
    if (precision.splitProducts) {
        m_split = true;
        m_wasSplit = setFloat32ProductSplit(true);
    }
    if (precision.type == torch::kFloat)
        return;
    m_autocast = true;
    m_type = device.type();
    m_wasEnabled = autocastEnabled(m_type);
    m_previousType = autocastType(m_type);
    setAutocastEnabled(m_type, true);
    setAutocastType(m_type, precision.type);
    at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope()
{
    if (m_split)
        setFloat32ProductSplit(m_wasSplit);
    if (!m_autocast)
        return;
    if (at::autocast::decrement_nesting() == 0)
        at::autocast::clear_cache();
    setAutocastEnabled(m_type, m_wasEnabled);
    setAutocastType(m_type, m_previousType);
}

} // namespace prunescope
