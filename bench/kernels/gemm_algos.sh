#!/usr/bin/env bash
# cuBLASLt's algorithms for the matrix products of a BERT pass, dense and pruned
# (gemm_algos.cu), built with nvcc and run, then LibTorch's addmm timed on the same shapes
# (the heuristic's first algorithm should match it). Needs nvcc, cuBLASLt (the CUDA toolkit's,
# else the one PyTorch's wheels bring) and the GPU machine's PyTorch.
#
#   bash bench/kernels/gemm_algos.sh > bench/results/gemm-algorithms-<card>.log
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${WORK:-/tmp/prunescope-gemm-algos}
mkdir -p "$work"
if ! nvcc -O3 -std=c++17 -arch="${CUDA_ARCH:-sm_90}" "$here/gemm_algos.cu" -lcublasLt -o "$work/gemm_algos" 2> "$work/build.log"; then
    # no cuBLASLt in the toolkit: the one in PyTorch's nvidia-cublas wheel
    cublas=$(python3 -c 'import nvidia.cublas, os; print(os.path.dirname(nvidia.cublas.__file__) or list(nvidia.cublas.__path__)[0])' 2>/dev/null \
             || python3 -c 'import nvidia.cublas; print(list(nvidia.cublas.__path__)[0])')
    nvcc -O3 -std=c++17 -arch="${CUDA_ARCH:-sm_90}" -I "$cublas/include" "$here/gemm_algos.cu" \
        -L "$cublas/lib" -l:"$(basename "$(ls "$cublas"/lib/libcublasLt.so* | head -1)")" -Xlinker -rpath="$cublas/lib" \
        -o "$work/gemm_algos" || { cat "$work/build.log"; exit 1; }
fi
"$work/gemm_algos"
python3 - <<'PY'
import torch
def milliseconds(f):
    for _ in range(5):
        f()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    times = []
    for _ in range(7):
        start.record()
        for _ in range(20):
            f()
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end) / 20)
    return sorted(times)[3]
print("== LibTorch's addmm on the same shapes (bf16)")
for m, k, n in [(4096, 768, 2304), (4096, 768, 768), (4096, 768, 3072), (4096, 3072, 768), (4096, 768, 1152),
                (4096, 384, 768), (4096, 768, 1536), (4096, 1536, 768), (16384, 1024, 3072), (16384, 1024, 1024),
                (16384, 1024, 4096), (16384, 4096, 1024)]:
    x = torch.randn(m, k, device="cuda", dtype=torch.bfloat16) * 0.1
    w = torch.randn(k, n, device="cuda", dtype=torch.bfloat16) * 0.1
    b = torch.randn(n, device="cuda", dtype=torch.bfloat16) * 0.1
    ms = milliseconds(lambda: torch.addmm(b, x, w))
    print(f"  addmm M {m:<5} K {k:<5} N {n:<5}: {ms:.4f} ms, {2 * m * k * n / ms / 1e9:.0f} TFLOP/s")
PY
