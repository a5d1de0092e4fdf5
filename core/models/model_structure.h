// The prunable structure of a model, described the same way for every family
// (METHODS.md section 0): towers -> layers -> prunable matrices, and for each matrix its
// unit slices: which rows or columns belong to which head, key-value group or FFN neuron.
// Scores, masks, views, analyses and export are written against this, never against a
// family; a family describes itself once (core/models/families/).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace prunescope {

// What a slice of a matrix does in its layer.
enum class MatrixRole {
    Query,
    Key,
    Value,
    AttentionOutput,
    FfnGate, // gated FFNs: SiLU(gate) x up
    FfnIn,   // the FFN's input (up) projection
    FfnOut,  // the FFN's output (down) projection
};

const char *matrixRoleName(MatrixRole role);
bool isAttentionRole(MatrixRole role);

// The units a slice is divided into. A key-value group is the keys and values that a
// group of query heads shares (grouped-query attention); with one query head per group,
// the group is that head.
enum class UnitKind { Head, KvGroup, Neuron };

// A run of features of one matrix, owned unit by unit: unit u owns features
// [offset + u * width, offset + (u + 1) * width) along the output axis (rows of the
// [out, in] weight, with their bias entries) or along the input axis (columns).
struct UnitSlice
{
    MatrixRole role = MatrixRole::Query;
    UnitKind unit = UnitKind::Head;
    bool alongOutput = true;
    int64_t offset = 0;
    int64_t count = 0; // units
    int64_t width = 1; // features per unit: the head size, or 1 for a neuron

    int64_t end() const { return offset + count * width; }
};

struct PrunableMatrix
{
    std::string weight; // parameter name, as the model (and the checkpoint) names it
    std::string bias;   // empty when the layer has no bias
    int64_t outFeatures = 0;
    int64_t inFeatures = 0;
    bool inputMajor = false;       // GPT-2 Conv1D: stored [in, out] instead of [out, in]
    std::vector<UnitSlice> slices; // GPT-2's fused Q | K | V has three

    MatrixRole role() const { return slices.front().role; } // of the first slice
    bool hasRole(MatrixRole role) const;
    // The axis of the stored weight that holds the slice's features.
    int64_t storedAxis(const UnitSlice &slice) const { return slice.alongOutput != inputMajor ? 0 : 1; }
    std::string path() const; // the weight's module: the name without ".weight"
};

// The shape the weight has in the checkpoint: [out, in], or [in, out] for input-major.
std::vector<int64_t> storedShape(const PrunableMatrix &matrix);

struct LayerStructure
{
    std::vector<PrunableMatrix> matrices; // attention first, then FFN

    // The matrix with a slice of this role; throws when the layer has none.
    const PrunableMatrix &withRole(MatrixRole role) const;
};

struct TowerStructure
{
    std::string name;
    int64_t hidden = 0;
    int64_t heads = 0;
    int64_t kvHeads = 0; // key-value groups; heads / kvHeads query heads share each
    int64_t headDim = 0;
    int64_t ffn = 0;
    std::vector<LayerStructure> layers;

    int64_t unitCount(UnitKind kind) const;
};

struct ModelStructure
{
    std::vector<TowerStructure> towers;

    int64_t headCount() const;
    int64_t neuronCount() const;
    int64_t prunableWeightCount() const;
};

struct ModelConfig;
struct TowerConfig;

// The structure a config describes, with the parameter names of that architecture
// (e.g. "bert.encoder.layer.3.attention.self.query.weight", "transformer.h.0.attn.c_attn.weight").
ModelStructure describeStructure(const ModelConfig &config);

// Building blocks for the families' descriptions.
TowerStructure emptyTower(const TowerConfig &tower);
// A [out, in] (or input-major [in, out]) matrix at `path` ("...attention.self.query").
PrunableMatrix prunableMatrix(const std::string &path, int64_t in, int64_t out, std::vector<UnitSlice> slices,
                              bool inputMajor = false, bool bias = true);
// The slices of the usual layouts: rows of Q (and of K and V without grouped keys) by
// head, rows of K and V by key-value group, columns of the attention output by head,
// rows of the FFN's gate and input by neuron, columns of its output by neuron.
UnitSlice headRows(MatrixRole role, const TowerConfig &tower, int64_t offset = 0);
UnitSlice kvGroupRows(MatrixRole role, const TowerConfig &tower, int64_t offset = 0);
UnitSlice headColumns(const TowerConfig &tower);
UnitSlice neuronRows(MatrixRole role, const TowerConfig &tower);
UnitSlice neuronColumns(const TowerConfig &tower);

// The names, after the layer's prefix, of the six matrices of an encoder layer of the
// BERT and ViT kind (separate query, key and value; FFN in and out; all with biases).
struct EncoderLayerNames
{
    std::string query, key, value, attentionOut, ffnIn, ffnOut;
};
// One such layer at `prefix` ("bert.encoder.layer.3."), sliced by head and neuron.
LayerStructure encoderLayer(const std::string &prefix, const TowerConfig &tower, const EncoderLayerNames &names);
// The prefix of a single-tower encoder's layer: the base model's prefix, then `layers`
// ("encoder.layer.") and the layer's number: "bert.encoder.layer.3.".
std::string encoderLayerPrefix(const ModelConfig &config, const std::string &layers, size_t layer);
// A single-tower encoder whose layers sit at encoderLayerPrefix(config, layers, i).
ModelStructure describeEncoder(const ModelConfig &config, const std::string &layers, const EncoderLayerNames &names);

// The biases of a Llama-style decoder layer: on q/k/v (Qwen2, Llama's attention_bias), on
// o_proj (Llama's attention_bias) and on the gated FFN (Llama's mlp_bias).
struct DecoderBiases
{
    bool qkv = false, output = false, mlp = false;
};
// A Llama-style decoder layer at `prefix` ("model.layers.3."): self_attn.{q,k,v,o}_proj and
// mlp.{gate,up,down}_proj. Queries by head, keys and values by key-value group, o_proj's
// columns by head; gate and up rows and down columns by FFN neuron.
LayerStructure decoderLayer(const std::string &prefix, const TowerConfig &tower, const DecoderBiases &biases);
// A decoder whose layers sit at the base model's prefix + "layers.N.".
ModelStructure describeDecoder(const ModelConfig &config, const DecoderBiases &biases);

} // namespace prunescope
