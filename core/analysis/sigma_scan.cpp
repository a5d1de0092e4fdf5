#include "core/analysis/sigma_scan.h"

#include "core/analysis/compare.h"
#include "core/pruning/masks.h"
#include "core/scoring/evaluation.h"
#include "core/support/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdio>

namespace prunescope {

namespace {

std::string number(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

void checkOptions(const SigmaScanOptions &options)
{
    if (options.sigmas.empty() || options.sparsities.empty())
        throw Error("a noise scan needs at least one sigma and one sparsity");
    for (double sigma : options.sigmas)
        if (!(sigma > 0))
            throw Error("sigma " + number(sigma) + " is not above 0");
    for (double sparsity : options.sparsities)
        if (!(sparsity > 0 && sparsity < 1))
            throw Error("sparsity " + number(sparsity) + " is not between 0 and 1");
    const MethodSpec scanned = smoothCutBesidesNoise();
    for (const auto &[name, value] : options.smoothCut.values())
        if (!scanned.option(name) && scoreMethodSpec("smooth-cut").option(name))
            throw Error("the noise scan sets Smooth-Cut's " + name + " itself: give the sigmas to scan instead");
    resolved(scanned, options.smoothCut); // any other option is checked here
}

} // namespace

SigmaScanResult scanSigma(TransformerModel &model, const std::vector<ModelInputs> &scoreBatches,
                          const std::vector<ModelInputs> &evalBatches, const SigmaScanOptions &options,
                          const ScoreOptions &score, const Progress &progress)
{
    checkOptions(options);
    const MaskScope scope = parseMaskOptions("weight", options.scope, 0.5).scope;
    if (scope != MaskScope::Tensor && scope != MaskScope::Global)
        throw Error("a noise scan ranks weights within each matrix or over all of them (scope tensor or global), not "
                    + options.scope);
    SigmaScanResult result;
    result.relative = options.relative;
    result.sigmas = options.sigmas;
    std::sort(result.sigmas.begin(), result.sigmas.end());
    result.sigmas.erase(std::unique(result.sigmas.begin(), result.sigmas.end()), result.sigmas.end());
    result.sparsities = options.sparsities;

    const int64_t total = 1 + int64_t(result.sigmas.size() + 2) * int64_t(1 + result.sparsities.size());
    int64_t done = 0;
    const auto step = [&](const std::string &message) {
        if (progress && !progress(++done, total, message))
            throw Cancelled();
    };

    const DenseOnExit leftDense{model}; // however the scan ends
    const EvalResult dense = evaluate(model, evalBatches);
    result.metric = dense.primary;
    result.task = dense.task;
    result.dense = dense.metrics.at(dense.primary);
    step("dense model evaluated");

    const auto scoreWith = [&](const std::string &method, const MethodOptions &own, const std::string &name) {
        ScoreOptions scoring = score;
        scoring.method = method;
        scoring.granularities = {Granularity::Weight};
        scoring.methodOptions = own;
        // Each batch scored as a line of its own within the step, which stays cancellable.
        const ScoreMap scores = computeScores(model, scoreBatches, scoring, [&](int64_t batch, int64_t batches, const std::string &) {
            return !progress
                   || progress(done, total, "scoring " + name + ": " + std::to_string(batch) + "/" + std::to_string(batches));
        });
        step(name + " scored");
        return scores;
    };
    const auto metricsUnder = [&](const ScoreMap &scores, const std::string &name) {
        std::vector<double> values;
        for (double sparsity : result.sparsities) {
            MaskOptions mask;
            mask.sparsity = sparsity;
            mask.granularity = MaskGranularity::Weight;
            mask.scope = scope;
            applyMask(model, buildMask(scores, model.structure(), mask));
            values.push_back(evaluate(model, evalBatches).metrics.at(result.metric));
            model.clearWeightMasks();
            step(name + " at " + number(sparsity) + " evaluated");
        }
        return values;
    };

    const ScoreMap taylor = scoreWith("taylor", {}, "taylor");
    result.taylor = metricsUnder(taylor, "taylor");
    result.magnitude = metricsUnder(scoreWith("magnitude", {}, "magnitude"), "magnitude");
    for (double sigma : result.sigmas) {
        MethodOptions own = options.smoothCut;
        own.set("sigma", sigma);
        own.set("relative-sigma", options.relative);
        const std::string name = "smooth-cut at sigma " + number(sigma);
        const ScoreMap smooth = scoreWith("smooth-cut", own, name);
        result.spearman.push_back(
            compareMaps({"taylor", "smooth-cut"}, {taylor, smooth}, model.structure()).overall.at("spearman")[0][1]);
        result.smoothCut.push_back(metricsUnder(smooth, name));
    }
    // Smooth-Cut's options other than the noise the scan varies.
    const MethodSpec scanned = smoothCutBesidesNoise();
    result.settings["smooth-cut options"] = describe(scanned, resolved(scanned, options.smoothCut));
    result.settings["scope"] = options.scope;
    result.settings["seed"] = std::to_string(score.seed);
    result.settings["score_data"] = score.dataDescription;
    return result;
}

} // namespace prunescope
