// GPT-2 (Radford et al. 2019) as transformers' GPT2Model / GPT2LMHeadModel compute it:
// pre-LayerNorm decoder blocks, Conv1D weights stored [in, out], fused Q|K|V projection,
// causal attention, LM head tied to the token embeddings.
#include "core/support/error.h"
#include "core/models/model_families.h"
#include "core/support/string_util.h"
#include "core/models/transformer_blocks.h"

#include <torch/torch.h>

#include <cmath>

namespace prunescope {

namespace {

struct Gpt2Block
{
    LayerNorm norm1{nullptr}, norm2{nullptr};
    PrunableLinear qkv{nullptr}, attentionOut{nullptr}, ffnIn{nullptr}, ffnOut{nullptr};
};

class Gpt2ModelImpl : public TransformerModel
{
public:
    explicit Gpt2ModelImpl(const ModelConfig &config)
        : TransformerModel(config)
    {
        const auto &t = m_config.towers[0];
        const std::string p = baseModelPrefix(m_config);
        m_tokens = add(p + "wte", Embedding(t.vocabSize, t.hidden));
        m_positions = add(p + "wpe", Embedding(t.maxPositions, t.hidden));
        for (int64_t i = 0; i < t.layers; ++i) {
            const std::string l = p + "h." + std::to_string(i) + ".";
            Gpt2Block block;
            block.norm1 = add(l + "ln_1", LayerNorm(t.hidden, t.layerNormEps));
            block.qkv = PrunableLinear(addLinear(l + "attn.c_attn", t.hidden, 3 * t.hidden, true));
            block.attentionOut = PrunableLinear(addLinear(l + "attn.c_proj", t.hidden, t.hidden, true));
            block.norm2 = add(l + "ln_2", LayerNorm(t.hidden, t.layerNormEps));
            block.ffnIn = PrunableLinear(addLinear(l + "mlp.c_fc", t.hidden, t.ffn, true));
            block.ffnOut = PrunableLinear(addLinear(l + "mlp.c_proj", t.ffn, t.hidden, true));
            m_blocks.push_back(block);
        }
        m_finalNorm = add(p + "ln_f", LayerNorm(t.hidden, t.layerNormEps));
    }

    ModelOutputs forward(const ModelInputs &in, const ForwardOptions &options, bool) override
    {
        const auto &t = m_config.towers[0];
        if (!in.inputIds.defined())
            throw Error("GPT-2 needs input_ids");
        const int64_t tokens = in.inputIds.size(1);
        if (tokens > t.maxPositions)
            throw Error("input of " + std::to_string(tokens) + " tokens is longer than the model's "
                        + std::to_string(t.maxPositions) + " positions");
        const auto device = m_tokens->weight.device();
        checkTokenIds(in.inputIds, t.vocabSize, "input_ids"); // where it is: no wait for the GPU
        const auto ids = toDevice(in.inputIds, device);
        const auto positions = torch::arange(tokens, ids.options()).unsqueeze(0);

        Site site;
        site.kind = SiteKind::InputEmbeddings;
        auto h = callHook(options, site, m_tokens->forward(ids)) + m_positions->forward(positions);

        ModelOutputs out;
        out.towers.resize(1);
        auto &trace = out.towers[0];
        const auto mask = attentionMask(in.attentionMask, tokens, true, device);
        const auto headsAlive = blockAlive(m_headGates[0]), neuronsAlive = blockAlive(m_neuronGates[0]);
        for (size_t i = 0; i < m_blocks.size(); ++i) {
            auto &block = m_blocks[i];
            const int li = int(i);
            if (options.hiddenStates)
                trace.hiddenStates.push_back(h);
            site.layer = li;
            double scale = m_config.scaleAttnWeights ? 1.0 / std::sqrt(double(t.headDim())) : 1.0;
            if (m_config.scaleAttnByInverseLayerIdx)
                scale /= double(li + 1);
            const auto qkv = applyLinear(*block.qkv, block.norm1->forward(h), options, 0, li).split(t.hidden, -1);
            const auto attention = multiHeadAttention(qkv[0], qkv[1], qkv[2], t.heads, scale, mask,
                                                      m_headGates[0][li], options.attentions, options, site);
            h = h + applyLinear(*block.attentionOut, attention.context, options, 0, li, headsAlive[li]);
            site.kind = SiteKind::NeuronActivation;
            auto act = activate(t.activation, applyLinear(*block.ffnIn, block.norm2->forward(h), options, 0, li));
            act = gated(callHook(options, site, act), m_neuronGates[0][li]);
            h = h + applyLinear(*block.ffnOut, act, options, 0, li, neuronsAlive[li]);
            site.kind = SiteKind::LayerOutput;
            h = callHook(options, site, h);
            if (options.attentions)
                trace.attentions.push_back(attention.probs);
        }
        h = m_finalNorm->forward(h);
        if (options.hiddenStates)
            trace.hiddenStates.push_back(h); // transformers reports the last one after ln_f

        out.lastHiddenState = h;
        if (m_config.head == TaskHead::CausalLm) {
            out.logits = torch::nn::functional::linear(h, m_tokens->weight);
            if (in.labels.defined())
                out.loss = causalLmLoss(out.logits, in.labels);
        }
        return out;
    }

    bool isIgnorableTensor(const std::string &name) const override
    {
        // attn.bias / attn.masked_bias are causal-mask buffers of old files; lm_head is tied to wte.
        return endsWith(name, "attn.bias") || endsWith(name, "attn.masked_bias") || name == "lm_head.weight";
    }

private:
    Embedding m_tokens{nullptr}, m_positions{nullptr};
    std::vector<Gpt2Block> m_blocks;
    LayerNorm m_finalNorm{nullptr};
};

} // namespace

std::shared_ptr<TransformerModel> createGpt2Model(const ModelConfig &config)
{
    return std::make_shared<Gpt2ModelImpl>(config);
}

} // namespace prunescope
