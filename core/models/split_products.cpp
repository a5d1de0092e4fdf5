#include "core/models/split_products.h"

#include <torch/torch.h>

#include <string>
#include <utility>

#ifdef PRUNESCOPE_CUDA_KERNELS
#include "core/models/fused_kernels_launch.h"
#include "core/support/error.h"

#include <ATen/autocast_mode.h>
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#include <torch/autograd.h>

#include <cublas_v2.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#endif

namespace prunescope {

namespace {

thread_local bool splitOn = false;

#ifdef PRUNESCOPE_CUDA_KERNELS

// Which parts are high parts, bit p for part p. A product's left operand is split (hi, lo, hi)
// along the inner dimension and its right operand (lo, hi, hi), so that one product over the
// three is a_hi b_lo + a_lo b_hi + a_hi b_hi, the small terms first: a tensor core's float32
// sum may cut each step relative to what it has summed so far, and the small terms summed
// onto the large ones would each lose that much; summed first, they lose a 2^-11 share of
// it. The left operand's first two parts are its halves, which a weight's gradient reads.
constexpr unsigned kLeftParts = 0b101, kRightParts = 0b110;

// What follows the parts along the inner dimension: nothing, or kSplitTailSlots slots that put
// a bias into the product's sum, the left operand's (1, 1, 0, 0) times the right one's (b_lo,
// b_hi, 0, 0) for each output: exact, and no pass over the output to add b.
enum class Tail { None, Ones, Bias };

// t [rows, cols] with its `parts` parts side by side along `dim`, and the tail after them, as
// launchSplitTf32 writes them (a bias's values across the other dimension): contiguous, or the
// transpose of a contiguous tensor where t is one (a weight read as W^T).
torch::Tensor splitParts(const torch::Tensor &t, int64_t dim, int parts, unsigned highParts,
                         Tail tail = Tail::None, const torch::Tensor &bias = {})
{
    const bool transposed = !t.is_contiguous() && t.t().is_contiguous();
    const auto source = transposed ? t.t() : t.contiguous();
    const int64_t axis = transposed ? 1 - dim : dim;
    const int slots = tail == Tail::None ? 0 : kSplitTailSlots;
    auto sizes = source.sizes().vec();
    sizes[axis] = sizes[axis] * parts + slots;
    auto out = torch::empty(sizes, source.options());
    const auto values = tail == Tail::Bias ? bias.contiguous() : torch::Tensor();
    const cudaError_t error = launchSplitTf32(source.data_ptr<float>(), out.data_ptr<float>(), source.size(0),
                                              source.size(1), parts, int(axis), highParts, slots,
                                              values.defined() ? values.data_ptr<float>() : nullptr,
                                              at::cuda::getCurrentCUDAStream().stream());
    if (error != cudaSuccess)
        throw Error(std::string("the float32 split kernel failed to start: ") + cudaGetErrorString(error));
    return transposed ? out.t() : out;
}

// A matrix as cuBLAS reads it: rows in memory one after another `ld` apart (row-major), or the
// transpose of such a matrix (its columns `ld` apart): a contiguous tensor, its transpose, or
// a block of columns of either.
struct Operand
{
    const float *data;
    int ld;
    bool transposed;
};

std::optional<Operand> operandOf(const torch::Tensor &t)
{
    const int64_t rows = t.size(0), cols = t.size(1);
    if (t.stride(1) == 1 && t.stride(0) >= std::max<int64_t>(1, cols))
        return Operand{t.data_ptr<float>(), int(t.stride(0)), false};
    if (t.stride(0) == 1 && t.stride(1) >= std::max<int64_t>(1, rows))
        return Operand{t.data_ptr<float>(), int(t.stride(1)), true};
    return std::nullopt;
}

// out [m, n] (contiguous) = a [m, k] b [k, n] + beta out, in float32 with TF32 tensor-core
// products and float32 sums. cuBLAS sees column-major matrices: the row-major product is
// out^T = b^T a^T there, a row-major operand being its transpose in column-major order.
void tf32Product(const torch::Tensor &a, const torch::Tensor &b, torch::Tensor &out, float beta)
{
    const int64_t m = a.size(0), k = a.size(1), n = b.size(1);
    if (m == 0 || n == 0)
        return;
    if (k == 0) { // out as it was times beta; not NaN times 0 where out was not written yet
        beta == 0 ? out.zero_() : out.mul_(beta);
        return;
    }
    const auto heldA = operandOf(a) ? a : a.contiguous(), heldB = operandOf(b) ? b : b.contiguous();
    const Operand left = *operandOf(heldA), right = *operandOf(heldB);
    const float one = 1;
    const cublasStatus_t status = cublasGemmEx(
        at::cuda::getCurrentCUDABlasHandle(), right.transposed ? CUBLAS_OP_T : CUBLAS_OP_N,
        left.transposed ? CUBLAS_OP_T : CUBLAS_OP_N, int(n), int(m), int(k), &one, right.data, CUDA_R_32F, right.ld,
        left.data, CUDA_R_32F, left.ld, &beta, out.data_ptr<float>(), CUDA_R_32F, int(n),
        CUBLAS_COMPUTE_32F_FAST_TF32, CUBLAS_GEMM_DEFAULT);
    if (status != CUBLAS_STATUS_SUCCESS)
        throw Error("a split float32 product of [" + std::to_string(m) + " x " + std::to_string(k) + "] by ["
                    + std::to_string(k) + " x " + std::to_string(n) + "] failed in cuBLAS: "
                    + cublasGetStatusString(status));
}

// a [m, k] b [k, n] + bias from a's parts (splitParts(a, 1, 3, kLeftParts), with the ones'
// tail where bias is given): the three TF32 products of the parts and the bias, summed in one
// product over 3k (+ the tail).
torch::Tensor timesSplit(const torch::Tensor &aParts, const torch::Tensor &b, const torch::Tensor &bias = {})
{
    auto out = torch::empty({aParts.size(0), b.size(1)}, aParts.options());
    tf32Product(aParts, splitParts(b, 0, 3, kRightParts, bias.defined() ? Tail::Bias : Tail::None, bias), out, 0);
    return out;
}

// a b from the parts already split: a_hi b_lo + a_lo b_hi + a_hi b_hi as three products into
// one output, for a product whose output is small beside its operands (a weight's gradient,
// summed over the tokens): its operands' halves are read from parts made for other products
// (halvesOf), not split again three times along the tokens. Each product sums from zero and
// adds the output so far once, rounded, at its end.
torch::Tensor productOfParts(const torch::Tensor &aHi, const torch::Tensor &aLo, const torch::Tensor &bHi,
                             const torch::Tensor &bLo)
{
    auto out = torch::empty({aHi.size(0), bHi.size(1)}, aHi.options());
    tf32Product(aHi, bLo, out, 0);
    tf32Product(aLo, bHi, out, 1);
    tf32Product(aHi, bHi, out, 1);
    return out;
}

// cuBLAS takes int dimensions, and each of rows, inputs and outputs is the inner one, three
// times as long once split (and a tail), in one of the forward and backward products.
bool fitsCublas(int64_t rows, int64_t in, int64_t out)
{
    return 3 * std::max({rows, in, out}) + kSplitTailSlots <= std::numeric_limits<int>::max();
}

// The halves (hi, lo) in a left operand's parts [rows, 3 n (+ the tail)], read in place.
std::pair<torch::Tensor, torch::Tensor> halvesOf(const torch::Tensor &parts, int64_t n)
{
    return {parts.narrow(1, 0, n), parts.narrow(1, n, n)};
}

class SplitFloat32LinearFunction : public torch::autograd::Function<SplitFloat32LinearFunction>
{
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *context, const torch::Tensor &x,
                                 const torch::Tensor &weight, const torch::Tensor &bias, bool inputMajor)
    {
        const bool biased = bias.numel() > 0;
        const auto xParts = splitParts(x.reshape({-1, x.size(-1)}), 1, 3, kLeftParts, biased ? Tail::Ones : Tail::None);
        // The weight's gradient reads x's halves from its parts: kept, not split again.
        context->save_for_backward({weight.requires_grad() ? xParts : torch::Tensor(), weight});
        context->saved_data["inputMajor"] = inputMajor;
        context->saved_data["inputShape"] = x.sizes().vec();
        const auto y = timesSplit(xParts, inputMajor ? weight : weight.t(), biased ? bias : torch::Tensor());
        auto shape = x.sizes().vec();
        shape.back() = y.size(1);
        return y.view(shape);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *context,
                                                   torch::autograd::variable_list outputGradients)
    {
        const auto saved = context->get_saved_variables();
        const torch::Tensor &xParts = saved[0], &weight = saved[1];
        const bool inputMajor = context->saved_data["inputMajor"].toBool();
        const auto inputShape = context->saved_data["inputShape"].toIntVector();
        const auto dy = outputGradients[0].reshape({-1, outputGradients[0].size(-1)});
        // dy's parts (hi, lo, hi) along its outputs: the left operand of dx = dy W, and the
        // halves of dW's products, read in place.
        const auto dyParts = splitParts(dy, 1, 3, kLeftParts);
        torch::Tensor dx, dWeight, dBias;
        if (context->needs_input_grad(0))
            dx = timesSplit(dyParts, inputMajor ? weight.t() : weight).view(inputShape);
        if (context->needs_input_grad(1)) {
            const auto [xHi, xLo] = halvesOf(xParts, inputShape.back());
            const auto [dyHi, dyLo] = halvesOf(dyParts, dy.size(1));
            dWeight = inputMajor ? productOfParts(xHi.t(), xLo.t(), dyHi, dyLo)  // x^T dy, [in, out]
                                 : productOfParts(dyHi.t(), dyLo.t(), xHi, xLo); // dy^T x, [out, in]
        }
        if (context->needs_input_grad(2)) // a bias, not the empty stand-in, which needs none
            dBias = dy.sum(0);
        return {dx, dWeight, dBias, torch::Tensor()};
    }
};

#endif

} // namespace

bool setFloat32ProductSplit(bool on)
{
    return std::exchange(splitOn, on);
}

std::string whyNoFloat32Split(const torch::Device &device)
{
#ifdef PRUNESCOPE_CUDA_KERNELS
    if (!device.is_cuda())
        return "it runs on a CUDA GPU only, not on " + device.str();
    const auto *properties =
        at::cuda::getDeviceProperties(device.has_index() ? device.index() : c10::cuda::current_device());
    if (properties->major < 8)
        return device.str() + " (" + properties->name + ", compute capability " + std::to_string(properties->major)
               + "." + std::to_string(properties->minor) + ") has no TF32 tensor cores (8.0 and later have them)";
    return {};
#else
    return "this build has no CUDA kernels of its own (a GPU server's build has them)"
           + std::string(device.is_cuda() ? "" : ", and it runs on a CUDA GPU only, not on " + device.str());
#endif
}

bool splitsFloat32Products(const torch::Device &device)
{
    return splitOn && whyNoFloat32Split(device).empty();
}

torch::Tensor splitFloat32Linear(const torch::Tensor &x, const torch::Tensor &w, const torch::Tensor &b,
                                 bool inputMajor)
{
#ifdef PRUNESCOPE_CUDA_KERNELS
    const auto float32Here = [&](const torch::Tensor &t) {
        return t.device() == x.device() && t.scalar_type() == torch::kFloat32;
    };
    if (!x.is_cuda() || !float32Here(x) || !float32Here(w) || w.dim() != 2 || x.dim() < 1
        || (b.defined() && (!float32Here(b) || b.dim() != 1)) || at::autocast::is_autocast_enabled(at::kCUDA)
        || !splitsFloat32Products(x.device()))
        return {};
    const int64_t in = w.size(inputMajor ? 0 : 1), out = w.size(inputMajor ? 1 : 0);
    // A layer without inputs or outputs (reshape cannot flatten it) is LibTorch's.
    if (x.size(-1) != in || (b.defined() && b.size(0) != out) || in == 0 || out == 0
        || !fitsCublas(x.numel() / in, in, out))
        return {};
    const c10::cuda::CUDAGuard onDevice(x.device());
    // autograd's apply takes no undefined tensor: an empty one stands for no bias.
    return SplitFloat32LinearFunction::apply(x, w, b.defined() ? b : x.new_empty({0}), inputMajor);
#else
    (void)x;
    (void)w;
    (void)b;
    (void)inputMajor;
    return {};
#endif
}

} // namespace prunescope
