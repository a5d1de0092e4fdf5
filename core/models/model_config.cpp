#include "core/models/model_config.h"

#include "core/io/atomic_file.h"
#include "core/models/config_reader.h"
#include "core/models/model_family.h"
#include "core/support/error.h"
#include "core/support/options.h"

namespace prunescope {

void checkHeads(const TowerConfig &tower, const std::string &where)
{
    if (tower.headSize == 0 && tower.hidden % tower.heads != 0)
        throw Error(where + "hidden size " + std::to_string(tower.hidden)
                    + " is not divisible by the number of attention heads " + std::to_string(tower.heads));
}

TowerConfig readEncoderTower(const ConfigReader &c, const TowerConfig &defaults)
{
    TowerConfig t = defaults;
    t.hidden = c.positive("hidden_size", defaults.hidden);
    t.layers = c.positive("num_hidden_layers", defaults.layers);
    t.heads = c.positive("num_attention_heads", defaults.heads);
    t.ffn = c.positive("intermediate_size", defaults.ffn);
    t.activation = c.string("hidden_act", defaults.activation);
    t.layerNormEps = c.number("layer_norm_eps", defaults.layerNormEps);
    checkHeads(t, c.where());
    return t;
}

TowerConfig readDecoderTower(const ConfigReader &c, const TowerConfig &defaults)
{
    TowerConfig t = defaults;
    t.hidden = c.positive("hidden_size", defaults.hidden);
    t.layers = c.positive("num_hidden_layers", defaults.layers);
    t.heads = c.positive("num_attention_heads", defaults.heads);
    t.kvHeads = c.positive("num_key_value_heads", defaults.kvHeads > 0 ? defaults.kvHeads : t.heads);
    t.headSize = c.find("head_dim") ? c.positive("head_dim", 0, 65536) : 0;
    t.ffn = c.positive("intermediate_size", defaults.ffn);
    t.activation = c.string("hidden_act", defaults.activation);
    t.layerNormEps = c.number("rms_norm_eps", defaults.layerNormEps);
    t.maxPositions = c.positive("max_position_embeddings", defaults.maxPositions);
    t.vocabSize = c.positive("vocab_size", defaults.vocabSize);
    checkHeads(t, c.where());
    if (t.heads % t.kvHeads != 0)
        throw Error(c.where() + "num_key_value_heads' " + std::to_string(t.kvHeads)
                    + " does not divide num_attention_heads " + std::to_string(t.heads));
    if (t.headDim() % 2 != 0)
        throw Error(c.where() + "head_dim' " + std::to_string(t.headDim())
                    + " is odd: rotary embeddings rotate pairs of features");
    return t;
}

RotaryConfig readRotary(const ConfigReader &c, double defaultTheta)
{
    // transformers 5 writes rope_parameters; older configs rope_theta and rope_scaling (or null).
    const bool current = c.find("rope_parameters") != nullptr;
    const ConfigReader rope = c.child(current ? "rope_parameters" : "rope_scaling");
    RotaryConfig r;
    r.theta = current ? rope.number("rope_theta", c.number("rope_theta", defaultTheta)) : c.number("rope_theta", defaultTheta);
    r.type = rope.string("rope_type", rope.string("type", "default"));
    if (r.theta <= 0)
        throw Error(c.where() + "rope_theta' must be positive");
    if (r.type == "default")
        return r;
    if (r.type != "linear" && r.type != "llama3")
        throw Error(rope.where() + "rope_type' '" + r.type
                    + "' is not supported (PruneScope computes default, linear and llama3 rotary embeddings)");
    r.factor = rope.number("factor", 1.0);
    if (r.factor <= 0)
        throw Error(rope.where() + "factor' must be positive");
    if (r.type == "llama3") {
        r.lowFreqFactor = rope.number("low_freq_factor", 1.0);
        r.highFreqFactor = rope.number("high_freq_factor", 4.0);
        r.originalPositions = rope.positive("original_max_position_embeddings", 8192);
        if (r.highFreqFactor <= r.lowFreqFactor)
            throw Error(rope.where() + "high_freq_factor' must be above low_freq_factor");
    }
    return r;
}

int64_t firstTokenId(const ConfigReader &c, const char *key, int64_t fallback)
{
    const auto *v = c.find(key);
    if (v && v->is_array())
        return v->empty() || !v->at(0).is_number_integer() ? fallback : v->at(0).get<int64_t>();
    return c.integer(key, fallback);
}

void readImageGeometry(const ConfigReader &c, int64_t defaultSize, int64_t defaultPatch, ModelConfig &config,
                       TowerConfig &tower)
{
    config.imageSize = c.positive("image_size", defaultSize);
    config.patchSize = c.positive("patch_size", defaultPatch);
    config.numChannels = c.positive("num_channels", 3);
    if (config.imageSize % config.patchSize != 0)
        throw Error(c.where() + "image_size' " + std::to_string(config.imageSize) + " is not a multiple of patch_size "
                    + std::to_string(config.patchSize));
    const int64_t side = config.imageSize / config.patchSize;
    tower.maxPositions = side * side + 1;
}

void readLabels(const ConfigReader &c, ModelConfig &config)
{
    if (const auto *labels = c.find("id2label"); labels && labels->is_object()) {
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

namespace {

// The task head from "architectures" (the family's first entry when the key is absent).
void readArchitecture(const ConfigReader &c, const std::string &fileName, ModelConfig &config)
{
    const ModelFamily &family = *config.family;
    config.head = family.architectures.front().head;
    const auto *archs = c.find("architectures");
    if (!archs || !archs->is_array() || archs->empty())
        return;
    config.architecture = archs->at(0).is_string() ? archs->at(0).get<std::string>() : "";
    std::string supported;
    for (const auto &entry : family.architectures) {
        if (config.architecture == entry.name) {
            config.head = entry.head;
            return;
        }
        supported += (supported.empty() ? "" : ", ") + entry.name;
    }
    throw Error(fileName + ": architecture '" + config.architecture + "' is not supported for model_type '"
                + family.modelType + "' (supported: " + supported + ")");
}

} // namespace

const TowerConfig &ModelConfig::tower(const std::string &name) const
{
    for (const auto &t : towers)
        if (t.name == name)
            return t;
    throw Error("the " + familyName() + " model has no tower named '" + name + "'");
}

std::string ModelConfig::familyName() const
{
    return family ? family->modelType : "?";
}

bool ModelConfig::hasImages() const
{
    for (const auto &t : towers)
        if (t.images)
            return true;
    return false;
}

size_t towerFor(const ModelConfig &config, const std::string &kind, const std::string &option)
{
    if (kind.empty())
        return 0;
    oneOf(option, kind, choices::tower);
    for (size_t i = 0; i < config.towers.size(); ++i)
        if (towerKind(config.towers[i]) == kind)
            return i;
    throw Error(option + " " + kind + ": the " + (config.family ? config.family->title : config.familyName()) + " model has no "
                + kind + " tower");
}

std::string towerKind(const TowerConfig &tower)
{
    return tower.images ? "vision" : "text";
}

ModelConfig parseModelConfig(const std::string &jsonText, const std::string &fileName)
{
    ConfigReader::Json json;
    try {
        json = ConfigReader::Json::parse(jsonText);
    } catch (const ConfigReader::Json::exception &e) {
        throw Error(fileName + ": not valid JSON: " + e.what());
    }
    if (!json.is_object())
        throw Error(fileName + ": not a JSON object");
    const ConfigReader c(json, fileName + ": '");

    const std::string modelType = c.string("model_type", "");
    ModelConfig config;
    config.family = findModelFamily(modelType);
    if (!config.family)
        throw Error(fileName + ": model_type '" + modelType + "' is not supported (PruneScope reads "
                    + supportedModelTypes() + " checkpoints)");
    readArchitecture(c, fileName, config);
    config.family->readConfig(c, config);
    config.json = json.dump();
    return config;
}

ModelConfig readModelConfig(const std::filesystem::path &configJson)
{
    return parseModelConfig(readTextFile(configJson), configJson.string());
}

ModelConfig withLabels(const ModelConfig &config, const std::vector<std::string> &labels)
{
    if (labels.size() < 2)
        throw Error("a classification head needs two or more classes, the data has " + std::to_string(labels.size()));
    auto json = ConfigReader::Json::parse(config.json);
    ConfigReader::Json id2label = ConfigReader::Json::object(), label2id = ConfigReader::Json::object();
    for (size_t i = 0; i < labels.size(); ++i) {
        if (labels[i].empty() || label2id.contains(labels[i]))
            throw Error("the class names must be distinct and not empty: '" + labels[i] + "' (class " + std::to_string(i) + ")");
        id2label[std::to_string(i)] = labels[i];
        label2id[labels[i]] = int64_t(i);
    }
    json["id2label"] = id2label;
    json["label2id"] = label2id;
    json.erase("num_labels");
    json.erase("_num_labels");
    if (json.contains("problem_type") && !json["problem_type"].is_null())
        json["problem_type"] = "single_label_classification";
    return parseModelConfig(json.dump(), "config.json with " + std::to_string(labels.size()) + " new classes");
}

} // namespace prunescope
