// train: fine-tuning a checkpoint on its task, the best model written as a new checkpoint;
// redundancy: how alike and how sensitive the FFN neurons are (the GUM analysis).
#include "app/cli/commands.h"

#include "core/device.h"
#include "core/error.h"
#include "core/movement.h"
#include "core/pattern_pruning.h"
#include "core/redundancy.h"
#include "core/scorers.h"
#include "core/training.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

namespace prunescope::cli {

namespace {

std::string metricsText(const std::map<std::string, double> &metrics)
{
    std::string text;
    char cell[64];
    for (const auto &[name, value] : metrics) {
        std::snprintf(cell, sizeof cell, "%s%s %.4g", text.empty() ? "" : ", ", name.c_str(), value);
        text += cell;
    }
    return text;
}

} // namespace

int runTrain(const Arguments &args)
{
    const std::string folder = args.required("--model"), out = args.required("--out");
    const torch::Device device = parseDevice(args.value("--device", "auto"));
    auto model = loadForRun(args, device);
    const ModelConfig &config = model->config();

    TrainOptions options;
    options.epochs = args.number("--epochs", options.epochs);
    options.maxSteps = args.number("--max-steps", options.maxSteps);
    options.batchSize = args.number("--batch-size", options.batchSize);
    options.learningRate = args.real("--lr", options.learningRate);
    options.weightDecay = args.real("--weight-decay", options.weightDecay);
    options.warmupFraction = args.real("--warmup", options.warmupFraction);
    options.maxGradNorm = args.real("--max-grad-norm", options.maxGradNorm);
    options.evalEvery = args.number("--eval-every", options.evalEvery);
    options.patience = args.number("--patience", options.patience);
    options.seed = uint64_t(args.number("--seed", 0));
    options.precision = parsePrecision(args.value("--precision", "fp32"));
    if (config.head == TaskHead::MaskedLm)
        setMaskedLmTokens(options, args.value("--tokenizer", folder));

    // Validation: a file of its own, or a seeded share of the training data held out.
    Dataset data = readData(args, config);
    const std::string validationFile = args.value("--validation", "");
    auto [train, validation] = validationFile.empty()
                                   ? splitExamples(data.inputs, args.real("--validation-fraction", 0.1), options.seed)
                                   : std::pair{data.inputs, readData(args, config, validationFile).inputs};
    const std::vector<ModelInputs> checks = validationBatches(validation, options.batchSize, options.seed);
    std::cerr << "training " << config.architecture << " on " << exampleCount(train) << " examples ("
              << data.description << "), validating on " << (checks.empty() ? 0 : exampleCount(validation))
              << ", on " << describeDevice(device) << "\n";

    // Movement pruning or GUM learn a mask while training; plain runs record the movement map.
    std::unique_ptr<TrainingExtension> extension;
    const std::string variant = args.value("--movement", "");
    const std::string maskFile = args.value("--mask", ""), pattern = args.value("--pattern", "");
    if (int(!maskFile.empty()) + int(!variant.empty()) + int(!pattern.empty()) > 1)
        throw UsageError("--mask (a fixed mask), --movement and --pattern (masks learned while training) exclude each other");
    if (!pattern.empty()) {
        PatternOptions options;
        options.variant = pattern;
        std::tie(options.n, options.m) = parsePattern(args.value("--nm", "4:8"));
        options.rho = args.real("--rho", options.rho);
        options.rhoGrowth = args.real("--rho-growth", options.rhoGrowth);
        options.rounds = args.number("--rounds", options.rounds);
        options.retrainFraction = args.real("--retrain", options.retrainFraction);
        options.decay = args.real("--decay", options.decay);
        extension = std::make_unique<PatternPruning>(*model, options);
    } else if (!maskFile.empty()) {
        extension = std::make_unique<FixedMask>(*model, loadScoreMap(maskFile), maskFile);
    } else if (!variant.empty()) {
        MovementOptions movement;
        movement.variant = variant;
        movement.granularity = args.value("--granularity", movement.granularity);
        movement.finalKeep = args.real("--final-keep", movement.finalKeep);
        movement.warmupFraction = args.real("--prune-warmup", movement.warmupFraction);
        movement.coolFraction = args.real("--prune-cooldown", movement.coolFraction);
        movement.scoreLearningRate = args.real("--score-lr", movement.scoreLearningRate);
        movement.penalty = args.real("--penalty", variant == "gum" ? 2.0 : movement.penalty);
        movement.threshold = args.real("--threshold", movement.threshold);
        movement.uniqueness = args.real("--uniqueness", movement.uniqueness);
        extension = std::make_unique<MovementPruning>(*model, movement);
    } else {
        extension = std::make_unique<MovementMap>(*model);
    }

    const bool json = args.flag("--json");
    const TrainResult result = trainModel(
        *model, train, checks, folder, out, options, [&](const TrainLogEntry &entry, int64_t total) {
            std::fprintf(stderr, "\rstep %lld/%lld  epoch %.2f  loss %.4f  lr %.2e", static_cast<long long>(entry.step),
                         static_cast<long long>(total), entry.epoch, entry.loss, entry.learningRate);
            if (!entry.values.empty())
                std::fprintf(stderr, "  %s", metricsText(entry.values).c_str());
            if (!entry.eval.empty())
                std::fprintf(stderr, "\n  validation: %s\n", metricsText(entry.eval).c_str());
            return true;
        },
        extension.get());
    std::fprintf(stderr, "\n");
    if (json) {
        std::cout << nlohmann::json{{"steps", result.steps},
                                    {"task", result.task},
                                    {"primary", result.primary},
                                    {"best", std::isfinite(result.best) ? nlohmann::json(result.best) : nlohmann::json()},
                                    {"best_step", result.bestStep},
                                    {"stopped_early", result.stoppedEarly},
                                    {"checkpoint", out}}
                         .dump(2)
                  << "\n";
    } else {
        std::cout << result.steps << " steps" << (result.stoppedEarly ? " (stopped early)" : "");
        if (!result.primary.empty())
            std::cout << ", best validation " << result.primary << " " << result.best << " at step " << result.bestStep;
        std::cout << "\ncheckpoint: " << out << "\n";
    }
    return 0;
}

int runRedundancy(const Arguments &args)
{
    const torch::Device device = parseDevice(args.value("--device", "auto"));
    auto model = loadForRun(args, device);
    const RedundancyReport report = analyseRedundancy(*model, readBatches(args, model->config(), nullptr), printProgress);
    std::cout << (args.flag("--json") ? redundancyJson(report) + "\n" : redundancyText(report));
    return 0;
}

} // namespace prunescope::cli
