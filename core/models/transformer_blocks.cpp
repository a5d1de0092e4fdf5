#include "core/models/transformer_blocks.h"

#include "core/models/fused_kernels.h"
#include "core/models/input_checks.h"
#include "core/models/model_family.h"
#include "core/models/split_products.h"
#include "core/support/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace prunescope {

PrunableLinearImpl::PrunableLinearImpl(int64_t in, int64_t out, bool withBias, bool inputMajor_)
    : inputMajor(inputMajor_)
{
    weight = register_parameter("weight", inputMajor ? torch::empty({in, out}) : torch::empty({out, in}));
    if (withBias)
        bias = register_parameter("bias", torch::empty({out}));
}

namespace {

// The weight with each input column times its unit's gate (gates [units] float32, an equal
// share of the columns each, contiguous; the columns are dimension `axis` of the weight). The
// gates' gradient is summed in float32 over the products dW * W of their columns, as the
// activation-side gates sum theirs over the batch. The gates broadcast over a view of the
// weight by unit: one kernel each way, no copy of them.
class InputGatedWeightFunction : public torch::autograd::Function<InputGatedWeightFunction>
{
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *context, const torch::Tensor &weight,
                                 const torch::Tensor &gates, int64_t axis)
    {
        context->save_for_backward({weight, gates});
        context->saved_data["axis"] = axis;
        return gated(weight, gates, axis);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *context,
                                                   torch::autograd::variable_list outputGradients)
    {
        const auto saved = context->get_saved_variables();
        const torch::Tensor &weight = saved[0], &gates = saved[1];
        const int64_t axis = context->saved_data["axis"].toInt();
        const torch::Tensor &dy = outputGradients[0];
        torch::Tensor dWeight, dGates;
        if (context->needs_input_grad(0))
            dWeight = gated(dy, gates, axis);
        if (context->needs_input_grad(1))
            dGates = (byUnit(dy, gates.numel(), axis) * byUnit(weight, gates.numel(), axis))
                         .sum(std::vector<int64_t>{0, 2}, false, torch::kFloat)
                         .to(gates.scalar_type());
        return {dWeight, dGates, torch::Tensor()};
    }

private:
    // t [out, units * span] (axis 1) as [out, units, span], or [units * span, out] (axis 0) as
    // [1, units, span * out]: each unit's columns on the middle dimension.
    static torch::Tensor byUnit(const torch::Tensor &t, int64_t units, int64_t axis)
    {
        return t.reshape({axis == 1 ? t.size(0) : 1, units, -1});
    }

    static torch::Tensor gated(const torch::Tensor &t, const torch::Tensor &gates, int64_t axis)
    {
        return (byUnit(t, gates.numel(), axis) * gates.to(t.scalar_type()).view({1, -1, 1})).view(t.sizes());
    }
};

} // namespace

torch::Tensor PrunableLinearImpl::forward(const torch::Tensor &x, const torch::Tensor &biasScale,
                                          const torch::Tensor &inputGates)
{
    torch::Tensor w = maskedWeight();
    if (inputGates.defined()) {
        const int64_t axis = inputMajor ? 0 : 1;
        w = InputGatedWeightFunction::apply(w, inputGates, axis);
    }
    return linearProduct(x, w, bias.defined() && biasScale.defined() ? bias * biasScale : bias, inputMajor);
}

torch::Tensor linearProduct(const torch::Tensor &x, const torch::Tensor &w, const torch::Tensor &b, bool inputMajor)
{
    if (auto split = splitFloat32Linear(x, w, b, inputMajor); split.defined())
        return split;
    // at::linear adds the bias in the matrix product's epilogue; the C++ frontend's
    // functional::linear adds it afterwards, a pass in float32 over bf16 under autocast.
    if (!inputMajor)
        return torch::linear(x, w, b);
    // Conv1D as transformers computes it: addmm over the flattened batch.
    auto shape = x.sizes().vec();
    shape.back() = w.size(1);
    const auto flat = x.reshape({-1, x.size(-1)});
    const auto y = b.defined() ? torch::addmm(b, flat, w) : torch::mm(flat, w);
    return y.view(shape);
}

LayerNormImpl::LayerNormImpl(int64_t dim, double eps_)
    : eps(eps_)
{
    weight = register_parameter("weight", torch::empty({dim}));
    bias = register_parameter("bias", torch::empty({dim}));
}

torch::Tensor LayerNormImpl::forward(const torch::Tensor &x)
{
    return torch::layer_norm(x, {weight.size(0)}, weight, bias, eps);
}

RmsNormImpl::RmsNormImpl(int64_t dim, double eps_)
    : eps(eps_)
{
    weight = register_parameter("weight", torch::empty({dim}));
}

torch::Tensor RmsNormImpl::forward(const torch::Tensor &x)
{
    const auto x32 = x.to(torch::kFloat);
    const auto normalized = x32 * torch::rsqrt(x32.pow(2).mean(-1, true) + eps);
    return weight * normalized.to(x.scalar_type());
}

EmbeddingImpl::EmbeddingImpl(int64_t count, int64_t dim, int64_t paddingIdx_)
    : paddingIdx(paddingIdx_ >= 0 && paddingIdx_ < count ? paddingIdx_ : -1)
{
    weight = register_parameter("weight", torch::empty({count, dim}));
}

torch::Tensor EmbeddingImpl::forward(const torch::Tensor &ids)
{
    return torch::embedding(weight, ids, paddingIdx);
}

namespace {

const char *const kActivations[] = {"gelu", "gelu_new", "gelu_fast", "gelu_pytorch_tanh", "quick_gelu",
                                    "relu", "silu", "swish", "tanh"};

} // namespace

void checkActivation(const std::string &name, const std::string &where)
{
    for (const char *known : kActivations)
        if (name == known)
            return;
    throw Error(where + ": activation '" + name
                + "' is not supported (gelu, gelu_new, gelu_fast, gelu_pytorch_tanh, quick_gelu, relu, silu, tanh)");
}

torch::Tensor activate(const std::string &name, const torch::Tensor &x)
{
    if (name == "gelu")
        return torch::gelu(x);
    if (name == "gelu_new" || name == "gelu_pytorch_tanh") // NewGELUActivation's tanh formula, as one kernel
        return torch::gelu(x, "tanh");
    if (name == "gelu_fast")
        return 0.5 * x * (1.0 + torch::tanh(x * 0.7978845608 * (1.0 + 0.044715 * x * x)));
    if (name == "quick_gelu")
        return x * torch::sigmoid(1.702 * x);
    if (name == "relu")
        return torch::relu(x);
    if (name == "silu" || name == "swish")
        return torch::silu(x);
    if (name == "tanh")
        return torch::tanh(x);
    throw Error("activation '" + name + "' is not supported");
}

AttentionMask attentionMask(const torch::Tensor &padding, int64_t tokens, bool causal, torch::Device device,
                            int64_t window)
{
    AttentionMask mask;
    mask.causal = causal;
    const bool sliding = causal && window > 0 && window < tokens;
    if (!padding.defined() && !sliding)
        return mask;
    torch::Tensor keys; // [1, 1, T, T]: which keys the causal (and sliding) rule leaves each query
    if (causal) {
        const auto lower = torch::ones({tokens, tokens}, torch::TensorOptions().device(device).dtype(torch::kBool));
        keys = (sliding ? lower.tril().logical_and(lower.triu(-(window - 1))) : lower.tril()).view({1, 1, tokens, tokens});
    }
    if (!padding.defined())
        mask.allowed = keys;
    else {
        mask.allowed = toDevice(padding, device, torch::kBool).view({padding.size(0), 1, 1, tokens});
        if (keys.defined())
            mask.allowed = mask.allowed.logical_and(keys);
    }
    return mask;
}

namespace {

// The most negative finite value of a floating-point type, as transformers masks with.
double lowest(torch::ScalarType dtype)
{
    switch (dtype) {
    case torch::kDouble: return std::numeric_limits<double>::lowest();
    case torch::kBFloat16: return -3.3895313892515355e38;
    case torch::kHalf: return -65504.0;
    default: return double(std::numeric_limits<float>::lowest());
    }
}

// Everything outside the mask (or above the diagonal) set to the most negative value.
torch::Tensor masked(const torch::Tensor &scores, const AttentionMask &mask)
{
    torch::Tensor allowed = mask.allowed;
    if (!allowed.defined() && mask.causal) {
        const int64_t tokens = scores.size(-1);
        allowed = torch::ones({tokens, tokens}, scores.options().dtype(torch::kBool)).tril();
    }
    return allowed.defined() ? scores.masked_fill(allowed.logical_not(), lowest(scores.scalar_type())) : scores;
}

} // namespace

AttentionResult multiHeadAttention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v,
                                   int64_t heads, double scale, const AttentionMask &mask,
                                   const torch::Tensor &headGate, bool keepProbs,
                                   const ForwardOptions &options, Site hookSite)
{
    const int64_t batch = q.size(0), tokens = q.size(1), width = q.size(2), headDim = width / heads;
    const int64_t groups = k.size(2) / headDim;
    // [B, T, n*d] -> [B, H, T, d]; keys and values repeated for the query heads of their group.
    const auto split = [&](const torch::Tensor &x) {
        const int64_t n = x.size(2) / headDim;
        const auto perHead = x.view({batch, x.size(1), n, headDim}).transpose(1, 2);
        return n == heads ? perHead : perHead.repeat_interleave(heads / n, 1);
    };
    if (groups <= 0 || heads % groups != 0)
        throw Error("internal: " + std::to_string(groups) + " key-value heads cannot serve " + std::to_string(heads)
                    + " query heads");
    AttentionResult result;
    torch::Tensor context; // [B, H, T, d]
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
    if (!keepProbs) {
        // Padding becomes an additive mask in the query's dtype, so a fully masked row
        // gives uniform weights as in transformers rather than NaN.
        c10::optional<torch::Tensor> additive;
        if (mask.allowed.defined()) {
            const auto &made = mask.additive;
            if (!made.defined() || made.scalar_type() != q.scalar_type() || made.device() != q.device())
                mask.additive = masked(torch::zeros(mask.allowed.sizes(), q.options()), mask);
            additive = mask.additive;
        }
        context = at::scaled_dot_product_attention(split(q), split(k), split(v), additive, 0.0,
                                                   mask.causal && !additive.has_value(), scale);
    }
#endif
    if (!context.defined()) {
        const auto probs = torch::softmax(masked(torch::matmul(split(q), split(k).transpose(-1, -2)) * scale, mask), -1);
        context = torch::matmul(probs, split(v));
        if (keepProbs)
            result.probs = probs;
    }
    hookSite.kind = SiteKind::HeadContext;
    if (!headGate.defined()) { // gated on the output projection's weight (placeUnitGates)
        result.context = context.transpose(1, 2).reshape({batch, tokens, width});
        return result;
    }
    if (!options.hook && context.is_cuda()) {
        // Gated as [B, T, H * d], a view of what the fused attention writes.
        result.context = gatedUnits(context.transpose(1, 2).reshape({batch, tokens, width}), headGate, headDim, "");
        if (result.context.defined())
            return result;
    }
    context = callHook(options, hookSite, context);
    context = context * headGate.view({1, heads, 1, 1}).to(context.scalar_type());
    result.context = context.transpose(1, 2).reshape({batch, tokens, width});
    return result;
}

void checkTokenIds(const torch::Tensor &ids, int64_t vocab, const char *what)
{
    checkInput(ids, [vocab, what = std::string(what)](const torch::Tensor &values) {
        // One device sync on the common path; the offending value is looked up only on failure.
        const auto ids = values.to(torch::kLong);
        if (ids.numel() == 0 || !ids.lt(0).logical_or(ids.ge(vocab)).any().item<bool>())
            return;
        const int64_t low = ids.min().item<int64_t>(), high = ids.max().item<int64_t>();
        if (low < 0 || high >= vocab)
            throw Error(what + " holds " + std::to_string(low < 0 ? low : high) + ", outside the model's "
                        + std::to_string(vocab) + (what == "labels" ? " classes" : " entries"));
    });
}

torch::Tensor tokenIds(const ModelInputs &in, const ModelConfig &config, const TowerConfig &tower, torch::Device device)
{
    const std::string title = config.family ? config.family->title : config.familyName();
    if (!in.inputIds.defined())
        throw Error(title + " needs input_ids");
    const int64_t tokens = in.inputIds.size(1);
    if (tokens > tower.maxPositions)
        throw Error("input of " + std::to_string(tokens) + " tokens is longer than the " + title + " " + tower.name
                    + "'s " + std::to_string(tower.maxPositions) + " positions");
    checkTokenIds(in.inputIds, tower.vocabSize, "input_ids");
    return toDevice(in.inputIds, device);
}

bool stackable(const PrunableLinearImpl &query, const PrunableLinearImpl &key, const PrunableLinearImpl &value)
{
    const bool biases = query.bias.defined() && key.bias.defined() && value.bias.defined();
    const bool noBiases = !query.bias.defined() && !key.bias.defined() && !value.bias.defined();
    return !query.inputMajor && !key.inputMajor && !value.inputMajor && (biases || noBiases);
}

std::array<torch::Tensor, 3> projectQueryKeyValue(PrunableLinearImpl &query, PrunableLinearImpl &key,
                                                  PrunableLinearImpl &value, const torch::Tensor &x,
                                                  const ForwardOptions &options, int tower, int layer)
{
    if (options.hook || !x.is_cuda() || !stackable(query, key, value))
        return {applyLinear(query, x, options, tower, layer), applyLinear(key, x, options, tower, layer),
                applyLinear(value, x, options, tower, layer)};
    const bool held = query.passStack.defined() && query.passStack.is_same(key.passStack)
                      && query.passStack.is_same(value.passStack);
    const auto weight = held ? query.passStack
                             : torch::cat({query.maskedWeight(), key.maskedWeight(), value.maskedWeight()});
    // stackable: biases on all three or on none
    const auto bias = query.bias.defined() ? torch::cat({query.bias, key.bias, value.bias}) : torch::Tensor();
    const auto parts = linearProduct(x, weight, bias)
                           .split_with_sizes({query.weight.size(0), key.weight.size(0), value.weight.size(0)}, -1);
    return {parts[0], parts[1], parts[2]};
}

UnitGates placeUnitGates(const torch::Tensor &gates, const PrunableLinearImpl &reader, const torch::Tensor &tokens,
                         const ForwardOptions &options)
{
    const torch::Tensor &weight = reader.passWeight.defined() ? reader.passWeight
                                  : reader.passStack.defined() ? reader.passStack
                                                               : reader.weight;
    const int64_t rows = tokens.numel() / std::max<int64_t>(1, tokens.size(-1));
    const int64_t outputs = reader.weight.size(reader.inputMajor ? 1 : 0);
    if (!options.hook && torch::GradMode::is_enabled() && gates.requires_grad() && weight.requires_grad()
        && rows >= outputs)
        return {torch::Tensor(), gates};
    return {gates, torch::Tensor()};
}

torch::Tensor gatedActivation(const std::string &activation, const torch::Tensor &x, const torch::Tensor &gates,
                              const ForwardOptions &options, const Site &site)
{
    if (!gates.defined()) // gated on the weight that reads them (placeUnitGates)
        return activation.empty() ? x : activate(activation, x);
    if (!options.hook)
        if (auto fused = gatedUnits(x, gates, 1, activation); fused.defined())
            return fused;
    const auto act = activation.empty() ? x : activate(activation, x);
    if (!options.hook && !activation.empty()) // an activation the kernels lack: the gates alone fused
        if (auto fused = gatedUnits(act, gates, 1, ""); fused.defined())
            return fused;
    return gated(callHook(options, site, act), gates);
}

torch::Tensor blockAlive(const torch::Tensor &gates)
{
    return gates.detach().abs().sum(-1).gt(0).to(gates.scalar_type());
}

torch::Tensor applyLinear(PrunableLinearImpl &linear, const torch::Tensor &x, const ForwardOptions &options,
                          int tower, int layer, const torch::Tensor &biasScale, const torch::Tensor &inputGates)
{
    if (!options.hook)
        return linear.forward(x, biasScale, inputGates);
    Site site;
    site.kind = SiteKind::LinearInput;
    site.tower = tower;
    site.layer = layer;
    site.matrix = linear.matrix;
    const auto y = linear.forward(options.hook(site, x), biasScale, inputGates);
    site.kind = SiteKind::LinearOutput;
    return options.hook(site, y);
}

torch::Tensor classificationLoss(const ModelConfig &config, const torch::Tensor &logits, const torch::Tensor &labels)
{
    namespace F = torch::nn::functional;
    const auto targets = toDevice(labels, logits.device());
    if (config.problemType == "regression")
        return F::mse_loss(logits.squeeze(-1), targets.to(logits.scalar_type()).view({-1}));
    if (config.problemType == "multi_label_classification")
        return F::binary_cross_entropy_with_logits(logits, targets.to(logits.scalar_type()));
    checkTokenIds(labels, config.numLabels, "labels"); // where they are: no wait for the GPU
    return F::cross_entropy(logits.view({-1, config.numLabels}), targets.view({-1}));
}

torch::Tensor maskedLmLoss(const torch::Tensor &logits, const torch::Tensor &labels)
{
    return torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}),
                                                toDevice(labels, logits.device()).reshape({-1}),
                                                torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100));
}

torch::Tensor patchEmbedding(const torch::Tensor &pixelValues, const torch::Tensor &weight, const torch::Tensor &bias,
                             const ModelConfig &config)
{
    const auto pixels = toDevice(pixelValues, weight.device(), weight.scalar_type());
    const int64_t p = config.patchSize, grid = config.imageSize / p, channels = config.numChannels;
    if (pixels.dim() != 4 || pixels.size(1) != channels || pixels.size(2) != config.imageSize
        || pixels.size(3) != config.imageSize)
        throw Error("pixel_values must be [batch, " + std::to_string(channels) + ", " + std::to_string(config.imageSize)
                    + ", " + std::to_string(config.imageSize) + "], got " + c10::str(pixels.sizes()));
    const auto patches = pixels.slice(2, 0, grid * p)
                             .slice(3, 0, grid * p)
                             .view({pixels.size(0), channels, grid, p, grid, p})
                             .permute({0, 2, 4, 1, 3, 5})
                             .reshape({pixels.size(0), grid * grid, channels * p * p});
    const auto flat = weight.view({weight.size(0), channels * p * p});
    return linearProduct(patches, flat, bias);
}

EncoderLayer EncoderModel::addEncoderLayer(const LayerStructure &structure, const std::string &attentionNorm,
                                           const std::string &ffnNorm, double eps)
{
    EncoderLayer layer;
    layer.query = addLinear(structure.withRole(MatrixRole::Query));
    layer.key = addLinear(structure.withRole(MatrixRole::Key));
    layer.value = addLinear(structure.withRole(MatrixRole::Value));
    layer.attentionOut = addLinear(structure.withRole(MatrixRole::AttentionOutput));
    layer.ffnIn = addLinear(structure.withRole(MatrixRole::FfnIn));
    layer.ffnOut = addLinear(structure.withRole(MatrixRole::FfnOut));
    const int64_t hidden = layer.query->weight.size(1);
    layer.attentionNorm = add(attentionNorm, LayerNorm(hidden, eps));
    layer.ffnNorm = add(ffnNorm, LayerNorm(hidden, eps));
    return layer;
}

torch::Tensor EncoderModel::runEncoder(std::vector<EncoderLayer> &layers, int tower, NormPlacement placement,
                                       torch::Tensor h, const AttentionMask &mask, const ForwardOptions &options,
                                       TowerOutputs &trace)
{
    const auto &t = m_config.towers[size_t(tower)];
    const auto headGates = gateRows(m_headGates[size_t(tower)]), neuronGates = gateRows(m_neuronGates[size_t(tower)]);
    const bool before = placement == NormPlacement::BeforeSublayer;
    const double scale = 1.0 / std::sqrt(double(t.headDim()));
    const auto headsAlive = blockAlive(m_headGates[size_t(tower)]), neuronsAlive = blockAlive(m_neuronGates[size_t(tower)]);
    if (options.hiddenStates)
        trace.hiddenStates.push_back(h);
    Site site;
    site.tower = tower;
    // After the residual: h = norm(h + sublayer), the sum and norm fused where they can be, and
    // then h also in the products' type (forProducts) for the next sublayer's products.
    torch::Tensor forProducts;
    const auto addAndNormalize = [&](LayerNormImpl &norm, const torch::Tensor &branch) {
        const auto fused = options.hook ? ResidualNorm() : residualLayerNorm(h, branch, norm.weight, norm.bias, norm.eps);
        h = fused.out.defined() ? fused.out : norm.forward(h + branch);
        forProducts = fused.forProducts;
    };
    const auto sublayerInput = [&](LayerNormImpl &norm) {
        return before ? norm.forward(h) : forProducts.defined() ? forProducts : h;
    };
    for (size_t i = 0; i < layers.size(); ++i) {
        auto &layer = layers[i];
        const int li = int(i);
        site.layer = li;
        const auto x = sublayerInput(*layer.attentionNorm);
        const auto [q, k, v] = projectQueryKeyValue(*layer.query, *layer.key, *layer.value, x, options, tower, li);
        const auto headGate = placeUnitGates(headGates[li], *layer.attentionOut, q, options);
        const auto attention = multiHeadAttention(q, k, v, t.heads, scale, mask, headGate.onUnits, options.attentions,
                                                  options, site);
        const auto attended = applyLinear(*layer.attentionOut, attention.context, options, tower, li, headsAlive[li],
                                          headGate.onWeight);
        if (before)
            h = h + attended;
        else
            addAndNormalize(*layer.attentionNorm, attended);
        site.kind = SiteKind::NeuronActivation;
        const auto hidden = applyLinear(*layer.ffnIn, sublayerInput(*layer.ffnNorm), options, tower, li);
        const auto neuronGate = placeUnitGates(neuronGates[li], *layer.ffnOut, hidden, options);
        const auto act = gatedActivation(t.activation, hidden, neuronGate.onUnits, options, site);
        const auto out = applyLinear(*layer.ffnOut, act, options, tower, li, neuronsAlive[li], neuronGate.onWeight);
        if (before)
            h = h + out;
        else
            addAndNormalize(*layer.ffnNorm, out);
        site.kind = SiteKind::LayerOutput;
        h = callHook(options, site, h);
        if (options.hiddenStates)
            trace.hiddenStates.push_back(h);
        if (options.attentions)
            trace.attentions.push_back(attention.probs);
    }
    return h;
}

} // namespace prunescope
