#include "core/models/model_structure.h"

#include "core/models/model_config.h"
#include "core/models/model_family.h"
#include "core/support/error.h"

namespace prunescope {

const char *matrixRoleName(MatrixRole role)
{
    switch (role) {
    case MatrixRole::Query: return "query";
    case MatrixRole::Key: return "key";
    case MatrixRole::Value: return "value";
    case MatrixRole::AttentionOutput: return "attention-output";
    case MatrixRole::FfnGate: return "ffn-gate";
    case MatrixRole::FfnIn: return "ffn-in";
    case MatrixRole::FfnOut: return "ffn-out";
    }
    return "?";
}

bool isAttentionRole(MatrixRole role)
{
    return role == MatrixRole::Query || role == MatrixRole::Key || role == MatrixRole::Value
           || role == MatrixRole::AttentionOutput;
}

bool PrunableMatrix::hasRole(MatrixRole role) const
{
    for (const auto &slice : slices)
        if (slice.role == role)
            return true;
    return false;
}

std::string PrunableMatrix::path() const
{
    return weight.substr(0, weight.size() - std::string(".weight").size());
}

std::vector<int64_t> storedShape(const PrunableMatrix &matrix)
{
    return matrix.inputMajor ? std::vector<int64_t>{matrix.inFeatures, matrix.outFeatures}
                             : std::vector<int64_t>{matrix.outFeatures, matrix.inFeatures};
}

const PrunableMatrix &LayerStructure::withRole(MatrixRole role) const
{
    for (const auto &m : matrices)
        if (m.hasRole(role))
            return m;
    throw Error(std::string("internal: the layer has no ") + matrixRoleName(role) + " matrix");
}

int64_t TowerStructure::unitCount(UnitKind kind) const
{
    switch (kind) {
    case UnitKind::Head: return heads;
    case UnitKind::KvGroup: return kvHeads;
    case UnitKind::Neuron: return ffn;
    }
    return 0;
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

ModelStructure describeStructure(const ModelConfig &config)
{
    return config.family->describe(config);
}

TowerStructure emptyTower(const TowerConfig &tower)
{
    TowerStructure t;
    t.name = tower.name;
    t.hidden = tower.hidden;
    t.heads = tower.heads;
    t.kvHeads = tower.kvHeadCount();
    t.headDim = tower.headDim();
    t.ffn = tower.ffn;
    return t;
}

PrunableMatrix prunableMatrix(const std::string &path, int64_t in, int64_t out, std::vector<UnitSlice> slices,
                              bool inputMajor, bool bias)
{
    PrunableMatrix m;
    m.weight = path + ".weight";
    if (bias)
        m.bias = path + ".bias";
    m.inFeatures = in;
    m.outFeatures = out;
    m.inputMajor = inputMajor;
    m.slices = std::move(slices);
    return m;
}

UnitSlice headRows(MatrixRole role, const TowerConfig &tower, int64_t offset)
{
    return {role, UnitKind::Head, true, offset, tower.heads, tower.headDim()};
}

UnitSlice kvGroupRows(MatrixRole role, const TowerConfig &tower, int64_t offset)
{
    return {role, UnitKind::KvGroup, true, offset, tower.kvHeadCount(), tower.headDim()};
}

UnitSlice headColumns(const TowerConfig &tower)
{
    return {MatrixRole::AttentionOutput, UnitKind::Head, false, 0, tower.heads, tower.headDim()};
}

UnitSlice neuronRows(MatrixRole role, const TowerConfig &tower)
{
    return {role, UnitKind::Neuron, true, 0, tower.ffn, 1};
}

UnitSlice neuronColumns(const TowerConfig &tower)
{
    return {MatrixRole::FfnOut, UnitKind::Neuron, false, 0, tower.ffn, 1};
}

LayerStructure encoderLayer(const std::string &prefix, const TowerConfig &t, const EncoderLayerNames &names)
{
    return {{
        prunableMatrix(prefix + names.query, t.hidden, t.hidden, {headRows(MatrixRole::Query, t)}),
        prunableMatrix(prefix + names.key, t.hidden, t.hidden, {kvGroupRows(MatrixRole::Key, t)}),
        prunableMatrix(prefix + names.value, t.hidden, t.hidden, {kvGroupRows(MatrixRole::Value, t)}),
        prunableMatrix(prefix + names.attentionOut, t.hidden, t.hidden, {headColumns(t)}),
        prunableMatrix(prefix + names.ffnIn, t.hidden, t.ffn, {neuronRows(MatrixRole::FfnIn, t)}),
        prunableMatrix(prefix + names.ffnOut, t.ffn, t.hidden, {neuronColumns(t)}),
    }};
}

std::string encoderLayerPrefix(const ModelConfig &config, const std::string &layers, size_t layer)
{
    return baseModelPrefix(config) + layers + std::to_string(layer) + ".";
}

ModelStructure describeEncoder(const ModelConfig &config, const std::string &layers, const EncoderLayerNames &names)
{
    const TowerConfig &t = config.towers[0];
    TowerStructure tower = emptyTower(t);
    for (int64_t i = 0; i < t.layers; ++i)
        tower.layers.push_back(encoderLayer(encoderLayerPrefix(config, layers, size_t(i)), t, names));
    return {{tower}};
}

LayerStructure decoderLayer(const std::string &prefix, const TowerConfig &t, const DecoderBiases &biases)
{
    const int64_t width = t.heads * t.headDim(), kvWidth = t.kvHeadCount() * t.headDim();
    const std::string a = prefix + "self_attn.", m = prefix + "mlp.";
    return {{
        prunableMatrix(a + "q_proj", t.hidden, width, {headRows(MatrixRole::Query, t)}, false, biases.qkv),
        prunableMatrix(a + "k_proj", t.hidden, kvWidth, {kvGroupRows(MatrixRole::Key, t)}, false, biases.qkv),
        prunableMatrix(a + "v_proj", t.hidden, kvWidth, {kvGroupRows(MatrixRole::Value, t)}, false, biases.qkv),
        prunableMatrix(a + "o_proj", width, t.hidden, {headColumns(t)}, false, biases.output),
        prunableMatrix(m + "gate_proj", t.hidden, t.ffn, {neuronRows(MatrixRole::FfnGate, t)}, false, biases.mlp),
        prunableMatrix(m + "up_proj", t.hidden, t.ffn, {neuronRows(MatrixRole::FfnIn, t)}, false, biases.mlp),
        prunableMatrix(m + "down_proj", t.ffn, t.hidden, {neuronColumns(t)}, false, biases.mlp),
    }};
}

ModelStructure describeDecoder(const ModelConfig &config, const DecoderBiases &biases)
{
    const TowerConfig &t = config.towers[0];
    TowerStructure tower = emptyTower(t);
    for (int64_t i = 0; i < t.layers; ++i)
        tower.layers.push_back(decoderLayer(baseModelPrefix(config) + "layers." + std::to_string(i) + ".", t, biases));
    return {{tower}};
}

} // namespace prunescope
