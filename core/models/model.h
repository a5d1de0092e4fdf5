// A transformer model of one of the supported families, built from its config with the
// checkpoint's own parameter names. Every family exposes the same handles for pruning
// analysis: gates on every head and FFN neuron, weight masks on every prunable matrix,
// hidden states and attention probabilities, and a hook at every site where Cam-Cut and
// Smooth-Cut read or perturb activations.
#pragma once

#include "core/models/model_config.h"
#include "core/models/model_structure.h"

#include <torch/nn/module.h>
#include <torch/types.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace prunescope {

struct ModelInputs
{
    torch::Tensor inputIds;      // [batch, tokens], int64
    torch::Tensor attentionMask; // [batch, tokens], 1 = real token; optional
    torch::Tensor tokenTypeIds;  // BERT; optional
    torch::Tensor pixelValues;   // CLIP images [batch, channels, size, size]
    torch::Tensor labels;        // optional: class ids, regression targets or next-token targets
};

// Every tensor of a batch, for code that treats them alike.
inline constexpr torch::Tensor ModelInputs::*modelInputFields[] = {&ModelInputs::inputIds, &ModelInputs::attentionMask,
                                                                   &ModelInputs::tokenTypeIds, &ModelInputs::pixelValues,
                                                                   &ModelInputs::labels};

// Where a hook is called. The hook receives the tensor at that site and returns the
// tensor the model continues with (the same one, a noisy one, one with retain_grad()).
enum class SiteKind {
    InputEmbeddings,  // token (word) embeddings before positions are added: [B, T, E]
    LinearInput,      // input of a prunable matrix: [B, T, in]
    LinearOutput,     // output of a prunable matrix, before any activation: [B, T, out]
    HeadContext,      // per-head attention output before the head gate: [B, H, T, d]
    NeuronActivation, // FFN activation before the neuron gate: [B, T, ffn]
    LayerOutput,      // output of a whole layer: [B, T, E]
};

struct Site
{
    SiteKind kind = SiteKind::LayerOutput;
    int tower = 0;
    int layer = -1;                        // -1 for embeddings
    const PrunableMatrix *matrix = nullptr; // LinearInput and LinearOutput only
};

using SiteHook = std::function<torch::Tensor(const Site &, const torch::Tensor &)>;

struct ForwardOptions
{
    bool hiddenStates = false;
    bool attentions = false;
    SiteHook hook; // empty: no hook calls at all
    // The batch is this many equal batches one after another (Smooth-Cut's noisy copies);
    // the loss is their mean. Only CLIP's contrastive loss, which pairs within a batch, differs.
    int64_t lossGroups = 1;
    // Start at layer `fromLayer` of the first tower with `fromHidden` as that layer's input
    // (what a LayerOutput hook saw after the layer before), skipping everything before it:
    // layer-by-layer methods (SparseGPT) then run each layer once or twice instead of the
    // whole model up to it. -1: from the embeddings. Only where resumesAtLayer() is true.
    int fromLayer = -1;
    torch::Tensor fromHidden;
};

struct TowerOutputs
{
    std::vector<torch::Tensor> hiddenStates; // embedding output, then every layer (as transformers returns them)
    std::vector<torch::Tensor> attentions;   // softmax probabilities [B, H, T, T] per layer
};

struct ModelOutputs
{
    torch::Tensor lastHiddenState; // [B, T, E]: the encoder / decoder output (CLIP: the text tower's, after its final LayerNorm)
    torch::Tensor logits;          // task heads only. BERT: [B, labels] or [B, T, vocab]; GPT-2: [B, T, vocab]
    torch::Tensor loss;   // 0-d; defined when labels were given (CLIP: when asked for)
    torch::Tensor textEmbeds, imageEmbeds, logitsPerImage, logitsPerText; // CLIP
    std::vector<TowerOutputs> towers;
};

class PrunableLinearImpl;

class TransformerModel : public torch::nn::Module
{
public:
    TransformerModel(ModelConfig config);

    const ModelConfig &config() const { return m_config; }
    const ModelStructure &structure() const { return m_structure; }

    // Gates (value 1 by default) multiply each head's context and each FFN neuron's
    // activation. Set requires_grad on them to read dL/dgate after backward().
    torch::Tensor &headGates(size_t tower) { return m_headGates.at(tower); }      // [layers, heads]
    torch::Tensor &neuronGates(size_t tower) { return m_neuronGates.at(tower); } // [layers, ffn]
    void resetGates();

    // A mask multiplied into a prunable weight in every forward: bool stays bool, else the weight's dtype.
    void setWeightMask(const std::string &weightName, const torch::Tensor &mask);
    void clearWeightMasks();

    // For a gradient method's passes under autocast on a GPU: each float32 prunable weight
    // (its mask applied, where that is a bool one) cast to `type` once, as a leaf that the
    // products read and autograd differentiates in the weight's place, so that no pass casts
    // every weight and, backward, every weight's gradient back to float32: the same values,
    // since autocast's casts round alike. A layer's query, key and value (three nn.Linear
    // matrices) are rows of one leaf, multiplied at once with no stack copied each pass.
    // `differentiable`: the leaves require grad. Held until dropPassWeights(); returns the
    // leaves, as passWeights() does.
    const std::vector<torch::Tensor> &holdPassWeights(torch::ScalarType type, bool differentiable);
    const std::vector<torch::Tensor> &passWeights() const { return m_passWeights; }
    bool holdsPassWeight(const std::string &name) const;
    void dropPassWeights();
    // The gradient of prunable weight `name` in the products' type (the weight's own gradient,
    // cast), read off its leaf's gradient, which `leafGradient` gives; undefined where the
    // weight has no leaf held.
    torch::Tensor passGradient(const std::string &name,
                               const std::function<torch::Tensor(const torch::Tensor &)> &leafGradient) const;

    // Moves parameters, gates and masks; dtype applies to floating-point tensors only.
    void moveTo(torch::Device device, torch::ScalarType dtype = torch::kFloat);
    torch::Device device() const;

    // The computation. `wantLoss` makes CLIP compute its contrastive loss (it has no labels).
    virtual ModelOutputs forward(const ModelInputs &inputs, const ForwardOptions &options = {},
                                 bool wantLoss = false) = 0;

    // Whether forward() honours ForwardOptions::fromLayer (the Llama-style decoders do).
    virtual bool resumesAtLayer() const { return false; }

    // Names of checkpoint tensors that this model reads from another parameter
    // (tied heads) or that carry no information (buffers): accepted and not loaded.
    virtual bool isIgnorableTensor(const std::string &normalizedName) const = 0;

protected:
    // Registers `module` under a dotted path ("attention.self.query"), creating plain
    // intermediate modules, so parameters carry the checkpoint's names.
    template<typename ModuleHolder>
    ModuleHolder add(const std::string &path, ModuleHolder module)
    {
        const size_t dot = path.rfind('.');
        torch::nn::Module &parent = dot == std::string::npos ? *this : moduleAt(path.substr(0, dot));
        parent.register_module(path.substr(dot == std::string::npos ? 0 : dot + 1), module);
        return module;
    }
    // The module at a dotted path, created (as a plain module) where missing.
    torch::nn::Module &moduleAt(const std::string &path);
    // Registers a prunable matrix of the structure table (with its bias, if it has one)
    // under the matrix's own name.
    std::shared_ptr<PrunableLinearImpl> addLinear(const PrunableMatrix &matrix);

    ModelConfig m_config;
    ModelStructure m_structure;
    std::vector<torch::Tensor> m_headGates;
    std::vector<torch::Tensor> m_neuronGates;
    std::map<std::string, std::shared_ptr<PrunableLinearImpl>> m_linears; // by weight name
    std::vector<torch::Tensor> m_passWeights;                              // the leaves held
};

// `tensor` on `device`. From the CPU to a GPU the copy goes through pinned memory and does
// not wait for the GPU, so the next batch's inputs travel while the last one computes.
torch::Tensor toDevice(const torch::Tensor &tensor, torch::Device device,
                       torch::ScalarType dtype = torch::ScalarType::Undefined);

// Builds the model a config describes; parameters are allocated but not initialised
// (loading fills them). `hasPooler`: BertModel checkpoints may lack the pooler.
std::shared_ptr<TransformerModel> createModel(const ModelConfig &config, bool hasPooler = true);

} // namespace prunescope
