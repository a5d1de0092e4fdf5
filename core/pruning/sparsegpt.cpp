#include "core/pruning/sparsegpt.h"

#include "core/pruning/layer_hessians.h"
#include "core/pruning/masks.h"
#include "core/pruning/training.h"
#include "core/support/error.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <sstream>

namespace prunescope {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string number(double v)
{
    std::ostringstream text;
    text << v;
    return text.str();
}

std::string patternText(const SparseGptOptions &o)
{
    return o.pattern() ? std::to_string(o.n) + ":" + std::to_string(o.m) : "unstructured";
}

// True for the round(share * N) lowest of `scores` (all of a block, in row-major order),
// ties broken by position as masks.h does.
torch::Tensor lowestShare(const torch::Tensor &scores, double share)
{
    const int64_t prune = std::llround(share * double(scores.numel()));
    auto pruned = torch::zeros({scores.numel()}, scores.options().dtype(torch::kBool));
    if (prune > 0) {
        const auto order = std::get<1>(torch::sort(scores.reshape({-1}), /*stable=*/true, /*dim=*/0, /*descending=*/false));
        pruned.index_fill_(0, order.slice(0, 0, prune), true);
    }
    return pruned.view(scores.sizes());
}

// The upper Cholesky factor U of (H + lambda I)^-1, H^-1 = U^T U, after the dead inputs'
// diagonal is set to 1 (in place on `h`).
torch::Tensor inverseFactor(torch::Tensor h, const torch::Tensor &dead, double dampening, const std::string &name)
{
    auto diagonal = h.diagonal();
    diagonal.masked_fill_(dead, 1.0);
    diagonal.add_(diagonal.mean() * dampening);
    const auto refuse = [&](const torch::Tensor &info) {
        if (info.item<int64_t>() != 0)
            throw Error("the Hessian of '" + name + "' is not positive definite after dampening "
                        + number(dampening) + "; raise the dampening or give more calibration data");
    };
    auto [lower, info] = torch::linalg_cholesky_ex(h);
    refuse(info);
    auto [upper, infoUpper] = torch::linalg_cholesky_ex(torch::cholesky_inverse(lower), /*upper=*/true);
    refuse(infoUpper);
    return upper;
}

} // namespace

SparseGptOptions checkedSparseGptOptions(const SparseGptOptions &o)
{
    if (o.pattern() && (o.n <= 0 || o.n >= o.m))
        throw Error("pattern " + std::to_string(o.n) + ":" + std::to_string(o.m)
                    + " is not n:m with 0 < n < m (n of every m weights kept, such as 2:4 or 4:8)");
    if (!o.pattern() && !(o.sparsity >= 0 && o.sparsity < 1))
        throw Error("sparsity " + number(o.sparsity) + " is not a share from 0 to below 1");
    if (!(o.dampening > 0) || !std::isfinite(o.dampening))
        throw Error("dampening " + number(o.dampening) + " is not a number above 0 (a share of the mean of diag H)");
    if (o.blockSize < 1)
        throw Error("block-size " + std::to_string(o.blockSize) + " is not a whole number of at least 1");
    if (o.pattern() && o.blockSize % o.m != 0)
        throw Error("block-size " + std::to_string(o.blockSize) + " is not a multiple of the pattern's m = "
                    + std::to_string(o.m) + ", so a block would cut a group of m columns");
    return o;
}

PrunedMatrix pruneWithHessian(const torch::Tensor &weight, const torch::Tensor &hessian, const SparseGptOptions &o,
                              const std::string &name)
{
    torch::NoGradGuard noGrad;
    auto w = weight.to(torch::kFloat).clone();
    const int64_t rows = w.size(0), columns = w.size(1);
    if (hessian.dim() != 2 || hessian.size(0) != columns || hessian.size(1) != columns)
        throw Error("the Hessian of '" + name + "' is " + c10::str(hessian.sizes()) + " for " +
                    std::to_string(columns) + " inputs");
    PrunedMatrix result;
    const auto dead = hessian.diagonal().eq(0);
    result.deadInputs = dead.sum().item<int64_t>();
    if (result.deadInputs > 0)
        w.index_fill_(1, dead.nonzero().squeeze(1), 0.0);
    const auto u = inverseFactor(hessian.to(torch::kFloat).clone(), dead, o.dampening, name);

    // Two kernels a column: its error err = w * pruned / d (pruned columns only), and the rank-one
    // update of the block's later columns. Column i itself becomes q on that update, as
    // w - (w - q) / d * d; the pruned entries are set to exact zeros once the block is done.
    auto pruned = torch::zeros({rows, columns}, w.options().dtype(torch::kBool));
    auto losses = torch::zeros({rows}, w.options());
    for (int64_t i1 = 0; i1 < columns; i1 += o.blockSize) {
        const int64_t i2 = std::min(i1 + o.blockSize, columns), count = i2 - i1;
        auto w1 = w.slice(1, i1, i2).clone();
        auto err1 = torch::empty_like(w1);
        const auto u1 = u.slice(0, i1, i2).slice(1, i1, i2);
        const auto d1 = u1.diagonal();
        auto pruned1 = o.pattern() ? torch::zeros_like(w1, torch::kBool) : lowestShare(w1.square() / d1.square(), o.sparsity);
        torch::Tensor scale = o.pattern() ? torch::Tensor() : pruned1.to(w1.scalar_type()) / d1; // pruned / d
        for (int64_t i = 0; i < count; ++i) {
            if (o.pattern() && i % o.m == 0) { // this group of m columns, in each row, as it stands now
                const auto group = w1.slice(1, i, i + o.m), groupD = d1.slice(0, i, i + o.m);
                const auto saliency = group.square() / groupD.square();
                const auto order = std::get<1>(torch::sort(saliency, /*stable=*/true, /*dim=*/1, /*descending=*/false));
                auto groupPruned = pruned1.slice(1, i, i + o.m);
                groupPruned.scatter_(1, order.slice(1, 0, o.m - o.n), true);
                scale = groupPruned.to(w1.scalar_type()) / groupD;
            }
            auto err = err1.select(1, i);
            torch::mul_out(err, w1.select(1, i), scale.select(1, o.pattern() ? i % o.m : i));
            w1.slice(1, i).addr_(err, u1.select(0, i).slice(0, i), /*beta=*/1, /*alpha=*/-1);
        }
        losses.add_(err1.square().sum(1));
        w.slice(1, i1, i2).copy_(w1.masked_fill_(pruned1, 0.0));
        w.slice(1, i2).sub_(err1.matmul(u.slice(0, i1, i2).slice(1, i2)));
        pruned.slice(1, i1, i2).copy_(pruned1);
    }
    result.weight = w;
    result.keep = pruned.logical_not();
    result.error = losses.sum().item<double>() / 2;
    return result;
}

namespace {

// Every matrix takes the pattern: its input width a multiple of m.
void checkPattern(const ModelStructure &structure, const SparseGptOptions &o)
{
    if (!o.pattern())
        return;
    for (const auto &tower : structure.towers)
        for (const auto &layer : tower.layers)
            for (const auto &matrix : layer.matrices)
                if (matrix.inFeatures % o.m != 0)
                    throw Error("pattern " + patternText(o) + ": '" + matrix.weight + "' has " +
                                std::to_string(matrix.inFeatures) + " inputs, not a multiple of m = " + std::to_string(o.m));
}

// One layer pruned: its Hessians summed, each matrix pruned and written back.
SparseGptLayer pruneLayer(TransformerModel &model, const std::vector<ModelInputs> &batches, int tower, int layer,
                          const SparseGptOptions &o, ScoreMap &mask, LayerInputs &inputs)
{
    const auto started = Clock::now();
    SparseGptLayer report;
    report.tower = tower;
    report.layer = layer;
    const LayerHessians hessians = layerHessians(model, batches, tower, layer, &inputs);
    report.tokens = hessians.tokens();
    auto parameters = model.named_parameters();
    for (const auto &matrix : model.structure().towers[size_t(tower)].layers[size_t(layer)].matrices) {
        torch::Tensor &parameter = parameters[matrix.weight];
        const auto stored = parameter.detach();
        const auto weight = matrix.inputMajor ? stored.t() : stored;
        const PrunedMatrix pruned = pruneWithHessian(weight, hessians.hessian(matrix.weight), o, matrix.weight);
        // A new tensor rather than a copy into the old one: on the CPU that one maps the file.
        const auto q = matrix.inputMajor ? pruned.weight.t() : pruned.weight;
        parameter.set_data(q.to(stored.scalar_type()).contiguous());
        const auto keep = matrix.inputMajor ? pruned.keep.t() : pruned.keep;
        mask.tensors[matrix.weight] = keep.to(torch::kCPU, torch::kUInt8).contiguous();
        report.matrices.push_back(matrix.weight);
        report.errors.push_back(pruned.error);
    }
    report.seconds = secondsSince(started);
    return report;
}

} // namespace

SparseGptResult sparseGpt(TransformerModel &model, const std::vector<ModelInputs> &batches, const SparseGptOptions &options,
                          const Progress &progress)
{
    const SparseGptOptions o = checkedSparseGptOptions(options);
    const ModelStructure &structure = model.structure();
    checkPattern(structure, o);
    if (batches.empty())
        throw Error("SparseGPT needs calibration data, and the data holds no examples");
    torch::NoGradGuard noGrad;
    model.eval();
    const auto started = Clock::now();
    int64_t total = 0, done = 0;
    for (const auto &tower : structure.towers)
        total += int64_t(tower.layers.size());
    SparseGptResult result;
    result.mask.kind = MapKind::Mask;
    LayerInputs inputs; // where a model that resumes picks up each layer's pass
    for (size_t t = 0; t < structure.towers.size(); ++t)
        for (size_t l = 0; l < structure.towers[t].layers.size(); ++l) {
            const std::string where = structure.towers[t].name + " layer " + std::to_string(l);
            if (progress && !progress(done, total, "SparseGPT: " + where))
                throw Cancelled();
            try {
                result.layers.push_back(pruneLayer(model, batches, int(t), int(l), o, result.mask, inputs));
            } catch (const Error &e) {
                rethrowWithContext("SparseGPT, " + where, e);
            }
            ++done;
        }
    if (progress && !progress(total, total, "SparseGPT: pruned"))
        throw Cancelled();
    result.seconds = secondsSince(started);
    result.mask.provenance = {{"method", "sparsegpt"},
                              {"pattern", patternText(o)},
                              {"sparsity", number(o.prunedShare())},
                              {"dampening", number(o.dampening)},
                              {"block_size", std::to_string(o.blockSize)}};
    return result;
}

nlohmann::json sparseGptJson(const SparseGptResult &result, const SparseGptOptions &options, const nlohmann::json &extra)
{
    nlohmann::json layers = nlohmann::json::array();
    for (const auto &layer : result.layers) {
        nlohmann::json errors = nlohmann::json::object();
        for (size_t i = 0; i < layer.matrices.size(); ++i)
            errors[layer.matrices[i]] = layer.errors[i];
        layers.push_back({{"tower", layer.tower},
                          {"layer", layer.layer},
                          {"tokens", layer.tokens},
                          {"seconds", layer.seconds},
                          {"errors", errors}});
    }
    nlohmann::json json = {{"producer", "PruneScope " PRUNESCOPE_VERSION},
                           {"method", "sparsegpt"},
                           {"options",
                            {{"sparsity", options.prunedShare()},
                             {"pattern", patternText(options)},
                             {"dampening", options.dampening},
                             {"block_size", options.blockSize}}},
                           {"sparsity", maskSparsity(result.mask)},
                           {"seconds", result.seconds},
                           {"layers", layers}};
    for (const auto &[key, value] : extra.items())
        json[key] = value;
    return json;
}

namespace {

// The mask, written into the checkpoint folder while saveCheckpoint assembles it.
class MaskInCheckpoint : public TrainingExtension
{
public:
    explicit MaskInCheckpoint(const ScoreMap &mask)
        : m_mask(mask)
    {
    }
    void save(const fs::path &folder) const override { saveScoreMap(folder / "mask.safetensors", m_mask); }

private:
    const ScoreMap &m_mask;
};

} // namespace

fs::path saveSparseGptCheckpoint(TransformerModel &model, const fs::path &source, const fs::path &out,
                                 const SparseGptResult &result, const nlohmann::json &provenance)
{
    const MaskInCheckpoint mask(result.mask);
    return saveCheckpoint(model, source, out,
                          {{"format", "pt"},
                           {"producer", "PruneScope " PRUNESCOPE_VERSION},
                           {"prunescope.source", fs::absolute(source).lexically_normal().string()},
                           {"prunescope.method", "sparsegpt"}},
                          provenance.dump(1) + "\n", &mask, model.parameters().front().scalar_type());
}

} // namespace prunescope
