"""LibTorch's own elementwise kernels in bf16 on the shapes of gated_bench.cu: GELU forward and
backward, and an add (two reads and a write: the memory's pace), each the median of 7 timings of
20 calls after 5, by CUDA events. Run by gated_variants.sh."""
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


def main():
    for rows, cols in [(16384, 4096), (16384, 1024), (4096, 4096), (4096, 1024)]:
        a = torch.randn(rows, cols, device="cuda", dtype=torch.bfloat16)
        b, c = torch.randn_like(a), torch.empty_like(a)
        mb = a.numel() * a.element_size() / 1e6
        backward = milliseconds(lambda: torch.ops.aten.gelu_backward(a, b))
        forward = milliseconds(lambda: torch.nn.functional.gelu(a))
        add = milliseconds(lambda: torch.add(a, b, out=c))
        print(f"LibTorch {rows}x{cols}: gelu {forward:.4f} ms ({2 * mb / forward:.0f} GB/s), gelu_backward {backward:.4f} ms "
              f"({3 * mb / backward:.0f} GB/s), add {add:.4f} ms ({3 * mb / add:.0f} GB/s)")


if __name__ == "__main__":
    main()
