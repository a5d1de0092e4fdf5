// BERT (Devlin et al. 2019) as transformers' BertModel, BertForSequenceClassification
// and BertForMaskedLM compute it: post-LayerNorm encoder layers, erf GELU by default.
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

struct BertSettings
{
    int64_t typeVocabSize = 2;
};

BertSettings readSettings(const ConfigReader &c)
{
    return {c.positive("type_vocab_size", 2)};
}

// bert-base: what a missing key means.
const TowerConfig kBertBase = {"encoder", false, 768, 12, 12, 0, 0, 3072, "gelu", 1e-12};

// Where the layers are, after the base model's prefix.
const char *const kLayers = "encoder.layer.";

const EncoderLayerNames kLayerNames = {"attention.self.query", "attention.self.key", "attention.self.value",
                                       "attention.output.dense", "intermediate.dense", "output.dense"};

void readConfig(const ConfigReader &c, ModelConfig &config)
{
    TowerConfig t = readEncoderTower(c, kBertBase);
    t.maxPositions = c.positive("max_position_embeddings", 512);
    t.vocabSize = c.positive("vocab_size", 30522);
    config.towers = {t};
    readSettings(c);
    config.padTokenId = c.integer("pad_token_id", 0);
    readLabels(c, config);
}

ModelStructure describe(const ModelConfig &config)
{
    return describeEncoder(config, kLayers, kLayerNames);
}

// --- the module ------------------------------------------------------------------------
#ifndef PRUNESCOPE_DESCRIPTION_ONLY

class BertModelImpl : public EncoderModel, public OnnxWritable
{
public:
    BertModelImpl(const ModelConfig &config, bool hasPooler)
        : EncoderModel(config)
        , m_typeVocabSize(rereadConfig(config, readSettings).typeVocabSize)
    {
        const auto &t = m_config.towers[0];
        const std::string p = baseModelPrefix(m_config);
        m_word = add(p + "embeddings.word_embeddings", Embedding(t.vocabSize, t.hidden, m_config.padTokenId));
        m_position = add(p + "embeddings.position_embeddings", Embedding(t.maxPositions, t.hidden));
        m_tokenType = add(p + "embeddings.token_type_embeddings", Embedding(m_typeVocabSize, t.hidden));
        m_embeddingNorm = add(p + "embeddings.LayerNorm", LayerNorm(t.hidden, t.layerNormEps));
        for (const LayerStructure &structure : m_structure.towers[0].layers) {
            const std::string l = encoderLayerPrefix(m_config, kLayers, m_layers.size());
            m_layers.push_back(addEncoderLayer(structure, l + "attention.output.LayerNorm", l + "output.LayerNorm", t.layerNormEps));
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
        const auto device = m_word->weight.device();
        const auto ids = tokenIds(in, m_config, t, device);
        const int64_t tokens = ids.size(1);
        if (in.tokenTypeIds.defined())
            checkTokenIds(in.tokenTypeIds, m_typeVocabSize, "token_type_ids");
        const auto types = in.tokenTypeIds.defined() ? toDevice(in.tokenTypeIds, device) : torch::zeros_like(ids);
        const auto positions = torch::arange(tokens, ids.options()).unsqueeze(0);

        Site site;
        site.kind = SiteKind::InputEmbeddings;
        auto h = callHook(options, site, m_word->forward(ids));
        h = m_embeddingNorm->forward(h + m_tokenType->forward(types) + m_position->forward(positions));

        ModelOutputs out;
        out.towers.resize(1);
        h = runEncoder(m_layers, 0, NormPlacement::AfterResidual, h, attentionMask(in.attentionMask, tokens, false, device),
                       options, out.towers[0]);
        out.lastHiddenState = h;
        if (m_config.head == TaskHead::SequenceClassification) {
            const auto pooled = torch::tanh(m_pooler->forward(h.select(1, 0)));
            out.logits = m_classifier->forward(pooled);
            if (in.labels.defined())
                out.loss = classificationLoss(m_config, out.logits, in.labels);
        } else if (m_config.head == TaskHead::MaskedLm) {
            auto x = m_transformNorm->forward(activate(t.activation, m_transform->forward(h)));
            out.logits = linearProduct(x, m_word->weight, m_decoderBias);
            if (in.labels.defined())
                out.loss = maskedLmLoss(out.logits, in.labels);
        }
        return out;
    }

    void writeOnnx(OnnxWriter &w) override
    {
        const auto &t = m_config.towers[0];
        const auto ids = w.tokenInput("input_ids"), padding = w.tokenInput("attention_mask"),
                   types = w.tokenInput("token_type_ids");
        auto h = w.add(w.add(w.embed(ids, *m_word), w.embed(types, *m_tokenType)), w.positions(*m_position, ids));
        h = w.encoder(w.layerNorm(h, *m_embeddingNorm), m_layers, 0, NormPlacement::AfterResidual, w.attentionBias(padding));
        OnnxGraph &g = w.graph;
        if (m_config.head == TaskHead::SequenceClassification) {
            const auto pooled = g.op("Tanh", {w.linear(w.token(h, 0), *m_pooler)});
            w.logits(w.linear(pooled, *m_classifier));
        } else if (m_config.head == TaskHead::MaskedLm) {
            const auto x = w.layerNorm(w.activation(t.activation, w.linear(h, *m_transform)), *m_transformNorm);
            w.logits(w.tiedProjection(x, *m_word, m_decoderBias));
        } else {
            w.lastHiddenState(h);
        }
    }

    bool isIgnorableTensor(const std::string &name) const override
    {
        // position_ids buffers; the MLM decoder is tied to the word embeddings.
        return endsWith(name, "position_ids") || name == "cls.predictions.decoder.weight"
               || name == "cls.predictions.decoder.bias";
    }

private:
    int64_t m_typeVocabSize = 2;
    Embedding m_word{nullptr}, m_position{nullptr}, m_tokenType{nullptr};
    LayerNorm m_embeddingNorm{nullptr}, m_transformNorm{nullptr};
    std::vector<EncoderLayer> m_layers;
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
        f.setFfnWidth = setIntermediateSize;
        f.classifierOutput = "classifier";
        f.build = PRUNESCOPE_FAMILY_MODULE(build);
        return f;
    }();
    return family;
}

} // namespace prunescope
