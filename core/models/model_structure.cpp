#include "core/models/model_structure.h"

#include "core/models/model_config.h"

namespace prunescope {

namespace {

struct MatrixName
{
    MatrixRole role;
    const char *name; // inside one layer, without ".weight"
};

// Per family: the prunable matrices of one layer, by the checkpoint's own names.
constexpr MatrixName kBertLayer[] = {
    {MatrixRole::Query, "attention.self.query"},
    {MatrixRole::Key, "attention.self.key"},
    {MatrixRole::Value, "attention.self.value"},
    {MatrixRole::AttentionOutput, "attention.output.dense"},
    {MatrixRole::FfnIn, "intermediate.dense"},
    {MatrixRole::FfnOut, "output.dense"},
};
constexpr MatrixName kGpt2Layer[] = {
    {MatrixRole::QueryKeyValue, "attn.c_attn"},
    {MatrixRole::AttentionOutput, "attn.c_proj"},
    {MatrixRole::FfnIn, "mlp.c_fc"},
    {MatrixRole::FfnOut, "mlp.c_proj"},
};
constexpr MatrixName kClipLayer[] = {
    {MatrixRole::Query, "self_attn.q_proj"},
    {MatrixRole::Key, "self_attn.k_proj"},
    {MatrixRole::Value, "self_attn.v_proj"},
    {MatrixRole::AttentionOutput, "self_attn.out_proj"},
    {MatrixRole::FfnIn, "mlp.fc1"},
    {MatrixRole::FfnOut, "mlp.fc2"},
};

template<size_t N>
TowerStructure describeTower(const TowerConfig &config, const std::string &layerPrefix,
                             const MatrixName (&names)[N], bool inputMajor)
{
    TowerStructure tower;
    tower.name = config.name;
    tower.hidden = config.hidden;
    tower.heads = config.heads;
    tower.headDim = config.headDim();
    tower.ffn = config.ffn;
    for (int64_t i = 0; i < config.layers; ++i) {
        LayerStructure layer;
        for (const auto &entry : names) {
            PrunableMatrix m;
            const std::string base = layerPrefix + std::to_string(i) + "." + entry.name;
            m.weight = base + ".weight";
            m.bias = base + ".bias";
            m.role = entry.role;
            m.inputMajor = inputMajor;
            m.inFeatures = entry.role == MatrixRole::FfnOut ? config.ffn : config.hidden;
            m.outFeatures = entry.role == MatrixRole::FfnIn          ? config.ffn
                            : entry.role == MatrixRole::QueryKeyValue ? 3 * config.hidden
                                                                      : config.hidden;
            layer.matrices.push_back(m);
        }
        tower.layers.push_back(layer);
    }
    return tower;
}

} // namespace

const char *matrixRoleName(MatrixRole role)
{
    switch (role) {
    case MatrixRole::Query: return "query";
    case MatrixRole::Key: return "key";
    case MatrixRole::Value: return "value";
    case MatrixRole::QueryKeyValue: return "qkv";
    case MatrixRole::AttentionOutput: return "attention-output";
    case MatrixRole::FfnIn: return "ffn-in";
    case MatrixRole::FfnOut: return "ffn-out";
    }
    return "?";
}

std::vector<int64_t> storedShape(const PrunableMatrix &matrix)
{
    return matrix.inputMajor ? std::vector<int64_t>{matrix.inFeatures, matrix.outFeatures}
                             : std::vector<int64_t>{matrix.outFeatures, matrix.inFeatures};
}

int64_t ModelStructure::headCount() const
{
    int64_t n = 0;
    for (const auto &t : towers)
        n += t.heads * int64_t(t.layers.size());
    return n;
}

int64_t ModelStructure::neuronCount() const
{
    int64_t n = 0;
    for (const auto &t : towers)
        n += t.ffn * int64_t(t.layers.size());
    return n;
}

int64_t ModelStructure::prunableWeightCount() const
{
    int64_t n = 0;
    for (const auto &t : towers)
        for (const auto &layer : t.layers)
            for (const auto &m : layer.matrices)
                n += m.inFeatures * m.outFeatures;
    return n;
}

std::string baseModelPrefix(const ModelConfig &config)
{
    switch (config.family) {
    case Family::Bert: return config.head == TaskHead::None ? "" : "bert.";
    case Family::Gpt2: return config.head == TaskHead::None ? "" : "transformer.";
    case Family::Clip: return "";
    }
    return "";
}

ModelStructure describeStructure(const ModelConfig &config)
{
    const std::string prefix = baseModelPrefix(config);
    ModelStructure s;
    switch (config.family) {
    case Family::Bert:
        s.towers.push_back(describeTower(config.towers[0], prefix + "encoder.layer.", kBertLayer, false));
        break;
    case Family::Gpt2:
        s.towers.push_back(describeTower(config.towers[0], prefix + "h.", kGpt2Layer, true));
        break;
    case Family::Clip:
        s.towers.push_back(describeTower(config.towers[0], "text_model.encoder.layers.", kClipLayer, false));
        s.towers.push_back(describeTower(config.towers[1], "vision_model.encoder.layers.", kClipLayer, false));
        break;
    }
    return s;
}

} // namespace prunescope
