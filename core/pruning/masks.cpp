#include "core/pruning/masks.h"

#include "core/support/error.h"

#include <torch/torch.h>

#include <cmath>
#include <functional>
#include <iterator>
#include <limits>
#include <sstream>

namespace prunescope {

namespace {

// 0 for the round(s * N) lowest entries of a flat score vector, 1 elsewhere.
torch::Tensor keepHighest(torch::Tensor flat, double sparsity)
{
    flat = torch::nan_to_num(flat.to(torch::kDouble), -std::numeric_limits<double>::infinity()); // NaN goes first
    const int64_t prune = std::llround(sparsity * double(flat.numel()));
    auto keep = torch::ones({flat.numel()}, torch::kFloat);
    if (prune > 0) {
        const auto order = std::get<1>(torch::sort(flat, /*stable=*/true, /*dim=*/0, /*descending=*/false));
        keep.index_fill_(0, order.slice(0, 0, prune), 0.0);
    }
    return keep;
}

// The tensors `names` compete for one cut; `scoreOf` gives each one's (possibly rescaled) scores.
void pruneLowest(const ScoreMap &scores, const std::vector<std::string> &names, double sparsity, ScoreMap &mask,
                 const std::function<torch::Tensor(const std::string &)> &scoreOf)
{
    std::vector<torch::Tensor> flat;
    for (const auto &name : names)
        flat.push_back(scoreOf(name).reshape({-1}));
    const auto keep = keepHighest(torch::cat(flat), sparsity);
    int64_t offset = 0;
    for (const auto &name : names) {
        const auto &s = scores.at(name);
        mask.tensors[name] = keep.slice(0, offset, offset + s.numel()).reshape(s.sizes()).clone();
        offset += s.numel();
    }
}

} // namespace

torch::Tensor keepNofM(const torch::Tensor &scores, const PrunableMatrix &matrix, int64_t n, int64_t m)
{
    const auto outIn = matrix.inputMajor ? scores.t() : scores; // [out, in]
    if (outIn.size(1) % m != 0)
        throw Error("'" + matrix.weight + "' has " + std::to_string(outIn.size(1)) + " inputs, not a multiple of m = "
                    + std::to_string(m));
    const auto blocks = outIn.to(torch::kDouble).reshape({outIn.size(0), -1, m});
    const auto order = std::get<1>(torch::sort(blocks, /*stable=*/true, /*dim=*/-1, /*descending=*/true));
    auto keep = torch::zeros_like(blocks, torch::kFloat);
    keep.scatter_(-1, order.slice(-1, 0, n), 1.0);
    keep = keep.reshape(outIn.sizes());
    return (matrix.inputMajor ? keep.t() : keep).contiguous();
}

namespace {

// Each output row on its own: round(s * inputs) pruned per row.
torch::Tensor keepPerRow(const torch::Tensor &scores, const PrunableMatrix &matrix, double sparsity)
{
    const auto outIn = (matrix.inputMajor ? scores.t() : scores).to(torch::kDouble);
    const int64_t prune = std::llround(sparsity * double(outIn.size(1)));
    auto keep = torch::ones(outIn.sizes(), torch::kFloat);
    if (prune > 0) {
        const auto order = std::get<1>(torch::sort(torch::nan_to_num(outIn, -std::numeric_limits<double>::infinity()),
                                                   /*stable=*/true, /*dim=*/1, /*descending=*/false));
        keep.scatter_(1, order.slice(1, 0, prune), 0.0);
    }
    return (matrix.inputMajor ? keep.t() : keep).contiguous();
}

std::vector<std::string> unitNames(const ModelStructure &structure, bool heads)
{
    std::vector<std::string> names;
    for (size_t t = 0; t < structure.towers.size(); ++t)
        names.push_back(heads ? headsName(structure, t) : neuronsName(structure, t));
    return names;
}

// Structured scores [layers, units]: per layer, global, or per-layer-normalised global.
void maskUnits(const ScoreMap &scores, const std::vector<std::string> &names, const MaskOptions &options, ScoreMap &mask)
{
    std::vector<std::string> present;
    for (const auto &name : names)
        if (scores.contains(name))
            present.push_back(name);
    if (present.empty())
        throw Error("the scores have no " + names.front() + " to build this mask from");
    if (options.scope == MaskScope::Tensor || options.scope == MaskScope::Layer || options.scope == MaskScope::Row) {
        for (const auto &name : present) {
            const auto &s = scores.at(name);
            std::vector<torch::Tensor> rows;
            for (int64_t layer = 0; layer < s.size(0); ++layer)
                rows.push_back(keepHighest(s[layer], options.sparsity));
            mask.tensors[name] = torch::stack(rows);
        }
        return;
    }
    const bool normalize = options.scope == MaskScope::LayerNormalized;
    pruneLowest(scores, present, options.sparsity, mask, [&](const std::string &name) {
        const auto s = scores.at(name).to(torch::kDouble);
        return normalize ? s / (s.norm(2, -1, true) + 1e-30) : s;
    });
}

// Key-value groups: a group's score is the sum of its query heads' scores, and pruning the
// group prunes them all (so its keys and values go too). The mask stays one of heads.
void maskKvGroups(const ScoreMap &scores, const ModelStructure &structure, const MaskOptions &options, ScoreMap &mask)
{
    ScoreMap groups;
    std::vector<std::string> present;
    for (size_t t = 0; t < structure.towers.size(); ++t) {
        const std::string name = headsName(structure, t);
        if (!scores.contains(name))
            continue;
        const auto &tower = structure.towers[t];
        groups.tensors[name] = scores.at(name).to(torch::kDouble).view({-1, tower.kvHeads, tower.heads / tower.kvHeads}).sum(-1);
        present.push_back(name);
    }
    if (present.empty())
        throw Error("the scores have no " + headsName(structure, 0) + " to build a kv-group mask from");
    ScoreMap groupMask;
    maskUnits(groups, present, options, groupMask);
    for (size_t t = 0; t < structure.towers.size(); ++t) {
        const std::string name = headsName(structure, t);
        if (groupMask.contains(name))
            mask.tensors[name] = groupMask.at(name).repeat_interleave(structure.towers[t].heads / structure.towers[t].kvHeads, 1);
    }
}

// Whole blocks: a layer's score is the sum of its head (attention) or neuron (FFN) scores.
void maskLayers(const ScoreMap &scores, const std::vector<std::string> &names, double sparsity, ScoreMap &mask)
{
    ScoreMap perLayer;
    std::vector<std::string> present;
    for (const auto &name : names) {
        if (!scores.contains(name))
            continue;
        perLayer.tensors[name] = scores.at(name).to(torch::kDouble).sum(-1);
        present.push_back(name);
    }
    if (present.empty())
        return;
    ScoreMap layerMask;
    pruneLowest(perLayer, present, sparsity, layerMask, [&](const std::string &name) { return perLayer.at(name); });
    for (const auto &name : present)
        mask.tensors[name] = layerMask.at(name).unsqueeze(-1).expand(scores.at(name).sizes()).contiguous();
}

} // namespace

MaskOptions parseMaskOptions(const std::string &granularity, const std::string &scope, double sparsity)
{
    MaskOptions options;
    if (!(sparsity >= 0.0 && sparsity <= 1.0))
        throw Error("--sparsity must be between 0 and 1, got " + std::to_string(sparsity));
    options.sparsity = sparsity;
    if (granularity == "weight")
        options.granularity = MaskGranularity::Weight;
    else if (granularity == "head")
        options.granularity = MaskGranularity::Head;
    else if (granularity == "kv-group")
        options.granularity = MaskGranularity::KvGroup;
    else if (granularity == "neuron")
        options.granularity = MaskGranularity::Neuron;
    else if (granularity == "layer")
        options.granularity = MaskGranularity::Layer;
    else if (const auto colon = granularity.find(':'); colon != std::string::npos) {
        try {
            size_t used = 0;
            options.n = std::stoll(granularity.substr(0, colon), &used);
            options.m = std::stoll(granularity.substr(colon + 1));
        } catch (const std::exception &) {
            throw Error("--granularity '" + granularity + "': N:M needs two numbers, such as 2:4");
        }
        if (options.m <= 0 || options.n < 0 || options.n > options.m)
            throw Error("--granularity '" + granularity + "': N:M needs 0 <= N <= M and M > 0");
        options.granularity = MaskGranularity::NM;
        options.sparsity = 1.0 - double(options.n) / double(options.m);
    } else {
        throw Error("--granularity '" + granularity + "' is not one of weight, N:M (e.g. 2:4), head, kv-group, neuron, layer");
    }
    if (scope == "tensor")
        options.scope = MaskScope::Tensor;
    else if (scope == "row")
        options.scope = MaskScope::Row;
    else if (scope == "layer")
        options.scope = MaskScope::Layer;
    else if (scope == "global")
        options.scope = MaskScope::Global;
    else if (scope == "layer-normalized")
        options.scope = MaskScope::LayerNormalized;
    else
        throw Error("--scope '" + scope + "' is not one of tensor, row, layer, global, layer-normalized");
    return options;
}

ScoreMap buildMask(const ScoreMap &scores, const ModelStructure &structure, const MaskOptions &options)
{
    checkScoreMap(scores, structure, "scores");
    ScoreMap mask;
    mask.kind = MapKind::Mask; // even when every score it was built from is 0 or 1
    switch (options.granularity) {
    case MaskGranularity::Head: maskUnits(scores, unitNames(structure, true), options, mask); break;
    case MaskGranularity::KvGroup: maskKvGroups(scores, structure, options, mask); break;
    case MaskGranularity::Neuron: maskUnits(scores, unitNames(structure, false), options, mask); break;
    case MaskGranularity::Layer:
        maskLayers(scores, unitNames(structure, true), options.sparsity, mask);
        maskLayers(scores, unitNames(structure, false), options.sparsity, mask);
        if (mask.tensors.empty())
            throw Error("layer masks are built from head or neuron scores, and the scores have neither");
        break;
    case MaskGranularity::Weight:
    case MaskGranularity::NM: {
        std::map<std::string, std::vector<std::string>> groups; // tensors cut together, by scope
        for (size_t t = 0; t < structure.towers.size(); ++t) {
            for (size_t l = 0; l < structure.towers[t].layers.size(); ++l) {
                for (const auto &m : structure.towers[t].layers[l].matrices) {
                    if (!scores.contains(m.weight))
                        continue;
                    if (options.granularity == MaskGranularity::NM) {
                        mask.tensors[m.weight] = keepNofM(scores.at(m.weight), m, options.n, options.m);
                        continue;
                    }
                    if (options.scope == MaskScope::Row) {
                        mask.tensors[m.weight] = keepPerRow(scores.at(m.weight), m, options.sparsity);
                        continue;
                    }
                    const std::string key = options.scope == MaskScope::Tensor  ? m.weight
                                            : options.scope == MaskScope::Layer ? std::to_string(t) + "/" + std::to_string(l)
                                                                                : "all";
                    groups[key].push_back(m.weight);
                }
            }
        }
        // Per-layer normalisation: each layer's scores divided by their L2 norm.
        std::map<std::string, double> layerNorm;
        if (options.scope == MaskScope::LayerNormalized)
            for (const auto &tower : structure.towers)
                for (const auto &layer : tower.layers) {
                    double sq = 0;
                    for (const auto &m : layer.matrices)
                        if (scores.contains(m.weight))
                            sq += scores.at(m.weight).to(torch::kDouble).pow(2).sum().item<double>();
                    for (const auto &m : layer.matrices)
                        layerNorm[m.weight] = std::sqrt(sq) + 1e-30;
                }
        for (const auto &[key, group] : groups)
            pruneLowest(scores, group, options.sparsity, mask, [&](const std::string &name) {
                const auto s = scores.at(name);
                return options.scope == MaskScope::LayerNormalized ? s.to(torch::kDouble) / layerNorm[name] : s;
            });
        if (mask.tensors.empty())
            throw Error("the scores have no weight-level tensors to build this mask from");
        break;
    }
    }

    static const char *const granularityNames[] = {"weight", "n:m", "head", "kv-group", "neuron", "layer"}; // by enum
    static_assert(std::size(granularityNames) == size_t(MaskGranularity::Layer) + 1);
    static const char *const scopeNames[] = {"tensor", "row", "layer", "global", "layer-normalized"};
    for (const auto &[key, value] : scores.provenance)
        mask.provenance["scores." + key] = value;
    mask.provenance["mask.granularity"] = options.granularity == MaskGranularity::NM
                                              ? std::to_string(options.n) + ":" + std::to_string(options.m)
                                              : granularityNames[int(options.granularity)];
    mask.provenance["mask.scope"] = scopeNames[int(options.scope)];
    mask.provenance["mask.target_sparsity"] = std::to_string(options.sparsity);
    mask.provenance["mask.sparsity"] = std::to_string(maskSparsity(mask));
    return mask;
}

void applyMask(TransformerModel &model, const ScoreMap &mask, const std::string &fileName)
{
    const auto &structure = model.structure();
    checkScoreMap(mask, structure, fileName);
    torch::NoGradGuard noGrad;
    for (size_t t = 0; t < structure.towers.size(); ++t) {
        if (mask.contains(headsName(structure, t)))
            model.headGates(t).copy_(mask.at(headsName(structure, t)));
        if (mask.contains(neuronsName(structure, t)))
            model.neuronGates(t).copy_(mask.at(neuronsName(structure, t)));
    }
    for (const auto &tower : structure.towers)
        for (const auto &layer : tower.layers)
            for (const auto &m : layer.matrices)
                if (mask.contains(m.weight))
                    model.setWeightMask(m.weight, mask.at(m.weight));
}

double maskSparsity(const ScoreMap &mask)
{
    double zeros = 0, total = 0;
    for (const auto &[name, tensor] : mask.tensors) {
        zeros += tensor.eq(0).sum().item<double>();
        total += double(tensor.numel());
    }
    return total > 0 ? zeros / total : 0.0;
}

} // namespace prunescope
