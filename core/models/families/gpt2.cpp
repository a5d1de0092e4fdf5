// GPT-2 (Radford et al. 2019) as transformers' GPT2Model / GPT2LMHeadModel compute it:
// pre-LayerNorm decoder blocks, Conv1D weights stored [in, out], fused Q|K|V projection,
// causal attention, LM head tied to the token embeddings.
#include "core/models/config_reader.h"
#include "core/models/model_family.h"
#include "core/support/error.h"
#include "core/support/string_util.h"

#ifndef PRUNESCOPE_DESCRIPTION_ONLY
#include "core/models/onnx_writer.h"
#include "core/models/transformer_blocks.h"

#include <torch/torch.h>

#include <cmath>
#endif

namespace prunescope {

namespace {

// --- config.json and the prunable structure --------------------------------------------

struct Gpt2Settings
{
    bool scaleAttnWeights = true;
    bool scaleAttnByInverseLayerIdx = false;
};

Gpt2Settings readSettings(const ConfigReader &c)
{
    // reorder_and_upcast_attn only changes rounding (PruneScope computes attention in float32).
    c.boolean("reorder_and_upcast_attn", false);
    return {c.boolean("scale_attn_weights", true), c.boolean("scale_attn_by_inverse_layer_idx", false)};
}

void readConfig(const ConfigReader &c, ModelConfig &config)
{
    TowerConfig t;
    t.name = "decoder";
    t.hidden = c.positive("n_embd", 768);
    t.layers = c.positive("n_layer", 12);
    t.heads = c.positive("n_head", 12);
    t.ffn = c.find("n_inner") ? c.positive("n_inner", 0) : 4 * t.hidden;
    t.activation = c.string("activation_function", "gelu_new");
    t.layerNormEps = c.number("layer_norm_epsilon", 1e-5);
    t.maxPositions = c.positive("n_positions", 1024);
    t.vocabSize = c.positive("vocab_size", 50257);
    checkHeads(t, c.where());
    config.towers = {t};
    readSettings(c);
    config.padTokenId = c.integer("pad_token_id", c.integer("eos_token_id", 50256));
}

std::string layerPrefix(const ModelConfig &config, size_t layer)
{
    return baseModelPrefix(config) + "h." + std::to_string(layer) + ".";
}

// Conv1D stores [in, out]; c_attn holds Q | K | V along its output features.
ModelStructure describe(const ModelConfig &config)
{
    const TowerConfig &t = config.towers[0];
    TowerStructure tower = emptyTower(t);
    for (int64_t i = 0; i < t.layers; ++i) {
        const std::string l = layerPrefix(config, size_t(i));
        const std::vector<UnitSlice> qkv = {headRows(MatrixRole::Query, t), kvGroupRows(MatrixRole::Key, t, t.hidden),
                                            kvGroupRows(MatrixRole::Value, t, 2 * t.hidden)};
        tower.layers.push_back({{
            prunableMatrix(l + "attn.c_attn", t.hidden, 3 * t.hidden, qkv, true),
            prunableMatrix(l + "attn.c_proj", t.hidden, t.hidden, {headColumns(t)}, true),
            prunableMatrix(l + "mlp.c_fc", t.hidden, t.ffn, {neuronRows(MatrixRole::FfnIn, t)}, true),
            prunableMatrix(l + "mlp.c_proj", t.ffn, t.hidden, {neuronColumns(t)}, true),
        }});
    }
    return {{tower}};
}

void setFfnWidth(nlohmann::ordered_json &config, const TowerConfig &, int64_t width)
{
    config["n_inner"] = width;
}

// --- the module ------------------------------------------------------------------------
#ifndef PRUNESCOPE_DESCRIPTION_ONLY

struct Gpt2Block
{
    LayerNorm norm1{nullptr}, norm2{nullptr};
    PrunableLinear qkv{nullptr}, attentionOut{nullptr}, ffnIn{nullptr}, ffnOut{nullptr};
};

class Gpt2ModelImpl : public TransformerModel, public OnnxWritable
{
public:
    explicit Gpt2ModelImpl(const ModelConfig &config)
        : TransformerModel(config)
        , m_settings(rereadConfig(config, readSettings))
    {
        const auto &t = m_config.towers[0];
        const std::string p = baseModelPrefix(m_config);
        m_tokens = add(p + "wte", Embedding(t.vocabSize, t.hidden));
        m_positions = add(p + "wpe", Embedding(t.maxPositions, t.hidden));
        for (const LayerStructure &structure : m_structure.towers[0].layers) {
            const std::string l = layerPrefix(m_config, m_blocks.size());
            Gpt2Block block;
            block.norm1 = add(l + "ln_1", LayerNorm(t.hidden, t.layerNormEps));
            block.qkv = addLinear(structure.withRole(MatrixRole::Query));
            block.attentionOut = addLinear(structure.withRole(MatrixRole::AttentionOutput));
            block.norm2 = add(l + "ln_2", LayerNorm(t.hidden, t.layerNormEps));
            block.ffnIn = addLinear(structure.withRole(MatrixRole::FfnIn));
            block.ffnOut = addLinear(structure.withRole(MatrixRole::FfnOut));
            m_blocks.push_back(block);
        }
        m_finalNorm = add(p + "ln_f", LayerNorm(t.hidden, t.layerNormEps));
    }

    ModelOutputs forward(const ModelInputs &in, const ForwardOptions &options, bool) override
    {
        const auto &t = m_config.towers[0];
        const auto device = m_tokens->weight.device();
        const auto ids = tokenIds(in, m_config, t, device);
        const int64_t tokens = ids.size(1);
        const auto positions = torch::arange(tokens, ids.options()).unsqueeze(0);

        Site site;
        site.kind = SiteKind::InputEmbeddings;
        auto h = callHook(options, site, m_tokens->forward(ids)) + m_positions->forward(positions);

        ModelOutputs out;
        out.towers.resize(1);
        auto &trace = out.towers[0];
        const auto mask = attentionMask(in.attentionMask, tokens, true, device);
        const auto headsAlive = blockAlive(m_headGates[0]), neuronsAlive = blockAlive(m_neuronGates[0]);
        const auto headGates = gateRows(m_headGates[0]), neuronGates = gateRows(m_neuronGates[0]);
        for (size_t i = 0; i < m_blocks.size(); ++i) {
            auto &block = m_blocks[i];
            const int li = int(i);
            if (options.hiddenStates)
                trace.hiddenStates.push_back(h);
            site.layer = li;
            double scale = m_settings.scaleAttnWeights ? 1.0 / std::sqrt(double(t.headDim())) : 1.0;
            if (m_settings.scaleAttnByInverseLayerIdx)
                scale /= double(li + 1);
            const auto qkv = applyLinear(*block.qkv, block.norm1->forward(h), options, 0, li).split(t.hidden, -1);
            const auto headGate = placeUnitGates(headGates[li], *block.attentionOut, h, options);
            const auto attention = multiHeadAttention(qkv[0], qkv[1], qkv[2], t.heads, scale, mask,
                                                      headGate.onUnits, options.attentions, options, site);
            h = h + applyLinear(*block.attentionOut, attention.context, options, 0, li, headsAlive[li], headGate.onWeight);
            site.kind = SiteKind::NeuronActivation;
            const auto hidden = applyLinear(*block.ffnIn, block.norm2->forward(h), options, 0, li);
            const auto neuronGate = placeUnitGates(neuronGates[li], *block.ffnOut, hidden, options);
            const auto act = gatedActivation(t.activation, hidden, neuronGate.onUnits, options, site);
            h = h + applyLinear(*block.ffnOut, act, options, 0, li, neuronsAlive[li], neuronGate.onWeight);
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
            out.logits = linearProduct(h, m_tokens->weight);
            if (in.labels.defined())
                out.loss = causalLmLoss(out.logits, in.labels);
        }
        return out;
    }

    void writeOnnx(OnnxWriter &w) override
    {
        const auto &t = m_config.towers[0];
        OnnxGraph &g = w.graph;
        const auto ids = w.tokenInput("input_ids"), padding = w.tokenInput("attention_mask");
        auto h = w.add(w.embed(ids, *m_tokens), w.positions(*m_positions, ids));
        const OnnxAttentionBias bias = w.attentionBias(padding, /*causal=*/true);
        for (size_t i = 0; i < m_blocks.size(); ++i) {
            auto &block = m_blocks[i];
            const int li = int(i);
            // ln_1 is written even where the attention block goes (a node nothing reads; the plan
            // counts it, as it counts the pre-norms of ViT and the other pre-LayerNorm towers).
            const auto normed = w.layerNorm(h, *block.norm1);
            if (const int64_t heads = int64_t(w.keptHeads(0, li).size()); heads > 0) {
                double scale = m_settings.scaleAttnWeights ? 1.0 / std::sqrt(double(t.headDim())) : 1.0;
                if (m_settings.scaleAttnByInverseLayerIdx)
                    scale /= double(li + 1);
                const int64_t width = heads * t.headDim(); // of each of q, k and v after the pruned heads went
                const auto qkv = w.linear(normed, *block.qkv, 0, li);
                const auto part = [&](int64_t k) {
                    return g.op("Slice", {qkv, g.integers({k * width}), g.integers({(k + 1) * width}), g.integers({-1})});
                };
                h = w.add(h, w.linear(w.attend(part(0), part(1), part(2), heads, t.headDim(), scale, bias),
                                      *block.attentionOut, 0, li));
            }
            const auto ffn = w.feedForward(w.layerNorm(h, *block.norm2), *block.ffnIn, *block.ffnOut, t.activation, 0, li);
            if (!ffn.empty())
                h = w.add(h, ffn);
        }
        h = w.layerNorm(h, *m_finalNorm);
        if (m_config.head == TaskHead::CausalLm)
            w.logits(g.op("MatMul", {h, g.op("Transpose", {w.parameter(m_tokens->weight)})}));
        else
            w.lastHiddenState(h);
    }

    bool isIgnorableTensor(const std::string &name) const override
    {
        // attn.bias / attn.masked_bias are causal-mask buffers of old files; lm_head is tied to wte.
        return endsWith(name, "attn.bias") || endsWith(name, "attn.masked_bias") || name == "lm_head.weight";
    }

private:
    Gpt2Settings m_settings;
    Embedding m_tokens{nullptr}, m_positions{nullptr};
    std::vector<Gpt2Block> m_blocks;
    LayerNorm m_finalNorm{nullptr};
};

std::shared_ptr<TransformerModel> build(const ModelConfig &config, bool)
{
    return std::make_shared<Gpt2ModelImpl>(config);
}
#endif // PRUNESCOPE_DESCRIPTION_ONLY

} // namespace

const ModelFamily &gpt2Family()
{
    static const ModelFamily family = [] {
        ModelFamily f;
        f.modelType = "gpt2";
        f.title = "GPT-2";
        f.architectures = {{"GPT2LMHeadModel", TaskHead::CausalLm, "transformer."}, {"GPT2Model", TaskHead::None, ""}};
        f.readConfig = readConfig;
        f.describe = describe;
        f.setFfnWidth = setFfnWidth;
        f.build = PRUNESCOPE_FAMILY_MODULE(build);
        return f;
    }();
    return family;
}

} // namespace prunescope
