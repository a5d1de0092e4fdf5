// The kernel behind addWeightTerms (fused_kernels.h): a gradient method's per-batch term of
// every weight, |g|, |w g| or w g, added to its float32 sum in one read of w, g and the sum
// and one write, where LibTorch's ops cast the gradient to float32, write the product, take
// its absolute value in place and add it: four passes over float32 tensors the size of the
// model. The arithmetic is theirs, rounded the same way (no fused multiply-add), so the sums
// are the same bits.
#include "fused_kernels_launch.h" // by its folder: nvcc needs no include path for it
#include "kernel_values.cuh"

#include <algorithm>
#include <cstdint>

namespace prunescope {

namespace {

constexpr int kThreads = 256;
constexpr int64_t kMostBlocks = 8192; // then each thread strides over the rest

// V neighbouring values a thread; `sum` is read only where `add`.
template<typename W, typename G, int V, bool Product, bool Absolute>
__global__ void __launch_bounds__(kThreads) weightTerms(const W *w, const G *g, float *sum, int64_t packs, bool add)
{
    for (int64_t p = int64_t(blockIdx.x) * kThreads + threadIdx.x; p < packs; p += int64_t(gridDim.x) * kThreads) {
        const auto gp = reinterpret_cast<const Pack<G, V> *>(g)[p];
        Pack<W, V> wp;
        if constexpr (Product)
            wp = reinterpret_cast<const Pack<W, V> *>(w)[p];
        Pack<float, V> sp;
        if (add)
            sp = reinterpret_cast<const Pack<float, V> *>(sum)[p];
#pragma unroll
        for (int j = 0; j < V; ++j) {
            float term = toFloat(gp.v[j]);
            if constexpr (Product)
                term = __fmul_rn(toFloat(wp.v[j]), term);
            if constexpr (Absolute)
                term = fabsf(term);
            sp.v[j] = add ? __fadd_rn(sp.v[j], term) : term;
        }
        reinterpret_cast<Pack<float, V> *>(sum)[p] = sp;
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

template<typename W, typename G, int V, bool Product, bool Absolute>
cudaError_t launch(const void *w, const void *g, float *sum, int64_t count, bool add, cudaStream_t stream)
{
    const int64_t packs = count / V;
    const auto blocks = unsigned(std::min<int64_t>((packs + kThreads - 1) / kThreads, kMostBlocks));
    weightTerms<W, G, V, Product, Absolute><<<blocks, kThreads, 0, stream>>>(
        static_cast<const W *>(w), static_cast<const G *>(g), sum, packs, add);
    return cudaGetLastError();
}

} // namespace

cudaError_t launchWeightTerms(const void *w, KernelType wType, const void *g, KernelType gType, float *sum,
                              int64_t count, bool product, bool absolute, bool add, cudaStream_t stream)
{
    if (count < 0 || (product && !w))
        return cudaErrorInvalidValue;
    if (count == 0)
        return cudaSuccess;
    // w's type matters only with `product`: without it, w is not read and float stands for it.
    return withValueType(product ? wType : KernelType::Float32, [&](auto wValue) {
        using W = typename decltype(wValue)::type;
        return withValueType(gType, [&](auto gValue) {
            using G = typename decltype(gValue)::type;
            return withTerm(product, absolute, [&](auto term) {
                constexpr bool P = decltype(term)::product, A = decltype(term)::absolute;
                // four values a thread where every tensor starts on 16 bytes and the count allows
                const bool wide = count % 4 == 0 && aligned16(g) && aligned16(sum) && (!product || aligned16(w));
                return wide ? launch<W, G, 4, P, A>(w, g, sum, count, add, stream)
                            : launch<W, G, 1, P, A>(w, g, sum, count, add, stream);
            });
        });
    });
}

} // namespace prunescope
