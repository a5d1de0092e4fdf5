#include "core/models/model_config.h"

#include "core/io/atomic_file.h"
#include "core/support/error.h"

#include <nlohmann/json.hpp>

#include <limits>


namespace prunescope {

namespace {

using Json = nlohmann::json;

// Reads keys of one JSON object with defaults; every error names the file and the key path.
class ConfigReader
{
public:
    ConfigReader(const Json &object, std::string where)
        : m_object(object), m_where(std::move(where))
    {}

    // Widths become tensor dimensions: bounded so that a product of two (and 4 x hidden,
    // patches squared) stays within int64_t.
    int64_t positive(const char *key, int64_t fallback, int64_t most = std::numeric_limits<int32_t>::max()) const
    {
        const int64_t v = integer(key, fallback);
        if (v <= 0 || v > most)
            throw Error(m_where + key + "' must be a positive integer up to " + std::to_string(most) + ", got "
                        + std::to_string(v));
        return v;
    }
    int64_t integer(const char *key, int64_t fallback) const
    {
        const Json *v = find(key);
        if (!v)
            return fallback;
        if (!v->is_number_integer())
            throw Error(m_where + key + "' must be an integer, got " + v->dump());
        return v->get<int64_t>();
    }
    double number(const char *key, double fallback) const
    {
        const Json *v = find(key);
        if (!v)
            return fallback;
        if (!v->is_number())
            throw Error(m_where + key + "' must be a number, got " + v->dump());
        return v->get<double>();
    }
    bool boolean(const char *key, bool fallback) const
    {
        const Json *v = find(key);
        if (!v)
            return fallback;
        if (!v->is_boolean())
            throw Error(m_where + key + "' must be true or false, got " + v->dump());
        return v->get<bool>();
    }
    std::string string(const char *key, const std::string &fallback) const
    {
        const Json *v = find(key);
        if (!v)
            return fallback;
        if (!v->is_string())
            throw Error(m_where + key + "' must be a string, got " + v->dump());
        return v->get<std::string>();
    }
    ConfigReader child(const char *key) const
    {
        static const Json empty = Json::object();
        const Json *v = find(key);
        if (v && !v->is_object())
            throw Error(m_where + key + "' must be an object");
        return ConfigReader(v ? *v : empty, m_where + key + ".");
    }
    const Json *find(const char *key) const
    {
        const auto it = m_object.find(key);
        return it == m_object.end() || it->is_null() ? nullptr : &*it;
    }
    const std::string &where() const { return m_where; }

private:
    const Json &m_object;
    std::string m_where; // "config.json: '" or "config.json: 'text_config."
};

void checkHeads(const TowerConfig &tower, const std::string &where)
{
    if (tower.hidden % tower.heads != 0)
        throw Error(where + "hidden size " + std::to_string(tower.hidden)
                    + " is not divisible by the number of attention heads " + std::to_string(tower.heads));
}

void readBert(const ConfigReader &c, ModelConfig &config)
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
    config.typeVocabSize = c.positive("type_vocab_size", 2);
    config.padTokenId = c.integer("pad_token_id", 0);

    if (const Json *labels = c.find("id2label"); labels && labels->is_object()) {
        config.labelNames.resize(labels->size());
        for (const auto &[key, value] : labels->items()) {
            size_t index = 0;
            try {
                index = std::stoul(key);
            } catch (const std::exception &) {
                throw Error(c.where() + "id2label' key '" + key + "' is not a number");
            }
            if (index >= config.labelNames.size() || !value.is_string())
                throw Error(c.where() + "id2label' entry '" + key + "' is out of range or not a string");
            config.labelNames[index] = value.get<std::string>();
        }
    }
    // Each label gets a name, so their number is bounded (the largest real heads have some
    // 20,000); with id2label, num_labels must agree with its number of entries.
    config.numLabels = c.positive("num_labels", config.labelNames.empty() ? 2 : int64_t(config.labelNames.size()),
                                  1'000'000);
    if (!config.labelNames.empty() && config.numLabels != int64_t(config.labelNames.size()))
        throw Error(c.where() + "num_labels' is " + std::to_string(config.numLabels) + " but 'id2label' names "
                    + std::to_string(config.labelNames.size()) + " labels");
    if (config.labelNames.empty())
        for (int64_t i = 0; i < config.numLabels; ++i)
            config.labelNames.push_back("LABEL_" + std::to_string(i));
    config.problemType = c.string("problem_type", config.numLabels == 1 ? "regression" : "single_label_classification");
}

void readGpt2(const ConfigReader &c, ModelConfig &config)
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
    config.scaleAttnWeights = c.boolean("scale_attn_weights", true);
    config.scaleAttnByInverseLayerIdx = c.boolean("scale_attn_by_inverse_layer_idx", false);
    config.reorderAndUpcastAttn = c.boolean("reorder_and_upcast_attn", false);
    config.padTokenId = c.integer("pad_token_id", c.integer("eos_token_id", 50256));
}

// Official CLIP exports leave the nested configs nearly empty: these are the defaults.
void readClip(const ConfigReader &c, ModelConfig &config)
{
    const ConfigReader text = c.child("text_config");
    TowerConfig t;
    t.name = "text";
    t.hidden = text.positive("hidden_size", 512);
    t.layers = text.positive("num_hidden_layers", 12);
    t.heads = text.positive("num_attention_heads", 8);
    t.ffn = text.positive("intermediate_size", 2048);
    t.activation = text.string("hidden_act", "quick_gelu");
    t.layerNormEps = text.number("layer_norm_eps", 1e-5);
    t.maxPositions = text.positive("max_position_embeddings", 77);
    t.vocabSize = text.positive("vocab_size", 49408);
    checkHeads(t, text.where());
    config.eosTokenId = text.integer("eos_token_id", 49407);
    config.padTokenId = text.integer("pad_token_id", 1);

    const ConfigReader vision = c.child("vision_config");
    TowerConfig v;
    v.name = "vision";
    v.hidden = vision.positive("hidden_size", 768);
    v.layers = vision.positive("num_hidden_layers", 12);
    v.heads = vision.positive("num_attention_heads", 12);
    v.ffn = vision.positive("intermediate_size", 3072);
    v.activation = vision.string("hidden_act", "quick_gelu");
    v.layerNormEps = vision.number("layer_norm_eps", 1e-5);
    checkHeads(v, vision.where());
    config.imageSize = vision.positive("image_size", 224);
    config.patchSize = vision.positive("patch_size", 32);
    config.numChannels = vision.positive("num_channels", 3);
    if (config.imageSize % config.patchSize != 0)
        throw Error(vision.where() + "image_size' " + std::to_string(config.imageSize)
                    + " is not a multiple of patch_size " + std::to_string(config.patchSize));
    const int64_t side = config.imageSize / config.patchSize;
    v.maxPositions = side * side + 1;

    config.towers = {t, v};
    config.projectionDim = c.positive("projection_dim", 512);
    config.logitScaleInit = c.number("logit_scale_init_value", 2.6592);
}

struct ArchitectureEntry
{
    const char *name;
    Family family;
    TaskHead head;
};

constexpr ArchitectureEntry kArchitectures[] = {
    {"BertModel", Family::Bert, TaskHead::None},
    {"BertForSequenceClassification", Family::Bert, TaskHead::SequenceClassification},
    {"BertForMaskedLM", Family::Bert, TaskHead::MaskedLm},
    {"GPT2Model", Family::Gpt2, TaskHead::None},
    {"GPT2LMHeadModel", Family::Gpt2, TaskHead::CausalLm},
    {"CLIPModel", Family::Clip, TaskHead::Contrastive},
};

} // namespace

std::string familyName(Family family)
{
    switch (family) {
    case Family::Bert: return "bert";
    case Family::Gpt2: return "gpt2";
    case Family::Clip: return "clip";
    }
    return "?";
}

const TowerConfig &ModelConfig::tower(const std::string &name) const
{
    for (const auto &t : towers)
        if (t.name == name)
            return t;
    throw Error("the " + familyName(family) + " model has no tower named '" + name + "'");
}

ModelConfig parseModelConfig(const std::string &jsonText, const std::string &fileName)
{
    Json json;
    try {
        json = Json::parse(jsonText);
    } catch (const Json::exception &e) {
        throw Error(fileName + ": not valid JSON: " + e.what());
    }
    if (!json.is_object())
        throw Error(fileName + ": not a JSON object");
    const ConfigReader c(json, fileName + ": '");

    const std::string modelType = c.string("model_type", "");
    ModelConfig config;
    if (modelType == "bert")
        config.family = Family::Bert;
    else if (modelType == "gpt2")
        config.family = Family::Gpt2;
    else if (modelType == "clip")
        config.family = Family::Clip;
    else
        throw Error(fileName + ": model_type '" + modelType
                    + "' is not supported (PruneScope reads bert, gpt2 and clip checkpoints)");

    const TaskHead defaults[] = {TaskHead::None, TaskHead::CausalLm, TaskHead::Contrastive};
    config.head = defaults[int(config.family)];
    if (const Json *archs = c.find("architectures"); archs && archs->is_array() && !archs->empty()) {
        config.architecture = archs->at(0).is_string() ? archs->at(0).get<std::string>() : "";
        bool known = false;
        for (const auto &entry : kArchitectures) {
            if (config.architecture == entry.name && entry.family == config.family) {
                config.head = entry.head;
                known = true;
            }
        }
        if (!known)
            throw Error(fileName + ": architecture '" + config.architecture + "' is not supported for model_type '"
                        + modelType + "' (supported: BertModel, BertForSequenceClassification, BertForMaskedLM, "
                          "GPT2Model, GPT2LMHeadModel, CLIPModel)");
    }

    switch (config.family) {
    case Family::Bert: readBert(c, config); break;
    case Family::Gpt2: readGpt2(c, config); break;
    case Family::Clip: readClip(c, config); break;
    }
    config.json = json.dump();
    return config;
}

ModelConfig readModelConfig(const std::filesystem::path &configJson)
{
    return parseModelConfig(readTextFile(configJson), configJson.string());
}

} // namespace prunescope
