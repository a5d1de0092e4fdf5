// ViT (Dosovitskiy et al. 2021) as transformers' ViTModel and ViTForImageClassification
// compute it: the image cut into patches, each projected (with a bias), a class token in
// front, learned positions for the configured image size, pre-LayerNorm encoder layers,
// a final LayerNorm, and a linear classifier on the class token.
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

// vit-base-patch16-224: what a missing key means.
const TowerConfig kVitBase = {"vision", true, 768, 12, 12, 0, 0, 3072, "gelu", 1e-12};

// Where the layers are, after the base model's prefix.
const char *const kLayers = "encoder.layer.";

// The names transformers 5 writes in a checkpoint (save_pretrained keeps the classic keys).
const EncoderLayerNames kLayerNames = {"attention.attention.query", "attention.attention.key",
                                       "attention.attention.value", "attention.output.dense",
                                       "intermediate.dense",        "output.dense"};

void readConfig(const ConfigReader &c, ModelConfig &config)
{
    TowerConfig t = readEncoderTower(c, kVitBase);
    readImageGeometry(c, 224, 16, config, t);
    if (!c.boolean("qkv_bias", true))
        throw Error(c.where() + "qkv_bias' false (queries, keys and values without biases) is not supported");
    config.towers = {t};
    readLabels(c, config);
}

ModelStructure describe(const ModelConfig &config)
{
    return describeEncoder(config, kLayers, kLayerNames);
}

// --- the module ------------------------------------------------------------------------
#ifndef PRUNESCOPE_DESCRIPTION_ONLY

class VitModelImpl : public EncoderModel, public OnnxWritable
{
public:
    VitModelImpl(const ModelConfig &config, bool hasPooler)
        : EncoderModel(config)
    {
        const auto &t = m_config.towers[0];
        const std::string p = baseModelPrefix(m_config);
        auto &embeddings = moduleAt(p + "embeddings");
        m_classToken = embeddings.register_parameter("cls_token", torch::empty({1, 1, t.hidden}));
        m_positions = embeddings.register_parameter("position_embeddings", torch::empty({1, t.maxPositions, t.hidden}));
        auto &projection = moduleAt(p + "embeddings.patch_embeddings.projection");
        m_patchWeight = projection.register_parameter(
            "weight", torch::empty({t.hidden, m_config.numChannels, m_config.patchSize, m_config.patchSize}));
        m_patchBias = projection.register_parameter("bias", torch::empty({t.hidden}));
        for (const LayerStructure &structure : m_structure.towers[0].layers) {
            const std::string l = encoderLayerPrefix(m_config, kLayers, m_layers.size());
            m_layers.push_back(addEncoderLayer(structure, l + "layernorm_before", l + "layernorm_after", t.layerNormEps));
        }
        m_finalNorm = add(p + "layernorm", LayerNorm(t.hidden, t.layerNormEps));
        if (m_config.head == TaskHead::None && hasPooler)
            m_pooler = add("pooler.dense", PrunableLinear(t.hidden, t.hidden, true, false));
        if (m_config.head == TaskHead::SequenceClassification)
            m_classifier = add("classifier", PrunableLinear(t.hidden, m_config.numLabels, true, false));
    }

    ModelOutputs forward(const ModelInputs &in, const ForwardOptions &options, bool) override
    {
        if (!in.pixelValues.defined())
            throw Error("ViT needs pixel_values (images)");
        const auto patches = patchEmbedding(in.pixelValues, m_patchWeight, m_patchBias, m_config);
        auto h = torch::cat({m_classToken.expand({patches.size(0), 1, -1}), patches}, 1) + m_positions;

        ModelOutputs out;
        out.towers.resize(1);
        h = runEncoder(m_layers, 0, NormPlacement::BeforeSublayer, h, {}, options, out.towers[0]);
        h = m_finalNorm->forward(h);
        out.lastHiddenState = h;
        if (m_config.head == TaskHead::SequenceClassification) {
            out.logits = m_classifier->forward(h.select(1, 0));
            if (in.labels.defined())
                out.loss = classificationLoss(m_config, out.logits, in.labels);
        }
        return out;
    }

    void writeOnnx(OnnxWriter &w) override
    {
        OnnxGraph &g = w.graph;
        const auto patches = w.patchEmbedding(w.pixelInput(), m_patchWeight, m_patchBias);
        auto h = g.op("Concat", {w.perExample(w.parameter(m_classToken), patches), patches}, {{"axis", int64_t(1)}});
        h = w.layerNorm(w.encoder(w.add(h, w.parameter(m_positions)), m_layers, 0, NormPlacement::BeforeSublayer, {}),
                        *m_finalNorm);
        if (m_config.head == TaskHead::SequenceClassification)
            w.logits(w.linear(w.token(h, 0), *m_classifier));
        else
            w.lastHiddenState(h);
    }

    bool isIgnorableTensor(const std::string &) const override { return false; }

private:
    torch::Tensor m_classToken, m_positions, m_patchWeight, m_patchBias;
    std::vector<EncoderLayer> m_layers;
    LayerNorm m_finalNorm{nullptr};
    PrunableLinear m_pooler{nullptr}, m_classifier{nullptr};
};

std::shared_ptr<TransformerModel> build(const ModelConfig &config, bool hasPooler)
{
    return std::make_shared<VitModelImpl>(config, hasPooler);
}

// An export is checked on random images.
void completeSampleInputs(const ModelConfig &config, ModelInputs &inputs)
{
    const int64_t batch = inputs.inputIds.defined() ? inputs.inputIds.size(0) : 2;
    inputs.inputIds = torch::Tensor();
    inputs.attentionMask = torch::Tensor();
    inputs.pixelValues = torch::randn({batch, config.numChannels, config.imageSize, config.imageSize});
}
#endif // PRUNESCOPE_DESCRIPTION_ONLY

} // namespace

const ModelFamily &vitFamily()
{
    static const ModelFamily family = [] {
        ModelFamily f;
        f.modelType = "vit";
        f.title = "ViT";
        f.architectures = {{"ViTModel", TaskHead::None, ""},
                           {"ViTForImageClassification", TaskHead::SequenceClassification, "vit."}};
        f.readConfig = readConfig;
        f.describe = describe;
        f.setFfnWidth = setIntermediateSize;
        f.imageProcessor = "ViTImageProcessor";
        f.classifierOutput = "classifier";
        f.build = PRUNESCOPE_FAMILY_MODULE(build);
        f.completeSampleInputs = PRUNESCOPE_FAMILY_MODULE(completeSampleInputs);
        return f;
    }();
    return family;
}

} // namespace prunescope
