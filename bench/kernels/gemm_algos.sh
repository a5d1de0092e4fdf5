#!/usr/bin/env bash
# cuBLASLt's algorithms for the matrix products of a BERT pass, dense and pruned
# (gemm_algos.cu), built with nvcc and run, then LibTorch's addmm timed on the same shapes
# (libtorch_addmm.py: where a product outlasts its launch from Python, near the heuristic's
# first algorithm). Needs nvcc, cuBLASLt (the CUDA toolkit's, else the one PyTorch's wheels
# bring) and the GPU machine's PyTorch.
#
#   bash bench/kernels/gemm_algos.sh [--search] > bench/results/gemm-algorithms-<card>.log
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
"$work/gemm_algos" "$@" | tee "$work/algorithms.txt"
# the same shapes, in their order: "qkv      M 4096  K 768   N 2304  algorithm  0 (..."
python3 "$here/libtorch_addmm.py" $(awk '/ algorithm +0 \(/{print $3 "x" $5 "x" $7}' "$work/algorithms.txt")
