"""Scaled-dot-product attention, forward + backward in bf16, with each backend LibTorch has on the
GPU, on BERT-large's attention (16 heads of 64) at batch 64 x 256 and 32 x 128: without a mask,
with a bool padding mask and with an additive one in bf16 (what PruneScope passes); each the median
of 7 timings of 20 steps after 5, by CUDA events.

    python3 bench/kernels/sdpa_backends.py > bench/results/sdpa-backends-<card>.log"""
import torch
import torch.nn.functional as F
from torch.nn.attention import SDPBackend, sdpa_kernel

from libtorch_elementwise import milliseconds  # beside this file

for batch, tokens in [(64, 256), (32, 128)]:
    q, k, v = (torch.randn(batch, 16, tokens, 64, device="cuda", dtype=torch.bfloat16, requires_grad=True)
               for _ in range(3))
    lengths = torch.randint(tokens // 2, tokens + 1, (batch,), device="cuda")
    keep = (torch.arange(tokens, device="cuda")[None] < lengths[:, None])[:, None, None, :]
    additive = torch.zeros(batch, 1, 1, tokens, device="cuda", dtype=torch.bfloat16).masked_fill(~keep, float("-inf"))
    grad = torch.randn(batch, 16, tokens, 64, device="cuda", dtype=torch.bfloat16)
    for backend in (SDPBackend.CUDNN_ATTENTION, SDPBackend.EFFICIENT_ATTENTION, SDPBackend.FLASH_ATTENTION,
                    SDPBackend.MATH):
        for name, mask in (("no mask", None), ("bool mask", keep), ("additive mask", additive)):
            def step():
                out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
                torch.autograd.grad(out, (q, k, v), grad)
            label = f"sdpa {batch}x{tokens} {backend.name:20} {name:14}"
            try:
                with sdpa_kernel(backend):
                    print(f"{label} fwd+bwd {milliseconds(step):.4f} ms")
            except RuntimeError as e:
                print(f"{label} unavailable: {str(e).splitlines()[0][:80]}")
