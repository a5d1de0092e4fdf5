#include "core/models/onnx_writer.h"

#include "core/models/unit_slices.h"
#include "core/support/error.h"

#include <torch/torch.h>

#include <cmath>

namespace prunescope {

namespace {

std::vector<int64_t> indicesOf(const torch::Tensor &keep)
{
    const auto index = keep.ne(0).nonzero().flatten().to(torch::kCPU).contiguous();
    return {index.data_ptr<int64_t>(), index.data_ptr<int64_t>() + index.numel()};
}

// A gate that is neither 0 nor 1 scales a unit: no export can write that.
void checkBinary(const torch::Tensor &gates, const std::string &what)
{
    if (gates.ne(0).logical_and(gates.ne(1)).any().item<bool>())
        throw Error("ONNX export: the " + what + " gates hold values other than 0 and 1; only a mask can be exported");
}

} // namespace

OnnxWriter::OnnxWriter(OnnxGraph &graph, TransformerModel &model)
    : graph(graph)
    , m_model(model)
{
    for (const auto &p : model.named_parameters())
        m_names.emplace(p.value().data_ptr(), p.key());
    for (size_t t = 0; t < model.structure().towers.size(); ++t) {
        checkBinary(model.headGates(t), "head");
        checkBinary(model.neuronGates(t), "neuron");
    }
}

std::vector<int64_t> OnnxWriter::keptHeads(int tower, int layer) const
{
    return indicesOf(m_model.headGates(size_t(tower))[layer]);
}

std::vector<int64_t> OnnxWriter::keptNeurons(int tower, int layer) const
{
    return indicesOf(m_model.neuronGates(size_t(tower))[layer]);
}

std::string OnnxWriter::tokenInput(const std::string &name)
{
    return graph.input(name, torch::kInt64, {std::string("batch"), std::string("sequence")});
}

std::string OnnxWriter::pixelInput()
{
    const auto &c = m_model.config();
    return graph.input("pixel_values", graph.floatType(), {std::string("batch"), c.numChannels, c.imageSize, c.imageSize});
}

void OnnxWriter::logits(const std::string &value)
{
    const ModelConfig &c = m_model.config();
    if (c.head == TaskHead::SequenceClassification)
        graph.output(value, "logits", graph.floatType(), {std::string("batch"), c.numLabels});
    else
        graph.output(value, "logits", graph.floatType(),
                     {std::string("batch"), std::string("sequence"), c.towers.front().vocabSize});
}

void OnnxWriter::lastHiddenState(const std::string &value)
{
    const TowerConfig &t = m_model.config().towers.front();
    graph.output(value, "last_hidden_state", graph.floatType(),
                 {std::string("batch"), t.images ? OnnxDim(t.maxPositions) : OnnxDim(std::string("sequence")), t.hidden});
}

std::string OnnxWriter::parameter(const torch::Tensor &tensor, bool transposed)
{
    const std::pair<const void *, bool> key{tensor.data_ptr(), transposed};
    auto it = m_stored.find(key);
    if (it == m_stored.end()) {
        const auto name = m_names.find(tensor.data_ptr());
        it = m_stored.emplace(key, graph.weight(name == m_names.end() ? "parameter" : name->second,
                                                transposed ? tensor.t() : tensor)).first;
    }
    return it->second;
}

std::string OnnxWriter::linear(const std::string &x, PrunableLinearImpl &linear, int tower, int layer)
{
    if (!linear.matrix)
        return this->linear(x, linear);
    const PrunableMatrix &m = *linear.matrix;
    const TowerStructure &structure = m_model.structure().towers.at(size_t(tower));
    torch::Tensor w = linear.mask.defined() ? linear.weight * linear.mask.to(linear.weight.scalar_type()) : linear.weight;
    torch::Tensor b = linear.bias;
    const auto heads = m_model.headGates(size_t(tower))[layer].to(torch::kCPU);
    const auto neurons = m_model.neuronGates(size_t(tower))[layer].to(torch::kCPU);
    // The features each stored axis keeps: all but the pruned units' of every slice.
    torch::Tensor keepAxis[2];
    bool neuronAxis[2] = {false, false};
    for (const UnitSlice &slice : m.slices) {
        const int64_t axis = m.storedAxis(slice);
        if (!keepAxis[axis].defined())
            keepAxis[axis] = torch::ones({w.size(axis)}, torch::kBool);
        const auto pruned = unitKeep(structure, slice.unit, heads, neurons).eq(0).nonzero().flatten();
        keepAxis[axis].index_fill_(0, featuresOf(slice, pruned), false);
        neuronAxis[axis] = neuronAxis[axis] || slice.unit == UnitKind::Neuron;
    }
    for (int64_t axis = 0; axis < 2; ++axis) {
        if (!keepAxis[axis].defined())
            continue;
        const auto index = keepAxis[axis].nonzero().flatten().to(w.device());
        const bool biasAxis = b.defined() && axis == (m.inputMajor ? 1 : 0);
        w = w.index_select(axis, index);
        if (biasAxis)
            b = b.index_select(0, index);
        if (const int64_t pad = neuronAxis[axis] ? onnxWidth(index.numel(), keepAxis[axis].numel(), align) - index.numel() : 0;
            pad > 0) { // zero units: their activations meet zero weights in the next matrix
            auto shape = w.sizes().vec();
            shape[size_t(axis)] = pad;
            w = torch::cat({w, torch::zeros(shape, w.options())}, axis);
            if (biasAxis)
                b = torch::cat({b, torch::zeros({pad}, b.options())});
        }
    }
    const std::string weight = graph.weight(m.weight, m.inputMajor ? w : w.t());
    return product(x, weight, b.defined() ? graph.weight(m.bias, b) : std::string());
}

std::string OnnxWriter::linear(const std::string &x, PrunableLinearImpl &linear)
{
    return product(x, parameter(linear.weight, !linear.inputMajor),
                   linear.bias.defined() ? parameter(linear.bias) : std::string());
}

std::string OnnxWriter::product(const std::string &x, const std::string &weight, const std::string &bias)
{
    std::vector<std::string> inputs = {x, weight};
    if (!bias.empty())
        inputs.push_back(bias);
    return graph.group("Linear", inputs, {}, [&] {
        const auto y = graph.op("MatMul", {x, weight});
        return bias.empty() ? y : add(y, bias);
    });
}

std::string OnnxWriter::layerNorm(const std::string &x, LayerNormImpl &norm)
{
    return graph.op("LayerNormalization", {x, parameter(norm.weight), parameter(norm.bias)},
                    {{"axis", int64_t(-1)}, {"epsilon", float(norm.eps)}});
}

std::string OnnxWriter::activation(const std::string &name, const std::string &x)
{
    return graph.group("Activation", {x}, {{"name", name}}, [&] { return activationNodes(name, x); });
}

std::string OnnxWriter::activationNodes(const std::string &name, const std::string &x)
{
    const auto times = [&](const std::string &a, const std::string &b) { return graph.op("Mul", {a, b}); };
    if (name == "gelu") // 0.5 x (1 + erf(x / sqrt 2))
        return times(times(x, graph.scalar(0.5)),
                     add(graph.scalar(1), graph.op("Erf", {graph.op("Div", {x, graph.scalar(std::sqrt(2.0))})})));
    if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast") { // 0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³)))
        const auto cube = times(times(x, x), x);
        const auto inner = times(graph.scalar(std::sqrt(2.0 / M_PI)), add(x, times(graph.scalar(0.044715), cube)));
        return times(times(x, graph.scalar(0.5)), add(graph.scalar(1), graph.op("Tanh", {inner})));
    }
    if (name == "quick_gelu")
        return times(x, graph.op("Sigmoid", {times(x, graph.scalar(1.702))}));
    if (name == "relu")
        return graph.op("Relu", {x});
    if (name == "silu" || name == "swish")
        return times(x, graph.op("Sigmoid", {x}));
    if (name == "tanh")
        return graph.op("Tanh", {x});
    throw Error("ONNX export: activation '" + name + "' is not supported");
}

std::string OnnxWriter::embed(const std::string &ids, EmbeddingImpl &table)
{
    return graph.op("Gather", {parameter(table.weight), ids}, {{"axis", int64_t(0)}});
}

std::string OnnxWriter::positions(EmbeddingImpl &table, const std::string &like)
{
    const auto length = graph.op("Shape", {like}, {{"start", int64_t(1)}, {"end", int64_t(2)}});
    return graph.op("Slice", {parameter(table.weight), graph.integers({0}), length,
                              graph.integers({0})});
}

std::string OnnxWriter::token(const std::string &x, int64_t index)
{
    return graph.op("Gather", {x, graph.integer(index)}, {{"axis", int64_t(1)}});
}

std::string OnnxWriter::tiedProjection(const std::string &x, EmbeddingImpl &table, const torch::Tensor &bias)
{
    return add(graph.op("MatMul", {x, graph.op("Transpose", {parameter(table.weight)})}), parameter(bias));
}

std::string OnnxWriter::patchEmbedding(const std::string &pixels, const torch::Tensor &weight, const torch::Tensor &bias)
{
    const int64_t patch = weight.size(-1);
    std::vector<std::string> inputs = {pixels, parameter(weight)};
    if (bias.defined())
        inputs.push_back(parameter(bias));
    const auto grid = graph.op("Conv", inputs, {{"kernel_shape", std::vector<int64_t>{patch, patch}},
                                                {"strides", std::vector<int64_t>{patch, patch}}});
    return graph.op("Transpose", {graph.op("Reshape", {grid, graph.integers({0, 0, -1})})},
                    {{"perm", std::vector<int64_t>{0, 2, 1}}});
}

std::string OnnxWriter::perExample(const std::string &row, const std::string &like)
{
    const auto batch = graph.op("Shape", {like}, {{"start", int64_t(0)}, {"end", int64_t(1)}});
    const auto rest = graph.op("Shape", {row}, {{"start", int64_t(1)}});
    return graph.op("Expand", {row, graph.op("Concat", {batch, rest}, {{"axis", int64_t(0)}})});
}

OnnxAttentionBias OnnxWriter::attentionBias(const std::string &attentionMask, bool causal, int64_t window)
{
    // Blocked positions get the float type's lowest value (as transformers fills them): a row
    // with every key blocked stays finite.
    auto blocked = graph.op("Unsqueeze", {graph.op("Equal", {attentionMask, graph.integer(0)}), graph.integers({1, 2})});
    if (causal) { // key j after query i
        const auto position = graph.positions(attentionMask);
        const auto later = graph.op("Greater", {graph.op("Unsqueeze", {position, graph.integers({0})}),
                                                graph.op("Unsqueeze", {position, graph.integers({1})})});
        blocked = graph.op("Or", {blocked, later});
        if (window > 0) { // query i sees i - window < j <= i
            const auto back = graph.op("Sub", {graph.op("Unsqueeze", {position, graph.integers({1})}),
                                               graph.op("Unsqueeze", {position, graph.integers({0})})});
            blocked = graph.op("Or", {blocked, graph.op("Not", {graph.op("Less", {back, graph.integer(window)})})});
        }
    }
    return {graph.op("Where", {blocked, graph.scalar(graph.lowest()), graph.scalar(0)})};
}

std::string OnnxWriter::attend(const std::string &q, const std::string &k, const std::string &v, int64_t heads, int64_t d,
                               double scale, const OnnxAttentionBias &bias, int64_t keyHeads,
                               const std::vector<int64_t> &keyOfHead)
{
    std::vector<std::string> inputs = {q, k, v};
    if (!bias.bias.empty())
        inputs.push_back(bias.bias);
    const std::vector<OnnxAttribute> attributes = {{"heads", heads},
                                                   {"head_size", d},
                                                   {"scale", float(scale)},
                                                   {"key_heads", keyOfHead.empty() ? heads : keyHeads},
                                                   {"key_of_head", keyOfHead}};
    return graph.group("Attention", inputs, attributes, [&] { return attentionNodes(q, k, v, heads, d, scale, bias, keyHeads, keyOfHead); });
}

std::string OnnxWriter::attentionNodes(const std::string &q, const std::string &k, const std::string &v, int64_t heads,
                                       int64_t d, double scale, const OnnxAttentionBias &bias, int64_t keyHeads,
                                       const std::vector<int64_t> &keyOfHead)
{
    // [B, T, n d] -> [B, n, T, d]
    const auto split = [&](const std::string &x, int64_t n) {
        return graph.op("Transpose", {graph.op("Reshape", {x, graph.integers({0, 0, n, d})})},
                        {{"perm", std::vector<int64_t>{0, 2, 1, 3}}});
    };
    // Grouped keys: each query head's key-value head, gathered ([B, heads, T, d]).
    const auto perQuery = [&](const std::string &x) {
        if (keyOfHead.empty())
            return split(x, heads);
        return graph.op("Gather", {split(x, keyHeads), graph.integers(keyOfHead)}, {{"axis", int64_t(1)}});
    };
    const auto keys = graph.op("Transpose", {perQuery(k)}, {{"perm", std::vector<int64_t>{0, 1, 3, 2}}});
    auto scores = graph.op("Mul", {graph.op("MatMul", {split(q, heads), keys}), graph.scalar(scale)});
    if (!bias.bias.empty())
        scores = add(scores, bias.bias);
    const auto probs = graph.op("Softmax", {scores}, {{"axis", int64_t(-1)}});
    return graph.op("Reshape", {graph.op("Transpose", {graph.op("MatMul", {probs, perQuery(v)})},
                                         {{"perm", std::vector<int64_t>{0, 2, 1, 3}}}),
                                graph.integers({0, 0, heads * d})});
}

std::string OnnxWriter::rmsNorm(const std::string &x, RmsNormImpl &norm)
{
    const bool half = graph.floatType() != torch::kFloat32;
    const auto wide = half ? graph.op("Cast", {x}, {{"to", onnxElementType(torch::kFloat32)}}) : x; // float32, as transformers computes it
    const auto meanSquare = graph.op("ReduceMean", {graph.op("Mul", {wide, wide})}, {{"axes", std::vector<int64_t>{-1}}});
    const auto eps = graph.constant(torch::tensor(float(norm.eps)));
    auto y = graph.op("Div", {wide, graph.op("Sqrt", {graph.op("Add", {meanSquare, eps})})});
    if (half)
        y = graph.op("Cast", {y}, {{"to", onnxElementType(graph.floatType())}});
    return graph.op("Mul", {y, parameter(norm.weight)});
}

OnnxWriter::Rotary OnnxWriter::rotary(const torch::Tensor &inverseFrequencies, const std::string &like)
{
    // angles [T, d/2] = positions x inverse frequencies in float32, doubled to [T, d], as
    // rotaryTables computes them; cos and sin then in the graph's type, [1, T, 1, d].
    const auto positions = graph.op("Cast", {graph.positions(like)}, {{"to", onnxElementType(torch::kFloat32)}});
    const auto angles = graph.op("Mul", {graph.op("Unsqueeze", {positions, graph.integers({1})}),
                                         graph.op("Unsqueeze", {graph.constant(inverseFrequencies.to(torch::kFloat32)),
                                                                graph.integers({0})})});
    const auto both = graph.op("Unsqueeze", {graph.op("Concat", {angles, angles}, {{"axis", int64_t(-1)}}),
                                             graph.integers({0, 2})});
    const auto inType = [&](const std::string &x) {
        return graph.floatType() == torch::kFloat32 ? x : graph.op("Cast", {x}, {{"to", onnxElementType(graph.floatType())}});
    };
    return {inType(graph.op("Cos", {both})), inType(graph.op("Sin", {both}))};
}

std::string OnnxWriter::rotate(const std::string &x, int64_t d, const Rotary &rotary)
{
    // per head: x cos + rotate_half(x) sin, rotate_half(x) = (-x2, x1)
    const auto heads = graph.op("Reshape", {x, graph.integers({0, 0, -1, d})});
    const auto first = graph.op("Slice", {heads, graph.integers({0}), graph.integers({d / 2}), graph.integers({-1})});
    const auto second = graph.op("Slice", {heads, graph.integers({d / 2}), graph.integers({d}), graph.integers({-1})});
    const auto turned = graph.op("Concat", {graph.op("Neg", {second}), first}, {{"axis", int64_t(-1)}});
    const auto y = add(graph.op("Mul", {heads, rotary.cos}), graph.op("Mul", {turned, rotary.sin}));
    return graph.op("Reshape", {y, graph.op("Shape", {x})});
}

std::string OnnxWriter::selfAttention(const std::string &x, EncoderLayer &layer, int tower, int layer_index,
                                      const OnnxAttentionBias &bias)
{
    const auto kept = keptHeads(tower, layer_index);
    if (kept.empty())
        return {};
    const int64_t d = m_model.config().towers.at(size_t(tower)).headDim();
    const auto context = attend(linear(x, *layer.query, tower, layer_index), linear(x, *layer.key, tower, layer_index),
                                linear(x, *layer.value, tower, layer_index), int64_t(kept.size()), d,
                                1.0 / std::sqrt(double(d)), bias);
    return linear(context, *layer.attentionOut, tower, layer_index);
}

std::string OnnxWriter::feedForward(const std::string &x, PrunableLinearImpl &in, PrunableLinearImpl &out,
                                    const std::string &activationName, int tower, int layer)
{
    if (keptNeurons(tower, layer).empty())
        return {};
    return linear(activation(activationName, linear(x, in, tower, layer)), out, tower, layer);
}

std::string OnnxWriter::encoder(const std::string &input, std::vector<EncoderLayer> &layers, int tower,
                                NormPlacement placement, const OnnxAttentionBias &bias)
{
    const bool before = placement == NormPlacement::BeforeSublayer;
    const std::string &activationName = m_model.config().towers.at(size_t(tower)).activation;
    std::string h = input;
    for (size_t i = 0; i < layers.size(); ++i) {
        auto &layer = layers[i];
        const int l = int(i);
        const auto attention = selfAttention(before ? layerNorm(h, *layer.attentionNorm) : h, layer, tower, l, bias);
        if (!attention.empty())
            h = add(h, attention);
        if (!before)
            h = layerNorm(h, *layer.attentionNorm);
        const auto ffn = feedForward(before ? layerNorm(h, *layer.ffnNorm) : h, *layer.ffnIn, *layer.ffnOut,
                                     activationName, tower, l);
        if (!ffn.empty())
            h = add(h, ffn);
        if (!before)
            h = layerNorm(h, *layer.ffnNorm);
    }
    return h;
}

} // namespace prunescope
