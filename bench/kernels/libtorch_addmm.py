"""LibTorch's addmm in bf16 on the shapes of gemm_algos.cu (a BERT pass's products, dense and
pruned), each the median of 7 timings of 20 calls after 5, by CUDA events. Run by gemm_algos.sh:
where a product takes less time than a call's launch from Python, this times the launches."""
import torch

from libtorch_elementwise import milliseconds

SHAPES = [(4096, 768, 2304), (4096, 768, 768), (4096, 768, 3072), (4096, 3072, 768), (4096, 768, 1152),
          (4096, 384, 768), (4096, 768, 1536), (4096, 1536, 768), (16384, 1024, 3072), (16384, 1024, 1024),
          (16384, 1024, 4096), (16384, 4096, 1024)]


def main():
    print("== LibTorch's addmm on the same shapes (bf16)")
    for m, k, n in SHAPES:
        x = torch.randn(m, k, device="cuda", dtype=torch.bfloat16) * 0.1
        w = torch.randn(k, n, device="cuda", dtype=torch.bfloat16) * 0.1
        b = torch.randn(n, device="cuda", dtype=torch.bfloat16) * 0.1
        ms = milliseconds(lambda: torch.addmm(b, x, w))
        print(f"  addmm M {m:<5} K {k:<5} N {n:<5}: {ms:.4f} ms, {2 * m * k * n / ms / 1e9:.0f} TFLOP/s")


if __name__ == "__main__":
    main()
