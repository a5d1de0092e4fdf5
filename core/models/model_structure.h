// The prunable structure of a model, described the same way for every family
// (METHODS.md section 0): towers -> layers -> heads, FFN neurons and prunable matrices.
// Scores, masks, views and export are written against this, never against a family.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace prunescope {

enum class MatrixRole {
    Query,
    Key,
    Value,
    QueryKeyValue, // GPT-2's fused c_attn: Q | K | V along the output axis
    AttentionOutput,
    FfnIn,
    FfnOut,
};

const char *matrixRoleName(MatrixRole role);

struct PrunableMatrix
{
    std::string weight; // parameter name, as the model (and the checkpoint) names it
    std::string bias;   // empty when the layer has no bias
    MatrixRole role = MatrixRole::Query;
    int64_t outFeatures = 0;
    int64_t inFeatures = 0;
    bool inputMajor = false; // GPT-2 Conv1D: stored [in, out] instead of [out, in]
};

// The shape the weight has in the checkpoint: [out, in], or [in, out] for input-major.
std::vector<int64_t> storedShape(const PrunableMatrix &matrix);

struct LayerStructure
{
    std::vector<PrunableMatrix> matrices; // attention first, then FFN
};

struct TowerStructure
{
    std::string name;
    int64_t hidden = 0;
    int64_t heads = 0;
    int64_t headDim = 0;
    int64_t ffn = 0;
    std::vector<LayerStructure> layers;
};

struct ModelStructure
{
    std::vector<TowerStructure> towers;

    int64_t headCount() const;
    int64_t neuronCount() const;
    int64_t prunableWeightCount() const;
};

} // namespace prunescope

namespace prunescope {

struct ModelConfig;

// The structure a config describes, with the parameter names of that architecture
// (e.g. "bert.encoder.layer.3.attention.self.query.weight", "transformer.h.0.attn.c_attn.weight").
ModelStructure describeStructure(const ModelConfig &config);

// The prefix of the base model's parameters in this architecture: "bert.", "transformer.", or "".
std::string baseModelPrefix(const ModelConfig &config);

} // namespace prunescope
