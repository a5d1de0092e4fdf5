"""The mid-size random Llama that the Wanda and SparseGPT checks share: 8 layers, hidden
1024, 16 query heads over 4 key-value heads, FFN 2816, vocabulary 32000, float32, made by
transformers (seed 0) in WORK/llama-mid once and kept."""
import os

import torch
import transformers


def mid_size_llama(work):
    folder = os.path.join(work, "llama-mid")
    if not os.path.exists(os.path.join(folder, "config.json")):
        torch.manual_seed(0)
        config = transformers.LlamaConfig(vocab_size=32000, hidden_size=1024, intermediate_size=2816,
                                          num_hidden_layers=8, num_attention_heads=16, num_key_value_heads=4,
                                          max_position_embeddings=2048, rms_norm_eps=1e-5)
        transformers.LlamaForCausalLM(config).save_pretrained(folder)
    return folder
