#include "core/pruning/masks.h"

#include "core/pruning/selection.h"
#include "core/support/error.h"

#include <torch/torch.h>

#include <cmath>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <numeric>
#include <sstream>

namespace prunescope {

namespace {

const char *const kGranularityNames[] = {"weight", "n:m", "head", "kv-group", "neuron", "layer"}; // by enum
static_assert(std::size(kGranularityNames) == size_t(MaskGranularity::Layer) + 1);
const char *const kScopeNames[] = {"tensor", "row", "layer", "global", "layer-normalized"};
static_assert(std::size(kScopeNames) == size_t(MaskScope::LayerNormalized) + 1);

// The position of `name` in `names`, or -1.
template <size_t N>
int indexOf(const char *const (&names)[N], const std::string &name)
{
    for (size_t i = 0; i < N; ++i)
        if (name == names[i])
            return int(i);
    return -1;
}

torch::Tensor bytesLike(const torch::Tensor &t)
{
    return torch::empty(t.sizes(), torch::TensorOptions().dtype(torch::kUInt8));
}

// The tensors `names` compete for one cut: round(s * N) of their entries pruned, each tensor's
// scores multiplied by its `scale` (1 where none is given). Each is read three times (two
// histogram passes and the mask), one at a time; scaled values go through a small buffer.
void pruneLowest(const ScoreSource &scores, const std::vector<std::string> &names, double sparsity, ScoreMap &mask,
                 const std::map<std::string, float> &scale = {})
{
    const auto visit = [&](const std::string &name, const std::function<void(const float *, int64_t, int64_t)> &use) {
        const auto t = scores.read(name);
        const float *values = t.data_ptr<float>();
        const auto factor = scale.find(name);
        if (factor == scale.end()) {
            use(values, t.numel(), 0);
        } else {
            std::vector<float> buffer(size_t(std::min<int64_t>(t.numel(), 1 << 16)));
            for (int64_t start = 0; start < t.numel(); start += int64_t(buffer.size())) {
                const int64_t count = std::min<int64_t>(int64_t(buffer.size()), t.numel() - start);
                for (int64_t i = 0; i < count; ++i)
                    buffer[size_t(i)] = values[start + i] * factor->second;
                use(buffer.data(), count, start);
            }
        }
        scores.release(name);
    };
    int64_t total = 0;
    for (const auto &name : names)
        total += scores.shapes().at(name).numel();
    const Cut cut = lowestCut(
        [&](const std::function<void(const float *, int64_t)> &chunk) {
            for (const auto &name : names)
                visit(name, [&](const float *values, int64_t count, int64_t) { chunk(values, count); });
        },
        std::llround(sparsity * double(total)));
    CutWriter writer(cut);
    for (const auto &name : names) {
        auto keep = bytesLike(scores.shapes().at(name));
        visit(name, [&](const float *values, int64_t count, int64_t start) {
            writer.write(values, count, keep.data_ptr<uint8_t>() + start);
        });
        mask.tensors[name] = keep;
    }
}

// The [out, in] view of a matrix's scores (GPT-2's Conv1D stores [in, out]), contiguous.
torch::Tensor outIn(const torch::Tensor &t, const PrunableMatrix &matrix)
{
    return (matrix.inputMajor ? t.t() : t).contiguous();
}

// Each row of a 2-D tensor on its own: round(s * columns) pruned per row.
torch::Tensor keepPerRow(const torch::Tensor &rows, double sparsity)
{
    const int64_t columns = rows.size(1), prune = std::llround(sparsity * double(columns));
    auto keep = bytesLike(rows);
    at::parallel_for(0, rows.size(0), 1 + (1 << 16) / std::max<int64_t>(columns, 1), [&](int64_t begin, int64_t end) {
        std::vector<uint32_t> scratch;
        for (int64_t r = begin; r < end; ++r)
            keepHighestInRow(rows.data_ptr<float>() + r * columns, columns, prune, keep.data_ptr<uint8_t>() + r * columns,
                             scratch);
    });
    return keep;
}

// n of every m along the input of an [out, in] float32 CPU tensor.
torch::Tensor keepNofMRows(const torch::Tensor &rows, const PrunableMatrix &matrix, int64_t n, int64_t m)
{
    if (rows.size(1) % m != 0)
        throw Error("'" + matrix.weight + "' has " + std::to_string(rows.size(1)) + " inputs, not a multiple of m = "
                    + std::to_string(m));
    auto keep = bytesLike(rows);
    const int64_t columns = rows.size(1);
    at::parallel_for(0, rows.size(0), 1 + (1 << 16) / std::max<int64_t>(columns, 1), [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r)
            keepNofMInRow(rows.data_ptr<float>() + r * columns, columns, n, m, keep.data_ptr<uint8_t>() + r * columns);
    });
    return keep;
}

} // namespace

torch::Tensor keepNofM(const torch::Tensor &scores, const PrunableMatrix &matrix, int64_t n, int64_t m)
{
    if (scores.is_cpu()) {
        const auto keep = keepNofMRows(outIn(scores.to(torch::kFloat), matrix), matrix, n, m).to(torch::kFloat);
        return outIn(keep, matrix);
    }
    // On a GPU (masks rebuilt at every step of pattern pruning): the same order by a stable sort.
    const auto rows = matrix.inputMajor ? scores.t() : scores; // [out, in]
    if (rows.size(1) % m != 0)
        throw Error("'" + matrix.weight + "' has " + std::to_string(rows.size(1)) + " inputs, not a multiple of m = "
                    + std::to_string(m));
    const auto blocks = torch::nan_to_num(rows.to(torch::kFloat), -std::numeric_limits<float>::infinity())
                            .reshape({rows.size(0), -1, m});
    const auto order = std::get<1>(torch::sort(blocks, /*stable=*/true, /*dim=*/-1, /*descending=*/true));
    auto keep = torch::zeros_like(blocks);
    keep.scatter_(-1, order.slice(-1, 0, n), 1.0);
    return outIn(keep.reshape(rows.sizes()), matrix);
}

namespace {

std::vector<std::string> unitNames(const ModelStructure &structure, bool heads)
{
    std::vector<std::string> names;
    for (size_t t = 0; t < structure.towers.size(); ++t)
        names.push_back(heads ? headsName(structure, t) : neuronsName(structure, t));
    return names;
}

// Structured scores [layers, units]: per layer, global, or per-layer-normalised global.
void maskUnits(const ScoreSource &scores, const std::vector<std::string> &names, const MaskOptions &options,
               ScoreMap &mask)
{
    std::vector<std::string> present;
    for (const auto &name : names)
        if (scores.shapes().contains(name))
            present.push_back(name);
    if (present.empty())
        throw Error("the scores have no " + names.front() + " to build this mask from");
    if (options.scope == MaskScope::Tensor || options.scope == MaskScope::Layer || options.scope == MaskScope::Row) {
        for (const auto &name : present)
            mask.tensors[name] = keepPerRow(scores.read(name), options.sparsity);
        return;
    }
    if (options.scope == MaskScope::Global) {
        pruneLowest(scores, present, options.sparsity, mask);
        return;
    }
    ScoreMap normalized; // each layer's scores divided by their L2 norm
    for (const auto &name : present) {
        const auto s = scores.read(name).to(torch::kDouble);
        normalized.tensors[name] = (s / (s.norm(2, -1, true) + 1e-30)).to(torch::kFloat);
    }
    pruneLowest(ScoresInMemory(normalized), present, options.sparsity, mask);
}

// Key-value groups: a group's score is the sum of its query heads' scores, and pruning the
// group prunes them all (so its keys and values go too). The mask stays one of heads.
void maskKvGroups(const ScoreSource &scores, const ModelStructure &structure, const MaskOptions &options, ScoreMap &mask)
{
    ScoreMap groups;
    std::vector<std::string> present;
    for (size_t t = 0; t < structure.towers.size(); ++t) {
        const std::string name = headsName(structure, t);
        if (!scores.shapes().contains(name))
            continue;
        const auto &tower = structure.towers[t];
        groups.tensors[name] = scores.read(name).to(torch::kDouble).view({-1, tower.kvHeads, tower.heads / tower.kvHeads})
                                   .sum(-1).to(torch::kFloat);
        present.push_back(name);
    }
    if (present.empty())
        throw Error("the scores have no " + headsName(structure, 0) + " to build a kv-group mask from");
    ScoreMap groupMask;
    maskUnits(ScoresInMemory(groups), present, options, groupMask);
    for (size_t t = 0; t < structure.towers.size(); ++t) {
        const std::string name = headsName(structure, t);
        if (groupMask.contains(name))
            mask.tensors[name] = groupMask.at(name).repeat_interleave(structure.towers[t].heads / structure.towers[t].kvHeads, 1);
    }
}

// Whole blocks: a layer's score is the sum of its head (attention) or neuron (FFN) scores.
void maskLayers(const ScoreSource &scores, const std::vector<std::string> &names, double sparsity, ScoreMap &mask)
{
    ScoreMap perLayer;
    std::vector<std::string> present;
    for (const auto &name : names) {
        if (!scores.shapes().contains(name))
            continue;
        perLayer.tensors[name] = scores.read(name).to(torch::kDouble).sum(-1).to(torch::kFloat);
        present.push_back(name);
    }
    if (present.empty())
        return;
    ScoreMap layerMask;
    pruneLowest(ScoresInMemory(perLayer), present, sparsity, layerMask);
    for (const auto &name : present)
        mask.tensors[name] = layerMask.at(name).unsqueeze(-1).expand(scores.shapes().at(name).sizes()).contiguous();
}

// Weights and n:m patterns, tensor by tensor or cut together by scope.
void maskWeights(const ScoreSource &scores, const ModelStructure &structure, const MaskOptions &options, ScoreMap &mask)
{
    std::map<std::string, std::vector<std::string>> groups; // tensors cut together, by scope
    std::map<std::string, float> scale;                     // layer-normalized: 1 / the layer's L2 norm
    for (size_t t = 0; t < structure.towers.size(); ++t) {
        for (size_t l = 0; l < structure.towers[t].layers.size(); ++l) {
            double squares = 0;
            std::vector<std::string> inLayer;
            for (const auto &m : structure.towers[t].layers[l].matrices) {
                if (!scores.shapes().contains(m.weight))
                    continue;
                if (options.granularity == MaskGranularity::NM || options.scope == MaskScope::Row) {
                    const auto rows = outIn(scores.read(m.weight), m);
                    const auto keep = options.granularity == MaskGranularity::NM
                                          ? keepNofMRows(rows, m, options.n, options.m)
                                          : keepPerRow(rows, options.sparsity);
                    mask.tensors[m.weight] = outIn(keep, m);
                    scores.release(m.weight);
                    continue;
                }
                if (options.scope == MaskScope::LayerNormalized) {
                    const auto s = scores.read(m.weight);
                    squares += std::inner_product(s.data_ptr<float>(), s.data_ptr<float>() + s.numel(), s.data_ptr<float>(), 0.0);
                    scores.release(m.weight);
                }
                inLayer.push_back(m.weight);
                const std::string key = options.scope == MaskScope::Tensor  ? m.weight
                                        : options.scope == MaskScope::Layer ? std::to_string(t) + "/" + std::to_string(l)
                                                                            : "all";
                groups[key].push_back(m.weight);
            }
            for (const auto &name : inLayer)
                scale[name] = float(1.0 / (std::sqrt(squares) + 1e-30));
        }
    }
    for (const auto &[key, group] : groups)
        pruneLowest(scores, group, options.sparsity, mask, scale);
    if (mask.tensors.empty())
        throw Error("the scores have no weight-level tensors to build this mask from");
}

} // namespace

MaskOptions parseMaskOptions(const std::string &granularity, const std::string &scope, double sparsity)
{
    MaskOptions options;
    if (!(sparsity >= 0.0 && sparsity <= 1.0))
        throw Error("--sparsity must be between 0 and 1, got " + std::to_string(sparsity));
    options.sparsity = sparsity;
    if (const auto colon = granularity.find(':'); colon != std::string::npos) {
        try {
            options.n = std::stoll(granularity.substr(0, colon));
            options.m = std::stoll(granularity.substr(colon + 1));
        } catch (const std::exception &) {
            throw Error("--granularity '" + granularity + "': N:M needs two numbers, such as 2:4");
        }
        if (options.m <= 0 || options.n < 0 || options.n > options.m)
            throw Error("--granularity '" + granularity + "': N:M needs 0 <= N <= M and M > 0");
        options.granularity = MaskGranularity::NM;
        options.sparsity = 1.0 - double(options.n) / double(options.m);
    } else if (const int g = indexOf(kGranularityNames, granularity); g >= 0 && g != int(MaskGranularity::NM)) {
        options.granularity = MaskGranularity(g);
    } else {
        throw Error("--granularity '" + granularity + "' is not one of weight, N:M (e.g. 2:4), head, kv-group, neuron, layer");
    }
    const int found = indexOf(kScopeNames, scope);
    if (found < 0)
        throw Error("--scope '" + scope + "' is not one of tensor, row, layer, global, layer-normalized");
    options.scope = MaskScope(found);
    return options;
}

ScoreMap buildMask(const ScoreSource &scores, const ModelStructure &structure, const MaskOptions &options)
{
    checkScoreMap(scores.shapes(), structure, "scores");
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
    case MaskGranularity::NM: maskWeights(scores, structure, options, mask); break;
    }
    for (const auto &[key, value] : scores.shapes().provenance)
        mask.provenance["scores." + key] = value;
    mask.provenance["mask.granularity"] = options.granularity == MaskGranularity::NM
                                              ? std::to_string(options.n) + ":" + std::to_string(options.m)
                                              : kGranularityNames[int(options.granularity)];
    mask.provenance["mask.scope"] = kScopeNames[int(options.scope)];
    mask.provenance["mask.target_sparsity"] = std::to_string(options.sparsity);
    mask.provenance["mask.sparsity"] = std::to_string(maskSparsity(mask));
    return mask;
}

ScoreMap buildMasks(const ScoreSource &scores, const ModelStructure &structure, const std::vector<MaskOptions> &parts)
{
    if (parts.size() == 1)
        return buildMask(scores, structure, parts.front());
    ScoreMap merged;
    merged.kind = MapKind::Mask;
    std::map<std::string, std::string> writtenBy; // tensor: granularity
    for (const MaskOptions &options : parts) {
        ScoreMap mask = buildMask(scores, structure, options);
        const std::string granularity = mask.provenance.at("mask.granularity");
        for (auto &[name, tensor] : mask.tensors) {
            if (const auto it = writtenBy.find(name); it != writtenBy.end())
                throw Error("the " + it->second + " and " + granularity + " masks both set '" + name
                            + "': give only one of them");
            writtenBy[name] = granularity;
            merged.tensors[name] = std::move(tensor);
        }
        for (const auto &[key, value] : mask.provenance) {
            auto &joined = merged.provenance[key];
            if (key.rfind("mask.", 0) != 0)
                joined = value; // the scores' own, the same for every part
            else
                joined += (joined.empty() ? "" : ",") + value;
        }
    }
    merged.provenance["mask.part_sparsities"] = merged.provenance["mask.sparsity"]; // each granularity's, in order
    merged.provenance["mask.sparsity"] = std::to_string(maskSparsity(merged));
    return merged;
}

ScoreMap buildMask(const ScoreMap &scores, const ModelStructure &structure, const MaskOptions &options)
{
    ScoreMap mask = buildMask(ScoresInMemory(scores), structure, options);
    for (auto &[name, keep] : mask.tensors)
        keep = keep.to(torch::kFloat);
    return mask;
}

DenseOnExit::DenseOnExit(TransformerModel &model)
    : m_model(model)
{
    m_model.clearWeightMasks();
    m_model.resetGates();
}

DenseOnExit::~DenseOnExit()
{
    m_model.clearWeightMasks();
    m_model.resetGates();
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
                if (mask.contains(m.weight)) // held as bool: 0 prunes, 1 keeps
                    model.setWeightMask(m.weight, mask.at(m.weight).ne(0));
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
