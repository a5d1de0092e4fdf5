// The matrix products of a BERT pass (x[M,K] times W[K,N] plus a bias, bf16 in and out,
// float32 accumulation: the runtime's addmm) timed with every algorithm cuBLASLt's heuristic
// offers for the shape, up to 32, against the heuristic's first: LibTorch's addmm asks the
// heuristic for one algorithm (at::cuda::blas::gemm_and_bias), with a workspace of its own.
// Shapes: BERT-base at 32 x 128 tokens, dense and with half its heads and FFN neurons removed
// (the ONNX export's pruned graph), and BERT-large's forward products at 64 x 256. Each time the median of 7 timings of 20 products
// after 5, by CUDA events, with a 32 MiB workspace; each algorithm's output is compared with
// the first's (bf16 rounding of a K-term float32 sum: a few units of 2^-8 relative).
//
//   bash bench/kernels/gemm_algos.sh
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

int main()
{
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
        float firstMs = 0, bestMs = 1e30f;
        int best = 0;
        for (int i = 0; i < count; ++i) {
            const cublasLtMatmulAlgo_t *algo = &results[i].algo;
            const auto product = [&] {
                cublasLtMatmul(lt, op, &alpha, w, a, x, b, &beta, y, d, y, d, algo, workspace, workspaceBytes, 0);
            };
            cudaMemset(y, 0, n * 2);
            product();
            if (cudaDeviceSynchronize() != cudaSuccess) {
                printf("  %-8s algorithm %d: %s\n", s.name, i, cudaGetErrorString(cudaGetLastError()));
                continue;
            }
            const float ms = timeIt(product);
            double worst = 0;
            if (i == 0) {
                firstMs = ms;
                cudaMemcpy(first.data(), y, n * 2, cudaMemcpyDeviceToHost);
            } else {
                cudaMemcpy(other.data(), y, n * 2, cudaMemcpyDeviceToHost);
                for (int64_t j = 0; j < n; ++j) {
                    const double f = __bfloat162float(first[j]), o = __bfloat162float(other[j]);
                    worst = std::max(worst, std::fabs(f - o) / std::max(1.0, std::fabs(f)));
                }
            }
            if (ms < bestMs) {
                bestMs = ms;
                best = i;
            }
            printf("  %-8s M %-5lld K %-5lld N %-5lld algorithm %2d (id %d, tile %d, stages %d, split-k %d, swizzle %d, "
                   "workspace %zu B): %.4f ms, %.0f TFLOP/s, against the first %.1e\n",
                s.name, (long long)s.m, (long long)s.k, (long long)s.n, i,
                configOf<int>(*algo, CUBLASLT_ALGO_CONFIG_ID), configOf<int>(*algo, CUBLASLT_ALGO_CONFIG_TILE_ID),
                configOf<int>(*algo, CUBLASLT_ALGO_CONFIG_STAGES_ID), configOf<int>(*algo, CUBLASLT_ALGO_CONFIG_SPLITK_NUM),
                configOf<int>(*algo, CUBLASLT_ALGO_CONFIG_CTA_SWIZZLING), results[i].workspaceSize, ms, flops / ms / 1e9,
                worst);
        }
        printf("  %-8s first %.4f ms (%.0f TFLOP/s), best algorithm %d %.4f ms (%.0f TFLOP/s): %.2fx of %d offered\n",
            s.name, firstMs, flops / firstMs / 1e9, best, bestMs, flops / bestMs / 1e9, firstMs / bestMs, count);
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
