#include "core/models/llama_style.h"

#include "core/models/model_family.h"
#include "core/support/error.h"
#include "core/support/string_util.h"

#include <torch/torch.h>

#include <cmath>
#include <map>

namespace prunescope {

namespace {

torch::Tensor rotateHalf(const torch::Tensor &x)
{
    const auto halves = x.chunk(2, -1);
    return torch::cat({-halves[1], halves[0]}, -1);
}

} // namespace

// 1 / theta^(2i/d), scaled as the config's rope_type says.
torch::Tensor rotaryInverseFrequencies(const RotaryConfig &rotary, int64_t headDim)
{
    const auto exponents = torch::arange(0, headDim, 2, torch::kLong).to(torch::kFloat) / double(headDim);
    auto inverse = 1.0 / torch::pow(rotary.theta, exponents);
    if (rotary.type == "linear")
        return inverse / rotary.factor;
    if (rotary.type == "llama3") {
        // Llama 3.1: long wavelengths slowed by `factor`, short ones kept, those between blended.
        const double original = double(rotary.originalPositions);
        const double lowWavelength = original / rotary.lowFreqFactor, highWavelength = original / rotary.highFreqFactor;
        const auto wavelength = 2 * M_PI / inverse;
        auto scaled = torch::where(wavelength > lowWavelength, inverse / rotary.factor, inverse);
        const auto smooth = (original / wavelength - rotary.lowFreqFactor) / (rotary.highFreqFactor - rotary.lowFreqFactor);
        const auto blended = (1 - smooth) * scaled / rotary.factor + smooth * scaled;
        const auto medium = wavelength.ge(highWavelength).logical_and(wavelength.le(lowWavelength));
        return torch::where(medium, blended, scaled);
    }
    return inverse;
}

std::pair<torch::Tensor, torch::Tensor> rotaryTables(const torch::Tensor &inverse, int64_t tokens)
{
    const auto positions = torch::arange(tokens, inverse.options());
    const auto angles = positions.unsqueeze(1) * inverse.unsqueeze(0); // [T, d/2]
    const auto both = torch::cat({angles, angles}, -1);
    return {both.cos(), both.sin()};
}

torch::Tensor applyRotary(const torch::Tensor &x, int64_t headDim, const torch::Tensor &cos, const torch::Tensor &sin)
{
    const auto shape = x.sizes().vec();
    const auto perHead = x.view({shape[0], shape[1], -1, headDim});
    const auto c = cos.to(x.scalar_type()).view({1, shape[1], 1, headDim});
    const auto s = sin.to(x.scalar_type()).view({1, shape[1], 1, headDim});
    return (perHead * c + rotateHalf(perHead) * s).view(shape);
}

LlamaStyleModel::LlamaStyleModel(const ModelConfig &config, DecoderSettings settings)
    : TransformerModel(config)
    , m_settings(std::move(settings))
{
    const auto &t = m_config.towers[0];
    const std::string p = baseModelPrefix(m_config);
    m_tokens = add(p + "embed_tokens", Embedding(t.vocabSize, t.hidden));
    for (const LayerStructure &structure : m_structure.towers[0].layers) {
        const std::string l = p + "layers." + std::to_string(m_layers.size()) + ".";
        DecoderLayer layer;
        layer.attentionNorm = add(l + "input_layernorm", RmsNorm(t.hidden, t.layerNormEps));
        layer.query = addLinear(structure.withRole(MatrixRole::Query));
        layer.key = addLinear(structure.withRole(MatrixRole::Key));
        layer.value = addLinear(structure.withRole(MatrixRole::Value));
        layer.attentionOut = addLinear(structure.withRole(MatrixRole::AttentionOutput));
        layer.ffnNorm = add(l + "post_attention_layernorm", RmsNorm(t.hidden, t.layerNormEps));
        layer.ffnGate = addLinear(structure.withRole(MatrixRole::FfnGate));
        layer.ffnUp = addLinear(structure.withRole(MatrixRole::FfnIn));
        layer.ffnDown = addLinear(structure.withRole(MatrixRole::FfnOut));
        m_layers.push_back(layer);
    }
    m_finalNorm = add(p + "norm", RmsNorm(t.hidden, t.layerNormEps));
    if (m_config.head == TaskHead::CausalLm && !m_settings.tiedEmbeddings)
        m_lmHead = add("lm_head", PrunableLinear(t.hidden, t.vocabSize, false, false));
    m_settings.windows.resize(size_t(t.layers), 0);
}

ModelOutputs LlamaStyleModel::forward(const ModelInputs &in, const ForwardOptions &options, bool)
{
    const auto &t = m_config.towers[0];
    const auto device = m_tokens->weight.device();
    const auto ids = tokenIds(in, m_config, t, device);
    const int64_t tokens = ids.size(1), headDim = t.headDim();
    if (!m_inverseFrequencies.defined() || m_inverseFrequencies.device() != device)
        m_inverseFrequencies = rotaryInverseFrequencies(m_settings.rotary, headDim).to(device);
    const auto [cos, sin] = rotaryTables(m_inverseFrequencies, tokens);
    std::map<int64_t, AttentionMask> masks; // by window: Qwen2 may mix full and sliding layers
    for (int64_t window : m_settings.windows)
        if (!masks.count(window))
            masks[window] = attentionMask(in.attentionMask, tokens, true, device, window);

    Site site;
    site.kind = SiteKind::InputEmbeddings;
    const bool resume = options.fromLayer >= 0;
    if (resume && (size_t(options.fromLayer) >= m_layers.size() || !options.fromHidden.defined()))
        throw Error("internal: no layer " + std::to_string(options.fromLayer) + " to resume at, or no hidden state");
    auto h = resume ? options.fromHidden : callHook(options, site, m_tokens->forward(ids));

    ModelOutputs out;
    out.towers.resize(1);
    auto &trace = out.towers[0];
    const double scale = 1.0 / std::sqrt(double(headDim));
    const auto headsAlive = blockAlive(m_headGates[0]), neuronsAlive = blockAlive(m_neuronGates[0]);
    const auto headGates = gateRows(m_headGates[0]), neuronGates = gateRows(m_neuronGates[0]);
    for (size_t i = resume ? size_t(options.fromLayer) : 0; i < m_layers.size(); ++i) {
        auto &layer = m_layers[i];
        const int li = int(i);
        if (options.hiddenStates)
            trace.hiddenStates.push_back(h);
        site.layer = li;
        const auto x = layer.attentionNorm->forward(h);
        const auto [query, key, v] = projectQueryKeyValue(*layer.query, *layer.key, *layer.value, x, options, 0, li);
        const auto q = applyRotary(query, headDim, cos, sin), k = applyRotary(key, headDim, cos, sin);
        const auto headGate = placeUnitGates(headGates[li], *layer.attentionOut, h, options);
        const auto attention = multiHeadAttention(q, k, v, t.heads, scale, masks.at(m_settings.windows[i]),
                                                  headGate.onUnits, options.attentions, options, site);
        h = h + applyLinear(*layer.attentionOut, attention.context, options, 0, li, headsAlive[li], headGate.onWeight);

        const auto y = layer.ffnNorm->forward(h);
        site.kind = SiteKind::NeuronActivation;
        const auto neuronGate = placeUnitGates(neuronGates[li], *layer.ffnDown, y, options);
        const auto act = gatedActivation("", activate(t.activation, applyLinear(*layer.ffnGate, y, options, 0, li))
                                                 * applyLinear(*layer.ffnUp, y, options, 0, li),
                                         neuronGate.onUnits, options, site);
        h = h + applyLinear(*layer.ffnDown, act, options, 0, li, neuronsAlive[li], neuronGate.onWeight);
        site.kind = SiteKind::LayerOutput;
        h = callHook(options, site, h);
        if (options.attentions)
            trace.attentions.push_back(attention.probs);
    }
    h = m_finalNorm->forward(h);
    if (options.hiddenStates)
        trace.hiddenStates.push_back(h); // transformers reports the last one after the final norm

    out.lastHiddenState = h;
    if (m_config.head == TaskHead::CausalLm) {
        out.logits = m_lmHead ? m_lmHead->forward(h) : linearProduct(h, m_tokens->weight);
        if (in.labels.defined())
            out.loss = causalLmLoss(out.logits, in.labels);
    }
    return out;
}

void LlamaStyleModel::writeOnnx(OnnxWriter &w)
{
    const auto &t = m_config.towers[0];
    OnnxGraph &g = w.graph;
    const int64_t d = t.headDim(), perGroup = t.heads / t.kvHeadCount();
    const auto ids = w.tokenInput("input_ids"), padding = w.tokenInput("attention_mask");
    const auto rotary = w.rotary(rotaryInverseFrequencies(m_settings.rotary, d), ids);
    std::map<int64_t, OnnxAttentionBias> biases; // by window, as forward()'s masks
    for (const int64_t window : m_settings.windows)
        if (!biases.count(window))
            biases[window] = w.attentionBias(padding, /*causal=*/true, window);
    auto h = w.embed(ids, *m_tokens);
    for (size_t i = 0; i < m_layers.size(); ++i) {
        auto &layer = m_layers[i];
        const int li = int(i);
        // The norms are written even where their block goes (nodes nothing reads), as the plan counts them.
        const auto x = w.rmsNorm(h, *layer.attentionNorm);
        if (const auto heads = w.keptHeads(0, li); !heads.empty()) {
            // The key-value groups the kept heads read (in order, as the key and value rows are
            // kept), and each kept head's place among them.
            std::vector<int64_t> groups, keyOfHead;
            for (const int64_t head : heads) {
                if (groups.empty() || groups.back() != head / perGroup)
                    groups.push_back(head / perGroup);
                keyOfHead.push_back(int64_t(groups.size()) - 1);
            }
            const auto q = w.rotate(w.linear(x, *layer.query, 0, li), d, rotary);
            const auto k = w.rotate(w.linear(x, *layer.key, 0, li), d, rotary);
            const auto v = w.linear(x, *layer.value, 0, li);
            const bool grouped = groups.size() != heads.size();
            const auto context = w.attend(q, k, v, int64_t(heads.size()), d, 1.0 / std::sqrt(double(d)),
                                          biases.at(m_settings.windows[i]), int64_t(groups.size()),
                                          grouped ? keyOfHead : std::vector<int64_t>{});
            h = w.add(h, w.linear(context, *layer.attentionOut, 0, li));
        }
        const auto y = w.rmsNorm(h, *layer.ffnNorm);
        if (!w.keptNeurons(0, li).empty()) {
            const auto act = g.op("Mul", {w.activation(t.activation, w.linear(y, *layer.ffnGate, 0, li)),
                                          w.linear(y, *layer.ffnUp, 0, li)});
            h = w.add(h, w.linear(act, *layer.ffnDown, 0, li));
        }
    }
    h = w.rmsNorm(h, *m_finalNorm);
    if (m_config.head != TaskHead::CausalLm)
        w.lastHiddenState(h);
    else if (m_lmHead)
        w.logits(w.linear(h, *m_lmHead));
    else
        w.logits(g.op("MatMul", {h, g.op("Transpose", {w.parameter(m_tokens->weight)})}));
}

bool LlamaStyleModel::isIgnorableTensor(const std::string &name) const
{
    // rotary_emb.inv_freq: a buffer older checkpoints saved; lm_head of a tied model is the embedding.
    return endsWith(name, "rotary_emb.inv_freq") || (m_settings.tiedEmbeddings && name == "lm_head.weight");
}

} // namespace prunescope
