#include "core/analysis/compare.h"

#include "core/models/fused_kernels.h"
#include "core/support/error.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

namespace prunescope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Where each tensor's rows lie: a heads / neurons map has one row per layer; a weight
// is one row in its layer. Layers are numbered over all towers.
struct TensorPlace
{
    std::vector<int64_t> rowLayer; // layer of each row
    bool attention = false;        // component, for the sparsity profiles
    bool units = false;            // heads or neurons map
};

struct Places
{
    std::vector<std::string> layers;
    std::map<std::string, TensorPlace> tensors;
};

Places placesOf(const ModelStructure &structure)
{
    Places p;
    for (size_t t = 0; t < structure.towers.size(); ++t) {
        const auto &tower = structure.towers[t];
        const int64_t first = int64_t(p.layers.size());
        for (size_t l = 0; l < tower.layers.size(); ++l) {
            p.layers.push_back(tower.name + " " + std::to_string(l));
            for (const auto &m : tower.layers[l].matrices)
                p.tensors[m.weight] = {{first + int64_t(l)}, isAttentionRole(m.role()), false};
        }
        std::vector<int64_t> rows(tower.layers.size());
        std::iota(rows.begin(), rows.end(), first);
        p.tensors[headsName(structure, t)] = {rows, true, true};
        p.tensors[neuronsName(structure, t)] = {rows, false, true};
    }
    return p;
}

// The map's tensor as [rows, columns], one row per entry of TensorPlace::rowLayer.
torch::Tensor asRows(const torch::Tensor &t, const TensorPlace &place)
{
    return t.reshape({int64_t(place.rowLayer.size()), -1});
}

PairMatrix square(size_t k, double value)
{
    return PairMatrix(k, std::vector<double>(k, value));
}

// Ranks 0..n-1 of `x` (1-d), ties sharing their mean rank.
torch::Tensor averageRanks(const torch::Tensor &x)
{
    const auto [sorted, order] = torch::sort(x);
    const auto [unique, inverse, counts] = torch::unique_consecutive(sorted, true, true);
    const auto ends = counts.cumsum(0).to(torch::kDouble);
    const auto mean = ends - (counts.to(torch::kDouble) + 1) / 2;
    auto ranks = torch::empty_like(x, x.options().dtype(torch::kDouble));
    ranks.index_put_({order}, mean.index_select(0, inverse));
    return ranks;
}

// Pearson correlations of the rows of `x` [K, n] (double).
torch::Tensor rowCorrelations(torch::Tensor x)
{
    x = x - x.mean(1, true);
    const auto norms = x.norm(2, 1, true);
    x = x / norms.clamp_min(1e-300);
    auto c = x.matmul(x.t());
    // A constant row correlates with nothing.
    const auto constant = norms.squeeze(1).eq(0);
    c.index_put_({constant}, kNaN);
    c.index_put_({torch::indexing::Slice(), constant}, kNaN);
    return c;
}

// Kendall's tau-b of two sequences by merge sort (Knight's algorithm), O(n log n).
double kendallTau(const std::vector<double> &a, const std::vector<double> &b)
{
    const size_t n = a.size();
    if (n < 2)
        return kNaN;
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t i, size_t j) { return a[i] < a[j] || (a[i] == a[j] && b[i] < b[j]); });
    // Pairs tied in a, and tied in both.
    double tiedA = 0, tiedBoth = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && a[order[j]] == a[order[i]])
            ++j;
        tiedA += double(j - i) * double(j - i - 1) / 2;
        for (size_t k = i; k < j;) {
            size_t m = k;
            while (m < j && b[order[m]] == b[order[k]])
                ++m;
            tiedBoth += double(m - k) * double(m - k - 1) / 2;
            k = m;
        }
        i = j;
    }
    // Sorting b (in a's order) by merges counts the discordant pairs as swaps.
    std::vector<double> values(n), buffer(n);
    for (size_t i = 0; i < n; ++i)
        values[i] = b[order[i]];
    double swaps = 0;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            const size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (values[j] < values[i]) {
                    swaps += double(mid - i);
                    buffer[k++] = values[j++];
                } else {
                    buffer[k++] = values[i++];
                }
            }
            while (i < mid)
                buffer[k++] = values[i++];
            while (j < hi)
                buffer[k++] = values[j++];
        }
        values.swap(buffer);
    }
    double tiedB = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && values[j] == values[i])
            ++j;
        tiedB += double(j - i) * double(j - i - 1) / 2;
        i = j;
    }
    const double pairs = double(n) * double(n - 1) / 2;
    const double concordantMinusDiscordant = pairs - tiedA - tiedB + tiedBoth - 2 * swaps;
    const double denominator = std::sqrt((pairs - tiedA) * (pairs - tiedB));
    return denominator > 0 ? concordantMinusDiscordant / denominator : kNaN;
}

std::vector<double> toVector(const torch::Tensor &t)
{
    const auto c = t.to(torch::kCPU, torch::kDouble).contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

// Spearman, Kendall and top-k overlap of the rows of `x` [K, n] (the score maps' units).
// Where one scope's results go: each metric's K x K matrix, overall or in one layer.
using Matrices = std::map<std::string, PairMatrix *>;

void rankMetrics(const torch::Tensor &x, const CompareOptions &options, int64_t limit, const std::vector<size_t> &items,
                 const Matrices &out, int64_t *kendallUnits)
{
    const int64_t n = x.size(1), k = x.size(0);
    std::vector<torch::Tensor> ranks;
    for (int64_t i = 0; i < k; ++i)
        ranks.push_back(averageRanks(x[i]));
    const auto spearman = rowCorrelations(torch::stack(ranks)).cpu();

    const int64_t top = std::max<int64_t>(1, int64_t(std::ceil(options.topFraction * double(n))));
    auto topSets = torch::zeros({k, n}, x.options().dtype(torch::kFloat));
    for (int64_t i = 0; i < k; ++i)
        topSets[i].index_fill_(0, std::get<1>(x[i].topk(top)), 1);
    const auto overlap = (topSets.matmul(topSets.t()).to(torch::kDouble) / double(top)).cpu();

    // Above `limit` units, a systematic sample: every (n / limit)-th unit from a seeded offset.
    torch::Tensor sample;
    if (n > limit) {
        const double step = double(n) / double(limit);
        const double offset = double(options.seed % 1000) / 1000.0 * step;
        sample = (torch::arange(limit, torch::kDouble) * step + offset).floor().clamp_max(double(n - 1)).to(torch::kLong);
        sample = sample.to(x.device());
    }
    std::vector<std::vector<double>> values;
    for (int64_t i = 0; i < k; ++i)
        values.push_back(toVector(sample.defined() ? x[i].index_select(0, sample) : x[i]));
    if (kendallUnits)
        *kendallUnits = int64_t(values.front().size());
    std::vector<std::pair<size_t, size_t>> pairs;
    for (size_t a = 0; a < items.size(); ++a)
        for (size_t b = a + 1; b < items.size(); ++b)
            pairs.emplace_back(a, b);
    std::vector<double> taus(pairs.size());
    at::parallel_for(0, int64_t(pairs.size()), 1, [&](int64_t begin, int64_t end) {
        for (int64_t p = begin; p < end; ++p)
            taus[size_t(p)] = kendallTau(values[pairs[size_t(p)].first], values[pairs[size_t(p)].second]);
    });

    PairMatrix &kendall = *out.at("kendall"), &spearmanOut = *out.at("spearman"), &topk = *out.at("topk");
    for (size_t a = 0; a < items.size(); ++a) {
        kendall[items[a]][items[a]] = 1.0;
        for (size_t b = 0; b < items.size(); ++b) {
            spearmanOut[items[a]][items[b]] = spearman[int64_t(a)][int64_t(b)].item<double>();
            topk[items[a]][items[b]] = overlap[int64_t(a)][int64_t(b)].item<double>();
        }
    }
    for (size_t p = 0; p < pairs.size(); ++p) {
        const auto [a, b] = pairs[p];
        kendall[items[a]][items[b]] = kendall[items[b]][items[a]] = taus[p];
    }
}

// Counts of pruned units over the tensors two masks share, per layer.
struct PairCounts
{
    std::vector<PairMatrix> both, prunedA, prunedB, units; // [layer][a][b]
};

// IoU, Hamming and cosine of every pair of masks over layers [first, end).
void setMaskMetrics(const PairCounts &counts, size_t first, size_t end, const std::vector<bool> &isMask,
                    const Matrices &out)
{
    PairMatrix &iou = *out.at("iou"), &hamming = *out.at("hamming"), &cosine = *out.at("cosine");
    const size_t k = isMask.size();
    for (size_t a = 0; a < k; ++a)
        for (size_t b = 0; b < k; ++b) {
            if (!isMask[a] || !isMask[b])
                continue;
            double both = 0, pa = 0, pb = 0, n = 0;
            for (size_t l = first; l < end; ++l) {
                both += counts.both[l][a][b];
                pa += counts.prunedA[l][a][b];
                pb += counts.prunedB[l][a][b];
                n += counts.units[l][a][b];
            }
            if (n == 0)
                continue;
            const double either = pa + pb - both;
            iou[a][b] = either > 0 ? both / either : 1.0;
            hamming[a][b] = (pa + pb - 2 * both) / n;
            // Keep vectors: |keep_a ∩ keep_b| = n - |pruned_a ∪ pruned_b|.
            const double keepA = n - pa, keepB = n - pb;
            cosine[a][b] = keepA > 0 && keepB > 0 ? (n - either) / std::sqrt(keepA * keepB) : kNaN;
        }
}

Matrices overallMatrices(MapComparison &c)
{
    Matrices m;
    for (auto &[metric, matrix] : c.overall)
        m[metric] = &matrix;
    return m;
}

Matrices layerMatrices(MapComparison &c, size_t layer)
{
    Matrices m;
    for (auto &[metric, layers] : c.perLayer)
        m[metric] = &layers[layer];
    return m;
}

} // namespace

bool isMaskMap(const std::map<std::string, torch::Tensor> &tensors)
{
    if (tensors.empty())
        return false;
    // One answer per tensor, read back once: on a GPU each read waits for the device.
    std::vector<torch::Tensor> binary;
    for (const auto &[name, t] : tensors)
        binary.push_back(zeroOrOne(t));
    return torch::stack(binary).all().item<bool>();
}

namespace {

using DeviceMaps = std::vector<std::map<std::string, torch::Tensor>>;

// Every tensor goes to the device once. Says in `isMask` which maps are masks.
DeviceMaps toDevice(const std::vector<ScoreMap> &maps, torch::Device device, std::vector<bool> &isMask)
{
    DeviceMaps onDevice(maps.size());
    for (size_t i = 0; i < maps.size(); ++i) {
        for (const auto &[name, t] : maps[i].tensors) // masks loaded as U8 stay U8 (a quarter of the copy)
            onDevice[i][name] = t.to(device, t.scalar_type() == torch::kUInt8 ? torch::kUInt8 : torch::kFloat);
        // The recorded kind where there is one: scores that happen to be 0 or 1 are still scores.
        isMask.push_back(maps[i].kind ? *maps[i].kind == MapKind::Mask : isMaskMap(onDevice[i]));
    }
    return onDevice;
}

// What the masks' tensors add up to: the pair counts per layer, and each mask's pruned and
// total units per component and layer for its sparsity profile.
struct MaskTallies
{
    MaskTallies(size_t k, size_t layers)
        : attentionZeros(k, std::vector<double>(layers))
        , attentionUnits(attentionZeros)
        , ffnZeros(attentionZeros)
        , ffnUnits(attentionZeros)
    {
        for (auto *m : {&counts.both, &counts.prunedA, &counts.prunedB, &counts.units})
            m->assign(layers, square(k, 0));
    }

    PairCounts counts;
    std::vector<std::vector<double>> attentionZeros, attentionUnits, ffnZeros, ffnUnits; // [map][layer]
};

// One tensor of the masks `items`, counted where the masks are: perRow[row][a][b], the units
// of a row pruned in both masks of a pair (a mask's own pruned units where a = b), as
// float64 (exact sums of counts). Rows go into layers on the host: a tensor has one row,
// or one a layer.
struct TensorCounts
{
    std::string name;
    std::vector<size_t> items;
    double columns = 0; // units in each row
    torch::Tensor perRow;
};

TensorCounts countMaskTensor(const std::string &name, const TensorPlace &place, const std::vector<size_t> &items,
                             const DeviceMaps &onDevice)
{
    const auto &first = onDevice[items.front()].at(name);
    const int64_t rows = int64_t(place.rowLayer.size()), columns = first.numel() / rows;
    // On a GPU, byte masks are counted as they lie, in one pass (the kernel takes up to 16).
    std::vector<torch::Tensor> byRow;
    for (const size_t i : items)
        byRow.push_back(asRows(onDevice[i].at(name), place));
    if (const auto counted = zeroPairCounts(byRow); counted.defined())
        return {name, items, double(columns), counted.to(torch::kDouble)};
    // Elsewhere the pair counts are products of 0/1 rows. The columns are cut into chunks of
    // 2048, the chunks the batch of one product: a single product over millions of columns
    // keeps a few blocks of the GPU busy while the rest wait, and a chunk's counts (at most
    // 2^11) are exact even in half precision, which halves what a GPU reads (the CPU
    // multiplies float).
    constexpr int64_t kChunk = 2048;
    const auto type = first.is_cuda() ? torch::kHalf : torch::kFloat;
    const int64_t chunk = std::clamp<int64_t>(columns, 1, kChunk), chunks = (columns + chunk - 1) / chunk;
    std::vector<torch::Tensor> pruned; // each [rows * chunks, chunk], zeros past the last column
    for (const auto &mask : byRow)
        pruned.push_back(torch::constant_pad_nd(mask.eq(0).to(type), {0, chunks * chunk - columns})
                             .view({rows * chunks, chunk}));
    const auto p = torch::stack(pruned, 1); // [rows * chunks, items, chunk]
    const auto n = int64_t(items.size());
    return {name, items, double(columns),
            p.matmul(p.transpose(1, 2)).to(torch::kDouble).view({rows, chunks, n, n}).sum(1)};
}

// Adds counted tensors (brought to the host together: one wait for the device) to the
// tallies and sets each one's IoU of every pair.
void tallyMaskTensors(std::vector<TensorCounts> counted, const Places &places, MaskTallies &tallies,
                      std::map<std::string, PairMatrix> &tensorIou)
{
    std::vector<torch::Tensor> flat;
    for (const auto &t : counted)
        flat.push_back(t.perRow.flatten());
    if (flat.empty())
        return;
    const auto host = torch::cat(flat).to(torch::kCPU).contiguous();
    const double *next = host.data_ptr<double>();
    PairCounts &counts = tallies.counts;
    for (auto &t : counted) {
        const TensorPlace &place = places.tensors.at(t.name);
        const size_t n = t.items.size();
        std::vector<double> prunedTotal(n);
        PairMatrix bothTotal = square(n, 0);
        for (const int64_t row : place.rowLayer) {
            const auto layer = size_t(row);
            const double *both = next; // [a][b] of this row
            next += n * n;
            for (size_t a = 0; a < n; ++a) {
                const double pa = both[a * n + a];
                prunedTotal[a] += pa;
                (place.attention ? tallies.attentionZeros : tallies.ffnZeros)[t.items[a]][layer] += pa;
                (place.attention ? tallies.attentionUnits : tallies.ffnUnits)[t.items[a]][layer] += t.columns;
                for (size_t b = 0; b < n; ++b) {
                    const double shared = both[a * n + b];
                    bothTotal[a][b] += shared;
                    counts.both[layer][t.items[a]][t.items[b]] += shared;
                    counts.prunedA[layer][t.items[a]][t.items[b]] += pa;
                    counts.prunedB[layer][t.items[a]][t.items[b]] += both[b * n + b];
                    counts.units[layer][t.items[a]][t.items[b]] += t.columns;
                }
            }
        }
        PairMatrix &iou = tensorIou[t.name];
        for (size_t a = 0; a < n; ++a)
            for (size_t b = 0; b < n; ++b) {
                const double either = prunedTotal[a] + prunedTotal[b] - bothTotal[a][b];
                iou[t.items[a]][t.items[b]] = either > 0 ? bothTotal[a][b] / either : 1.0;
            }
    }
}

// Each mask's sparsity per layer and component, and the heads that survive in each layer.
void setMaskProfiles(MapComparison &c, const std::vector<ScoreMap> &maps, const ModelStructure &structure,
                     const MaskTallies &tallies)
{
    const size_t layers = c.layers.size();
    for (size_t i = 0; i < maps.size(); ++i) {
        if (!c.isMask[i])
            continue;
        for (size_t l = 0; l < layers; ++l) {
            const double attentionUnits = tallies.attentionUnits[i][l], ffnUnits = tallies.ffnUnits[i][l];
            c.attentionSparsity[i].push_back(attentionUnits > 0 ? tallies.attentionZeros[i][l] / attentionUnits : 0);
            c.ffnSparsity[i].push_back(ffnUnits > 0 ? tallies.ffnZeros[i][l] / ffnUnits : 0);
        }
        for (size_t t = 0; t < structure.towers.size(); ++t) {
            const std::string heads = headsName(structure, t);
            const auto layerCount = int64_t(structure.towers[t].layers.size());
            // One read per map and tower: on a GPU each read waits for the device.
            const auto kept = maps[i].contains(heads)
                                  ? maps[i].at(heads).ne(0).sum(1).to(torch::kCPU, torch::kLong).contiguous()
                                  : torch::full({layerCount}, structure.towers[t].heads, torch::kLong);
            c.survivingHeads[i].insert(c.survivingHeads[i].end(), kept.data_ptr<int64_t>(),
                                       kept.data_ptr<int64_t>() + layerCount);
        }
    }
}

// Rank metrics over the tensors every score map has, overall and per layer.
void setRankMetrics(MapComparison &c, const DeviceMaps &onDevice, const std::set<std::string> &tensorNames,
                    const Places &places, const CompareOptions &options)
{
    std::vector<size_t> scoreItems;
    for (size_t i = 0; i < onDevice.size(); ++i)
        if (!c.isMask[i])
            scoreItems.push_back(i);
    if (scoreItems.size() < 2)
        return;
    std::vector<std::vector<torch::Tensor>> flat(scoreItems.size());
    std::vector<torch::Tensor> layerOf;
    for (const auto &name : tensorNames) {
        if (!std::all_of(scoreItems.begin(), scoreItems.end(), [&](size_t i) { return onDevice[i].count(name) > 0; }))
            continue;
        const TensorPlace &place = places.tensors.at(name);
        for (size_t s = 0; s < scoreItems.size(); ++s)
            flat[s].push_back(onDevice[scoreItems[s]].at(name).flatten().to(torch::kFloat));
        const int64_t columns = onDevice[scoreItems.front()].at(name).numel() / int64_t(place.rowLayer.size());
        layerOf.push_back(torch::tensor(place.rowLayer, torch::kLong).repeat_interleave(columns).to(options.device));
    }
    if (layerOf.empty())
        return;
    std::vector<torch::Tensor> rows;
    for (auto &parts : flat)
        rows.push_back(torch::cat(parts));
    const auto x = torch::stack(rows);
    const auto layerIds = torch::cat(layerOf);
    rankMetrics(x, options, options.kendallUnits, scoreItems, overallMatrices(c), &c.kendallUnits);
    for (size_t l = 0; l < c.layers.size(); ++l) {
        const auto index = layerIds.eq(int64_t(l)).nonzero().flatten();
        if (index.numel() >= 2)
            rankMetrics(x.index_select(1, index), options, std::max<int64_t>(1000, options.kendallUnits / 10),
                        scoreItems, layerMatrices(c, l), nullptr);
    }
}

} // namespace

MapComparison compareMaps(const std::vector<std::string> &names, const std::vector<ScoreMap> &maps,
                          const ModelStructure &structure, const CompareOptions &options, const Progress &progress)
{
    if (maps.size() < 2 || names.size() != maps.size())
        throw Error("a comparison needs two or more maps, each with a name");
    for (size_t i = 0; i < maps.size(); ++i)
        checkScoreMap(maps[i], structure, names[i]);
    const size_t k = maps.size();
    const Places places = placesOf(structure);
    const size_t layers = places.layers.size();
    MapComparison c;
    c.names = names;
    c.layers = places.layers;
    const DeviceMaps onDevice = toDevice(maps, options.device, c.isMask);
    for (const char *metric : {"iou", "cosine", "hamming", "spearman", "kendall", "topk"}) {
        c.overall[metric] = square(k, kNaN);
        c.perLayer[metric] = std::vector<PairMatrix>(layers, square(k, kNaN));
    }
    c.attentionSparsity.resize(k);
    c.ffnSparsity.resize(k);
    c.survivingHeads.resize(k);

    MaskTallies tallies(k, layers);
    std::set<std::string> tensorNames;
    for (const auto &map : maps)
        for (const auto &[name, t] : map.tensors)
            tensorNames.insert(name);
    int64_t done = 0;
    std::vector<TensorCounts> counted;
    for (const auto &name : tensorNames) {
        std::vector<size_t> items;
        for (size_t i = 0; i < k; ++i)
            if (c.isMask[i] && maps[i].contains(name))
                items.push_back(i);
        if (!items.empty()) {
            c.tensorIou[name] = square(k, kNaN);
            counted.push_back(countMaskTensor(name, places.tensors.at(name), items, onDevice));
        }
        if (progress && !progress(++done, int64_t(tensorNames.size()) + 1, name))
            throw Cancelled();
    }
    tallyMaskTensors(std::move(counted), places, tallies, c.tensorIou);
    setMaskMetrics(tallies.counts, 0, layers, c.isMask, overallMatrices(c));
    for (size_t l = 0; l < layers; ++l)
        setMaskMetrics(tallies.counts, l, l + 1, c.isMask, layerMatrices(c, l));
    setMaskProfiles(c, maps, structure, tallies);
    setRankMetrics(c, onDevice, tensorNames, places, options);
    if (progress && !progress(done + 1, done + 1, "rank correlations"))
        throw Cancelled();
    return c;
}

} // namespace prunescope
