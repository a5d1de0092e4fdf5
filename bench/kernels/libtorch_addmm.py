"""LibTorch's addmm in bf16 on the given shapes (MxKxN, gemm_algos.sh passes gemm_algos.cu's:
a BERT pass's products, dense and pruned), each the median of 7 timings of 20 calls after 5, by
CUDA events. Where a product takes less time than a call's launch from Python, this times the
launches.

  python3 bench/kernels/libtorch_addmm.py 4096x768x2304 4096x384x768 ..."""
import sys

import torch

from libtorch_elementwise import milliseconds


def main():
    print("== LibTorch's addmm on the same shapes (bf16)")
    for shape in sys.argv[1:]:
        m, k, n = (int(v) for v in shape.split("x"))
        x = torch.randn(m, k, device="cuda", dtype=torch.bfloat16) * 0.1
        w = torch.randn(k, n, device="cuda", dtype=torch.bfloat16) * 0.1
        b = torch.randn(n, device="cuda", dtype=torch.bfloat16) * 0.1
        ms = milliseconds(lambda: torch.addmm(b, x, w))
        print(f"  addmm M {m:<5} K {k:<5} N {n:<5}: {ms:.4f} ms, {2 * m * k * n / ms / 1e9:.0f} TFLOP/s")


if __name__ == "__main__":
    main()
