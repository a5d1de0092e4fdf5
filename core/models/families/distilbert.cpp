// DistilBERT (Sanh et al. 2019) as transformers' DistilBertModel,
// DistilBertForSequenceClassification and DistilBertForMaskedLM compute it: BERT's
// post-LayerNorm encoder under other names and config keys, with no token types, learned
// positions 0, 1, ... whatever the padding, and a classification head of its own
// (pre_classifier + ReLU + classifier on the first token).
#include "core/models/config_reader.h"
#include "core/models/model_family.h"
#include "core/support/error.h"
#include "core/support/string_util.h"

#ifndef PRUNESCOPE_DESCRIPTION_ONLY
#include "core/models/onnx_writer.h"
#include "core/models/transformer_blocks.h"

#include <torch/torch.h>
#endif

namespace prunescope {

namespace {

// --- config.json and the prunable structure --------------------------------------------

// transformers fixes DistilBERT's LayerNorm epsilon; the config has no key for it.
constexpr double kLayerNormEps = 1e-12;

// Where the layers are, after the base model's prefix.
const char *const kLayers = "transformer.layer.";

const EncoderLayerNames kLayerNames = {"attention.q_lin", "attention.k_lin", "attention.v_lin",
                                       "attention.out_lin", "ffn.lin1", "ffn.lin2"};

void readConfig(const ConfigReader &c, ModelConfig &config)
{
    // distilbert-base-uncased: what a missing key means.
    TowerConfig t;
    t.name = "encoder";
    t.hidden = c.positive("dim", 768);
    t.layers = c.positive("n_layers", 6);
    t.heads = c.positive("n_heads", 12);
    t.ffn = c.positive("hidden_dim", 3072);
    t.activation = c.string("activation", "gelu");
    t.layerNormEps = kLayerNormEps;
    t.maxPositions = c.positive("max_position_embeddings", 512);
    t.vocabSize = c.positive("vocab_size", 30522);
    checkHeads(t, c.where());
    // Sinusoidal positions are written into the checkpoint's table all the same.
    c.boolean("sinusoidal_pos_embds", false);
    config.towers = {t};
    config.padTokenId = c.integer("pad_token_id", 0);
    readLabels(c, config);
}

ModelStructure describe(const ModelConfig &config)
{
    return describeEncoder(config, kLayers, kLayerNames);
}

void setFfnWidth(nlohmann::ordered_json &config, const TowerConfig &, int64_t width)
{
    config["hidden_dim"] = width;
}

// --- the module ------------------------------------------------------------------------
#ifndef PRUNESCOPE_DESCRIPTION_ONLY

class DistilBertModelImpl : public EncoderModel, public OnnxWritable
{
public:
    explicit DistilBertModelImpl(const ModelConfig &config)
        : EncoderModel(config)
    {
        const auto &t = m_config.towers[0];
        const std::string p = baseModelPrefix(m_config);
        m_word = add(p + "embeddings.word_embeddings", Embedding(t.vocabSize, t.hidden, m_config.padTokenId));
        m_position = add(p + "embeddings.position_embeddings", Embedding(t.maxPositions, t.hidden));
        m_embeddingNorm = add(p + "embeddings.LayerNorm", LayerNorm(t.hidden, kLayerNormEps));
        for (const LayerStructure &structure : m_structure.towers[0].layers) {
            const std::string l = encoderLayerPrefix(m_config, kLayers, m_layers.size());
            m_layers.push_back(addEncoderLayer(structure, l + "sa_layer_norm", l + "output_layer_norm", kLayerNormEps));
        }
        if (m_config.head == TaskHead::SequenceClassification) {
            m_dense = add("pre_classifier", PrunableLinear(t.hidden, t.hidden, true, false));
            m_out = add("classifier", PrunableLinear(t.hidden, m_config.numLabels, true, false));
        }
        if (m_config.head == TaskHead::MaskedLm) {
            m_dense = add("vocab_transform", PrunableLinear(t.hidden, t.hidden, true, false));
            m_lmNorm = add("vocab_layer_norm", LayerNorm(t.hidden, kLayerNormEps));
            m_lmBias = moduleAt("vocab_projector").register_parameter("bias", torch::empty({t.vocabSize}));
        }
    }

    ModelOutputs forward(const ModelInputs &in, const ForwardOptions &options, bool) override
    {
        const auto &t = m_config.towers[0];
        const auto device = m_word->weight.device();
        const auto ids = tokenIds(in, m_config, t, device);
        const int64_t tokens = ids.size(1);
        const auto positions = torch::arange(tokens, ids.options()).unsqueeze(0);

        Site site;
        site.kind = SiteKind::InputEmbeddings;
        auto h = callHook(options, site, m_word->forward(ids));
        h = m_embeddingNorm->forward(h + m_position->forward(positions));

        ModelOutputs out;
        out.towers.resize(1);
        h = runEncoder(m_layers, 0, NormPlacement::AfterResidual, h, attentionMask(in.attentionMask, tokens, false, device),
                       options, out.towers[0]);
        out.lastHiddenState = h;
        if (m_config.head == TaskHead::SequenceClassification) {
            out.logits = m_out->forward(torch::relu(m_dense->forward(h.select(1, 0))));
            if (in.labels.defined())
                out.loss = classificationLoss(m_config, out.logits, in.labels);
        } else if (m_config.head == TaskHead::MaskedLm) {
            const auto x = m_lmNorm->forward(activate(t.activation, m_dense->forward(h)));
            out.logits = linearProduct(x, m_word->weight, m_lmBias);
            if (in.labels.defined())
                out.loss = maskedLmLoss(out.logits, in.labels);
        }
        return out;
    }

    void writeOnnx(OnnxWriter &w) override
    {
        const auto &t = m_config.towers[0];
        OnnxGraph &g = w.graph;
        const auto ids = w.tokenInput("input_ids"), padding = w.tokenInput("attention_mask");
        auto h = w.layerNorm(w.add(w.embed(ids, *m_word), w.positions(*m_position, ids)), *m_embeddingNorm);
        h = w.encoder(h, m_layers, 0, NormPlacement::AfterResidual, w.attentionBias(padding));
        if (m_config.head == TaskHead::SequenceClassification) {
            const auto pooled = g.op("Relu", {w.linear(w.token(h, 0), *m_dense)});
            w.logits(w.linear(pooled, *m_out));
        } else if (m_config.head == TaskHead::MaskedLm) {
            const auto x = w.layerNorm(w.activation(t.activation, w.linear(h, *m_dense)), *m_lmNorm);
            w.logits(w.tiedProjection(x, *m_word, m_lmBias));
        } else {
            w.lastHiddenState(h);
        }
    }

    bool isIgnorableTensor(const std::string &name) const override
    {
        // position_ids buffers; the MLM projector's weight is tied to the word embeddings.
        return endsWith(name, "position_ids") || name == "vocab_projector.weight";
    }

private:
    Embedding m_word{nullptr}, m_position{nullptr};
    LayerNorm m_embeddingNorm{nullptr}, m_lmNorm{nullptr};
    std::vector<EncoderLayer> m_layers;
    PrunableLinear m_dense{nullptr}, m_out{nullptr};
    torch::Tensor m_lmBias;
};

std::shared_ptr<TransformerModel> build(const ModelConfig &config, bool)
{
    return std::make_shared<DistilBertModelImpl>(config);
}
#endif // PRUNESCOPE_DESCRIPTION_ONLY

} // namespace

const ModelFamily &distilbertFamily()
{
    static const ModelFamily family = [] {
        ModelFamily f;
        f.modelType = "distilbert";
        f.title = "DistilBERT";
        f.architectures = {{"DistilBertModel", TaskHead::None, ""},
                           {"DistilBertForSequenceClassification", TaskHead::SequenceClassification, "distilbert."},
                           {"DistilBertForMaskedLM", TaskHead::MaskedLm, "distilbert."}};
        f.readConfig = readConfig;
        f.describe = describe;
        f.setFfnWidth = setFfnWidth;
        f.classifierOutput = "classifier";
        f.build = PRUNESCOPE_FAMILY_MODULE(build);
        return f;
    }();
    return family;
}

} // namespace prunescope
