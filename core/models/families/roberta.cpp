// RoBERTa (Liu et al. 2019) as transformers' RobertaModel, RobertaForSequenceClassification
// and RobertaForMaskedLM compute it: BERT's post-LayerNorm encoder, with position ids that
// start after the padding index and skip padding, one token type, and a classification
// head of its own (dense + tanh + out_proj on the first token, no pooler).
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

struct RobertaSettings
{
    int64_t typeVocabSize = 2;  // type_vocab_size (roberta-base's own config says 1)
    int64_t positionRows = 514; // max_position_embeddings: the table, padding's rows included
};

RobertaSettings readSettings(const ConfigReader &c)
{
    return {c.positive("type_vocab_size", 2), c.positive("max_position_embeddings", 514)};
}

// roberta-base: what a missing key means.
const TowerConfig kRobertaBase = {"encoder", false, 768, 12, 12, 0, 0, 3072, "gelu", 1e-5};

// Where the layers are, after the base model's prefix.
const char *const kLayers = "encoder.layer.";

const EncoderLayerNames kLayerNames = {"attention.self.query", "attention.self.key", "attention.self.value",
                                       "attention.output.dense", "intermediate.dense", "output.dense"};

void readConfig(const ConfigReader &c, ModelConfig &config)
{
    TowerConfig t = readEncoderTower(c, kRobertaBase);
    config.padTokenId = c.integer("pad_token_id", 1);
    const RobertaSettings settings = readSettings(c);
    // Positions 0 .. pad are never a real token's: the first is pad + 1.
    t.maxPositions = settings.positionRows - config.padTokenId - 1;
    if (config.padTokenId < 0 || t.maxPositions < 1)
        throw Error(c.where() + "max_position_embeddings' " + std::to_string(settings.positionRows)
                    + " leaves no position after the padding index " + std::to_string(config.padTokenId));
    t.vocabSize = c.positive("vocab_size", 50265);
    config.towers = {t};
    readLabels(c, config);
}

ModelStructure describe(const ModelConfig &config)
{
    return describeEncoder(config, kLayers, kLayerNames);
}

// --- the module ------------------------------------------------------------------------
#ifndef PRUNESCOPE_DESCRIPTION_ONLY

class RobertaModelImpl : public EncoderModel, public OnnxWritable
{
public:
    RobertaModelImpl(const ModelConfig &config, bool hasPooler)
        : EncoderModel(config)
        , m_settings(rereadConfig(config, readSettings))
    {
        const auto &t = m_config.towers[0];
        const std::string p = baseModelPrefix(m_config);
        const int64_t pad = m_config.padTokenId;
        m_word = add(p + "embeddings.word_embeddings", Embedding(t.vocabSize, t.hidden, pad));
        m_position = add(p + "embeddings.position_embeddings", Embedding(m_settings.positionRows, t.hidden, pad));
        m_tokenType = add(p + "embeddings.token_type_embeddings", Embedding(m_settings.typeVocabSize, t.hidden));
        m_embeddingNorm = add(p + "embeddings.LayerNorm", LayerNorm(t.hidden, t.layerNormEps));
        for (const LayerStructure &structure : m_structure.towers[0].layers) {
            const std::string l = encoderLayerPrefix(m_config, kLayers, m_layers.size());
            m_layers.push_back(addEncoderLayer(structure, l + "attention.output.LayerNorm", l + "output.LayerNorm", t.layerNormEps));
        }
        if (m_config.head == TaskHead::None && hasPooler)
            m_pooler = add("pooler.dense", PrunableLinear(t.hidden, t.hidden, true, false));
        if (m_config.head == TaskHead::SequenceClassification) {
            m_dense = add("classifier.dense", PrunableLinear(t.hidden, t.hidden, true, false));
            m_out = add("classifier.out_proj", PrunableLinear(t.hidden, m_config.numLabels, true, false));
        }
        if (m_config.head == TaskHead::MaskedLm) {
            m_dense = add("lm_head.dense", PrunableLinear(t.hidden, t.hidden, true, false));
            m_lmNorm = add("lm_head.layer_norm", LayerNorm(t.hidden, t.layerNormEps));
            m_lmBias = moduleAt("lm_head").register_parameter("bias", torch::empty({t.vocabSize}));
        }
    }

    ModelOutputs forward(const ModelInputs &in, const ForwardOptions &options, bool) override
    {
        const auto &t = m_config.towers[0];
        const auto device = m_word->weight.device();
        const auto ids = tokenIds(in, m_config, t, device);
        const int64_t tokens = ids.size(1);
        if (in.tokenTypeIds.defined())
            checkTokenIds(in.tokenTypeIds, m_settings.typeVocabSize, "token_type_ids");
        const auto types = in.tokenTypeIds.defined() ? toDevice(in.tokenTypeIds, device) : torch::zeros_like(ids);
        // Real tokens count up from pad + 1; padding (by its id, as transformers decides) sits at pad.
        const auto real = ids.ne(m_config.padTokenId).to(torch::kLong);
        const auto positions = torch::cumsum(real, 1) * real + m_config.padTokenId;

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
            out.logits = m_out->forward(torch::tanh(m_dense->forward(h.select(1, 0))));
            if (in.labels.defined())
                out.loss = classificationLoss(m_config, out.logits, in.labels);
        } else if (m_config.head == TaskHead::MaskedLm) {
            const auto x = m_lmNorm->forward(torch::gelu(m_dense->forward(h)));
            out.logits = linearProduct(x, m_word->weight, m_lmBias);
            if (in.labels.defined())
                out.loss = maskedLmLoss(out.logits, in.labels);
        }
        return out;
    }

    void writeOnnx(OnnxWriter &w) override
    {
        OnnxGraph &g = w.graph;
        const auto ids = w.tokenInput("input_ids"), padding = w.tokenInput("attention_mask"),
                   types = w.tokenInput("token_type_ids");
        // Positions as forward() numbers them: cumsum(real) * real + pad.
        const auto pad = g.integer(m_config.padTokenId);
        const auto real = g.op("Cast", {g.op("Not", {g.op("Equal", {ids, pad})})}, {{"to", int64_t(7)}}); // int64
        const auto positions = w.add(g.op("Mul", {g.op("CumSum", {real, g.integer(1)}), real}), pad);
        auto h = w.add(w.add(w.embed(ids, *m_word), w.embed(types, *m_tokenType)), w.embed(positions, *m_position));
        h = w.encoder(w.layerNorm(h, *m_embeddingNorm), m_layers, 0, NormPlacement::AfterResidual, w.attentionBias(padding));
        if (m_config.head == TaskHead::SequenceClassification) {
            const auto pooled = g.op("Tanh", {w.linear(w.token(h, 0), *m_dense)});
            w.logits(w.linear(pooled, *m_out));
        } else if (m_config.head == TaskHead::MaskedLm) {
            const auto x = w.layerNorm(w.activation("gelu", w.linear(h, *m_dense)), *m_lmNorm);
            w.logits(w.tiedProjection(x, *m_word, m_lmBias));
        } else {
            w.lastHiddenState(h);
        }
    }

    bool isIgnorableTensor(const std::string &name) const override
    {
        // position_ids buffers; the MLM decoder is tied to the word embeddings and its bias.
        return endsWith(name, "position_ids") || name == "lm_head.decoder.weight" || name == "lm_head.decoder.bias";
    }

private:
    RobertaSettings m_settings;
    Embedding m_word{nullptr}, m_position{nullptr}, m_tokenType{nullptr};
    LayerNorm m_embeddingNorm{nullptr}, m_lmNorm{nullptr};
    std::vector<EncoderLayer> m_layers;
    PrunableLinear m_pooler{nullptr}, m_dense{nullptr}, m_out{nullptr};
    torch::Tensor m_lmBias;
};

std::shared_ptr<TransformerModel> build(const ModelConfig &config, bool hasPooler)
{
    return std::make_shared<RobertaModelImpl>(config, hasPooler);
}

// Random token ids must not hold the padding id: RoBERTa would place them at no position.
void completeSampleInputs(const ModelConfig &config, ModelInputs &inputs)
{
    inputs.inputIds.masked_fill_(inputs.inputIds.eq(config.padTokenId), config.padTokenId + 1);
}
#endif // PRUNESCOPE_DESCRIPTION_ONLY

} // namespace

const ModelFamily &robertaFamily()
{
    static const ModelFamily family = [] {
        ModelFamily f;
        f.modelType = "roberta";
        f.title = "RoBERTa";
        f.architectures = {{"RobertaModel", TaskHead::None, ""},
                           {"RobertaForSequenceClassification", TaskHead::SequenceClassification, "roberta."},
                           {"RobertaForMaskedLM", TaskHead::MaskedLm, "roberta."}};
        f.readConfig = readConfig;
        f.describe = describe;
        f.setFfnWidth = setIntermediateSize;
        f.classifierOutput = "classifier.out_proj";
        f.build = PRUNESCOPE_FAMILY_MODULE(build);
        f.completeSampleInputs = PRUNESCOPE_FAMILY_MODULE(completeSampleInputs);
        return f;
    }();
    return family;
}

} // namespace prunescope
