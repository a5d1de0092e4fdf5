// BERT (Devlin et al. 2019) as transformers' BertModel, BertForSequenceClassification
// and BertForMaskedLM compute it: post-LayerNorm encoder layers, erf GELU by default.
#include "core/models/config_reader.h"
#include "core/models/model_family.h"
#include "core/support/error.h"
#include "core/support/string_util.h"

#ifndef PRUNESCOPE_DESCRIPTION_ONLY
#include "core/models/transformer_blocks.h"

#include <torch/torch.h>

#include <cmath>
#endif

namespace prunescope {

namespace {

// --- config.json and the prunable structure --------------------------------------------

struct BertSettings
{
    int64_t typeVocabSize = 2;
};

BertSettings readSettings(const ConfigReader &c)
{
    return {c.positive("type_vocab_size", 2)};
}

void readConfig(const ConfigReader &c, ModelConfig &config)
{
    TowerConfig t;
    t.name = "encoder";
    t.hidden = c.positive("hidden_size", 768);
    t.layers = c.positive("num_hidden_layers", 12);
    t.heads = c.positive("num_attention_heads", 12);
    t.ffn = c.positive("intermediate_size", 3072);
    t.activation = c.string("hidden_act", "gelu");
    t.layerNormEps = c.number("layer_norm_eps", 1e-12);
    t.maxPositions = c.positive("max_position_embeddings", 512);
    t.vocabSize = c.positive("vocab_size", 30522);
    checkHeads(t, c.where());
    config.towers = {t};
    readSettings(c);
    config.padTokenId = c.integer("pad_token_id", 0);
    readLabels(c, config);
}

std::string layerPrefix(const ModelConfig &config, size_t layer)
{
    return baseModelPrefix(config) + "encoder.layer." + std::to_string(layer) + ".";
}

ModelStructure describe(const ModelConfig &config)
{
    const TowerConfig &t = config.towers[0];
    TowerStructure tower = emptyTower(t);
    for (int64_t i = 0; i < t.layers; ++i) {
        const std::string l = layerPrefix(config, size_t(i));
        tower.layers.push_back({{
            prunableMatrix(l + "attention.self.query", t.hidden, t.hidden, {headRows(MatrixRole::Query, t)}),
            prunableMatrix(l + "attention.self.key", t.hidden, t.hidden, {kvGroupRows(MatrixRole::Key, t)}),
            prunableMatrix(l + "attention.self.value", t.hidden, t.hidden, {kvGroupRows(MatrixRole::Value, t)}),
            prunableMatrix(l + "attention.output.dense", t.hidden, t.hidden, {headColumns(t)}),
            prunableMatrix(l + "intermediate.dense", t.hidden, t.ffn, {neuronRows(MatrixRole::FfnIn, t)}),
            prunableMatrix(l + "output.dense", t.ffn, t.hidden, {neuronColumns(t)}),
        }});
    }
    return {{tower}};
}

void setFfnWidth(nlohmann::ordered_json &config, const TowerConfig &, int64_t width)
{
    config["intermediate_size"] = width;
}

// --- the module ------------------------------------------------------------------------
#ifndef PRUNESCOPE_DESCRIPTION_ONLY

struct BertLayer
{
    PrunableLinear query{nullptr}, key{nullptr}, value{nullptr}, attentionOut{nullptr}, ffnIn{nullptr}, ffnOut{nullptr};
    LayerNorm attentionNorm{nullptr}, outputNorm{nullptr};
};

class BertModelImpl : public TransformerModel
{
public:
    BertModelImpl(const ModelConfig &config, bool hasPooler)
        : TransformerModel(config)
        , m_typeVocabSize(rereadConfig(config, readSettings).typeVocabSize)
    {
        const auto &t = m_config.towers[0];
        const std::string p = baseModelPrefix(m_config);
        m_word = add(p + "embeddings.word_embeddings", Embedding(t.vocabSize, t.hidden));
        m_position = add(p + "embeddings.position_embeddings", Embedding(t.maxPositions, t.hidden));
        m_tokenType = add(p + "embeddings.token_type_embeddings", Embedding(m_typeVocabSize, t.hidden));
        m_embeddingNorm = add(p + "embeddings.LayerNorm", LayerNorm(t.hidden, t.layerNormEps));
        for (const LayerStructure &structure : m_structure.towers[0].layers) {
            const std::string l = layerPrefix(m_config, m_layers.size());
            BertLayer layer;
            layer.query = addLinear(structure.withRole(MatrixRole::Query));
            layer.key = addLinear(structure.withRole(MatrixRole::Key));
            layer.value = addLinear(structure.withRole(MatrixRole::Value));
            layer.attentionOut = addLinear(structure.withRole(MatrixRole::AttentionOutput));
            layer.attentionNorm = add(l + "attention.output.LayerNorm", LayerNorm(t.hidden, t.layerNormEps));
            layer.ffnIn = addLinear(structure.withRole(MatrixRole::FfnIn));
            layer.ffnOut = addLinear(structure.withRole(MatrixRole::FfnOut));
            layer.outputNorm = add(l + "output.LayerNorm", LayerNorm(t.hidden, t.layerNormEps));
            m_layers.push_back(layer);
        }
        const bool pooler = m_config.head == TaskHead::SequenceClassification
                            || (m_config.head == TaskHead::None && hasPooler);
        if (pooler)
            m_pooler = add(p + "pooler.dense", PrunableLinear(t.hidden, t.hidden, true, false));
        if (m_config.head == TaskHead::SequenceClassification)
            m_classifier = add("classifier", PrunableLinear(t.hidden, m_config.numLabels, true, false));
        if (m_config.head == TaskHead::MaskedLm) {
            m_transform = add("cls.predictions.transform.dense", PrunableLinear(t.hidden, t.hidden, true, false));
            m_transformNorm = add("cls.predictions.transform.LayerNorm", LayerNorm(t.hidden, t.layerNormEps));
            m_decoderBias = moduleAt("cls.predictions").register_parameter("bias", torch::empty({t.vocabSize}));
        }
    }

    ModelOutputs forward(const ModelInputs &in, const ForwardOptions &options, bool) override
    {
        const auto &t = m_config.towers[0];
        if (!in.inputIds.defined())
            throw Error("BERT needs input_ids");
        const int64_t tokens = in.inputIds.size(1);
        if (tokens > t.maxPositions)
            throw Error("input of " + std::to_string(tokens) + " tokens is longer than the model's "
                        + std::to_string(t.maxPositions) + " positions");
        const auto device = m_word->weight.device();
        // Checked where they are (on the CPU, usually: no wait for the GPU), then moved.
        checkTokenIds(in.inputIds, t.vocabSize, "input_ids");
        if (in.tokenTypeIds.defined())
            checkTokenIds(in.tokenTypeIds, m_typeVocabSize, "token_type_ids");
        const auto ids = toDevice(in.inputIds, device);
        const auto types = in.tokenTypeIds.defined() ? toDevice(in.tokenTypeIds, device) : torch::zeros_like(ids);
        const auto positions = torch::arange(tokens, ids.options()).unsqueeze(0);

        Site site;
        site.kind = SiteKind::InputEmbeddings;
        auto h = callHook(options, site, m_word->forward(ids));
        h = m_embeddingNorm->forward(h + m_tokenType->forward(types) + m_position->forward(positions));

        ModelOutputs out;
        out.towers.resize(1);
        auto &trace = out.towers[0];
        if (options.hiddenStates)
            trace.hiddenStates.push_back(h);
        const auto mask = attentionMask(in.attentionMask, tokens, false, device);
        const double scale = 1.0 / std::sqrt(double(t.headDim()));
        const auto headsAlive = blockAlive(m_headGates[0]), neuronsAlive = blockAlive(m_neuronGates[0]);
        for (size_t i = 0; i < m_layers.size(); ++i) {
            auto &layer = m_layers[i];
            const int li = int(i);
            site.layer = li;
            const auto attention = multiHeadAttention(
                applyLinear(*layer.query, h, options, 0, li), applyLinear(*layer.key, h, options, 0, li),
                applyLinear(*layer.value, h, options, 0, li), t.heads, scale, mask, m_headGates[0][li],
                options.attentions, options, site);
            const auto attended = applyLinear(*layer.attentionOut, attention.context, options, 0, li,
                                              headsAlive[li]);
            const auto a = layer.attentionNorm->forward(attended + h);
            site.kind = SiteKind::NeuronActivation;
            auto act = callHook(options, site, activate(t.activation, applyLinear(*layer.ffnIn, a, options, 0, li)));
            act = gated(act, m_neuronGates[0][li]);
            const auto fed = applyLinear(*layer.ffnOut, act, options, 0, li, neuronsAlive[li]);
            h = layer.outputNorm->forward(fed + a);
            site.kind = SiteKind::LayerOutput;
            h = callHook(options, site, h);
            if (options.hiddenStates)
                trace.hiddenStates.push_back(h);
            if (options.attentions)
                trace.attentions.push_back(attention.probs);
        }

        out.lastHiddenState = h;
        if (m_config.head == TaskHead::SequenceClassification) {
            const auto pooled = torch::tanh(m_pooler->forward(h.select(1, 0)));
            out.logits = m_classifier->forward(pooled);
            if (in.labels.defined()) {
                if (m_config.problemType == "single_label_classification")
                    checkTokenIds(in.labels.to(torch::kLong), m_config.numLabels, "labels");
                out.loss = classificationLoss(out.logits, toDevice(in.labels, device));
            }
        } else if (m_config.head == TaskHead::MaskedLm) {
            auto x = m_transformNorm->forward(activate(t.activation, m_transform->forward(h)));
            out.logits = torch::nn::functional::linear(x, m_word->weight, m_decoderBias);
            if (in.labels.defined())
                out.loss = torch::nn::functional::cross_entropy(
                    out.logits.reshape({-1, t.vocabSize}), toDevice(in.labels, device).reshape({-1}),
                    torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100));
        }
        return out;
    }

    bool isIgnorableTensor(const std::string &name) const override
    {
        // position_ids buffers; the MLM decoder is tied to the word embeddings.
        return endsWith(name, "position_ids") || name == "cls.predictions.decoder.weight"
               || name == "cls.predictions.decoder.bias";
    }

private:
    torch::Tensor classificationLoss(const torch::Tensor &logits, const torch::Tensor &labels) const
    {
        namespace F = torch::nn::functional;
        if (m_config.problemType == "regression")
            return F::mse_loss(logits.squeeze(-1), labels.to(logits.scalar_type()).view({-1}));
        if (m_config.problemType == "multi_label_classification")
            return F::binary_cross_entropy_with_logits(logits, labels.to(logits.scalar_type()));
        return F::cross_entropy(logits.view({-1, m_config.numLabels}), labels.view({-1}));
    }

    int64_t m_typeVocabSize = 2;
    Embedding m_word{nullptr}, m_position{nullptr}, m_tokenType{nullptr};
    LayerNorm m_embeddingNorm{nullptr}, m_transformNorm{nullptr};
    std::vector<BertLayer> m_layers;
    PrunableLinear m_pooler{nullptr}, m_classifier{nullptr}, m_transform{nullptr};
    torch::Tensor m_decoderBias;
};

std::shared_ptr<TransformerModel> build(const ModelConfig &config, bool hasPooler)
{
    return std::make_shared<BertModelImpl>(config, hasPooler);
}
#endif // PRUNESCOPE_DESCRIPTION_ONLY

} // namespace

const ModelFamily &bertFamily()
{
    static const ModelFamily family = [] {
        ModelFamily f;
        f.modelType = "bert";
        f.title = "BERT";
        f.architectures = {{"BertModel", TaskHead::None, ""},
                           {"BertForSequenceClassification", TaskHead::SequenceClassification, "bert."},
                           {"BertForMaskedLM", TaskHead::MaskedLm, "bert."}};
        f.readConfig = readConfig;
        f.describe = describe;
        f.setFfnWidth = setFfnWidth;
        f.build = PRUNESCOPE_FAMILY_MODULE(build);
        return f;
    }();
    return family;
}

} // namespace prunescope
