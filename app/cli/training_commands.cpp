// train: fine-tuning a checkpoint on its task, the best model written as a new checkpoint;
// redundancy: how alike and how sensitive the FFN neurons are (the GUM analysis).
#include "app/cli/commands.h"

#include "core/models/device.h"
#include "core/io/checkpoint_folder.h"
#include "core/support/error.h"
#include "core/analysis/mask_analysis.h"
#include "core/pruning/movement.h"
#include "core/analysis/redundancy.h"
#include "core/scoring/scorers.h"
#include "core/pruning/training.h"
#include "core/pruning/training_methods.h"
#include "core/pruning/training_runs.h"
#include "core/data/datasets.h"
#include "core/models/model_config.h"
#include "core/support/string_util.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
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

// The chosen training method's options as given (its declaration in training_methods.h
// checks and defaults them); --push auto is abp's automatic push, push's default. With no
// method chosen, a method's option is a mistake.
MethodOptions givenOptions(const Arguments &args, const std::string &method)
{
    if (method.empty()) {
        const std::vector<std::string> given = givenMethodOptions(args, trainingMethodSpecs());
        if (!given.empty())
            throw UsageError(given.front() + " is an option of a training method: choose one with --movement, "
                                              "--pattern or --prune (prunescope-cli methods --training)");
        return {};
    }
    const std::set<std::string> skipped = args.value("--push", "") == "auto" ? std::set<std::string>{"--push"}
                                                                               : std::set<std::string>{};
    return methodOptions(args, trainingMethodSpec(method), trainingMethodSpecs(), skipped);
}

// The training method that train's --movement, --pattern or --prune chooses; empty for none.
std::string chosenMethod(const Arguments &args)
{
    std::string method;
    for (const auto &[option, names] : {std::pair{"--movement", &choices::movement}, std::pair{"--pattern", &choices::pattern},
                                        std::pair{"--prune", &choices::prune}}) {
        if (!args.has(option))
            continue;
        if (!method.empty() || args.has("--mask"))
            throw UsageError("--mask (a fixed mask), --movement, --pattern and --prune (masks learned while training) "
                             "exclude each other");
        method = args.choice(option, "", *names);
    }
    return method;
}

// With --new-head, the classes of the training (and validation) table for a new head. Without
// it, a table whose labels the model's classes do not hold is refused here, saying so, and
// numbers read as the ids of a model's named classes are pointed out.
std::vector<std::string> classesForTraining(const Arguments &args)
{
    const ModelConfig config = readModelConfig(std::filesystem::path(args.required("--model")) / "config.json");
    std::vector<std::filesystem::path> tables{args.required("--data")};
    if (args.has("--validation"))
        tables.emplace_back(args.value("--validation", ""));
    const std::string column = args.value("--label-column", DataOptions().labelColumn);
    if (args.flag("--new-head"))
        return tableLabels(tables, column);
    const bool classified = config.head == TaskHead::SequenceClassification && config.problemType != "regression"
                            && !config.hasImages();
    if (!classified || !std::all_of(tables.begin(), tables.end(), isTableFile))
        return {};
    std::map<std::string, std::string> where;
    const std::vector<std::string> labels = tableLabels(tables, column, &where);
    const std::vector<std::string> outside = labelsOutside(labels, config);
    if (!outside.empty())
        throw Error(where.at(outside.front()) + ": label " + quoted(outside.front()) + " is not one of the model's "
                    + std::to_string(config.numLabels) + " classes"
                    + (outside.size() > 1 ? " (nor are " + listed({outside.begin() + 1, outside.end()}, 4) + ")" : "")
                    + "; --new-head trains a new classification head for the data's " + std::to_string(labels.size())
                    + " classes");
    const bool named = std::any_of(config.labelNames.begin(), config.labelNames.end(),
                                   [](const std::string &name) { return name.rfind("LABEL_", 0) != 0; });
    if (named && std::none_of(labels.begin(), labels.end(), [&](const std::string &label) {
            return std::find(config.labelNames.begin(), config.labelNames.end(), label) != config.labelNames.end();
        }))
        std::cerr << "note: the data's labels (" << listed(labels, 4) << ") are read as the ids of the model's "
                  << config.numLabels << " classes (" << listed(config.labelNames, 4)
                  << "); --new-head trains a new head for the data's " << labels.size() << " classes instead\n";
    return {};
}

} // namespace

int runTrain(const Arguments &args)
{
    const std::string folder = args.required("--model"), out = args.required("--out");
    checkOutputFolder(out, args.flag("--force")); // before any work
    const std::string method = chosenMethod(args);
    const MethodOptions given = givenOptions(args, method); // checked before the model loads
    const torch::Device device = args.parsed("--device", "auto", parseDevice);
    auto model = loadForRun(args, device, classesForTraining(args));
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
    options.precision = args.parsed("--precision", "fp32", parsePrecision);
    options.replaceExisting = args.flag("--force");
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

    // A method that learns a mask while training, a fixed mask, or the movement map of plain
    // training; or a method that prunes over runs of training.
    const std::string maskFile = args.value("--mask", "");
    std::unique_ptr<TrainingExtension> extension;
    if (!maskFile.empty()) {
        extension = std::make_unique<FixedMask>(*model, loadMask(maskFile), maskFile);
    } else if (!prunesOverRuns(method)) {
        if (args.has("--nm"))
            args.parsed("--nm", "4:8", parsePattern); // first, for a message that names --nm
        extension = trainingExtension(*model, method, args.value("--nm", "4:8"), given);
    }

    const bool json = args.flag("--json");
    const TrainProgress progress = [&](const TrainLogEntry &entry, int64_t total) {
        char line[160];
        std::snprintf(line, sizeof line, "step %lld/%lld  epoch %.2f  loss %.4f  lr %.2e", static_cast<long long>(entry.step),
                      static_cast<long long>(total), entry.epoch, entry.loss, entry.learningRate);
        printProgressLine(entry.step, total, line + (entry.values.empty() ? "" : "  " + metricsText(entry.values)));
        if (!entry.eval.empty()) {
            endProgressLine();
            std::cerr << "  validation: " << metricsText(entry.eval) << "\n";
        }
        return true;
    };
    IterativeResult pruned;
    const bool pruning = prunesOverRuns(method);
    if (pruning)
        pruned = runPruning(method, *model, train, checks, folder, out, options, given, progress);
    else
        pruned.final = trainModel(*model, train, checks, folder, out, options, progress, extension.get());
    const TrainResult &result = pruned.final;
    endProgressLine();
    if (json) {
        nlohmann::json report = {{"steps", result.steps},
                                 {"task", result.task},
                                 {"primary", result.primary},
                                 {"best", std::isfinite(result.best) ? nlohmann::json(result.best) : nlohmann::json()},
                                 {"best_step", result.bestStep},
                                 {"stopped_early", result.stoppedEarly},
                                 {"seconds", result.seconds},
                                 {"checkpoint", out}};
        if (pruning)
            report["pruning"] = {{"method", pruned.method},
                                 {"sparsity", maskSparsity(pruned.mask)},
                                 {"rounds", pruned.rounds.size()},
                                 {"steps", pruned.steps},
                                 {"seconds", pruned.seconds},
                                 {"details", pruned.details}};
        std::cout << report.dump(2) << "\n";
    } else {
        std::cout << result.steps << " steps" << (result.stoppedEarly ? " (stopped early)" : "");
        if (!result.primary.empty())
            std::cout << ", best validation " << result.primary << " " << result.best << " at step " << result.bestStep;
        if (pruning) {
            std::cout << "\n" << pruned.method << ": sparsity " << maskSparsity(pruned.mask) << " after "
                      << pruned.rounds.size() << " rounds; compute " << pruned.steps << " steps, " << pruned.seconds << " s";
            for (const auto &[name, value] : pruned.details)
                std::cout << ", " << name << " " << value;
        }
        std::cout << "\ncheckpoint: " << out << "\n";
    }
    if (!result.keptFolder.empty())
        std::cerr << "note: " << keptFolderNote(result.keptFolder, out) << "\n";
    return 0;
}

int runMaskAnalysis(const Arguments &args)
{
    const torch::Device device = args.parsed("--device", "auto", parseDevice);
    auto model = loadDense(args, device); // --mask names the masks analysed, one after the other
    const bool sensitivity = !args.value("--data", "").empty();
    const std::vector<ModelInputs> batches = sensitivity ? readBatches(args, model->config(), nullptr)
                                                         : std::vector<ModelInputs>{};
    std::vector<MaskProfile> profiles;
    std::vector<MaskSensitivity> tests;
    for (const std::string &file : splitList(args.required("--mask"))) {
        const ScoreMap mask = loadMask(file);
        profiles.push_back(maskProfile(mask, model->structure(), file));
        if (sensitivity)
            tests.push_back(maskSensitivity(*model, mask, batches, uint64_t(args.number("--seed", 0)), printProgress));
    }
    std::cout << (args.flag("--json") ? maskProfilesJson(profiles, tests) + "\n" : maskProfilesText(profiles, tests));
    return 0;
}

int runRedundancy(const Arguments &args)
{
    const torch::Device device = args.parsed("--device", "auto", parseDevice);
    auto model = loadForRun(args, device);
    const RedundancyReport report = analyseRedundancy(*model, readBatches(args, model->config(), nullptr), printProgress);
    std::cout << (args.flag("--json") ? redundancyJson(report) + "\n" : redundancyText(report));
    return 0;
}

} // namespace prunescope::cli
