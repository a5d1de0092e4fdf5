// Writes a loaded model as an ONNX graph that computes what its forward() computes under
// the gates and weight masks set on it, with every pruned head (its query, key and value
// rows and its output columns), every key-value group no kept head reads, and every
// pruned FFN neuron physically gone: each layer keeps its own counts. A family's model writes
// its graph in OnnxWritable::writeOnnx, next to its forward(), from the blocks here.
#pragma once

#include "core/models/onnx_graph.h"
#include "core/models/transformer_blocks.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace prunescope {

// The additive attention bias the layers share: 0 where a query may attend, the float
// type's lowest value elsewhere ([batch, 1, 1 or queries, keys]).
struct OnnxAttentionBias
{
    std::string bias;
};

// The multiple of a matrix product's inner and outer widths that bfloat16 and float16 tensor
// cores take on their fast paths: a BERT-base-shaped ONNX export that keeps 2150 FFN neurons a
// layer ran at 0.63x the dense graph's speed on an H100 in bfloat16, and at 1.26x aligned to
// 2152 (bench/results/pruned-speed-h100-bfloat16.md before GraphRunner padded such widths).
constexpr int64_t kTensorCoreWidth = 8;

// The FFN width of a layer that keeps `kept` of its `width` neurons in an ONNX export: rounded
// up to a multiple of `align` with zero units (0 stays 0: the block is gone).
inline int64_t onnxWidth(int64_t kept, int64_t width, int64_t align)
{
    return kept == 0 ? 0 : std::min(width, (kept + align - 1) / align * align);
}

class OnnxWriter
{
public:
    OnnxWriter(OnnxGraph &graph, TransformerModel &model);

    OnnxGraph &graph;
    // FFN widths rounded up to a multiple of this with zero units (onnxWidth): aligned
    // shapes run faster on tensor cores.
    int64_t align = 1;

    // Graph inputs of the usual names: [batch, sequence] int64, and images [batch, C, H, W].
    std::string tokenInput(const std::string &name);
    std::string pixelInput();
    // The graph's output as transformers names it: "logits" of the task head ([batch, labels],
    // or [batch, sequence, vocabulary] for a language model), or the base model's
    // "last_hidden_state" of tower 0 ([batch, sequence or patches + 1, hidden]).
    void logits(const std::string &value);
    void lastHiddenState(const std::string &value);

    // A parameter of the model under its own name, stored once however often it is used
    // (tied weights), as it is or transposed.
    std::string parameter(const torch::Tensor &tensor, bool transposed = false);

    // x W^T + b of a prunable matrix of (tower, layer), its weight mask multiplied in and cut to
    // the units the layer keeps; of any other linear layer (pooler, classifier) as it is.
    std::string linear(const std::string &x, PrunableLinearImpl &linear, int tower, int layer);
    std::string linear(const std::string &x, PrunableLinearImpl &linear);
    std::string layerNorm(const std::string &x, LayerNormImpl &norm);
    std::string activation(const std::string &name, const std::string &x);
    // Rows of an embedding table: table[ids].
    std::string embed(const std::string &ids, EmbeddingImpl &table);
    // Rows 0 .. T-1 of `table`, where `like` is [B, T, ...]: the positions of a sequence.
    std::string positions(EmbeddingImpl &table, const std::string &like);
    // x[:, index] of a [B, T, E] value: [B, E].
    std::string token(const std::string &x, int64_t index);
    // x table^T + bias: a language-model head tied to the word embeddings (stored once).
    std::string tiedProjection(const std::string &x, EmbeddingImpl &table, const torch::Tensor &bias);
    // Images [B, C, H, W] cut into patches of `weight`'s size, each projected: [B, patches, hidden]
    // (a convolution whose stride is its kernel).
    std::string patchEmbedding(const std::string &pixels, const torch::Tensor &weight, const torch::Tensor &bias);
    // `row` [1, n, E] repeated for each example of `like` [B, ...]: [B, n, E].
    std::string perExample(const std::string &row, const std::string &like);

    // The bias from an attention_mask input ([batch, sequence] of 1 and 0): padded keys
    // blocked and, for a causal model, later positions too, and with a sliding `window` keys
    // `window` or more positions back ([B, 1, 1 or T, T]).
    OnnxAttentionBias attentionBias(const std::string &attentionMask, bool causal = false, int64_t window = 0);

    // softmax(q k^T * scale + bias) v over `heads` query heads of size `d`: q [B, T, heads d]
    // to the context [B, T, heads d], as one "Attention" group (GraphRunner: one fused kernel). k and v hold `keyHeads` heads; with grouped keys,
    // query head i reads key-value head `keyOfHead[i]` (empty: head i reads head i).
    std::string attend(const std::string &q, const std::string &k, const std::string &v, int64_t heads, int64_t d,
                       double scale, const OnnxAttentionBias &bias, int64_t keyHeads = 0,
                       const std::vector<int64_t> &keyOfHead = {});
    // Llama-style pieces: RMSNorm in float32 as transformers computes it, and rotary position
    // embeddings of `inverseFrequencies` [d/2] applied per head of x [B, T, n d].
    std::string rmsNorm(const std::string &x, RmsNormImpl &norm);
    struct Rotary
    {
        std::string cos, sin; // [1, T, 1, d]
    };
    Rotary rotary(const torch::Tensor &inverseFrequencies, const std::string &like);
    std::string rotate(const std::string &x, int64_t d, const Rotary &rotary);

    // Self-attention of layer (tower, layer) over x with separate query, key and value
    // matrices and an output projection: the layer's kept heads only; "" when it keeps none
    // (the block is gone, its output bias too).
    std::string selfAttention(const std::string &x, EncoderLayer &layer, int tower, int layer_index,
                              const OnnxAttentionBias &bias);
    // The FFN of (tower, layer) over x: out(act(in(x))) on the kept neurons; "" when none are kept.
    std::string feedForward(const std::string &x, PrunableLinearImpl &in, PrunableLinearImpl &out,
                            const std::string &activationName, int tower, int layer);
    // An encoder tower as EncoderModel::runEncoder computes it.
    std::string encoder(const std::string &h, std::vector<EncoderLayer> &layers, int tower, NormPlacement placement,
                        const OnnxAttentionBias &bias);

    // Heads (and FFN neurons) layer `layer` of `tower` keeps, from the model's gates.
    std::vector<int64_t> keptHeads(int tower, int layer) const;
    std::vector<int64_t> keptNeurons(int tower, int layer) const;

    std::string add(const std::string &a, const std::string &b) { return graph.op("Add", {a, b}); }

private:
    // x W + b as one "Linear" group; `bias` may be empty.
    std::string product(const std::string &x, const std::string &weight, const std::string &bias);
    std::string activationNodes(const std::string &name, const std::string &x);
    std::string attentionNodes(const std::string &q, const std::string &k, const std::string &v, int64_t heads,
                               int64_t d, double scale, const OnnxAttentionBias &bias, int64_t keyHeads,
                               const std::vector<int64_t> &keyOfHead);

    TransformerModel &m_model;
    std::map<const void *, std::string> m_names;                      // parameter storage -> its name
    std::map<std::pair<const void *, bool>, std::string> m_stored; // (storage, transposed) -> initializer
};

// Implemented by the models of the families that export to ONNX, beside TransformerModel.
class OnnxWritable
{
public:
    virtual ~OnnxWritable() = default;
    // The graph forward() computes under the model's gates and weight masks, with the graph
    // inputs and outputs named as transformers names them.
    virtual void writeOnnx(OnnxWriter &writer) = 0;
};

} // namespace prunescope
