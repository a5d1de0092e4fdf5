#include "core/models/fused_kernels.h"

#include <torch/torch.h>

#ifdef PRUNESCOPE_CUDA_KERNELS
#include "core/models/fused_kernels_launch.h"
#include "core/support/error.h"

#include <ATen/autocast_mode.h>
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#include <torch/autograd.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#endif

namespace prunescope {

#ifdef PRUNESCOPE_CUDA_KERNELS

namespace {

std::optional<KernelType> kernelTypeOf(torch::ScalarType type)
{
    switch (type) {
    case torch::kFloat32:
        return KernelType::Float32;
    case torch::kFloat16:
        return KernelType::Float16;
    case torch::kBFloat16:
        return KernelType::BFloat16;
    default:
        return std::nullopt;
    }
}

// What the kernel takes: one device, one type, no broadcast, rows over the last axis, and no
// gradient to record (it has no backward).
bool kernelTakes(const torch::Tensor &x, const torch::Tensor &residual, const torch::Tensor &weight,
                 const torch::Tensor &bias, int64_t normalizedSize)
{
    const auto same = [&](const torch::Tensor &t) {
        return t.device() == x.device() && t.scalar_type() == x.scalar_type();
    };
    const bool grad = torch::GradMode::is_enabled()
                      && (x.requires_grad() || residual.requires_grad() || weight.requires_grad()
                          || (bias.defined() && bias.requires_grad()));
    return !grad && x.is_cuda() && same(residual) && residual.sizes() == x.sizes() && weight.defined() && same(weight)
           && weight.numel() == normalizedSize && (!bias.defined() || (same(bias) && bias.numel() == normalizedSize))
           && x.dim() > 0 && x.size(-1) == normalizedSize && normalizedSize > 0
           && normalizedSize <= kWidestNormRow;
}

void launched(cudaError_t error, const char *what)
{
    if (error != cudaSuccess)
        throw Error(std::string("the ") + what + " kernel failed to start: " + cudaGetErrorString(error));
}

std::optional<GateActivation> gateActivationOf(const std::string &name)
{
    if (name.empty())
        return GateActivation::Identity;
    if (name == "gelu")
        return GateActivation::Gelu;
    if (name == "gelu_new" || name == "gelu_pytorch_tanh")
        return GateActivation::GeluTanh;
    return std::nullopt;
}

// x contiguous [rows, cols] of a kernel's type, gates float32 [cols / span] on x's device.
class GatedUnitsFunction : public torch::autograd::Function<GatedUnitsFunction>
{
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *context, const torch::Tensor &x,
                                 const torch::Tensor &gates, int64_t span, int64_t activation)
    {
        const c10::cuda::CUDAGuard onDevice(x.device());
        auto y = torch::empty_like(x);
        const int64_t cols = x.size(-1);
        launched(launchGatedUnits(x.data_ptr(), gates.data_ptr<float>(), y.data_ptr(), x.numel() / cols, cols, span,
                                  GateActivation(activation), *kernelTypeOf(x.scalar_type()),
                                  at::cuda::getCurrentCUDAStream().stream()),
                 "gated units");
        context->save_for_backward({x, gates});
        context->saved_data["span"] = span;
        context->saved_data["activation"] = activation;
        return y;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *context,
                                                   torch::autograd::variable_list outputGradients)
    {
        const auto saved = context->get_saved_variables();
        const torch::Tensor &x = saved[0], &gates = saved[1];
        const int64_t span = context->saved_data["span"].toInt(), cols = x.size(-1), rows = x.numel() / cols;
        const c10::cuda::CUDAGuard onDevice(x.device());
        const auto dy = outputGradients[0].contiguous();
        torch::Tensor dx, columnSums, unitSums;
        if (context->needs_input_grad(0))
            dx = torch::empty_like(x);
        if (context->needs_input_grad(1)) {
            columnSums = torch::empty({gatedUnitTiles(rows), cols}, x.options().dtype(torch::kFloat));
            unitSums = torch::empty({cols / span}, x.options().dtype(torch::kFloat));
        }
        if (dx.defined() || unitSums.defined())
            launched(launchGatedUnitsBackward(
                         dy.data_ptr(), x.data_ptr(), gates.data_ptr<float>(), dx.defined() ? dx.data_ptr() : nullptr,
                         columnSums.defined() ? columnSums.data_ptr<float>() : nullptr,
                         unitSums.defined() ? unitSums.data_ptr<float>() : nullptr, rows, cols, span,
                         GateActivation(context->saved_data["activation"].toInt()), *kernelTypeOf(x.scalar_type()),
                         at::cuda::getCurrentCUDAStream().stream()),
                     "gated units' backward");
        return {dx, unitSums, torch::Tensor(), torch::Tensor()};
    }
};

// residual float32 [rows, cols], branch of a kernel's type in the same shape, weight and bias
// float32 [cols], all contiguous on one device. The bias is optional, not an undefined
// tensor: autograd records the device and shape of every tensor argument.
class ResidualNormFunction : public torch::autograd::Function<ResidualNormFunction>
{
public:
    static torch::autograd::variable_list forward(torch::autograd::AutogradContext *context,
                                                  const torch::Tensor &residual, const torch::Tensor &branch,
                                                  const torch::Tensor &weight, const std::optional<torch::Tensor> &bias,
                                                  double eps, bool rounded)
    {
        const c10::cuda::CUDAGuard onDevice(residual.device());
        const int64_t cols = residual.size(-1), rows = residual.numel() / cols;
        auto out = torch::empty_like(residual);
        auto low = rounded ? torch::empty_like(branch) : torch::Tensor();
        auto means = torch::empty({rows}, residual.options()), scales = torch::empty({rows}, residual.options());
        launched(launchResidualNorm(residual.data_ptr<float>(), branch.data_ptr(), weight.data_ptr<float>(),
                                    bias ? bias->data_ptr<float>() : nullptr, out.data_ptr<float>(),
                                    low.defined() ? low.data_ptr() : nullptr, means.data_ptr<float>(),
                                    scales.data_ptr<float>(), rows, cols, float(eps),
                                    *kernelTypeOf(branch.scalar_type()), at::cuda::getCurrentCUDAStream().stream()),
                 "residual layer norm");
        context->save_for_backward({residual, branch, weight});
        context->saved_data["means"] = means;
        context->saved_data["scales"] = scales;
        context->set_materialize_grads(false); // an output nothing read gets no gradient, not zeros
        if (low.defined())
            return {out, low};
        return {out};
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *context,
                                                   torch::autograd::variable_list outputGradients)
    {
        const auto saved = context->get_saved_variables();
        const torch::Tensor &residual = saved[0], &branch = saved[1], &weight = saved[2];
        const auto given = [&](size_t i) {
            return i < outputGradients.size() && outputGradients[i].defined() ? outputGradients[i].contiguous()
                                                                                : torch::Tensor();
        };
        const auto dOut = given(0), dRounded = given(1);
        torch::Tensor dResidual, dBranch;
        if ((dOut.defined() || dRounded.defined()) && context->needs_input_grad(0))
            dResidual = torch::empty_like(residual);
        if ((dOut.defined() || dRounded.defined()) && context->needs_input_grad(1))
            dBranch = torch::empty_like(branch);
        if (dResidual.defined() || dBranch.defined()) {
            const c10::cuda::CUDAGuard onDevice(residual.device());
            const int64_t cols = residual.size(-1);
            launched(launchResidualNormBackward(
                         dOut.defined() ? dOut.data_ptr<float>() : nullptr,
                         dRounded.defined() ? dRounded.data_ptr() : nullptr, residual.data_ptr<float>(),
                         branch.data_ptr(), weight.data_ptr<float>(),
                         context->saved_data["means"].toTensor().data_ptr<float>(),
                         context->saved_data["scales"].toTensor().data_ptr<float>(),
                         dResidual.defined() ? dResidual.data_ptr<float>() : nullptr,
                         dBranch.defined() ? dBranch.data_ptr() : nullptr, residual.numel() / cols, cols,
                         *kernelTypeOf(branch.scalar_type()), at::cuda::getCurrentCUDAStream().stream()),
                     "residual layer norm's backward");
        }
        return {dResidual, dBranch, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

#endif

ResidualNorm residualLayerNorm(const torch::Tensor &residual, const torch::Tensor &branch, const torch::Tensor &weight,
                               const torch::Tensor &bias, double eps)
{
#ifdef PRUNESCOPE_CUDA_KERNELS
    const auto float32On = [&](const torch::Tensor &t) {
        return t.device() == residual.device() && t.scalar_type() == torch::kFloat32;
    };
    const bool trainsNorm = torch::GradMode::is_enabled()
                            && (weight.requires_grad() || (bias.defined() && bias.requires_grad()));
    if (residual.is_cuda() && float32On(residual) && residual.dim() > 0 && residual.numel() > 0
        && branch.device() == residual.device() && kernelTypeOf(branch.scalar_type()) && branch.sizes() == residual.sizes()
        && weight.defined() && float32On(weight) && weight.dim() == 1 && weight.numel() == residual.size(-1)
        && (!bias.defined() || (float32On(bias) && bias.sizes() == weight.sizes()))
        && residual.size(-1) <= kWidestNormRow && !trainsNorm) {
        // The products after it take the output in the branch's type where autocast computes in it.
        const bool rounded = branch.scalar_type() != torch::kFloat32 && at::autocast::is_autocast_enabled(at::kCUDA)
                             && at::autocast::get_autocast_dtype(at::kCUDA) == branch.scalar_type();
        const auto outputs = ResidualNormFunction::apply(
            residual.contiguous(), branch.contiguous(), weight.contiguous(),
            bias.defined() ? std::optional<torch::Tensor>(bias.contiguous()) : std::nullopt, eps, rounded);
        return {outputs[0], rounded ? outputs[1] : torch::Tensor()};
    }
#else
    (void)residual;
    (void)branch;
    (void)weight;
    (void)bias;
    (void)eps;
#endif
    return {};
}

torch::Tensor gatedUnits(const torch::Tensor &x, const torch::Tensor &gates, int64_t span, const std::string &activation)
{
#ifdef PRUNESCOPE_CUDA_KERNELS
    const auto kind = gateActivationOf(activation);
    if (kind && x.is_cuda() && kernelTypeOf(x.scalar_type()) && x.dim() > 0 && x.numel() > 0 && span > 0
        && x.size(-1) % span == 0 && gates.dim() == 1 && gates.numel() == x.size(-1) / span
        && gates.device() == x.device() && gates.is_floating_point())
        // the gates in float32 through an op of LibTorch's: its gradient comes back in theirs
        return GatedUnitsFunction::apply(x.contiguous(), gates.to(torch::kFloat).contiguous(), span, int64_t(*kind));
#else
    (void)x;
    (void)gates;
    (void)span;
    (void)activation;
#endif
    return {};
}

torch::Tensor addLayerNorm(const torch::Tensor &x, const torch::Tensor &residual, const torch::Tensor &weight,
                           const torch::Tensor &bias, int64_t normalizedSize, double eps)
{
#ifdef PRUNESCOPE_CUDA_KERNELS
    const auto type = kernelTypeOf(x.scalar_type());
    if (type && kernelTakes(x, residual, weight, bias, normalizedSize)) {
        const c10::cuda::CUDAGuard onDevice(x.device());
        const auto a = x.contiguous(), b = residual.contiguous(), w = weight.contiguous();
        const auto shift = bias.defined() ? bias.contiguous() : torch::Tensor();
        auto out = torch::empty(a.sizes(), a.options());
        // On the current stream, which is the capture's while a CUDA graph is captured.
        const cudaError_t launch = launchAddLayerNorm(
            a.data_ptr(), b.data_ptr(), w.data_ptr(), shift.defined() ? shift.data_ptr() : nullptr, out.data_ptr(),
            a.numel() / normalizedSize, normalizedSize, float(eps), *type, at::cuda::getCurrentCUDAStream().stream());
        launched(launch, "fused add and layer norm");
        return out;
    }
#endif
    return torch::layer_norm(x + residual, {normalizedSize}, weight, bias, eps);
}

std::vector<size_t> addWeightTerms(const std::vector<WeightTerms> &weights, bool product, bool absolute)
{
    std::vector<size_t> left;
#ifdef PRUNESCOPE_CUDA_KERNELS
    // The weights the kernel takes, by what a launch shares: device, w's type, g's type.
    std::map<std::tuple<c10::DeviceIndex, KernelType, KernelType>, std::vector<WeightTermsTensor>> launches;
    for (size_t i = 0; i < weights.size(); ++i) {
        torch::Tensor *sum = weights[i].sum;
        const torch::Tensor &w = weights[i].w, &g = weights[i].g;
        const auto takes = [&](const torch::Tensor &t) {
            return t.device() == g.device() && t.sizes() == g.sizes() && t.is_contiguous() && kernelTypeOf(t.scalar_type());
        };
        if (!g.is_cuda() || !takes(g) || (product && !takes(w))
            || (sum->defined() && (!takes(*sum) || sum->scalar_type() != torch::kFloat32))) {
            left.push_back(i);
            continue;
        }
        const bool add = sum->defined();
        if (!add)
            *sum = torch::empty(g.sizes(), g.options().dtype(torch::kFloat));
        const auto wType = *kernelTypeOf(product ? w.scalar_type() : g.scalar_type());
        launches[{g.device().index(), wType, *kernelTypeOf(g.scalar_type())}].push_back(
            {product ? w.data_ptr() : nullptr, g.data_ptr(), sum->data_ptr<float>(), g.numel(), add});
    }
    for (const auto &[key, tensors] : launches) {
        const auto &[device, wType, gType] = key;
        const c10::cuda::CUDAGuard onDevice(device);
        launched(launchWeightTerms(tensors.data(), int64_t(tensors.size()), wType, gType, product, absolute,
                                   at::cuda::getCurrentCUDAStream().stream()),
                 "weight terms");
    }
#else
    (void)product;
    (void)absolute;
    for (size_t i = 0; i < weights.size(); ++i)
        left.push_back(i);
#endif
    return left;
}

torch::Tensor zeroPairCounts(const std::vector<torch::Tensor> &masks)
{
#ifdef PRUNESCOPE_CUDA_KERNELS
    const auto takes = [&](const torch::Tensor &m) {
        const auto &first = masks.front();
        return m.is_cuda() && m.device() == first.device() && m.dim() == 2 && m.sizes() == first.sizes()
               && (m.scalar_type() == torch::kByte || m.scalar_type() == torch::kBool);
    };
    if (!masks.empty() && masks.size() <= size_t(kZeroPairMasks) && std::all_of(masks.begin(), masks.end(), takes)
        && masks.front().numel() > 0 && masks.front().size(0) <= kZeroPairRows) {
        const c10::cuda::CUDAGuard onDevice(masks.front().device());
        std::vector<torch::Tensor> held; // contiguous, alive until the launch is queued
        std::vector<const uint8_t *> rows;
        for (const auto &m : masks) {
            held.push_back(m.contiguous());
            rows.push_back(static_cast<const uint8_t *>(held.back().data_ptr()));
        }
        const int64_t n = int64_t(masks.size()), rowCount = masks.front().size(0);
        auto counts = torch::zeros({rowCount, n, n}, masks.front().options().dtype(torch::kLong));
        launched(launchZeroPairCounts(rows.data(), int(n), rowCount, masks.front().size(1),
                                      reinterpret_cast<unsigned long long *>(counts.data_ptr<int64_t>()),
                                      at::cuda::getCurrentCUDAStream().stream()),
                 "mask pair count");
        return counts;
    }
#else
    (void)masks;
#endif
    return {};
}

} // namespace prunescope
