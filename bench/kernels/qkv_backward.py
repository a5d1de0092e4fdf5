"""The backward of the stacked query/key/value projection in bf16, on BERT-large's shapes: what
autograd does (the three gradients from the attention concatenated, then one matrix product for the
weights' gradient, one for the input's and a sum for the bias) against the same without the
concatenation (three products into the rows of the weights' gradient, the input's gradient as one
product and two accumulating ones, three sums). Also the two GEMMs' rates alone. Each the median of
7 timings of 20 steps after 5, by CUDA events.

    python3 bench/kernels/qkv_backward.py > bench/results/qkv-backward-<card>.log"""
import torch

from libtorch_elementwise import milliseconds  # beside this file

for tokens, width in [(64 * 256, 1024), (32 * 128, 1024)]:
    def randn(*shape):
        return torch.randn(*shape, device="cuda", dtype=torch.bfloat16)
    x, weight = randn(tokens, width), randn(3 * width, width) * width ** -0.5
    dq, dk, dv = (randn(tokens, width) for _ in range(3))
    grads = (dq, dk, dv)
    rows = [weight[i * width:(i + 1) * width] for i in range(3)]
    dw, db, dx = torch.empty_like(weight), torch.empty(3 * width, device="cuda", dtype=torch.bfloat16), torch.empty_like(x)

    def concatenated():
        g = torch.cat(grads, -1)
        torch.mm(g.t(), x, out=dw)
        torch.mm(g, weight, out=dx)
        torch.sum(g, 0, out=db)

    def separate():
        for i, g in enumerate(grads):
            torch.mm(g.t(), x, out=dw[i * width:(i + 1) * width])
            torch.sum(g, 0, out=db[i * width:(i + 1) * width])
        torch.mm(dq, rows[0], out=dx)
        dx.addmm_(dk, rows[1])
        dx.addmm_(dv, rows[2])

    concatenated()
    reference_w, reference_x = dw.float().clone(), dx.float().clone()
    separate()
    difference = max(((dw.float() - reference_w).norm() / reference_w.norm()).item(),
                     ((dx.float() - reference_x).norm() / reference_x.norm()).item())
    flops = 2 * 2 * tokens * width * 3 * width
    a, b = milliseconds(concatenated), milliseconds(separate)
    cat = milliseconds(lambda: torch.cat(grads, -1))
    print(f"qkv backward {tokens} tokens x {width}: concatenated {a:.4f} ms ({flops / a / 1e9:.0f} TFLOP/s; the cat alone "
          f"{cat:.4f} ms), separate {b:.4f} ms ({flops / b / 1e9:.0f} TFLOP/s), saving {a - b:+.4f} ms a layer; "
          f"relative difference {difference:.1e}")
