// CLIP (Radford et al. 2021) as transformers' CLIPModel computes it: a causal text
// encoder pooled at the end-of-text token and a ViT image encoder pooled at the class
// token, both pre-LayerNorm with quick GELU, projected and compared by scaled cosine.
#include "core/models/config_reader.h"
#include "core/models/model_family.h"
#include "core/support/error.h"
#include "core/support/string_util.h"

#ifndef PRUNESCOPE_DESCRIPTION_ONLY
#include "core/models/onnx_writer.h"

#include <torch/torch.h>
#endif

namespace prunescope {

namespace {

// --- config.json and the prunable structure --------------------------------------------

struct ClipSettings
{
    int64_t projectionDim = 512;
};

ClipSettings readSettings(const ConfigReader &c)
{
    c.number("logit_scale_init_value", 2.6592); // the checkpoint holds the trained scale
    return {c.positive("projection_dim", 512)};
}

// Official CLIP exports leave the nested configs nearly empty: a missing key means ViT-B/32's.
const TowerConfig kTextBase = {"text", false, 512, 12, 8, 0, 0, 2048, "quick_gelu", 1e-5};
const TowerConfig kVisionBase = {"vision", true, 768, 12, 12, 0, 0, 3072, "quick_gelu", 1e-5};

const EncoderLayerNames kLayerNames = {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
                                       "self_attn.out_proj", "mlp.fc1", "mlp.fc2"};

void readConfig(const ConfigReader &c, ModelConfig &config)
{
    const ConfigReader text = c.child("text_config");
    TowerConfig t = readEncoderTower(text, kTextBase);
    t.maxPositions = text.positive("max_position_embeddings", 77);
    t.vocabSize = text.positive("vocab_size", 49408);
    config.eosTokenId = text.integer("eos_token_id", 49407);
    config.padTokenId = text.integer("pad_token_id", 1);

    const ConfigReader vision = c.child("vision_config");
    TowerConfig v = readEncoderTower(vision, kVisionBase);
    readImageGeometry(vision, 224, 32, config, v);

    config.towers = {t, v};
    readSettings(c);
}

std::string layerPrefix(const TowerConfig &tower, size_t layer)
{
    return tower.name + "_model.encoder.layers." + std::to_string(layer) + ".";
}

ModelStructure describe(const ModelConfig &config)
{
    ModelStructure s;
    for (const TowerConfig &t : config.towers) {
        TowerStructure tower = emptyTower(t);
        for (int64_t i = 0; i < t.layers; ++i)
            tower.layers.push_back(encoderLayer(layerPrefix(t, size_t(i)), t, kLayerNames));
        s.towers.push_back(tower);
    }
    return s;
}

void setFfnWidth(nlohmann::ordered_json &config, const TowerConfig &tower, int64_t width)
{
    config[tower.name + "_config"]["intermediate_size"] = width;
}

// The task head is the two projections and the logit scale.
bool isProjectionOrScale(const ModelConfig &, const std::string &name)
{
    return name == "logit_scale" || name.find("projection") != std::string::npos;
}

// --- the module ------------------------------------------------------------------------
#ifndef PRUNESCOPE_DESCRIPTION_ONLY

class ClipModelImpl : public EncoderModel, public OnnxWritable
{
public:
    explicit ClipModelImpl(const ModelConfig &config)
        : EncoderModel(config)
    {
        const int64_t projectionDim = rereadConfig(config, readSettings).projectionDim;
        const auto &text = m_config.towers[0];
        const auto &vision = m_config.towers[1];
        m_tokenEmbedding = add("text_model.embeddings.token_embedding", Embedding(text.vocabSize, text.hidden));
        m_textPositions = add("text_model.embeddings.position_embedding", Embedding(text.maxPositions, text.hidden));
        m_textLayers = encoder(0);
        m_textFinalNorm = add("text_model.final_layer_norm", LayerNorm(text.hidden, text.layerNormEps));

        auto &embeddings = moduleAt("vision_model.embeddings");
        m_classEmbedding = embeddings.register_parameter("class_embedding", torch::empty({vision.hidden}));
        m_patchWeight = moduleAt("vision_model.embeddings.patch_embedding")
                            .register_parameter("weight", torch::empty({vision.hidden, m_config.numChannels,
                                                                        m_config.patchSize, m_config.patchSize}));
        m_visionPositions = add("vision_model.embeddings.position_embedding", Embedding(vision.maxPositions, vision.hidden));
        m_preNorm = add("vision_model.pre_layrnorm", LayerNorm(vision.hidden, vision.layerNormEps));
        m_visionLayers = encoder(1);
        m_postNorm = add("vision_model.post_layernorm", LayerNorm(vision.hidden, vision.layerNormEps));

        m_visualProjection = add("visual_projection", PrunableLinear(vision.hidden, projectionDim, false, false));
        m_textProjection = add("text_projection", PrunableLinear(text.hidden, projectionDim, false, false));
        m_logitScale = register_parameter("logit_scale", torch::empty({}));
    }

    ModelOutputs forward(const ModelInputs &in, const ForwardOptions &options, bool wantLoss) override
    {
        ModelOutputs out;
        out.towers.resize(2);
        const auto device = m_logitScale.device();
        if (in.inputIds.defined()) {
            const auto ids = tokenIds(in, m_config, m_config.towers[0], device);
            const int64_t tokens = ids.size(1);
            Site site;
            site.kind = SiteKind::InputEmbeddings;
            auto h = callHook(options, site, m_tokenEmbedding->forward(ids))
                     + m_textPositions->forward(torch::arange(tokens, ids.options()).unsqueeze(0));
            const auto mask = attentionMask(in.attentionMask, tokens, true, device);
            h = m_textFinalNorm->forward(
                runEncoder(m_textLayers, 0, NormPlacement::BeforeSublayer, h, mask, options, out.towers[0]));
            out.lastHiddenState = h;
            // Pool at the first end-of-text token; old exports (eos id 2) take the highest id.
            const auto eos = m_config.eosTokenId == 2 ? ids.argmax(-1) : ids.eq(m_config.eosTokenId).to(torch::kInt).argmax(-1);
            const auto pooled = h.index({torch::arange(h.size(0), ids.options()), eos});
            out.textEmbeds = m_textProjection->forward(pooled);
        }
        if (in.pixelValues.defined()) {
            const auto patches = patchEmbedding(in.pixelValues, m_patchWeight, {}, m_config);
            const auto cls = m_classEmbedding.expand({patches.size(0), 1, -1});
            const int64_t count = patches.size(1) + 1;
            auto h = torch::cat({cls, patches}, 1)
                     + m_visionPositions->forward(torch::arange(count, torch::TensorOptions().dtype(torch::kLong).device(device)).unsqueeze(0));
            h = m_preNorm->forward(h);
            h = runEncoder(m_visionLayers, 1, NormPlacement::BeforeSublayer, h, {}, options, out.towers[1]);
            out.imageEmbeds = m_visualProjection->forward(m_postNorm->forward(h.select(1, 0)));
        }
        if (out.textEmbeds.defined() && out.imageEmbeds.defined()) {
            out.textEmbeds = out.textEmbeds / out.textEmbeds.norm(2, -1, true);
            out.imageEmbeds = out.imageEmbeds / out.imageEmbeds.norm(2, -1, true);
            out.logitsPerText = torch::matmul(out.textEmbeds, out.imageEmbeds.t()) * m_logitScale.exp();
            out.logitsPerImage = out.logitsPerText.t();
            if (wantLoss && in.labels.defined()) {
                // Zero-shot classification: the texts are the classes' prompts.
                checkTokenIds(in.labels, out.logitsPerImage.size(1), "labels");
                out.loss = torch::nn::functional::cross_entropy(out.logitsPerImage, toDevice(in.labels, device));
            } else if (wantLoss) {
                out.loss = contrastiveLoss(out.logitsPerImage, options.lossGroups);
            }
        }
        return out;
    }

    // Both towers and the joint logits, as CLIPModel's outputs: input_ids and attention_mask of
    // the texts, pixel_values of the images, each batch its own size.
    void writeOnnx(OnnxWriter &w) override
    {
        OnnxGraph &g = w.graph;
        const TowerConfig &vision = m_config.towers[1];
        const std::string texts = "text_batch", images = "image_batch";
        const int64_t projection = m_textProjection->weight.size(0);
        const auto ids = g.input("input_ids", torch::kInt64, {texts, std::string("sequence")});
        const auto padding = g.input("attention_mask", torch::kInt64, {texts, std::string("sequence")});
        auto t = w.add(w.embed(ids, *m_tokenEmbedding), w.positions(*m_textPositions, ids));
        t = w.layerNorm(w.encoder(t, m_textLayers, 0, NormPlacement::BeforeSublayer, w.attentionBias(padding, true)),
                        *m_textFinalNorm);
        // Pooled at the first end-of-text token (old exports, eos id 2: the highest id), by a
        // one-hot row times the hidden states: exact, and as argmax for a row without one.
        std::string marked = ids;
        if (m_config.eosTokenId != 2)
            marked = g.op("Cast", {g.op("Equal", {ids, g.integer(m_config.eosTokenId)})},
                          {{"to", onnxElementType(torch::kInt32)}});
        const auto eos = g.op("ArgMax", {marked}, {{"axis", int64_t(-1)}, {"keepdims", int64_t(1)}});
        const auto oneHot = g.op("Cast", {g.op("Equal", {g.positions(ids), eos})},
                                 {{"to", onnxElementType(g.floatType())}});
        const auto pooled = g.op("Squeeze", {g.op("MatMul", {g.op("Unsqueeze", {oneHot, g.integers({1})}), t}),
                                             g.integers({1})});

        const auto pixels = g.input("pixel_values", g.floatType(), {images, m_config.numChannels, m_config.imageSize,
                                                                    m_config.imageSize});
        const auto patches = w.patchEmbedding(pixels, m_patchWeight, {});
        const auto cls = g.op("Reshape", {w.parameter(m_classEmbedding), g.integers({1, 1, vision.hidden})});
        auto v = g.op("Concat", {w.perExample(cls, patches), patches}, {{"axis", int64_t(1)}});
        v = w.layerNorm(w.add(v, w.parameter(m_visionPositions->weight)), *m_preNorm);
        v = w.encoder(v, m_visionLayers, 1, NormPlacement::BeforeSublayer, {});

        const auto unit = [&](const std::string &x) {
            return g.op("Div", {x, g.op("ReduceL2", {x}, {{"axes", std::vector<int64_t>{-1}}})});
        };
        const auto textEmbeds = unit(w.linear(pooled, *m_textProjection));
        const auto imageEmbeds = unit(w.linear(w.layerNorm(w.token(v, 0), *m_postNorm), *m_visualProjection));
        const auto perText = g.op("Mul", {g.op("MatMul", {textEmbeds, g.op("Transpose", {imageEmbeds})}),
                                          g.op("Exp", {w.parameter(m_logitScale)})});
        g.output(g.op("Transpose", {perText}), "logits_per_image", g.floatType(), {images, texts});
        g.output(perText, "logits_per_text", g.floatType(), {texts, images});
        g.output(textEmbeds, "text_embeds", g.floatType(), {texts, projection});
        g.output(imageEmbeds, "image_embeds", g.floatType(), {images, projection});
    }

    bool isIgnorableTensor(const std::string &name) const override
    {
        return endsWith(name, "position_ids");
    }

private:
    // Image i matches text i; texts past the number of images are distractors left out
    // of the loss. Symmetric cross-entropy as transformers' clip_loss. With `groups` > 1 the
    // batch is that many independent batches one after another, and the loss is their mean.
    static torch::Tensor contrastiveLoss(const torch::Tensor &logitsPerImage, int64_t groups)
    {
        const int64_t images = logitsPerImage.size(0);
        if (logitsPerImage.size(1) < images)
            throw Error("the contrastive loss needs at least as many texts as images");
        if (groups < 1 || images % groups != 0 || (groups > 1 && logitsPerImage.size(1) != images))
            throw Error("a contrastive loss over " + std::to_string(groups) + " groups needs as many texts as images, "
                        "a multiple of the group count (got " + std::to_string(images) + " images, "
                        + std::to_string(logitsPerImage.size(1)) + " texts)");
        const int64_t n = images / groups;
        // The diagonal blocks, [groups, n, n]: each group's images against its own texts.
        const auto blocks = logitsPerImage.slice(1, 0, images).view({groups, n, groups, n}).diagonal(0, 0, 2).permute({2, 0, 1});
        const auto targets = torch::arange(n, torch::TensorOptions().dtype(torch::kLong).device(blocks.device())).repeat({groups});
        namespace F = torch::nn::functional;
        return (F::cross_entropy(blocks.reshape({images, n}), targets)
                + F::cross_entropy(blocks.transpose(1, 2).reshape({images, n}), targets))
               / 2.0;
    }

    std::vector<EncoderLayer> encoder(size_t tower)
    {
        const TowerConfig &t = m_config.towers[tower];
        std::vector<EncoderLayer> layers;
        for (const LayerStructure &structure : m_structure.towers[tower].layers) {
            const std::string l = layerPrefix(t, layers.size());
            layers.push_back(addEncoderLayer(structure, l + "layer_norm1", l + "layer_norm2", t.layerNormEps));
        }
        return layers;
    }

    Embedding m_tokenEmbedding{nullptr}, m_textPositions{nullptr}, m_visionPositions{nullptr};
    std::vector<EncoderLayer> m_textLayers, m_visionLayers;
    LayerNorm m_textFinalNorm{nullptr}, m_preNorm{nullptr}, m_postNorm{nullptr};
    PrunableLinear m_visualProjection{nullptr}, m_textProjection{nullptr};
    torch::Tensor m_classEmbedding, m_patchWeight, m_logitScale;
};

std::shared_ptr<TransformerModel> build(const ModelConfig &config, bool)
{
    return std::make_shared<ClipModelImpl>(config);
}

// Random token ids pool at their last position, made the end-of-text token; random images.
void completeSampleInputs(const ModelConfig &config, ModelInputs &inputs)
{
    const int64_t length = inputs.inputIds.size(1);
    inputs.inputIds.select(1, length - 1).fill_(std::min(config.eosTokenId, config.towers[0].vocabSize - 1));
    inputs.pixelValues = torch::randn({inputs.inputIds.size(0), config.numChannels, config.imageSize, config.imageSize});
}
#endif // PRUNESCOPE_DESCRIPTION_ONLY

} // namespace

const ModelFamily &clipFamily()
{
    static const ModelFamily family = [] {
        ModelFamily f;
        f.modelType = "clip";
        f.title = "CLIP";
        f.architectures = {{"CLIPModel", TaskHead::Contrastive, ""}};
        f.readConfig = readConfig;
        f.describe = describe;
        f.setFfnWidth = setFfnWidth;
        f.imageProcessor = "CLIPImageProcessor";
        f.isTaskHeadParameter = isProjectionOrScale;
        f.build = PRUNESCOPE_FAMILY_MODULE(build);
        f.completeSampleInputs = PRUNESCOPE_FAMILY_MODULE(completeSampleInputs);
        return f;
    }();
    return family;
}

} // namespace prunescope
