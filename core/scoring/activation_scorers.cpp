// Scores that read activations through the model's hooks: Cam-Cut (GradCAM) and Wanda; and
// the pieces every scorer shares (scorers_internal.h).
#include "core/support/error.h"
#include "core/scoring/scorers_internal.h"

#include "core/models/device.h"

#include <torch/torch.h>

#include <chrono>

namespace prunescope::detail {

namespace {

// Mean over batch and positions of x [B, T, C] (or [B, H, T, d] with `heads`), counting
// only real tokens when `weights` [B, T] is given.
torch::Tensor positionMean(const torch::Tensor &x, const torch::Tensor &weights, bool heads)
{
    if (!weights.defined())
        return heads ? x.mean(std::vector<int64_t>{0, 2}) : x.flatten(0, -2).mean(0);
    const auto w = weights.to(x.device(), x.scalar_type());
    if (heads)
        return (x * w.unsqueeze(1).unsqueeze(-1)).sum(std::vector<int64_t>{0, 2}) / w.sum();
    return (x * w.unsqueeze(-1)).flatten(0, -2).sum(0) / w.sum();
}

struct Captured
{
    Site site;
    torch::Tensor value; // grad retained
};

} // namespace

std::vector<const PrunableMatrix *> prunableMatrices(const ModelStructure &structure)
{
    std::vector<const PrunableMatrix *> all;
    for (const auto &tower : structure.towers)
        for (const auto &layer : tower.layers)
            for (const auto &m : layer.matrices)
                all.push_back(&m);
    return all;
}

ModelOutputs forwardAt(const Precision &precision, TransformerModel &model, const ModelInputs &inputs,
                       const ForwardOptions &options, bool wantLoss)
{
    const AutocastScope autocast(model.device(), precision);
    return model.forward(inputs, options, wantLoss);
}

void sumAcross(const WorkGroup *group, Scores &sums)
{
    if (!group)
        return;
    std::vector<torch::Tensor> tensors;
    for (auto &[name, sum] : sums)
        tensors.push_back(sum);
    group->sum(tensors);
}

torch::Tensor positionWeights(const ModelInputs &in, int tower, bool includePadding)
{
    if (tower != 0 || includePadding || !in.attentionMask.defined())
        return {};
    return in.attentionMask.to(torch::kFloat);
}

Scores camCutScores(TransformerModel &model, const std::vector<ModelInputs> &batches, const Precision &precision,
                    double shift, bool includePadding, const std::set<Granularity> &wanted, const Progress &progress,
                    const WorkGroup *group)
{
    const auto &structure = model.structure();
    const bool weights = wanted.count(Granularity::Weight) > 0;
    const bool heads = wanted.count(Granularity::Head) > 0, neurons = wanted.count(Granularity::Neuron) > 0;
    // The matrices stay trainable so that every captured activation has a gradient.
    std::set<std::string> trainable;
    for (const auto *m : prunableMatrices(structure))
        trainable.insert(m->weight);
    const TrainableScope scope(model, trainable, false);
    auto params = model.named_parameters();

    Scores sums;
    const auto accumulate = [&](const std::string &name, const torch::Tensor &value) {
        auto &sum = sums[name];
        sum = sum.defined() ? sum + value : value;
    };
    for (size_t b = 0; b < batches.size(); ++b) {
        const ModelInputs in = withLossTargets(batches[b], model.config());
        std::vector<Captured> captured;
        ForwardOptions forward;
        forward.hook = [&](const Site &site, const torch::Tensor &x) {
            const bool wantedSite = (site.kind == SiteKind::LinearOutput && weights)
                                    || (site.kind == SiteKind::HeadContext && heads)
                                    || (site.kind == SiteKind::NeuronActivation && neurons);
            if (wantedSite && x.requires_grad()) {
                x.retain_grad();
                captured.push_back({site, x});
            }
            return x;
        };
        model.zero_grad();
        const auto out = forwardAt(precision, model, in, forward, true);
        if (!out.loss.defined())
            throw Error("the data gives this model no loss to differentiate (CLIP needs texts and images)");
        out.loss.backward();

        torch::NoGradGuard noGrad;
        for (const auto &c : captured) {
            const auto positions = positionWeights(in, c.site.tower, includePadding);
            // Under autocast the activations are bfloat16 or float16; the sums are float32.
            const auto value = c.value.to(torch::kFloat), valueGrad = c.value.grad().to(torch::kFloat);
            if (c.site.kind == SiteKind::LinearOutput) {
                const auto &m = *c.site.matrix;
                const auto &w = params[m.weight];
                // (c + mean output) scales each output unit: a row of [out, in], a column of Conv1D's [in, out].
                const auto factor = shift + positionMean(value, positions, false);
                const auto scaled = m.inputMajor ? w * w.grad() * factor.unsqueeze(0) : w * w.grad() * factor.unsqueeze(1);
                accumulate(m.weight, scaled.abs());
                continue;
            }
            const bool head = c.site.kind == SiteKind::HeadContext;
            const auto mean = positionMean(value, positions, head); // [H, d] or [F]
            const auto gradient = head ? valueGrad.sum(std::vector<int64_t>{0, 2}) : valueGrad.flatten(0, -2).sum(0);
            const auto unit = head ? (mean * gradient).sum(-1).abs() : (mean * gradient).abs();
            const std::string name = head ? headsName(structure, size_t(c.site.tower)) : neuronsName(structure, size_t(c.site.tower));
            auto &sum = sums[name];
            if (!sum.defined()) {
                const auto &tower = structure.towers[size_t(c.site.tower)];
                sum = torch::zeros({int64_t(tower.layers.size()), head ? tower.heads : tower.ffn}, unit.options());
            }
            sum[c.site.layer] += unit;
        }
        if (progress && !progress(int64_t(b + 1), int64_t(batches.size()), "batch " + std::to_string(b + 1)))
            throw Cancelled();
    }
    sumAcross(group, sums);
    for (auto &[name, sum] : sums)
        sum = sum.to(torch::kCPU, torch::kFloat);
    return sums;
}

Scores wandaScores(TransformerModel &model, const std::vector<ModelInputs> &batches, const Precision &precision,
                   const Progress &progress, const WorkGroup *group, double *metricSeconds)
{
    torch::NoGradGuard noGrad;
    Scores squares; // sum over real tokens of x_j^2, per input feature
    for (size_t b = 0; b < batches.size(); ++b) {
        const ModelInputs &in = batches[b];
        ForwardOptions forward;
        forward.hook = [&](const Site &site, const torch::Tensor &input) {
            if (site.kind == SiteKind::LinearInput) {
                const auto x = input.to(torch::kFloat); // float32 sums under autocast too
                const auto positions = positionWeights(in, site.tower, false);
                const auto sq = positions.defined()
                                    ? (x.pow(2) * positions.to(x.device(), x.scalar_type()).unsqueeze(-1)).flatten(0, -2).sum(0)
                                    : x.pow(2).flatten(0, -2).sum(0);
                auto &sum = squares[site.matrix->weight];
                sum = sum.defined() ? sum + sq : sq;
            }
            return input;
        };
        forwardAt(precision, model, in, forward, false);
        if (progress && !progress(int64_t(b + 1), int64_t(batches.size()), "batch " + std::to_string(b + 1)))
            throw Cancelled();
    }
    sumAcross(group, squares);
    Scores scores;
    auto params = model.named_parameters();
    const torch::Device device = model.device();
    const auto finished = [&] { // the device's queued work done, so that the clock means it
        if (device.is_cuda())
            torch::cuda::synchronize(device.index());
        return std::chrono::steady_clock::now();
    };
    double seconds = 0;
    for (const auto *m : prunableMatrices(model.structure())) {
        const auto it = squares.find(m->weight);
        if (it == squares.end())
            continue;
        const auto start = finished();
        const auto norm = it->second.sqrt();
        const auto &w = params[m->weight];
        const auto metric = w.abs() * (m->inputMajor ? norm.unsqueeze(1) : norm.unsqueeze(0));
        seconds += std::chrono::duration<double>(finished() - start).count();
        scores[m->weight] = metric.to(torch::kCPU, torch::kFloat);
    }
    if (metricSeconds)
        *metricSeconds = seconds;
    return scores;
}

} // namespace prunescope::detail
