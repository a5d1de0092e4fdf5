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

// The group's points in one result, as one process making them all would have it: each
// process made a run of consecutive points, in rank order.
SweepResult gathered(const WorkGroup &group, const SweepResult &own)
{
    SweepResult all = own;
    all.points.clear();
    int rank = 0;
    for (const auto &text : group.gather(sweepJson(own))) {
        const SweepResult part = parseSweepJson(text, "process " + std::to_string(rank++) + "'s part of the sweep");
        all.points.insert(all.points.end(), part.points.begin(), part.points.end());
        all.scoringSeconds.insert(part.scoringSeconds.begin(), part.scoringSeconds.end());
    }
    all.settings["world_size"] = std::to_string(group.size());
    all.settings["backend"] = group.backend();
    return all;
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
    for (const auto &[method, given] : options.methodOptions)
        if (std::find(options.methods.begin(), options.methods.end(), method) == options.methods.end())
            throw Error("options are given for method '" + method + "', which the sweep does not run");

    // The points in the order one process makes them: each method (each random draw) scored
    // once, then masked and evaluated at every sparsity. A group shares them out in N runs
    // of consecutive points; a process scores each method its run touches, so a method split
    // between two processes is scored in both (alike: the same data, seed and options).
    std::vector<std::pair<std::string, int64_t>> jobs; // method, draw
    for (const auto &method : options.methods)
        for (int64_t draw = 0; draw < (method == "random" ? options.randomDraws : 1); ++draw)
            jobs.emplace_back(method, draw);
    const size_t perJob = options.sparsities.size(), points = jobs.size() * perJob;
    const size_t rank = options.group ? size_t(options.group->rank()) : 0, size = options.group ? size_t(options.group->size()) : 1;
    const size_t first = points * rank / size, end = points * (rank + 1) / size;
    const size_t jobsTouched = first == end ? 0 : (end - 1) / perJob - first / perJob + 1;
    const int64_t total = int64_t(jobsTouched + end - first) + 1;
    int64_t done = 0;
    const auto step = [&](const std::string &message) {
        if (progress && !progress(++done, total, message))
            throw Cancelled();
    };

    const DenseOnExit leftDense{model}; // however the sweep ends
    SweepResult result;
    const EvalResult dense = evaluate(model, evalBatches);
    result.metric = dense.primary;
    result.task = dense.task;
    result.dense = dense.metrics;
    step("dense model evaluated");

    ScoreOptions score = options.score;
    score.group = nullptr; // a sweep's scores are each process's own
    ScoreMap scores;
    for (size_t p = first; p < end; ++p) {
        const auto &[method, draw] = jobs[p / perJob];
        const bool drawn = method == "random" && options.randomDraws > 1;
        const std::string name = drawn ? method + " draw " + std::to_string(draw + 1) : method;
        if (p == first || p % perJob == 0) {
            score.method = method;
            const auto given = options.methodOptions.find(method);
            score.methodOptions = given == options.methodOptions.end() ? MethodOptions() : given->second;
            score.seed = options.score.seed + uint64_t(draw);
            const auto start = std::chrono::steady_clock::now();
            scores = computeScores(model, scoreBatches, score);
            if (draw == 0)
                result.scoringSeconds[method] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            step(name + " scored");
        }
        MaskOptions maskOptions = options.mask;
        maskOptions.sparsity = options.sparsities[p % perJob];
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
        step(name + " at " + number(maskOptions.sparsity, "%.2f"));
    }
    if (options.group)
        result = gathered(*options.group, result);
    for (const auto &[method, given] : options.methodOptions)
        if (!given.empty())
            result.settings["options of " + method] = describe(scoreMethodSpec(method), given);
    result.settings["random_draws"] = std::to_string(options.randomDraws);
    result.settings["seed"] = std::to_string(options.score.seed);
    return result;
}

} // namespace prunescope
