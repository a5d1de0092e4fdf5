#include "core/device.h"

#include "core/error.h"

#include <torch/cuda.h>
#include <torch/torch.h>

namespace prunescope {

torch::Device parseDevice(const std::string &name)
{
    if (name.empty() || name == "auto")
        return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    if (name == "cpu")
        return torch::kCPU;
    if (name.rfind("cuda", 0) != 0)
        throw Error("device '" + name + "' is not one of auto, cpu, cuda, cuda:N");
    if (!torch::cuda::is_available())
        throw Error("device '" + name + "': no CUDA device is available (this LibTorch "
                    + std::string(torch::cuda::device_count() == 0 ? "sees no GPU or was built without CUDA" : "cannot use it")
                    + "); use --device cpu");
    int64_t index = 0;
    if (name.size() > 4) {
        if (name[4] != ':')
            throw Error("device '" + name + "' is not one of auto, cpu, cuda, cuda:N");
        try {
            index = std::stoll(name.substr(5));
        } catch (const std::exception &) {
            throw Error("device '" + name + "': '" + name.substr(5) + "' is not a device number");
        }
    }
    const int64_t count = int64_t(torch::cuda::device_count());
    if (index < 0 || index >= count)
        throw Error("device '" + name + "': there are " + std::to_string(count) + " CUDA devices");
    return torch::Device(torch::kCUDA, torch::DeviceIndex(index));
}

std::string describeDevice(const torch::Device &device)
{
    return device.str();
}

} // namespace prunescope
