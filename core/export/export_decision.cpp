#include "core/export/export_decision.h"

#include "core/models/onnx_writer.h"

#include "core/models/checkpoint.h"
#include "core/models/model_family.h"
#include "core/models/unit_slices.h"
#include "core/support/string_util.h"

#include <algorithm>
#include <cmath>

namespace prunescope {

namespace {

// The product of the units' L2 norms in the slices of `roles` (a neuron's FFN-in row and
// FFN-out column; a head's query rows and output columns): how much a unit can move the output.
torch::Tensor unitMagnitude(const Checkpoint &checkpoint, const LayerStructure &layer, std::initializer_list<MatrixRole> roles)
{
    torch::Tensor product;
    for (const MatrixRole role : roles) {
        const PrunableMatrix &m = layer.withRole(role);
        const auto w = checkpoint.tensor(checkpoint.storedName(m.weight)).to(torch::kFloat);
        for (const UnitSlice &slice : m.slices)
            if (slice.role == role) {
                const auto norms = sumPerUnit(m, slice, w.pow(2)).sqrt();
                product = product.defined() ? product * norms : norms;
            }
    }
    return product;
}

// A note where layers' exported FFN widths (each with its dense width; 0, a block gone, and
// the dense width itself count as aligned) miss the tensor cores' multiple.
void noteUnalignedWidths(const std::vector<std::pair<int64_t, int64_t>> &widths, ExportPlan &plan)
{
    std::vector<std::string> odd;
    for (const auto &[width, dense] : widths)
        if (width != 0 && width != dense && width % kTensorCoreWidth != 0)
            odd.push_back(std::to_string(width));
    if (!odd.empty())
        plan.notes.push_back(std::to_string(odd.size()) + " of " + std::to_string(widths.size()) +
                             " layers keep an FFN width that is no multiple of " + std::to_string(kTensorCoreWidth) +
                             " (" + listed(odd, 4) + "): in bfloat16 and float16 on a GPU their products miss the "
                             "tensor cores' fast paths and can run slower than the dense model in a runtime that does "
                             "not pad them (PruneScope's own does); aligning the widths to " +
                             std::to_string(kTensorCoreWidth) + " adds zero units to the file (exact)");
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
                                                               : unitMagnitude(checkpoint, layer, {MatrixRole::FfnIn, MatrixRole::FfnOut});
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

// Heads removed where the family's config can say so: every layer gets `groups` key-value
// groups of `width` query heads. Pad: the most any layer keeps, with pruned heads (and
// whole pruned groups) as zero pads; trim: the mean, the most important heads (and
// groups) kept, others dropped or brought back.
void decideHeads(const Checkpoint &checkpoint, const ScoreMap &mask, const ExportOptions &options, size_t t,
                 ExportDecision &d, TowerExport &te)
{
    const TowerStructure &tower = d.structure.towers[t];
    const std::string heads = headsName(d.structure, t);
    d.headUnits.emplace_back();
    d.groupUnits.emplace_back();
    if (options.mode != ExportMode::Shrunk || !checkpoint.config().family->setHeadCounts || !mask.contains(heads))
        return;
    const int64_t layers = int64_t(tower.layers.size()), perGroup = tower.heads / tower.kvHeads;
    const auto keep = mask.at(heads).ne(0).view({layers, tower.kvHeads, perGroup});
    const auto inGroup = keep.sum(-1);                      // [layers, groups]: heads kept per group
    const auto liveGroups = inGroup.gt(0).sum(-1).to(torch::kDouble); // [layers]
    const bool trim = options.uniform == UniformPolicy::Trim;
    const int64_t groups = std::max<int64_t>(1, trim ? std::llround(liveGroups.mean().item<double>())
                                                     : liveGroups.max().item<int64_t>());
    const auto livePerGroup = inGroup.index({inGroup.gt(0)}).to(torch::kDouble);
    const int64_t width = std::max<int64_t>(1, livePerGroup.numel() == 0 ? 1
                                                   : trim ? std::llround(livePerGroup.mean().item<double>())
                                                          : livePerGroup.max().item<int64_t>());
    if (groups == tower.kvHeads && width == perGroup)
        return; // every layer keeps (or pads back to) all of them: nothing to remove

    auto effective = keep.reshape({layers, tower.heads}).clone();
    for (int64_t l = 0; l < layers; ++l) {
        const auto &layer = tower.layers[size_t(l)];
        const auto importance = options.scores && options.scores->contains(heads)
                                    ? options.scores->at(heads)[l].to(torch::kFloat)
                                    : unitMagnitude(checkpoint, layer, {MatrixRole::Query, MatrixRole::AttentionOutput});
        const auto keepHeads = keep[l].reshape({tower.heads});
        // Ranks: kept before pruned; then, trimming, by importance; padding, by position.
        const auto rank = [&](const torch::Tensor &kept, const torch::Tensor &weight) {
            const auto key = kept.to(torch::kDouble) * 1e30 + (trim ? weight.to(torch::kDouble) : -torch::arange(kept.size(0), torch::kDouble));
            return torch::argsort(key, /*stable=*/true, /*dim=*/0, /*descending=*/true);
        };
        const auto groupImportance = (importance * keepHeads.to(torch::kFloat)).view({tower.kvHeads, perGroup}).sum(-1);
        const auto chosenGroups = std::get<0>(torch::sort(rank(inGroup[l].gt(0), groupImportance).slice(0, 0, groups)));
        std::vector<torch::Tensor> slots;
        for (int64_t i = 0; i < groups; ++i) {
            const int64_t g = chosenGroups[i].item<int64_t>();
            const auto members = rank(keepHeads.slice(0, g * perGroup, (g + 1) * perGroup),
                                      importance.slice(0, g * perGroup, (g + 1) * perGroup)).slice(0, 0, width);
            slots.push_back(std::get<0>(torch::sort(members)) + g * perGroup);
        }
        ExportedUnits headUnits, groupUnits;
        headUnits.slots = torch::cat(slots);
        auto layerKeep = keepHeads.clone();
        if (trim) { // exactly the chosen heads compute
            layerKeep.fill_(false);
            layerKeep.index_fill_(0, headUnits.slots, true);
            d.plan.headsChanged += layerKeep.ne(keepHeads).sum().item<int64_t>();
        }
        effective[l] = layerKeep;
        headUnits.live = layerKeep.index_select(0, headUnits.slots);
        groupUnits.slots = chosenGroups;
        groupUnits.live = layerKeep.view({tower.kvHeads, perGroup}).any(-1).index_select(0, chosenGroups);
        d.headUnits.back().push_back(headUnits);
        d.groupUnits.back().push_back(groupUnits);
    }
    d.effectiveMask.tensors[heads] = effective.to(torch::kFloat);
    te.headsAfter = groups * width;
    te.kvHeadsAfter = groups;
    for (const auto &layer : tower.layers) {
        removeUnits(checkpoint, layer, UnitKind::Head, tower.heads - te.headsAfter, d.plan);
        removeUnits(checkpoint, layer, UnitKind::KvGroup, tower.kvHeads - te.kvHeadsAfter, d.plan);
    }
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
    te.headsBefore = te.headsAfter = tower.heads;
    te.kvHeadsBefore = te.kvHeadsAfter = tower.kvHeads;
    decideHeads(checkpoint, mask, options, t, d, te);
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
void addShrunkNotes(const ExportOptions &options, bool headsRemovable, ExportDecision &d)
{
    bool headsPruned = false, headsPadded = false;
    std::vector<std::pair<int64_t, int64_t>> widths;
    for (size_t t = 0; t < d.plan.towers.size(); ++t) {
        const TowerExport &te = d.plan.towers[t];
        for (const int64_t kept : te.headsKept) {
            headsPruned = headsPruned || (!headsRemovable && kept < te.headsBefore);
            headsPadded = headsPadded || (headsRemovable && kept < te.headsAfter);
        }
        widths.insert(widths.end(), te.neuronsKept.size(), {te.ffnAfter, te.ffnBefore});
    }
    if (headsPadded && options.uniform == UniformPolicy::Pad)
        d.plan.notes.push_back("the head mask keeps different numbers of heads (or key-value groups) per layer: "
                               "layers are padded with zero heads to the most any layer keeps (exact, less speed-up)");
    if (d.plan.headsChanged > 0)
        d.plan.notes.push_back("the head mask keeps different numbers of heads per layer: trimmed to the same key-value "
                               "groups and heads per group in every layer by " +
                               std::string(options.scores ? "the scores" : "weight magnitude") + ", " +
                               std::to_string(d.plan.headsChanged) + " heads changed");
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
    noteUnalignedWidths(widths, d.plan);
    if (!d.plan.maskUniform && options.uniform == UniformPolicy::Trim)
        d.plan.notes.push_back("the neuron mask keeps different widths per layer: trimmed to one width per tower "
                               "by " + std::string(options.scores ? "the scores" : "weight magnitude") + ", " +
                               std::to_string(d.plan.neuronsChanged) + " of " + std::to_string(d.plan.neurons) +
                               " neurons changed");
}

// ONNX: every layer keeps exactly what the mask keeps, so each removed head, key-value group
// (all of whose heads are pruned) and neuron takes its features out of the count, and a
// block with nothing left takes its output bias too. The file holds the parameters in the
// export's float type.
void decideOnnx(const Checkpoint &checkpoint, const ExportOptions &options, ExportDecision &d)
{
    const int64_t align = std::max<int64_t>(1, options.align);
    if (align > 1)
        d.plan.notes.push_back("each layer's FFN width rounded up to a multiple of " + std::to_string(align) +
                               " with zero units (exact; aligned shapes run faster on tensor cores)");
    std::vector<std::pair<int64_t, int64_t>> widths;
    for (size_t t = 0; t < d.structure.towers.size(); ++t) {
        const TowerStructure &tower = d.structure.towers[t];
        TowerExport &te = d.plan.towers[t];
        te.perLayer = true;
        for (size_t l = 0; l < tower.layers.size(); ++l) {
            const LayerStructure &layer = tower.layers[l];
            const int64_t heads = te.headsKept[l], neurons = te.neuronsKept[l];
            int64_t groups = tower.kvHeads;
            const std::string headMask = headsName(d.structure, t);
            if (d.effectiveMask.contains(headMask))
                groups = d.effectiveMask.at(headMask)[int64_t(l)].ne(0).view({tower.kvHeads, -1}).any(-1).sum().item<int64_t>();
            removeUnits(checkpoint, layer, UnitKind::Head, tower.heads - heads, d.plan);
            removeUnits(checkpoint, layer, UnitKind::KvGroup, tower.kvHeads - groups, d.plan);
            widths.emplace_back(onnxWidth(neurons, tower.ffn, align), tower.ffn);
            removeUnits(checkpoint, layer, UnitKind::Neuron, tower.ffn - widths.back().first, d.plan);
            for (const auto &[role, left] : {std::pair{MatrixRole::AttentionOutput, heads}, std::pair{MatrixRole::FfnOut, neurons}}) {
                const PrunableMatrix &m = layer.withRole(role);
                if (left == 0 && !m.bias.empty())
                    d.plan.parametersAfter -= m.outFeatures;
            }
        }
    }
    noteUnalignedWidths(widths, d.plan);
    d.plan.bytesAfter = uint64_t(d.plan.parametersAfter) * (options.onnxType == torch::kFloat16 ? 2 : 4);
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
        addShrunkNotes(options, checkpoint.config().family->setHeadCounts != nullptr, d);
    if (options.mode == ExportMode::Onnx)
        decideOnnx(checkpoint, options, d);
    for (const auto &[name, tensor] : mask.tensors)
        if (!endsWith(name, "heads") && !endsWith(name, "neurons") && tensor.eq(0).any().item<bool>()) {
            d.plan.notes.push_back("weight-level masks are written as zeros: single weights cannot be removed");
            break;
        }
    return d;
}

} // namespace prunescope
