#include "core/analysis/sweep.h"

#include "core/data/datasets.h"
#include "core/pruning/training.h"
#include "core/support/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

namespace prunescope {

namespace {

std::set<Granularity> scoreGranularities(MaskGranularity g)
{
    switch (g) {
    case MaskGranularity::Weight:
    case MaskGranularity::NM: return {Granularity::Weight};
    case MaskGranularity::Head:
    case MaskGranularity::KvGroup: return {Granularity::Head};
    case MaskGranularity::Neuron: return {Granularity::Neuron};
    case MaskGranularity::Layer: return {Granularity::Head, Granularity::Neuron};
    }
    return {};
}

std::string number(double v, const char *format = "%.6g")
{
    char text[64];
    std::snprintf(text, sizeof text, format, v);
    return text;
}

} // namespace

SweepData splitForSweep(const ModelInputs &all, const std::string &description, double heldOut, int64_t batchSize,
                        int64_t maxExamples, uint64_t seed)
{
    SweepData data;
    const auto sampled = pairsOnlyAsAWhole(all) ? std::vector<ModelInputs>{}
                                                : batchesInOrder(all, sampleIndices(exampleCount(all), maxExamples, seed),
                                                                 std::max<int64_t>(exampleCount(all), 1));
    const auto [scoring, evaluation] = splitExamples(sampled.empty() ? all : sampled.front(), heldOut, seed + 1);
    const bool apart = evaluation.inputIds.defined() || evaluation.pixelValues.defined();
    data.scoring = makeBatches(apart ? scoring : all, batchSize, apart ? 0 : maxExamples, seed);
    data.evaluation = apart ? makeBatches(evaluation, batchSize, 0, seed) : data.scoring;
    const int64_t scored = exampleCount(data.scoring), evaluated = exampleCount(data.evaluation);
    data.settings = {{"score_examples", std::to_string(scored)},
                     {"eval_examples", std::to_string(evaluated)},
                     {"held_out", apart ? number(heldOut) : "0"}};
    data.settings["eval_data"] =
        apart ? "held out from " + description + ": " + std::to_string(evaluated) + " of " + std::to_string(scored + evaluated)
                    + " examples set apart by a seeded shuffle (seed " + std::to_string(seed + 1) + "), the other "
                    + std::to_string(scored) + " scored"
              : "the scoring data (not held out: " + std::string(pairsOnlyAsAWhole(all) ? "image-text pairs form only as a whole"
                                                                                       : "too few examples")
                    + "): " + description;
    return data;
}

SweepResult runSweep(TransformerModel &model, const std::vector<ModelInputs> &scoreBatches,
                     const std::vector<ModelInputs> &evalBatches, SweepOptions options, const Progress &progress)
{
    if (options.sparsities.empty())
        throw Error("a sweep needs at least one sparsity");
    if (options.mask.granularity == MaskGranularity::NM)
        throw Error("an N:M pattern fixes its own sparsity: sweep weight, head, neuron or layer masks instead");
    for (double s : options.sparsities)
        if (!(s >= 0.0 && s <= 1.0))
            throw Error("sweep sparsity " + number(s) + " is not between 0 and 1");
    if (std::find(options.methods.begin(), options.methods.end(), "random") == options.methods.end())
        options.methods.insert(options.methods.begin(), "random");
    options.score.granularities = scoreGranularities(options.mask.granularity);
    for (const auto &method : options.methods) {
        const auto supported = supportedGranularities(method);
        if (std::none_of(options.score.granularities.begin(), options.score.granularities.end(),
                         [&](Granularity g) { return supported.count(g) > 0; }))
            throw Error("method '" + method + "' gives no " + granularityName(*options.score.granularities.begin())
                        + " scores for this sweep's masks");
    }
    if (options.randomDraws < 1)
        throw Error("a sweep draws at least one random mask, not " + std::to_string(options.randomDraws));
    const int64_t total = int64_t((options.methods.size() + size_t(options.randomDraws) - 1) * (options.sparsities.size() + 1)) + 1;
    int64_t done = 0;
    const auto step = [&](const std::string &message) {
        if (progress && !progress(++done, total, message))
            throw Cancelled();
    };

    const DenseOnExit leftDense{model}; // however the sweep ends
    for (const auto &[method, given] : options.methodOptions)
        if (std::find(options.methods.begin(), options.methods.end(), method) == options.methods.end())
            throw Error("options are given for method '" + method + "', which the sweep does not run");
    SweepResult result;
    const EvalResult dense = evaluate(model, evalBatches);
    result.metric = dense.primary;
    result.task = dense.task;
    result.dense = dense.metrics;
    step("dense model evaluated");

    const uint64_t seed = options.score.seed;
    for (const auto &method : options.methods) {
        options.score.method = method;
        const auto given = options.methodOptions.find(method);
        options.score.methodOptions = given == options.methodOptions.end() ? MethodOptions() : given->second;
        if (!options.score.methodOptions.empty())
            result.settings["options of " + method] = describe(scoreMethodSpec(method), options.score.methodOptions);
        const int64_t draws = method == "random" ? options.randomDraws : 1;
        for (int64_t draw = 0; draw < draws; ++draw) {
            options.score.seed = seed + uint64_t(draw);
            const auto start = std::chrono::steady_clock::now();
            const ScoreMap scores = computeScores(model, scoreBatches, options.score);
            if (draw == 0)
                result.scoringSeconds[method] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            const std::string name = draws > 1 ? method + " draw " + std::to_string(draw + 1) : method;
            step(name + " scored");
            for (double sparsity : options.sparsities) {
                MaskOptions maskOptions = options.mask;
                maskOptions.sparsity = sparsity;
                const ScoreMap mask = buildMask(scores, model.structure(), maskOptions);
                applyMask(model, mask);
                SweepPoint point;
                point.method = method;
                point.sparsity = maskOptions.sparsity;
                point.achieved = maskSparsity(mask);
                point.metrics = evaluate(model, evalBatches).metrics;
                point.draw = method == "random" ? draw : -1;
                model.clearWeightMasks();
                model.resetGates();
                result.points.push_back(point);
                step(name + " at " + number(sparsity, "%.2f"));
            }
        }
    }
    result.settings["random_draws"] = std::to_string(options.randomDraws);
    result.settings["seed"] = std::to_string(seed);
    return result;
}

} // namespace prunescope
