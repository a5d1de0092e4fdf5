// The kernel behind addWeightTerms (fused_kernels.h): a gradient method's per-batch term of
// every weight, |g|, |w g| or w g, added to its float32 sum in one read of w, g and the sum
// and one write, where LibTorch's ops cast the gradient to float32, write the product, take
// its absolute value in place and add it: four passes over float32 tensors the size of the
// model. The arithmetic is theirs, rounded the same way (no fused multiply-add), so the sums
// are the same bits. One launch takes up to kListTensors weights, their values one after
// another: a BERT-large batch's 144 weight matrices are 5 launches instead of 144 (each a gap
// in which the GPU idles, and a tail of partly filled blocks).
#include "fused_kernels_launch.h" // by its folder: nvcc needs no include path for it
#include "kernel_values.cuh"

#include <algorithm>
#include <cstdint>

namespace prunescope {

namespace {

constexpr int kThreads = 256;
constexpr int64_t kMostBlocks = 8192; // then each thread strides over the rest
constexpr int kListTensors = 32;      // a launch's weights, passed in the kernel's parameters (1 KiB)

// The weights of one launch: tensor t's packs of V values are packs end[t - 1] ... end[t] - 1
// of the launch; its sum is read only where add[t].
struct TermList
{
    const void *w[kListTensors];
    const void *g[kListTensors];
    float *sum[kListTensors];
    int64_t end[kListTensors];
    bool add[kListTensors];
    int tensors = 0;
};

template<typename W, typename G, int V, bool Product, bool Absolute>
__global__ void __launch_bounds__(kThreads) weightTerms(const TermList list)
{
    const int64_t packs = list.end[list.tensors - 1];
    int t = 0; // a thread's packs only grow, and so does their tensor
    for (int64_t p = int64_t(blockIdx.x) * kThreads + threadIdx.x; p < packs; p += int64_t(gridDim.x) * kThreads) {
        while (p >= list.end[t])
            ++t;
        const int64_t i = p - (t > 0 ? list.end[t - 1] : 0);
        const auto gp = static_cast<const Pack<G, V> *>(list.g[t])[i];
        Pack<W, V> wp;
        if constexpr (Product)
            wp = static_cast<const Pack<W, V> *>(list.w[t])[i];
        auto *sum = reinterpret_cast<Pack<float, V> *>(list.sum[t]);
        const bool add = list.add[t];
        Pack<float, V> sp;
        if (add)
            sp = sum[i];
#pragma unroll
        for (int j = 0; j < V; ++j) {
            float term = toFloat(gp.v[j]);
            if constexpr (Product)
                term = __fmul_rn(toFloat(wp.v[j]), term);
            if constexpr (Absolute)
                term = fabsf(term);
            sp.v[j] = add ? __fadd_rn(sp.v[j], term) : term;
        }
        sum[i] = sp;
    }
}

template<bool P, bool A>
struct Term
{
    static constexpr bool product = P, absolute = A;
};

template<typename F>
cudaError_t withTerm(bool product, bool absolute, F &&f)
{
    if (product)
        return absolute ? f(Term<true, true>()) : f(Term<true, false>());
    return absolute ? f(Term<false, true>()) : f(Term<false, false>());
}

// Launches the list's weights, if any, and empties it.
template<typename W, typename G, int V, bool Product, bool Absolute>
cudaError_t launchList(TermList &list, cudaStream_t stream)
{
    if (list.tensors == 0)
        return cudaSuccess;
    const int64_t packs = list.end[list.tensors - 1];
    const auto blocks = unsigned(std::min<int64_t>((packs + kThreads - 1) / kThreads, kMostBlocks));
    weightTerms<W, G, V, Product, Absolute><<<blocks, kThreads, 0, stream>>>(list);
    list.tensors = 0;
    return cudaGetLastError();
}

} // namespace

cudaError_t launchWeightTerms(const WeightTermsTensor *tensors, int64_t n, KernelType wType, KernelType gType,
                              bool product, bool absolute, cudaStream_t stream)
{
    for (int64_t i = 0; i < n; ++i)
        if (tensors[i].count < 0 || !tensors[i].g || !tensors[i].sum || (product && !tensors[i].w))
            return cudaErrorInvalidValue;
    // w's type matters only with `product`: without it, w is not read and float stands for it.
    return withValueType(product ? wType : KernelType::Float32, [&](auto wValue) {
        using W = typename decltype(wValue)::type;
        return withValueType(gType, [&](auto gValue) {
            using G = typename decltype(gValue)::type;
            return withTerm(product, absolute, [&](auto term) {
                constexpr bool P = decltype(term)::product, A = decltype(term)::absolute;
                // Four values a thread where a tensor starts on 16 bytes and its count allows,
                // one elsewhere: two lists filled side by side, each launched when full.
                TermList wide, narrow;
                for (int64_t i = 0; i < n; ++i) {
                    const WeightTermsTensor &x = tensors[i];
                    if (x.count == 0)
                        continue;
                    const bool isWide = x.count % 4 == 0 && aligned16(x.g) && aligned16(x.sum) && (!P || aligned16(x.w));
                    TermList &list = isWide ? wide : narrow;
                    const int t = list.tensors++;
                    list.w[t] = x.w;
                    list.g[t] = x.g;
                    list.sum[t] = x.sum;
                    list.add[t] = x.add;
                    list.end[t] = (t > 0 ? list.end[t - 1] : 0) + x.count / (isWide ? 4 : 1);
                    if (list.tensors < kListTensors)
                        continue;
                    const cudaError_t error = isWide ? launchList<W, G, 4, P, A>(list, stream)
                                                     : launchList<W, G, 1, P, A>(list, stream);
                    if (error != cudaSuccess)
                        return error;
                }
                const cudaError_t error = launchList<W, G, 4, P, A>(wide, stream);
                return error != cudaSuccess ? error : launchList<W, G, 1, P, A>(narrow, stream);
            });
        });
    });
}

} // namespace prunescope
