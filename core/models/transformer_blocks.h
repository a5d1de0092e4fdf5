// The pieces every family is built from: prunable linear layers (nn.Linear or GPT-2's
// Conv1D layout), LayerNorm and Embedding without random initialisation (loading fills
// them), activations by their config names, masks and eager multi-head attention.
#pragma once

#include "core/models/model.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <array>

namespace prunescope {

// y = x W^T + b (nn.Linear, weight [out, in]) or y = x W + b (Conv1D, weight [in, out]),
// with an optional mask multiplied into W.
class PrunableLinearImpl : public torch::nn::Module
{
public:
    PrunableLinearImpl(int64_t in, int64_t out, bool bias, bool inputMajor);
    // `biasScale` (0-d, optional) multiplies the bias: 0 when the block it closes is pruned whole.
    // `inputGates` (float32 [units], optional) multiply the weight's input columns, an equal
    // share of them each unit's (placeUnitGates).
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &biasScale = {},
                          const torch::Tensor &inputGates = {});
    // The weight as the product uses it: times the mask where there is one; the pass weight
    // while one is held.
    torch::Tensor maskedWeight() const
    {
        if (passStack.defined()) // a view made in each pass: no autograd node outlives it
            return passStack.narrow(0, passRow, weight.size(0));
        return passWeight.defined() ? passWeight : mask.defined() ? weight * mask : weight;
    }
    bool holdsPassWeight() const { return passWeight.defined() || passStack.defined(); }

    torch::Tensor weight, bias, mask;
    // While a gradient method holds them (TransformerModel::holdPassWeights): maskedWeight()
    // in the products' type, made once for its passes; of a layer's query, key and value,
    // rows passRow... of one leaf, passStack, which projectQueryKeyValue multiplies at once.
    torch::Tensor passWeight, passStack;
    int64_t passRow = 0;
    bool inputMajor = false;
    const PrunableMatrix *matrix = nullptr; // set by the model for hooks
};
TORCH_MODULE(PrunableLinear);

class LayerNormImpl : public torch::nn::Module
{
public:
    LayerNormImpl(int64_t dim, double eps);
    torch::Tensor forward(const torch::Tensor &x);

    torch::Tensor weight, bias;
    double eps;
};
TORCH_MODULE(LayerNorm);

// RMSNorm (Zhang & Sennrich 2019) as Llama computes it: x / sqrt(mean(x^2) + eps) in float32,
// back in x's type, times the weight. No bias, no mean subtracted.
class RmsNormImpl : public torch::nn::Module
{
public:
    RmsNormImpl(int64_t dim, double eps);
    torch::Tensor forward(const torch::Tensor &x);

    torch::Tensor weight;
    double eps;
};
TORCH_MODULE(RmsNorm);

// `paddingIdx` (>= 0): that row gets no gradient, as nn.Embedding(padding_idx=...).
class EmbeddingImpl : public torch::nn::Module
{
public:
    EmbeddingImpl(int64_t count, int64_t dim, int64_t paddingIdx = -1);
    torch::Tensor forward(const torch::Tensor &ids);

    torch::Tensor weight;
    int64_t paddingIdx = -1;
};
TORCH_MODULE(Embedding);

// Applies the activation a config names: gelu (erf), gelu_new / gelu_fast /
// gelu_pytorch_tanh (tanh approximation), quick_gelu, relu, silu / swish, tanh.
torch::Tensor activate(const std::string &name, const torch::Tensor &x);
void checkActivation(const std::string &name, const std::string &where);

// Which keys each query may attend to: padding (attention_mask 0) and, for causal
// models, later positions are excluded; with a sliding `window` (Mistral), also keys
// `window` or more positions back (query i sees i - window < j <= i). `allowed` is bool
// and broadcasts to [B, H, T, T]; it is undefined when everything is allowed or when the
// causal rule alone applies.
struct AttentionMask
{
    torch::Tensor allowed;
    bool causal = false;
    // `allowed` as the fused attention's additive mask in the queries' type (0 where allowed,
    // the type's most negative value elsewhere): made by the first layer that needs it and
    // read by the others, three small kernels a forward pass instead of three a layer.
    mutable torch::Tensor additive;
};
AttentionMask attentionMask(const torch::Tensor &padding, int64_t tokens, bool causal, torch::Device device,
                            int64_t window = 0);

struct AttentionResult
{
    torch::Tensor context; // [B, T, H*d], heads gated (where the gate was given)
    torch::Tensor probs;   // [B, H, T, T] when asked for
};

// softmax(q k^T * scale + mask) v per head, with the head gate applied to each head's
// context (none where `headGate` is undefined: placeUnitGates put it on the output's weight).
// q: [B, T, H*d]; k, v: [B, T, G*d] where G divides H: with G < H (grouped-query attention)
// key-value head g serves query heads g*H/G ... (g+1)*H/G - 1. `hookSite` is used for the
// HeadContext hook. Without `keepProbs` it runs as one fused kernel (LibTorch 2.1 and later).
AttentionResult multiHeadAttention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v,
                                   int64_t heads, double scale, const AttentionMask &mask,
                                   const torch::Tensor &headGate, bool keepProbs,
                                   const ForwardOptions &options, Site hookSite);

// Throws a message naming the offending id when `ids` holds a token outside [0, vocab).
void checkTokenIds(const torch::Tensor &ids, int64_t vocab, const char *what);

// The batch's input_ids on `device`, checked where they are (on the CPU, usually: no wait
// for the GPU): present, no longer than the tower's positions, within its vocabulary.
torch::Tensor tokenIds(const ModelInputs &in, const ModelConfig &config, const TowerConfig &tower, torch::Device device);

// x W^T + b (w [out, in], nn.Linear's layout) or, `inputMajor`, x W + b (w [in, out], Conv1D's);
// b undefined: none. As split products where splitFloat32Linear takes them (float32 on a GPU
// with TF32 tensor cores, in precision tf32x3: split_products.h), LibTorch's product elsewhere.
torch::Tensor linearProduct(const torch::Tensor &x, const torch::Tensor &w, const torch::Tensor &b = {},
                            bool inputMajor = false);

// The linear layer's input and output, each passed through the hook.
torch::Tensor applyLinear(PrunableLinearImpl &linear, const torch::Tensor &x, const ForwardOptions &options,
                          int tower, int layer, const torch::Tensor &biasScale = {},
                          const torch::Tensor &inputGates = {});

// Where a layer's gates of one kind (its heads' or its FFN neurons', [units]) multiply: on the
// units (a head's context, a neuron's activation: `onUnits`, for multiHeadAttention and
// gatedActivation), or on the input columns of the weight that reads them (`onWeight`, for
// applyLinear): x (W diag g)^T = (x diag g) W^T, the same outputs and gradients, each gate's
// gradient then summed over its columns of dW * W instead of over the batch. The weight holds
// a row per output where the units hold one per token, so the gates go on the weight when a
// pass differentiates both (scoring) and has at least as many token rows (those of `tokens`,
// [..., features]) as the reader has outputs: the multiply and its backward then run over
// the smaller tensor, and the units need no kernel of their own (BERT-large at 64 x 256:
// 16,384 rows against 1,024 outputs). The gated weight is kept for the backward, at most the
// size of one of the layer's [rows, units] activations. With a hook, which sees gated units,
// or without gradients: on the units.
struct UnitGates
{
    torch::Tensor onUnits, onWeight; // one of the two is defined
};
UnitGates placeUnitGates(const torch::Tensor &gates, const PrunableLinearImpl &reader, const torch::Tensor &tokens,
                         const ForwardOptions &options);

// 1 while any gate of a block is open, 0 once all are closed: a block whose heads (or
// neurons) are all pruned is removed whole, its output projection's bias included.
// Not differentiable, so gate gradients are unchanged. `gates` [layers, units] gives
// [layers], computed once per forward pass.
torch::Tensor blockAlive(const torch::Tensor &gates);

// The layers' rows of `gates` [layers, units], one view each, taken once per forward pass.
// Rows taken one at a time (gates[layer]) each give the gradient back as a zero-filled
// [layers, units] with their row copied in, and the engine adds those up: three kernels a
// layer and kind; the rows of one unbind give it back in one stack.
inline std::vector<torch::Tensor> gateRows(const torch::Tensor &gates)
{
    return gates.unbind(0);
}

// x [..., units] times the gates [units] in x's type (under autocast: no float32 copy of x).
inline torch::Tensor gated(const torch::Tensor &x, const torch::Tensor &gates)
{
    return x * gates.to(x.scalar_type());
}

// Whether query, key and value can be one product of their stacked weights: each in nn.Linear's
// layout, with biases on all three or on none.
bool stackable(const PrunableLinearImpl &query, const PrunableLinearImpl &key, const PrunableLinearImpl &value);

// The query, key and value projections of x. On a GPU without a hook, one product of the three
// weights stacked (their pass weights' stack where one is held): x is read, and under autocast
// cast to bfloat16, once, and its gradient is one product rather than three cast to float32
// and summed. Elsewhere each its own, through applyLinear.
std::array<torch::Tensor, 3> projectQueryKeyValue(PrunableLinearImpl &query, PrunableLinearImpl &key,
                                                  PrunableLinearImpl &value, const torch::Tensor &x,
                                                  const ForwardOptions &options, int tower, int layer);

// activate(activation, x) times the neuron gates (x [..., units], gates [units], undefined
// where placeUnitGates put them on the next weight; activation "" for none), the hook seeing
// the activation at `site` where there is one. Without a hook on a GPU, one fused pass
// forward and one backward (fused_kernels.h gatedUnits).
torch::Tensor gatedActivation(const std::string &activation, const torch::Tensor &x, const torch::Tensor &gates,
                              const ForwardOptions &options, const Site &site);

// The next-token loss of a causal LM as transformers computes it (labels shift; -100 ignored).
torch::Tensor causalLmLoss(const torch::Tensor &logits, const torch::Tensor &labels);

// The loss of a classification head by config.json's problem_type: cross-entropy over
// class ids (checked against the labels' range), mean squared error for regression,
// binary cross-entropy with logits for multi-label.
torch::Tensor classificationLoss(const ModelConfig &config, const torch::Tensor &logits, const torch::Tensor &labels);

// The masked-LM loss: cross-entropy over the vocabulary at the labelled tokens (-100 elsewhere).
torch::Tensor maskedLmLoss(const torch::Tensor &logits, const torch::Tensor &labels);

// A ViT patch embedding, a convolution whose stride is its kernel, computed as one matrix
// product over the cut-out patches (far faster than the convolution kernels chosen for
// this shape, and in bf16 under autocast): pixels [B, C, size, size] to [B, patches, hidden].
// `weight` is [hidden, C, p, p]; `bias` optional. Throws naming the expected shape.
torch::Tensor patchEmbedding(const torch::Tensor &pixels, const torch::Tensor &weight, const torch::Tensor &bias,
                             const ModelConfig &config);

inline torch::Tensor callHook(const ForwardOptions &options, const Site &site, const torch::Tensor &x)
{
    return options.hook ? options.hook(site, x) : x;
}

// Where an encoder layer normalises: after each residual sum (BERT, RoBERTa, DistilBERT)
// or at the input of each sublayer (ViT, CLIP).
enum class NormPlacement { AfterResidual, BeforeSublayer };

// An encoder layer of the BERT and ViT kind: self-attention (query, key, value, output)
// and an FFN (in, out), each with its LayerNorm.
struct EncoderLayer
{
    PrunableLinear query{nullptr}, key{nullptr}, value{nullptr}, attentionOut{nullptr}, ffnIn{nullptr}, ffnOut{nullptr};
    LayerNorm attentionNorm{nullptr}, ffnNorm{nullptr};
};

// The model of a family whose towers are such encoders.
class EncoderModel : public TransformerModel
{
public:
    using TransformerModel::TransformerModel;

protected:
    // The layer's prunable matrices from the structure table, its LayerNorms at these names.
    EncoderLayer addEncoderLayer(const LayerStructure &structure, const std::string &attentionNorm,
                                 const std::string &ffnNorm, double eps);
    // Runs tower `tower`'s layers over h (its embeddings) with the gates on every head and
    // FFN neuron and the hooks at HeadContext, NeuronActivation and LayerOutput; the hidden
    // states (h first, then each layer's output) and attention maps go to `trace` when
    // the options ask for them.
    torch::Tensor runEncoder(std::vector<EncoderLayer> &layers, int tower, NormPlacement placement, torch::Tensor h,
                             const AttentionMask &mask, const ForwardOptions &options, TowerOutputs &trace);
};

} // namespace prunescope
