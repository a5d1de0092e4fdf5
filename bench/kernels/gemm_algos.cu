// The matrix products of a BERT pass (x[M,K] times W[K,N] plus a bias, bf16 in and out,
// float32 accumulation: the runtime's addmm) timed with every algorithm cuBLASLt's heuristic
// offers for the shape, up to 32, against the heuristic's first: LibTorch's addmm asks the
// heuristic for one algorithm (at::cuda::blas::gemm_and_bias), with a workspace of its own.
// Shapes: BERT-base at 32 x 128 tokens, dense and with half its heads and FFN neurons removed
// (the ONNX export's pruned graph), and BERT-large's forward products at 64 x 256. Each time the median of 7 timings of 20 products
// after 5, by CUDA events, with a 32 MiB workspace; each algorithm's output is compared with
// the first's (bf16 rounding of a K-term float32 sum: a few units of 2^-8 relative).
// With --search, beyond the heuristic's offer: every configuration cuBLASLt accepts for the
// shape and runs (each algorithm's listed tiles and stages with split-K 1 or 2 and CTA
// swizzling; the offers' algorithm with each of its tiles at the offer's stages; the offers
// with every cluster shape, split-K 1 to 4 and swizzling; every cluster shape for the 10
// fastest), each timed briefly, the fastest 5 as above.
//
//   bash bench/kernels/gemm_algos.sh [--search]
#include "bench_timing.cuh"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cublasLt.h>
#include <string>
#include <vector>

#define CHECK(call)                                                                                                    \
    do {                                                                                                               \
        const auto status_ = (call);                                                                                   \
        if (int(status_) != 0) {                                                                                       \
            fprintf(stderr, "%s failed: %d (line %d)\n", #call, int(status_), __LINE__);                              \
            return 1;                                                                                                  \
        }                                                                                                              \
    } while (0)

template<typename T> T configOf(const cublasLtMatmulAlgo_t &algo, cublasLtMatmulAlgoConfigAttributes_t attribute)
{
    T value {};
    size_t written = 0;
    cublasLtMatmulAlgoConfigGetAttribute(&algo, attribute, &value, sizeof value, &written);
    return value;
}

struct Shape
{
    const char *pass, *name;
    int64_t m, k, n;
};

// An algorithm's list capability (tile or stage ids); `fallback` alone where it has none.
std::vector<uint32_t> capList(const cublasLtMatmulAlgo_t &algo, cublasLtMatmulAlgoCapAttributes_t attribute,
    uint32_t fallback)
{
    size_t bytes = 0;
    cublasLtMatmulAlgoCapGetAttribute(&algo, attribute, nullptr, 0, &bytes);
    std::vector<uint32_t> values(bytes / sizeof(uint32_t));
    if (!values.empty())
        cublasLtMatmulAlgoCapGetAttribute(&algo, attribute, values.data(), bytes, &bytes);
    if (values.empty())
        values.push_back(fallback);
    return values;
}

template<typename T> void setConfig(cublasLtMatmulAlgo_t &algo, cublasLtMatmulAlgoConfigAttributes_t attribute, T value)
{
    cublasLtMatmulAlgoConfigSetAttribute(&algo, attribute, &value, sizeof value);
}

struct Timed
{
    cublasLtMatmulAlgo_t algo;
    float ms;
};

std::string describe(const cublasLtMatmulAlgo_t &algo)
{
    char text[160];
    snprintf(text, sizeof text, "id %d, tile %d, stages %d, cluster %d, split-k %d, swizzle %d",
        configOf<int>(algo, CUBLASLT_ALGO_CONFIG_ID), configOf<int>(algo, CUBLASLT_ALGO_CONFIG_TILE_ID),
        configOf<int>(algo, CUBLASLT_ALGO_CONFIG_STAGES_ID), int(configOf<uint16_t>(algo, CUBLASLT_ALGO_CONFIG_CLUSTER_SHAPE_ID)),
        configOf<int>(algo, CUBLASLT_ALGO_CONFIG_SPLITK_NUM), configOf<int>(algo, CUBLASLT_ALGO_CONFIG_CTA_SWIZZLING));
    return text;
}

// Every configuration of every algorithm for bf16 products with float32 accumulation that
// cuBLASLt accepts for (op, a, b, d) within the workspace and that runs, timed by `time`.
// Cluster shapes other than automatic are tried only for the `keep` fastest of the rest.
template<typename Time>
std::vector<Timed> searchConfigurations(cublasLtHandle_t lt, cublasLtMatmulDesc_t op, cublasLtMatrixLayout_t a,
    cublasLtMatrixLayout_t b, cublasLtMatrixLayout_t d, size_t workspaceBytes, size_t keep,
    const std::vector<cublasLtMatmulAlgo_t> &seeds, Time time)
{
    int ids[256];
    int idCount = 0;
    cublasLtMatmulAlgoGetIds(
        lt, CUBLAS_COMPUTE_32F, CUDA_R_32F, CUDA_R_16BF, CUDA_R_16BF, CUDA_R_16BF, CUDA_R_16BF, 256, ids, &idCount);
    std::vector<Timed> found;
    int checked = 0;
    const auto tryOne = [&](const cublasLtMatmulAlgo_t &algo) {
        ++checked;
        cublasLtMatmulHeuristicResult_t result {};
        if (cublasLtMatmulAlgoCheck(lt, op, a, b, d, d, &algo, &result) != CUBLAS_STATUS_SUCCESS
            || result.workspaceSize > workspaceBytes)
            return;
        const float ms = time(algo);
        if (ms > 0)
            found.push_back({ algo, ms });
    };
    for (int i = 0; i < idCount; ++i) {
        cublasLtMatmulAlgo_t algo;
        if (cublasLtMatmulAlgoInit(lt, CUBLAS_COMPUTE_32F, CUDA_R_32F, CUDA_R_16BF, CUDA_R_16BF, CUDA_R_16BF,
                CUDA_R_16BF, ids[i], &algo) != CUBLAS_STATUS_SUCCESS)
            continue;
        int32_t splitK = 0;
        uint32_t swizzling = 0, schemes = 0;
        size_t written = 0;
        cublasLtMatmulAlgoCapGetAttribute(&algo, CUBLASLT_ALGO_CAP_SPLITK_SUPPORT, &splitK, sizeof splitK, &written);
        cublasLtMatmulAlgoCapGetAttribute(
            &algo, CUBLASLT_ALGO_CAP_CTA_SWIZZLING_SUPPORT, &swizzling, sizeof swizzling, &written);
        cublasLtMatmulAlgoCapGetAttribute(
            &algo, CUBLASLT_ALGO_CAP_REDUCTION_SCHEME_MASK, &schemes, sizeof schemes, &written);
        const uint32_t scheme = (schemes & CUBLASLT_REDUCTION_SCHEME_INPLACE) ? CUBLASLT_REDUCTION_SCHEME_INPLACE
                                                                               : CUBLASLT_REDUCTION_SCHEME_COMPUTE_TYPE;
        const size_t before = found.size();
        const int checkedBefore = checked;
        const auto tiles = capList(algo, CUBLASLT_ALGO_CAP_TILE_IDS, CUBLASLT_MATMUL_TILE_UNDEFINED);
        const auto stageIds = capList(algo, CUBLASLT_ALGO_CAP_STAGES_IDS, CUBLASLT_MATMUL_STAGES_UNDEFINED);
        for (const uint32_t tile : tiles)
            for (const uint32_t stages : stageIds)
                for (int32_t split = 1; split <= (splitK ? 2 : 1); ++split)
                    for (uint32_t swizzle = 0; swizzle <= (swizzling ? 1U : 0U); ++swizzle) {
                        setConfig(algo, CUBLASLT_ALGO_CONFIG_TILE_ID, tile);
                        setConfig(algo, CUBLASLT_ALGO_CONFIG_STAGES_ID, stages);
                        setConfig(algo, CUBLASLT_ALGO_CONFIG_SPLITK_NUM, split);
                        setConfig(algo, CUBLASLT_ALGO_CONFIG_REDUCTION_SCHEME,
                            split > 1 ? scheme : uint32_t(CUBLASLT_REDUCTION_SCHEME_NONE));
                        setConfig(algo, CUBLASLT_ALGO_CONFIG_CTA_SWIZZLING, swizzle);
                        setConfig(algo, CUBLASLT_ALGO_CONFIG_CLUSTER_SHAPE_ID, uint16_t(CUBLASLT_CLUSTER_SHAPE_AUTO));
                        tryOne(algo);
                    }
        printf("    algorithm id %d: %zu tiles, %zu stages, split-k %d, swizzling %u: %zu of %d configurations run\n", ids[i],
            tiles.size(), stageIds.size(), int(splitK), swizzling, found.size() - before, checked - checkedBefore);
    }
    // The heuristic's own offers with each tile of their algorithm (at their stages: an
    // algorithm whose stages are chosen for it lists none), then each cluster shape, split-K and
    // swizzling.
    for (const cublasLtMatmulAlgo_t &offered : seeds)
        for (const uint32_t tile : capList(offered, CUBLASLT_ALGO_CAP_TILE_IDS, CUBLASLT_MATMUL_TILE_UNDEFINED)) {
            cublasLtMatmulAlgo_t algo = offered;
            setConfig(algo, CUBLASLT_ALGO_CONFIG_TILE_ID, tile);
            tryOne(algo);
        }
    for (const cublasLtMatmulAlgo_t &offered : seeds)
        for (int cluster = CUBLASLT_CLUSTER_SHAPE_AUTO; cluster < CUBLASLT_CLUSTER_SHAPE_END; ++cluster)
            for (int32_t split = 1; split <= 4; ++split)
                for (uint32_t swizzle = 0; swizzle <= 1; ++swizzle) {
                    if (cluster == CUBLASLT_CLUSTER_SHAPE_AUTO + 1)
                        continue;
                    cublasLtMatmulAlgo_t algo = offered;
                    setConfig(algo, CUBLASLT_ALGO_CONFIG_CLUSTER_SHAPE_ID, uint16_t(cluster));
                    setConfig(algo, CUBLASLT_ALGO_CONFIG_SPLITK_NUM, split);
                    setConfig(algo, CUBLASLT_ALGO_CONFIG_REDUCTION_SCHEME,
                        uint32_t(split > 1 ? CUBLASLT_REDUCTION_SCHEME_COMPUTE_TYPE : CUBLASLT_REDUCTION_SCHEME_NONE));
                    setConfig(algo, CUBLASLT_ALGO_CONFIG_CTA_SWIZZLING, swizzle);
                    tryOne(algo);
                }
    const auto faster = [](const Timed &x, const Timed &y) { return x.ms < y.ms; };
    std::sort(found.begin(), found.end(), faster);
    const size_t fastest = std::min(keep, found.size());
    for (size_t f = 0; f < fastest; ++f)
        for (int cluster = CUBLASLT_CLUSTER_SHAPE_1x1x1; cluster < CUBLASLT_CLUSTER_SHAPE_END; ++cluster) {
            cublasLtMatmulAlgo_t algo = found[f].algo;
            setConfig(algo, CUBLASLT_ALGO_CONFIG_CLUSTER_SHAPE_ID, uint16_t(cluster));
            tryOne(algo);
        }
    std::sort(found.begin(), found.end(), faster);
    return found;
}

int main(int argc, char **argv)
{
    const bool search = argc > 1 && std::string(argv[1]) == "--search";
    // clang-format off
    const Shape shapes[] = {
        { "BERT-base 32x128 dense", "qkv", 4096, 768, 2304 }, { "BERT-base 32x128 dense", "out", 4096, 768, 768 },
        { "BERT-base 32x128 dense", "ffn-in", 4096, 768, 3072 }, { "BERT-base 32x128 dense", "ffn-out", 4096, 3072, 768 },
        { "BERT-base 32x128 half removed", "qkv", 4096, 768, 1152 }, { "BERT-base 32x128 half removed", "out", 4096, 384, 768 },
        { "BERT-base 32x128 half removed", "ffn-in", 4096, 768, 1536 }, { "BERT-base 32x128 half removed", "ffn-out", 4096, 1536, 768 },
        { "BERT-large 64x256 forward", "qkv", 16384, 1024, 3072 }, { "BERT-large 64x256 forward", "out", 16384, 1024, 1024 },
        { "BERT-large 64x256 forward", "ffn-in", 16384, 1024, 4096 }, { "BERT-large 64x256 forward", "ffn-out", 16384, 4096, 1024 },
    };
    // clang-format on
    cublasLtHandle_t lt;
    CHECK(cublasLtCreate(&lt));
    const size_t workspaceBytes = size_t(32) << 20;
    void *workspace;
    cudaMalloc(&workspace, workspaceBytes);
    const char *pass = "";
    double firstSum = 0, bestSum = 0;
    const auto passTotal = [&] {
        if (*pass)
            printf("  %s, the four products: first %.4f ms, best %.4f ms (%.2fx)\n", pass, firstSum, bestSum,
                firstSum / bestSum);
        firstSum = bestSum = 0;
    };
    for (const Shape &s : shapes) {
        if (std::string(pass) != s.pass) {
            passTotal();
            pass = s.pass;
            printf("== %s\n", pass);
        }
        __nv_bfloat16 *x, *w, *bias, *y;
        cudaMalloc(&x, s.m * s.k * 2);
        cudaMalloc(&w, s.k * s.n * 2);
        cudaMalloc(&bias, s.n * 2);
        cudaMalloc(&y, s.m * s.n * 2);
        fill<<<1024, 256>>>(x, s.m * s.k, 1, 0.1f);
        fill<<<1024, 256>>>(w, s.k * s.n, 2, 0.1f);
        fill<<<1024, 256>>>(bias, s.n, 3, 0.1f);

        // Row-major y[M,N] = x[M,K] w[K,N] + bias is column-major y^T[N,M] = w^T[N,K] x^T[K,M]:
        // cuBLASLt's A is w (N rows, ld N), B is x (K rows, ld K), D is y (N rows, ld N).
        cublasLtMatmulDesc_t op;
        CHECK(cublasLtMatmulDescCreate(&op, CUBLAS_COMPUTE_32F, CUDA_R_32F));
        const cublasOperation_t none = CUBLAS_OP_N;
        CHECK(cublasLtMatmulDescSetAttribute(op, CUBLASLT_MATMUL_DESC_TRANSA, &none, sizeof none));
        CHECK(cublasLtMatmulDescSetAttribute(op, CUBLASLT_MATMUL_DESC_TRANSB, &none, sizeof none));
        const cublasLtEpilogue_t epilogue = CUBLASLT_EPILOGUE_BIAS;
        CHECK(cublasLtMatmulDescSetAttribute(op, CUBLASLT_MATMUL_DESC_EPILOGUE, &epilogue, sizeof epilogue));
        CHECK(cublasLtMatmulDescSetAttribute(op, CUBLASLT_MATMUL_DESC_BIAS_POINTER, &bias, sizeof bias));
        cublasLtMatrixLayout_t a, b, d;
        CHECK(cublasLtMatrixLayoutCreate(&a, CUDA_R_16BF, s.n, s.k, s.n));
        CHECK(cublasLtMatrixLayoutCreate(&b, CUDA_R_16BF, s.k, s.m, s.k));
        CHECK(cublasLtMatrixLayoutCreate(&d, CUDA_R_16BF, s.n, s.m, s.n));
        cublasLtMatmulPreference_t preference;
        CHECK(cublasLtMatmulPreferenceCreate(&preference));
        CHECK(cublasLtMatmulPreferenceSetAttribute(
            preference, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &workspaceBytes, sizeof workspaceBytes));
        cublasLtMatmulHeuristicResult_t results[32];
        int count = 0;
        CHECK(cublasLtMatmulAlgoGetHeuristic(lt, op, a, b, d, d, preference, 32, results, &count));

        const float alpha = 1.0f, beta = 0.0f;
        const double flops = 2.0 * s.m * s.k * s.n;
        const int64_t n = s.m * s.n;
        std::vector<__nv_bfloat16> first(n), other(n);
        const auto product = [&](const cublasLtMatmulAlgo_t &algo) {
            cublasLtMatmul(lt, op, &alpha, w, a, x, b, &beta, y, d, y, d, &algo, workspace, workspaceBytes, 0);
        };
        // y against the first algorithm's output (kept in `first`), relative to max(1, |first|).
        const auto againstFirst = [&] {
            cudaMemcpy(other.data(), y, n * 2, cudaMemcpyDeviceToHost);
            double worst = 0;
            for (int64_t j = 0; j < n; ++j) {
                const double f = __bfloat162float(first[j]), o = __bfloat162float(other[j]);
                worst = std::max(worst, std::fabs(f - o) / std::max(1.0, std::fabs(f)));
            }
            return worst;
        };
        float firstMs = 0, bestMs = 1e30f;
        int best = 0;
        for (int i = 0; i < count; ++i) {
            const cublasLtMatmulAlgo_t &algo = results[i].algo;
            cudaMemset(y, 0, n * 2);
            product(algo);
            if (cudaDeviceSynchronize() != cudaSuccess) {
                printf("  %-8s algorithm %d: %s\n", s.name, i, cudaGetErrorString(cudaGetLastError()));
                continue;
            }
            const float ms = timeIt([&] { product(algo); });
            double worst = 0;
            if (i == 0) {
                firstMs = ms;
                cudaMemcpy(first.data(), y, n * 2, cudaMemcpyDeviceToHost);
            } else {
                worst = againstFirst();
            }
            if (ms < bestMs) {
                bestMs = ms;
                best = i;
            }
            printf("  %-8s M %-5lld K %-5lld N %-5lld algorithm %2d (%s, workspace %zu B): %.4f ms, %.0f TFLOP/s, "
                   "against the first %.1e\n",
                s.name, (long long)s.m, (long long)s.k, (long long)s.n, i, describe(algo).c_str(),
                results[i].workspaceSize, ms, flops / ms / 1e9, worst);
        }
        printf("  %-8s first %.4f ms (%.0f TFLOP/s), best algorithm %d %.4f ms (%.0f TFLOP/s): %.2fx of %d offered\n",
            s.name, firstMs, flops / firstMs / 1e9, best, bestMs, flops / bestMs / 1e9, firstMs / bestMs, count);
        if (search) {
            // Briefly: the median of 3 timings of 5 products after 2.
            const auto briefly = [&](const cublasLtMatmulAlgo_t &algo) {
                product(algo);
                return cudaDeviceSynchronize() == cudaSuccess ? timeIt([&] { product(algo); }, 2, 3, 5)
                                                              : (cudaGetLastError(), -1.0f);
            };
            std::vector<cublasLtMatmulAlgo_t> offered;
            for (int i = 0; i < count; ++i)
                offered.push_back(results[i].algo);
            const auto found = searchConfigurations(lt, op, a, b, d, workspaceBytes, 10, offered, briefly);
            // The fastest few timed as the heuristic's were, the best's output against the first's.
            float searchedMs = 1e30f;
            const cublasLtMatmulAlgo_t *searched = nullptr;
            for (size_t f = 0; f < std::min<size_t>(5, found.size()); ++f) {
                const float ms = timeIt([&] { product(found[f].algo); });
                if (ms < searchedMs) {
                    searchedMs = ms;
                    searched = &found[f].algo;
                }
            }
            if (searched) {
                cudaMemset(y, 0, n * 2);
                product(*searched);
                const double worst = againstFirst();
                printf("  %-8s searched %zu configurations: best %.4f ms (%.0f TFLOP/s; %s), %.2fx the heuristic's "
                       "first, against it %.1e\n",
                    s.name, found.size(), searchedMs, flops / searchedMs / 1e9, describe(*searched).c_str(),
                    firstMs / searchedMs, worst);
                bestMs = std::min(bestMs, searchedMs);
            }
        }
        firstSum += firstMs;
        bestSum += bestMs;
        cublasLtMatmulPreferenceDestroy(preference);
        cublasLtMatrixLayoutDestroy(a);
        cublasLtMatrixLayoutDestroy(b);
        cublasLtMatrixLayoutDestroy(d);
        cublasLtMatmulDescDestroy(op);
        cudaFree(x);
        cudaFree(w);
        cudaFree(bias);
        cudaFree(y);
    }
    passTotal();
    cublasLtDestroy(lt);
    return 0;
}
