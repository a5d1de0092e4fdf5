// The module of the Llama-style decoders (Llama, Qwen2, Mistral) as transformers computes
// them: token embeddings, pre-RMSNorm layers of grouped-query self-attention with rotary
// position embeddings (causal, optionally within a sliding window) and a gated FFN
// (act(gate_proj x) * up_proj x -> down_proj), a final RMSNorm and an LM head that is
// lm_head or the token embedding. The families differ only in what DecoderSettings says.
#pragma once

#include "core/models/config_reader.h"
#include "core/models/onnx_writer.h"
#include "core/models/transformer_blocks.h"

namespace prunescope {

// The rotary embedding's inverse frequencies [d/2], float32 on the CPU, as transformers'
// RotaryEmbedding computes them (default, linear, llama3).
torch::Tensor rotaryInverseFrequencies(const RotaryConfig &rotary, int64_t headDim);
// Their cosine and sine for positions 0 .. tokens-1, [tokens, d] each in float32, on the
// device of `inverse`.
std::pair<torch::Tensor, torch::Tensor> rotaryTables(const torch::Tensor &inverse, int64_t tokens);
// x [B, T, n*d] rotated per head: x * cos + rotate_half(x) * sin, in x's type.
torch::Tensor applyRotary(const torch::Tensor &x, int64_t headDim, const torch::Tensor &cos, const torch::Tensor &sin);

struct DecoderLayer
{
    RmsNorm attentionNorm{nullptr}, ffnNorm{nullptr};
    PrunableLinear query{nullptr}, key{nullptr}, value{nullptr}, attentionOut{nullptr};
    PrunableLinear ffnGate{nullptr}, ffnUp{nullptr}, ffnDown{nullptr};
};

class LlamaStyleModel : public TransformerModel, public OnnxWritable
{
public:
    LlamaStyleModel(const ModelConfig &config, DecoderSettings settings);

    ModelOutputs forward(const ModelInputs &in, const ForwardOptions &options, bool wantLoss) override;
    void writeOnnx(OnnxWriter &writer) override;
    bool isIgnorableTensor(const std::string &name) const override;
    bool resumesAtLayer() const override { return true; }

private:
    DecoderSettings m_settings;
    torch::Tensor m_inverseFrequencies; // computed once on the CPU, kept on the last forward's device
    Embedding m_tokens{nullptr};
    std::vector<DecoderLayer> m_layers;
    RmsNorm m_finalNorm{nullptr};
    PrunableLinear m_lmHead{nullptr}; // untied heads only
};

// A Llama-style family's module: the config reread through the family's `settings`.
template<DecoderSettings (*settings)(const ConfigReader &)>
std::shared_ptr<TransformerModel> buildDecoder(const ModelConfig &config, bool)
{
    return std::make_shared<LlamaStyleModel>(config, rereadConfig(config, settings));
}

} // namespace prunescope
