#include "core/export/export_decision.h"

#include "core/models/checkpoint.h"
#include "core/models/unit_slices.h"
#include "core/support/string_util.h"

#include <algorithm>
#include <cmath>

namespace prunescope {

namespace {

// |W_in row| * |W_out column| per neuron of one layer: how much a neuron can move the output.
torch::Tensor neuronMagnitude(const Checkpoint &checkpoint, const LayerStructure &layer)
{
    torch::Tensor product;
    for (const MatrixRole role : {MatrixRole::FfnIn, MatrixRole::FfnOut}) {
        const PrunableMatrix &m = layer.withRole(role);
        const auto w = checkpoint.tensor(checkpoint.storedName(m.weight)).to(torch::kFloat);
        const auto norms = sumPerUnit(m, m.slices.front(), w.pow(2)).sqrt();
        product = product.defined() ? product * norms : norms;
    }
    return product;
}

// Takes `removed` units of one kind out of the plan's counts: every slice of that kind
// loses the unit's features, with their biases where the features are outputs.
void removeUnits(const Checkpoint &checkpoint, const LayerStructure &layer, UnitKind kind, int64_t removed,
                 ExportPlan &plan)
{
    for (const auto &m : layer.matrices)
        for (const UnitSlice &slice : m.slices) {
            if (slice.unit != kind)
                continue;
            const int64_t across = slice.alongOutput ? m.inFeatures + (m.bias.empty() ? 0 : 1) : m.outFeatures;
            const TensorEntry &e = checkpoint.entry(checkpoint.storedName(m.weight));
            const uint64_t itemBytes = (e.end - e.begin) / std::max<uint64_t>(1, e.elementCount());
            const int64_t parameters = across * slice.width * removed;
            plan.parametersAfter -= parameters;
            plan.bytesAfter -= uint64_t(parameters) * itemBytes;
        }
}

// Indices of `count` entries of `candidates` (bool) with the highest (or lowest) importance.
torch::Tensor pick(const torch::Tensor &importance, const torch::Tensor &candidates, int64_t count, bool highest)
{
    const auto index = candidates.nonzero().flatten();
    if (count <= 0)
        return torch::empty({0}, torch::kLong);
    const auto values = importance.index_select(0, index);
    const auto order = torch::argsort(values, /*stable=*/true, /*dim=*/0, /*descending=*/highest);
    return index.index_select(0, order.slice(0, 0, count));
}

// The source's parameters and bytes, before and (until units are removed) after.
void countSource(const Checkpoint &checkpoint, ExportPlan &plan)
{
    for (const auto &name : checkpoint.tensorNames()) {
        const TensorEntry &e = checkpoint.entry(name);
        plan.parametersBefore += int64_t(e.elementCount());
        plan.bytesBefore += e.end - e.begin;
    }
    plan.parametersAfter = plan.parametersBefore;
    plan.bytesAfter = plan.bytesBefore;
}

// The mean number of neurons the layers keep (one at least): the width trimming aims at.
int64_t meanKept(const std::vector<int64_t> &kept)
{
    int64_t total = 0;
    for (const int64_t k : kept)
        total += k;
    return std::max<int64_t>(1, int64_t(std::llround(double(total) / double(kept.size()))));
}

// What trimming ranks one layer's neurons by: the scores when given, else weight magnitude.
torch::Tensor neuronImportance(const Checkpoint &checkpoint, const ExportOptions &options, const std::string &neurons,
                               const LayerStructure &layer, int64_t l)
{
    return options.scores && options.scores->contains(neurons) ? options.scores->at(neurons)[l].to(torch::kFloat)
                                                               : neuronMagnitude(checkpoint, layer);
}

// One layer's kept neurons (`keep`, `have` of them) brought to `live`: the least important
// kept ones dropped, or the most important pruned ones brought back.
torch::Tensor trimmedKeep(const torch::Tensor &keep, int64_t have, int64_t live, const torch::Tensor &importance)
{
    auto layerKeep = keep.clone();
    if (have > live)
        layerKeep.index_fill_(0, pick(importance, keep, have - live, false), false);
    else if (have < live)
        layerKeep.index_fill_(0, pick(importance, ~keep, live - have, true), true);
    return layerKeep;
}

// The pruned units of lowest index fill the layer up to the width, as zeros.
ExportedUnits exportedUnits(const torch::Tensor &layerKeep, int64_t width)
{
    const auto kept = layerKeep.nonzero().flatten();
    const auto pads = (~layerKeep).nonzero().flatten().slice(0, 0, width - kept.size(0));
    ExportedUnits units;
    units.slots = std::get<0>(torch::sort(torch::cat({kept, pads})));
    units.live = layerKeep.index_select(0, units.slots);
    return units;
}

// One tower's part of the decision: the heads and neurons each layer keeps, the FFN width
// of the files, the units each layer writes and the parameters that go.
void decideTower(const Checkpoint &checkpoint, const ScoreMap &mask, const ExportOptions &options, size_t t,
                 ExportDecision &d)
{
    const TowerStructure &tower = d.structure.towers[t];
    const int64_t layers = int64_t(tower.layers.size());
    TowerExport te;
    te.name = tower.name;
    te.ffnBefore = te.ffnAfter = tower.ffn;
    const std::string heads = headsName(d.structure, t), neurons = neuronsName(d.structure, t);
    for (int64_t l = 0; l < layers; ++l)
        te.headsKept.push_back(mask.contains(heads) ? mask.at(heads)[l].ne(0).sum().item<int64_t>() : tower.heads);
    d.plan.neurons += layers * tower.ffn;
    d.units.emplace_back();
    if (!mask.contains(neurons)) {
        te.neuronsKept.assign(size_t(layers), tower.ffn);
        d.plan.towers.push_back(te);
        return;
    }
    const auto keep = mask.at(neurons).ne(0);
    for (int64_t l = 0; l < layers; ++l)
        te.neuronsKept.push_back(keep[l].sum().item<int64_t>());
    const auto [fewest, most] = std::minmax_element(te.neuronsKept.begin(), te.neuronsKept.end());
    const bool uniform = *fewest == *most;
    d.plan.maskUniform = d.plan.maskUniform && uniform;

    // The units each layer computes (`live`), and the width the files get: the widest
    // layer (pad) or the mean (trim), rounded up to `align` with zero units.
    const bool trim = options.mode == ExportMode::Shrunk && !uniform && options.uniform == UniformPolicy::Trim;
    const int64_t live = trim ? meanKept(te.neuronsKept) : *most;
    const int64_t align = std::max<int64_t>(1, options.align);
    const int64_t width =
        options.mode == ExportMode::Shrunk ? std::min(tower.ffn, (live + align - 1) / align * align) : tower.ffn;
    te.ffnAfter = width;
    auto effective = keep.clone();
    for (int64_t l = 0; l < layers; ++l) {
        auto layerKeep = keep[l].clone();
        if (trim) {
            const int64_t have = te.neuronsKept[size_t(l)];
            const torch::Tensor importance = neuronImportance(checkpoint, options, neurons, tower.layers[size_t(l)], l);
            layerKeep = trimmedKeep(keep[l], have, live, importance);
            d.plan.neuronsChanged += std::abs(have - live);
            effective[l] = layerKeep;
        }
        d.units.back().push_back(exportedUnits(layerKeep, width));
    }
    d.effectiveMask.tensors[neurons] = effective.to(torch::kFloat);

    if (width != tower.ffn)
        for (const auto &layer : tower.layers)
            removeUnits(checkpoint, layer, UnitKind::Neuron, tower.ffn - width, d.plan);
    d.plan.towers.push_back(te);
}

// What a shrunk export cannot do as asked, or does beyond the mask.
void addShrunkNotes(const ExportOptions &options, ExportDecision &d)
{
    bool headsPruned = false;
    for (size_t t = 0; t < d.plan.towers.size(); ++t)
        for (const int64_t kept : d.plan.towers[t].headsKept)
            headsPruned = headsPruned || kept < d.structure.towers[t].heads;
    if (headsPruned)
        d.plan.notes.push_back("pruned heads are zeroed in place, not removed: stock transformers 5 derives the "
                               "head size from hidden_size / num_attention_heads, so a config cannot say fewer "
                               "heads of the same size");
    if (!d.plan.maskUniform && options.uniform == UniformPolicy::Pad)
        d.plan.notes.push_back("the neuron mask keeps different widths per layer: narrower layers are padded with "
                               "zero units to the widest (exact, less speed-up)");
    if (options.align > 1)
        d.plan.notes.push_back("FFN widths rounded up to a multiple of " + std::to_string(options.align) +
                               " with zero units (exact; aligned shapes run faster on tensor cores)");
    if (!d.plan.maskUniform && options.uniform == UniformPolicy::Trim)
        d.plan.notes.push_back("the neuron mask keeps different widths per layer: trimmed to one width per tower "
                               "by " + std::string(options.scores ? "the scores" : "weight magnitude") + ", " +
                               std::to_string(d.plan.neuronsChanged) + " of " + std::to_string(d.plan.neurons) +
                               " neurons changed");
}

} // namespace

ExportDecision decideExport(const Checkpoint &checkpoint, const ScoreMap &mask, const ExportOptions &options)
{
    ExportDecision d;
    d.structure = describeStructure(checkpoint.config());
    checkScoreMap(mask, d.structure, options.maskFile);
    d.plan.mode = options.mode;
    d.plan.uniform = options.uniform;
    d.effectiveMask = mask;
    countSource(checkpoint, d.plan);
    for (size_t t = 0; t < d.structure.towers.size(); ++t)
        decideTower(checkpoint, mask, options, t, d);
    if (options.mode == ExportMode::Shrunk)
        addShrunkNotes(options, d);
    for (const auto &[name, tensor] : mask.tensors)
        if (!endsWith(name, "heads") && !endsWith(name, "neurons") && tensor.eq(0).any().item<bool>()) {
            d.plan.notes.push_back("weight-level masks are written as zeros: single weights cannot be removed");
            break;
        }
    return d;
}

} // namespace prunescope
