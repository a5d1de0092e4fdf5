// The table of families. Adding one: its file in this folder (bert.cpp is the shortest
// example; the build finds it) and its line below.
#include "core/models/model_family.h"

#include <nlohmann/json.hpp>

namespace prunescope {

// Each defined in its own file of this folder.
const ModelFamily &bertFamily();
const ModelFamily &gpt2Family();
const ModelFamily &clipFamily();
const ModelFamily &robertaFamily();
const ModelFamily &distilbertFamily();
const ModelFamily &vitFamily();
const ModelFamily &llamaFamily();
const ModelFamily &qwen2Family();
const ModelFamily &mistralFamily();

void setIntermediateSize(nlohmann::ordered_json &config, const TowerConfig &, int64_t width)
{
    config["intermediate_size"] = width;
}

void setDecoderHeadCounts(nlohmann::ordered_json &config, const TowerConfig &tower, int64_t heads, int64_t kvHeads)
{
    config["num_attention_heads"] = heads;
    config["num_key_value_heads"] = kvHeads;
    config["head_dim"] = tower.headDim(); // no longer hidden_size / heads
}

ModelFamily decoderFamily(const std::string &modelType, const std::string &title, const std::string &classPrefix)
{
    ModelFamily f;
    f.modelType = modelType;
    f.title = title;
    f.architectures = {{classPrefix + "ForCausalLM", TaskHead::CausalLm, "model."}, {classPrefix + "Model", TaskHead::None, ""}};
    f.setFfnWidth = setIntermediateSize;
    f.setHeadCounts = setDecoderHeadCounts;
    return f;
}

const std::vector<const ModelFamily *> &modelFamilies()
{
    static const std::vector<const ModelFamily *> families = {
        &bertFamily(), &gpt2Family(),  &clipFamily(),  &robertaFamily(), &distilbertFamily(),
        &vitFamily(),  &llamaFamily(), &qwen2Family(), &mistralFamily()};
    return families;
}

const ModelFamily *findModelFamily(const std::string &modelType)
{
    for (const ModelFamily *family : modelFamilies())
        if (family->modelType == modelType)
            return family;
    return nullptr;
}

std::string supportedModelTypes()
{
    const auto &families = modelFamilies();
    std::string text;
    for (size_t i = 0; i < families.size(); ++i)
        text += (i == 0 ? "" : i + 1 == families.size() ? " and " : ", ") + families[i]->modelType;
    return text;
}

std::string architecturesWithHeads()
{
    std::string text;
    for (const ModelFamily *family : modelFamilies())
        for (const auto &architecture : family->architectures)
            if (architecture.head != TaskHead::None)
                text += (text.empty() ? "" : ", ") + architecture.name;
    return text;
}

const FamilyArchitecture &architectureOf(const ModelConfig &config)
{
    for (const auto &entry : config.family->architectures)
        if (entry.name == config.architecture)
            return entry;
    for (const auto &entry : config.family->architectures)
        if (entry.head == config.head)
            return entry;
    return config.family->architectures.front();
}

std::string baseModelPrefix(const ModelConfig &config)
{
    return architectureOf(config).basePrefix;
}

bool isTaskHeadParameter(const ModelConfig &config, const std::string &name)
{
    if (config.family->isTaskHeadParameter)
        return config.family->isTaskHeadParameter(config, name);
    const std::string prefix = baseModelPrefix(config);
    return !prefix.empty() && name.compare(0, prefix.size(), prefix) != 0;
}

} // namespace prunescope
