#include "core/models/graph_runner.h"

#include "core/models/cuda_graph.h"
#include "core/models/fused_kernels.h"
#include "core/models/onnx_writer.h"
#include "core/models/transformer_blocks.h"
#include "core/support/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

namespace prunescope {

namespace {

// A value of the graph: a weight (fixed), an input, or a node's output. `shaped`: it depends
// on nothing but weights and the inputs' shapes, so it is computed once per shape.
struct Slot
{
    std::string name;
    torch::Tensor value;
    torch::Tensor onDevice; // a CPU value's copy on the runner's device, made once
    bool fixed = false, shaped = false;
};

// How an Attention step applies its additive bias: as the graph computes it, not at all (it
// is all zero), or as the causal mask the attention kernel builds itself (it is exactly that).
enum class AttentionBias { AsGiven, None, Causal };

// One node, or one group of nodes run as one kernel.
struct Step
{
    std::string type; // the ONNX operator, or the group's type
    bool group = false;
    std::vector<int> inputs;
    int output = -1;
    std::vector<OnnxAttribute> attributes;
    bool shaped = false;
    torch::Tensor index; // Attention with grouped keys: each query head's key-value head, on the device
    AttentionBias bias = AttentionBias::AsGiven; // Attention: how its bias is applied (prepare() may simplify it)
    // Linear layers of one input merged into one product (query, key and value): the
    // columns each writes to its own output, as a view.
    std::vector<std::pair<int, int64_t>> parts; // output slot, width
};

const char *const kGroupKernels[] = {"Linear", "Activation", "Attention"};

std::vector<int64_t> intsOf(const torch::Tensor &t)
{
    const auto c = t.to(torch::kCPU, torch::kInt64).contiguous();
    return {c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel()};
}

int64_t axisOf(int64_t axis, int64_t rank)
{
    return axis < 0 ? axis + rank : axis;
}

// ONNX's multidirectional broadcast of two shapes (Expand).
std::vector<int64_t> broadcastShape(c10::IntArrayRef a, const std::vector<int64_t> &b)
{
    const size_t rank = std::max(a.size(), b.size());
    std::vector<int64_t> shape(rank);
    for (size_t i = 0; i < rank; ++i) {
        const int64_t x = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
        const int64_t y = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
        shape[i] = x == 1 ? y : x;
    }
    return shape;
}

// softmax(q k^T scale + bias) v per head: q [B, T, H d], k and v [B, T, G d] to [B, T, H d].
// `index` holds the key-value head of each query head, made on the first pass (a copy to the
// GPU cannot be part of a CUDA graph).
torch::Tensor attention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v, const torch::Tensor &bias,
                        AttentionBias use, const std::vector<OnnxAttribute> &attributes, torch::Tensor &index)
{
    const int64_t heads = attributeOf<int64_t>(attributes, "heads", 0);
    const int64_t d = attributeOf<int64_t>(attributes, "head_size", 0);
    const int64_t keyHeads = attributeOf<int64_t>(attributes, "key_heads", heads);
    const double scale = attributeOf<float>(attributes, "scale", 1.0F);
    const auto keyOfHead = attributeOf<std::vector<int64_t>>(attributes, "key_of_head", {});
    const int64_t batch = q.size(0), tokens = q.size(1);
    const auto split = [&](const torch::Tensor &x, int64_t n) { return x.view({batch, tokens, n, d}).transpose(1, 2); };
    torch::Tensor keys = split(k, keyHeads), values = split(v, keyHeads);
    if (!keyOfHead.empty()) {
        if (!index.defined())
            index = torch::tensor(keyOfHead, torch::kInt64).to(q.device());
        keys = keys.index_select(1, index);
        values = values.index_select(1, index);
    }
    torch::Tensor context;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
    c10::optional<torch::Tensor> mask;
    if (bias.defined() && use == AttentionBias::AsGiven)
        mask = bias;
    context = at::scaled_dot_product_attention(split(q, heads), keys, values, mask, 0.0, use == AttentionBias::Causal,
                                               scale);
#else
    auto scores = torch::matmul(split(q, heads), keys.transpose(-1, -2)) * scale;
    if (bias.defined() && use == AttentionBias::AsGiven) // (Causal is never chosen without the fused kernels)
        scores = scores + bias;
    context = torch::matmul(torch::softmax(scores, -1), values);
#endif
    return context.transpose(1, 2).reshape({batch, tokens, heads * d});
}

} // namespace

struct GraphRunner::State
{
    std::vector<Slot> slots;
    std::vector<Step> steps;
    std::vector<std::pair<int, torch::ScalarType>> inputs; // graph inputs: slot, type
    std::vector<int> outputs;
    std::vector<std::vector<int64_t>> preparedShapes; // of the inputs the shaped values were computed for
    std::unique_ptr<CapturedPass> pass;                // on a GPU, after prepare()

    // The slot's value on `device`: a CPU value (a constant, a shape) copied there once.
    const torch::Tensor &on(int id, torch::Device device)
    {
        Slot &s = slots[size_t(id)];
        if (s.value.device() == device)
            return s.value;
        if (!s.onDevice.defined())
            s.onDevice = s.value.to(device);
        return s.onDevice;
    }

    int64_t paddedUnits = 0; // zero units padWidths added

    torch::Tensor evaluate(Step &step, torch::Device device);
    bool fixedLinear(const Step &step) const;
    int addWeight(torch::Tensor value);
    void dropUnreadWeights();
    void mergeLinears();
    void padWidths(int64_t multiple);
    void fuseAddLayerNorms();
    void bind(const NamedTensors &given, torch::Device device);
    void simplifyAttentionBiases();
    void execute(torch::Device device, bool all);
};

void GraphRunner::State::bind(const NamedTensors &given, torch::Device device)
{
    std::vector<std::vector<int64_t>> shapes;
    for (const auto &[id, type] : inputs) {
        Slot &s = slots[size_t(id)];
        const auto it = std::find_if(given.begin(), given.end(), [&](const auto &g) { return g.first == s.name; });
        if (it == given.end())
            throw Error("the graph needs the input '" + s.name + "'");
        if (s.value.defined() && s.value.sizes() == it->second.sizes())
            s.value.copy_(it->second); // in place: a captured pass reads it there
        else
            s.value = it->second.to(device, type);
        shapes.push_back(s.value.sizes().vec());
    }
    if (shapes != preparedShapes) { // every shaped value is computed anew
        preparedShapes.clear();
        for (auto &s : slots)
            if (s.shaped)
                s.value = s.onDevice = torch::Tensor();
    }
    execute(device, preparedShapes.empty());
    preparedShapes = shapes;
}

void GraphRunner::State::execute(torch::Device device, bool all)
{
    for (Step &step : steps) {
        if (step.shaped && !all)
            continue;
        if (step.parts.empty()) {
            Slot &out = slots[size_t(step.output)];
            out.value = evaluate(step, device);
            out.onDevice = torch::Tensor();
            continue;
        }
        const torch::Tensor joined = evaluate(step, device);
        int64_t offset = 0;
        for (const auto &[id, width] : step.parts) {
            slots[size_t(id)].value = joined.narrow(-1, offset, width);
            offset += width;
        }
    }
}

torch::Tensor GraphRunner::State::evaluate(Step &step, torch::Device device)
{
    // On the CPU where every input is (shapes and their arithmetic), else on the device.
    bool cpu = true;
    for (const int id : step.inputs)
        cpu = cpu && slots[size_t(id)].value.device().is_cpu();
    const torch::Device where = cpu ? torch::Device(torch::kCPU) : device;
    const auto in = [&](size_t i) -> const torch::Tensor & { return on(step.inputs.at(i), where); };
    const auto ints = [&](size_t i) { return intsOf(slots[size_t(step.inputs.at(i))].value); };
    const auto has = [&](size_t i) { return step.inputs.size() > i; };
    const auto integer = [&](const char *name, int64_t fallback) { return attributeOf<int64_t>(step.attributes, name, fallback); };
    const std::string &t = step.type;

    if (step.group) {
        if (t == "Linear") {
            const auto &x = in(0), &w = in(1);
            if (!has(2))
                return torch::matmul(x, w);
            auto sizes = x.sizes().vec();
            sizes.back() = w.size(1);
            return torch::addmm(in(2), x.reshape({-1, x.size(-1)}), w).view(sizes);
        }
        if (t == "Activation")
            return activate(attributeOf<std::string>(step.attributes, "name", ""), in(0));
        if (t == "Attention")
            return attention(in(0), in(1), in(2), has(3) ? in(3) : torch::Tensor(), step.bias, step.attributes, step.index);
    }
    if (t == "Identity")
        return in(0);
    if (t == "MatMul")
        return torch::matmul(in(0), in(1));
    if (t == "Add")
        return in(0) + in(1);
    if (t == "Sub")
        return in(0) - in(1);
    if (t == "Mul")
        return in(0) * in(1);
    if (t == "Div")
        return in(0) / in(1);
    if (t == "Neg")
        return -in(0);
    if (t == "Exp")
        return torch::exp(in(0));
    if (t == "Erf")
        return torch::erf(in(0));
    if (t == "Tanh")
        return torch::tanh(in(0));
    if (t == "Sigmoid")
        return torch::sigmoid(in(0));
    if (t == "Relu")
        return torch::relu(in(0));
    if (t == "Sqrt")
        return torch::sqrt(in(0));
    if (t == "Sin")
        return torch::sin(in(0));
    if (t == "Cos")
        return torch::cos(in(0));
    if (t == "Equal")
        return in(0).eq(in(1));
    if (t == "Greater")
        return in(0).gt(in(1));
    if (t == "Less")
        return in(0).lt(in(1));
    if (t == "Or")
        return in(0).logical_or(in(1));
    if (t == "Not")
        return in(0).logical_not();
    if (t == "Where")
        return torch::where(in(0), in(1), in(2));
    if (t == "Cast")
        return in(0).to(scalarTypeOf(integer("to", 1)));
    if (t == "Softmax")
        return torch::softmax(in(0), integer("axis", -1));
    if (t == "CumSum")
        return torch::cumsum(in(0), ints(1).at(0));
    if (t == "ReduceL2")
        return in(0).norm(2, attributeOf<std::vector<int64_t>>(step.attributes, "axes", {}), integer("keepdims", 1) != 0);
    if (t == "ArgMax") // the first of equal maxima, as ONNX's default (select_last_index 0)
        return in(0).argmax(integer("axis", 0), integer("keepdims", 1) != 0);
    if (t == "ReduceMean")
        return in(0).mean(attributeOf<std::vector<int64_t>>(step.attributes, "axes", {}), integer("keepdims", 1) != 0);
    if (t == "LayerNormalization") {
        const auto &x = in(0);
        const int64_t axis = axisOf(integer("axis", -1), x.dim());
        return torch::layer_norm(x, x.sizes().slice(size_t(axis)), in(1), has(2) ? in(2) : torch::Tensor(),
                                 attributeOf<float>(step.attributes, "epsilon", 1e-5F));
    }
    if (t == "AddLayerNorm") { // where the two inputs differ in shape (position embeddings), added as Add does
        const auto &weight = in(2);
        return addLayerNorm(in(0), in(1), weight, has(3) ? in(3) : torch::Tensor(), weight.numel(),
                            attributeOf<float>(step.attributes, "epsilon", 1e-5F));
    }
    if (t == "Conv") {
        // In float32 as the graph says: not in TF32, which cuDNN may use by default.
        auto &context = at::globalContext();
        const bool tf32 = context.allowTF32CuDNN();
        context.setAllowTF32CuDNN(false);
        auto y = torch::conv2d(in(0), in(1), has(2) ? in(2) : torch::Tensor(),
                               attributeOf<std::vector<int64_t>>(step.attributes, "strides", {1, 1}));
        context.setAllowTF32CuDNN(tf32);
        return y;
    }
    if (t == "Transpose") {
        auto perm = attributeOf<std::vector<int64_t>>(step.attributes, "perm", {});
        if (perm.empty()) // none given: the axes reversed
            for (int64_t axis = in(0).dim() - 1; axis >= 0; --axis)
                perm.push_back(axis);
        return in(0).permute(perm);
    }
    if (t == "Reshape") {
        const auto &x = in(0);
        auto shape = ints(1);
        for (size_t i = 0; i < shape.size(); ++i)
            if (shape[i] == 0)
                shape[i] = x.size(int64_t(i));
        return x.reshape(shape);
    }
    if (t == "Shape") {
        const auto sizes = slots[size_t(step.inputs.at(0))].value.sizes();
        const int64_t rank = int64_t(sizes.size());
        const int64_t start = std::clamp<int64_t>(axisOf(integer("start", 0), rank), 0, rank);
        const int64_t end = std::clamp<int64_t>(axisOf(integer("end", rank), rank), start, rank);
        return torch::tensor(std::vector<int64_t>(sizes.begin() + start, sizes.begin() + end), torch::kInt64);
    }
    if (t == "Unsqueeze") {
        auto x = in(0);
        auto axes = ints(1);
        const int64_t rank = x.dim() + int64_t(axes.size());
        for (auto &a : axes)
            a = axisOf(a, rank);
        std::sort(axes.begin(), axes.end());
        for (const int64_t a : axes)
            x = x.unsqueeze(a);
        return x;
    }
    if (t == "Squeeze") {
        auto x = in(0);
        if (!has(1))
            return x.squeeze();
        auto axes = ints(1);
        for (auto &a : axes)
            a = axisOf(a, x.dim());
        std::sort(axes.rbegin(), axes.rend());
        for (const int64_t a : axes)
            x = x.squeeze(a);
        return x;
    }
    if (t == "Slice") {
        auto x = in(0);
        const auto starts = ints(1), ends = ints(2);
        std::vector<int64_t> axes(starts.size());
        for (size_t i = 0; i < axes.size(); ++i)
            axes[i] = int64_t(i);
        if (has(3))
            axes = ints(3);
        const auto steps = has(4) ? ints(4) : std::vector<int64_t>(starts.size(), 1);
        for (size_t i = 0; i < axes.size(); ++i) {
            const int64_t axis = axisOf(axes[i], x.dim()), size = x.size(axis);
            const int64_t start = std::clamp<int64_t>(starts[i] < 0 ? starts[i] + size : starts[i], 0, size);
            const int64_t end = std::clamp<int64_t>(ends[i] < 0 ? ends[i] + size : ends[i], start, size);
            x = x.slice(axis, start, end, steps[i]);
        }
        return x;
    }
    if (t == "Gather") {
        const auto &data = in(0);
        const int64_t axis = axisOf(integer("axis", 0), data.dim());
        const auto &index = slots[size_t(step.inputs.at(1))].value;
        if (index.dim() == 0 && index.device().is_cpu())
            return data.select(axis, index.item<int64_t>());
        auto sizes = data.sizes().vec();
        sizes.erase(sizes.begin() + axis);
        sizes.insert(sizes.begin() + axis, index.sizes().begin(), index.sizes().end());
        return data.index_select(axis, in(1).flatten()).view(sizes);
    }
    if (t == "Concat") {
        std::vector<torch::Tensor> parts;
        for (size_t i = 0; i < step.inputs.size(); ++i)
            parts.push_back(in(i));
        return torch::cat(parts, integer("axis", 0));
    }
    if (t == "Expand") {
        const auto &x = in(0);
        return x.expand(broadcastShape(x.sizes(), ints(1)));
    }
    if (t == "Range") {
        const auto start = in(0), limit = in(1), delta = in(2);
        return torch::arange(start.item(), limit.item(), delta.item(), start.options());
    }
    throw Error("PruneScope's graph runtime has no operator " + t);
}

// Consecutive linear layers of the same input with weights of their own (query, key and
// value) become one product over their weights side by side: one larger matrix product
// instead of several narrow ones.
void GraphRunner::State::mergeLinears()
{
    std::vector<Step> merged;
    for (size_t i = 0; i < steps.size();) {
        size_t end = i + 1;
        while (fixedLinear(steps[i]) && end < steps.size() && fixedLinear(steps[end]) &&
               steps[end].inputs.size() == steps[i].inputs.size() && steps[end].inputs[0] == steps[i].inputs[0])
            ++end;
        if (end - i < 2) {
            merged.push_back(std::move(steps[i++]));
            continue;
        }
        Step step = steps[i];
        step.inputs.resize(1);
        std::vector<torch::Tensor> weights, biases;
        for (size_t j = i; j < end; ++j) {
            weights.push_back(slots[size_t(steps[j].inputs[1])].value);
            if (steps[j].inputs.size() > 2)
                biases.push_back(slots[size_t(steps[j].inputs[2])].value);
            step.parts.emplace_back(steps[j].output, weights.back().size(1));
        }
        step.inputs.push_back(addWeight(torch::cat(weights, 1)));
        if (!biases.empty())
            step.inputs.push_back(addWeight(torch::cat(biases)));
        merged.push_back(std::move(step));
        i = end;
    }
    steps = std::move(merged);
    dropUnreadWeights(); // the weights merged away
}

// A linear layer (a Linear group, not merged) whose weight and bias are weights of the graph.
bool GraphRunner::State::fixedLinear(const Step &step) const
{
    const auto fixedSlot = [&](int id) { return slots[size_t(id)].fixed; };
    return step.group && step.type == "Linear" && fixedSlot(step.inputs.at(1)) &&
           (step.inputs.size() == 2 || fixedSlot(step.inputs.at(2)));
}

// A weight the runner made from the graph's (merged, padded): a new fixed slot.
int GraphRunner::State::addWeight(torch::Tensor value)
{
    slots.emplace_back();
    slots.back().name = "runtime weight";
    slots.back().value = std::move(value);
    slots.back().fixed = true;
    return int(slots.size()) - 1;
}

// Weights no step reads any more (replaced by merged or padded ones) leave the device.
void GraphRunner::State::dropUnreadWeights()
{
    std::vector<bool> read(slots.size(), false);
    for (const Step &step : steps)
        for (const int id : step.inputs)
            read[size_t(id)] = true;
    for (size_t id = 0; id < slots.size(); ++id)
        if (slots[id].fixed && !read[id])
            slots[id].value = torch::Tensor();
}

// The widths between two linear layers that are no multiple of `multiple` (the FFN widths a
// pruned export keeps, 2150 of BERT-base's 3072) rounded up with zero units: zero columns
// (and zero biases) in the weights that write them, zero rows in the weights that read them.
// bfloat16 and float16 tensor cores run such products on their fast paths only. Exact: a zero
// unit's value is 0, every activation the graphs use keeps 0 at 0 (GELU and its
// approximations, SiLU, ReLU, tanh), as a product of two such values does (a gated FFN's), and
// a zero row adds nothing to the next product. A width is padded only where every step that
// reads it is one of those: an activation, a product of two values of the same width, or a
// linear layer reading it as its input; a value the graph gives out keeps its width.
void GraphRunner::State::padWidths(int64_t multiple)
{
    std::map<int, int64_t> width; // the values that may be padded, by their width
    for (const Step &step : steps) {
        const auto widthOf = [&](size_t i) {
            const auto it = width.find(step.inputs.at(i));
            return it == width.end() ? int64_t(0) : it->second;
        };
        if (fixedLinear(step) && step.parts.empty()) {
            if (const int64_t n = slots[size_t(step.inputs[1])].value.size(1); n % multiple != 0)
                width[step.output] = n;
        } else if (step.group && step.type == "Activation" && widthOf(0) != 0) {
            width[step.output] = widthOf(0);
        } else if (!step.group && step.type == "Mul" && widthOf(0) != 0 && widthOf(0) == widthOf(1)) {
            width[step.output] = widthOf(0);
        }
    }
    // A value read otherwise cannot be padded, nor then the values an activation or a product
    // joins it with: they share the width.
    std::set<int> kept(outputs.begin(), outputs.end());
    const auto joins = [&](const Step &step) {
        return width.count(step.output) && !fixedLinear(step); // an activation or a product
    };
    for (const Step &step : steps)
        for (size_t i = 0; i < step.inputs.size(); ++i)
            if (width.count(step.inputs[i]) && !joins(step) &&
                !(fixedLinear(step) && i == 0 && slots[size_t(step.inputs[1])].value.size(0) == width.at(step.inputs[0])))
                kept.insert(step.inputs[i]);
    for (bool changed = true; changed;) {
        changed = false;
        for (const Step &step : steps) {
            if (!joins(step))
                continue;
            std::vector<int> joined = step.inputs;
            joined.push_back(step.output);
            const bool anyKept = std::any_of(joined.begin(), joined.end(), [&](int id) { return kept.count(id) > 0; });
            for (const int id : joined)
                changed = (anyKept && kept.insert(id).second) || changed;
        }
    }
    const auto padded = [&](int id) { return width.count(id) && !kept.count(id); };
    const auto zeros = [](const torch::Tensor &t, int64_t axis, int64_t n) {
        auto shape = t.sizes().vec();
        shape[size_t(axis)] = n;
        return torch::cat({t, torch::zeros(shape, t.options())}, axis);
    };
    const auto padOf = [&](int id) { return (width.at(id) + multiple - 1) / multiple * multiple - width.at(id); };
    for (Step &step : steps) {
        if (!fixedLinear(step))
            continue;
        const bool in = padded(step.inputs[0]), out = padded(step.output);
        if (!in && !out)
            continue;
        torch::Tensor weight = slots[size_t(step.inputs[1])].value;
        if (in) { // counted where they are read: a gated FFN's two products write the same units
            weight = zeros(weight, 0, padOf(step.inputs[0]));
            paddedUnits += padOf(step.inputs[0]);
        }
        if (out) {
            weight = zeros(weight, 1, padOf(step.output));
            if (step.inputs.size() > 2)
                step.inputs[2] = addWeight(zeros(slots[size_t(step.inputs[2])].value, 0, padOf(step.output)));
        }
        step.inputs[1] = addWeight(weight);
    }
    dropUnreadWeights();
}

// A sum read by nothing but the layer norm over its last axis (every residual of a post-norm
// block, BERT's) becomes one step with the norm: on a GPU one kernel then reads the two
// inputs once, where the Add would write the sum out for the norm to read back.
void GraphRunner::State::fuseAddLayerNorms()
{
    std::vector<int> reads(slots.size(), 0);
    for (const Step &step : steps)
        for (const int id : step.inputs)
            ++reads[size_t(id)];
    for (const int id : outputs)
        ++reads[size_t(id)];
    std::map<int, size_t> sums; // Add steps by their output, where one step alone reads it
    for (size_t i = 0; i < steps.size(); ++i)
        if (steps[i].type == "Add" && !steps[i].group && !steps[i].shaped && reads[size_t(steps[i].output)] == 1)
            sums[steps[i].output] = i;
    std::vector<bool> fused(steps.size(), false);
    for (Step &norm : steps) {
        // the axis as written, -1: the rank of a value is known only in a pass
        if (norm.type != "LayerNormalization" || attributeOf<int64_t>(norm.attributes, "axis", -1) != -1)
            continue;
        const auto sum = sums.find(norm.inputs.at(0));
        if (sum == sums.end())
            continue;
        const std::vector<int> &added = steps[sum->second].inputs;
        norm.type = "AddLayerNorm";
        norm.inputs.erase(norm.inputs.begin());
        norm.inputs.insert(norm.inputs.begin(), added.begin(), added.end());
        fused[sum->second] = true;
    }
    std::vector<Step> kept;
    for (size_t i = 0; i < steps.size(); ++i)
        if (!fused[i])
            kept.push_back(std::move(steps[i]));
    steps = std::move(kept);
}

// After a pass over prepared inputs: each Attention step whose bias is all zero (no padding,
// no causal order) drops it, and one whose bias is exactly the causal mask over square scores
// (a decoder's, no padding) lets the attention kernel apply that itself, so that fused
// attention kernels that take no mask can run. Exact: a blocked key's bias (the float type's
// lowest value, at most -65504) already gives it a softmax weight of exactly zero. Valid only
// for the inputs bound: run() puts every bias back.
void GraphRunner::State::simplifyAttentionBiases()
{
    // Every layer reads the one bias a pass computes: each bias slot is looked at once.
    const auto simplest = [&](const torch::Tensor &bias) {
        if (!bias.defined() || !bias.is_floating_point())
            return AttentionBias::AsGiven;
        if (bias.eq(0).all().item<bool>())
            return AttentionBias::None;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
        if (bias.dim() < 2 || bias.size(-2) != bias.size(-1))
            return AttentionBias::AsGiven;
        const int64_t tokens = bias.size(-1);
        const auto later = torch::ones({tokens, tokens}, bias.options().dtype(torch::kBool)).triu(1);
        if (bias.masked_fill(later, 0).eq(0).all().item<bool>() && bias.le(-65504.0).eq(later).all().item<bool>())
            return AttentionBias::Causal;
#endif
        return AttentionBias::AsGiven;
    };
    std::map<int, AttentionBias> bySlot;
    for (Step &step : steps) {
        if (step.type != "Attention" || !step.group || step.inputs.size() < 4)
            continue;
        const int slot = step.inputs[3];
        const auto known = bySlot.find(slot);
        step.bias = known != bySlot.end() ? known->second : (bySlot[slot] = simplest(slots[size_t(slot)].value));
    }
}

std::map<std::string, int64_t> GraphRunner::attentionBiases() const
{
    std::map<std::string, int64_t> counts;
    for (const Step &step : m_state->steps)
        if (step.type == "Attention" && step.group)
            ++counts[step.bias == AttentionBias::None ? "none" : step.bias == AttentionBias::Causal ? "causal" : "as given"];
    return counts;
}

GraphRunner::GraphRunner(const OnnxGraph &graph, torch::Device device)
    : m_state(std::make_unique<State>())
    , m_device(device)
{
    State &s = *m_state;
    std::map<std::string, int> ids;
    const auto slot = [&](const std::string &name) {
        ids[name] = int(s.slots.size());
        s.slots.emplace_back();
        s.slots.back().name = name;
        return ids[name];
    };
    const auto idOf = [&](const std::string &name) {
        const auto it = ids.find(name);
        if (it == ids.end())
            throw Error("internal: the graph reads '" + name + "' before it is computed");
        return it->second;
    };
    torch::NoGradGuard noGrad;
    for (const auto &[name, tensor] : graph.initializers()) {
        Slot &w = s.slots[size_t(slot(name))];
        w.value = tensor.is_floating_point() ? tensor.to(device) : tensor; // shapes and indices stay on the host
        w.fixed = true;
    }
    for (const auto &in : graph.inputs())
        s.inputs.emplace_back(slot(in.name), in.type);
    std::map<size_t, const OnnxGroup *> groups; // by first node
    for (const auto &g : graph.groups())
        if (std::find(std::begin(kGroupKernels), std::end(kGroupKernels), g.type) != std::end(kGroupKernels))
            groups[g.first] = &g;
    const auto &nodes = graph.nodes();
    for (size_t i = 0; i < nodes.size(); ++i) {
        Step step;
        const auto group = groups.find(i);
        const std::vector<std::string> *inputs = &nodes[i].inputs;
        if (group != groups.end()) {
            step.type = group->second->type;
            step.group = true;
            step.attributes = group->second->attributes;
            inputs = &group->second->inputs;
            i = group->second->last;
        } else {
            step.type = nodes[i].type;
            step.attributes = nodes[i].attributes;
        }
        step.shaped = step.type == "Shape";
        bool fixed = true;
        for (const auto &name : *inputs) {
            step.inputs.push_back(idOf(name));
            const Slot &in = s.slots[size_t(step.inputs.back())];
            fixed = fixed && (in.fixed || in.shaped);
        }
        step.shaped = step.shaped || fixed;
        step.output = slot(nodes[i].output);
        s.slots[size_t(step.output)].shaped = step.shaped;
        s.steps.push_back(std::move(step));
    }
    s.mergeLinears();
    for (const auto &out : graph.outputs())
        s.outputs.push_back(idOf(out.name));
    if (c10::elementSize(graph.floatType()) == 2) // bfloat16, float16: for the tensor cores
        s.padWidths(kTensorCoreWidth);
    s.fuseAddLayerNorms(); // a sum the graph gives out stays its own step
}

GraphRunner::~GraphRunner() = default;

NamedTensors GraphRunner::run(const NamedTensors &inputs)
{
    torch::NoGradGuard noGrad;
    m_state->pass.reset(); // eager passes write their outputs anew: a captured one would go stale
    for (Step &step : m_state->steps)
        step.bias = AttentionBias::AsGiven; // these inputs may be padded
    m_state->bind(inputs, m_device);
    return outputs();
}

NamedTensors GraphRunner::outputs() const
{
    NamedTensors out;
    for (const int id : m_state->outputs)
        out.emplace_back(m_state->slots[size_t(id)].name, m_state->slots[size_t(id)].value);
    return out;
}

std::string GraphRunner::prepare(const NamedTensors &inputs)
{
    torch::NoGradGuard noGrad;
    State &s = *m_state;
    s.pass.reset();
    for (Step &step : s.steps)
        step.bias = AttentionBias::AsGiven;
    if (!CapturedPass::available(m_device)) {
        s.bind(inputs, m_device);
        s.simplifyAttentionBiases();
        return m_device.is_cuda() ? "this build has no CUDA graphs" : "";
    }
    // The inputs bound on the caller's stream, where the replays run; the capture is
    // recorded on a stream of its own.
    s.pass = std::make_unique<CapturedPass>(m_device);
    s.bind(inputs, m_device);
    s.simplifyAttentionBiases();
    return s.pass->capture([&] {
        torch::NoGradGuard noGradInCapture;
        s.execute(m_device, false);
    });
}

std::map<std::string, int64_t> GraphRunner::stepCounts() const
{
    std::map<std::string, int64_t> counts;
    for (const Step &step : m_state->steps)
        ++counts[step.type];
    return counts;
}

int64_t GraphRunner::paddedUnits() const
{
    return m_state->paddedUnits;
}

bool GraphRunner::captured() const
{
    return m_state->pass && m_state->pass->captured();
}

double GraphRunner::timedPass()
{
    torch::NoGradGuard noGrad;
    State &s = *m_state;
    if (s.preparedShapes.empty())
        throw Error("internal: a graph pass timed before prepare()");
    const auto work = [&] {
        if (captured())
            s.pass->replay();
        else
            s.execute(m_device, false);
    };
    if (s.pass)
        return s.pass->timed(work).gpu * 1e3;
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

std::vector<std::vector<double>> timeRunners(const std::vector<GraphRunner *> &runners, int repeats, int warmups)
{
    std::vector<std::vector<double>> ms(runners.size());
    for (int round = 0; round < warmups + repeats; ++round)
        for (size_t i = 0; i < runners.size(); ++i) {
            const double t = runners[i]->timedPass();
            if (round >= warmups)
                ms[i].push_back(t);
        }
    return ms;
}

} // namespace prunescope
