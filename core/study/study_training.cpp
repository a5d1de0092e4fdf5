// The study's training job (study_jobs.h): one entry for every method that writes a new
// checkpoint, training or in one shot.
#include "core/study/study_jobs.h"

#include "core/models/checkpoint.h"
#include "core/io/atomic_file.h"
#include "core/io/checkpoint_folder.h"
#include "core/analysis/compare.h"
#include "core/models/device.h"
#include "core/support/error.h"
#include "core/support/options.h"
#include "core/analysis/mask_analysis.h"
#include "core/pruning/movement.h"
#include "core/pruning/oneshot_methods.h"
#include "core/pruning/sparsegpt.h"
#include "core/scoring/evaluation.h"
#include "core/scoring/scorers.h"
#include "core/study/study_jobs_internal.h"
#include "core/pruning/training.h"
#include "core/pruning/training_methods.h"
#include "core/pruning/training_runs.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace prunescope {

namespace fs = std::filesystem;

namespace {

// What a single run adds to the loop: a fixed mask, a learned one, or the movement map.
std::unique_ptr<TrainingExtension> extensionFor(const Study &study, const StudyTraining &settings, TransformerModel &model)
{
    if (settings.mask.empty())
        return trainingExtension(model, settings.method, settings.nm, settings.options);
    const StudyItem *mask = study.find(settings.mask);
    if (!mask || mask->kind != StudyItem::Kind::Mask)
        throw Error("the study has no mask named '" + settings.mask + "'");
    return std::make_unique<FixedMask>(model, loadScoreMap(study.itemPath(*mask)), study.itemPath(*mask).string());
}

// A method that trains, or one that prunes in one shot; an Error naming the known ones.
const MethodSpec &methodSpec(const std::string &method)
{
    return isOneShotMethod(method) ? oneShotMethodSpec(method) : trainingMethodSpec(method);
}

// The mean IoU of the pruned sets over every pair of masks.
double meanIou(const std::vector<ScoreMap> &masks, const ModelStructure &structure)
{
    if (masks.size() < 2)
        return std::numeric_limits<double>::quiet_NaN();
    std::vector<std::string> names;
    for (size_t i = 0; i < masks.size(); ++i)
        names.push_back(std::to_string(i));
    const MapComparison c = compareMaps(names, masks, structure);
    const PairMatrix &iou = c.overall.at("iou");
    double sum = 0;
    int pairs = 0;
    for (size_t a = 0; a < masks.size(); ++a)
        for (size_t b = a + 1; b < masks.size(); ++b, ++pairs)
            sum += iou[a][b];
    return sum / pairs;
}

TrainOptions trainOptions(const Study &study, const StudyTraining &settings)
{
    TrainOptions options;
    options.epochs = settings.epochs;
    options.maxSteps = settings.maxSteps;
    options.batchSize = settings.batchSize;
    options.learningRate = settings.learningRate;
    options.evalEvery = settings.evalEvery;
    options.patience = settings.patience;
    options.seed = study.settings.seed;
    options.precision = parsePrecision(study.settings.precision);
    options.replaceExisting = settings.replaceExisting;
    return options;
}

// Each pruning round's masks as the study shows them; ISP's last weak masks and their
// combination are kept to become study items.
class RoundRecorder
{
public:
    RoundRecorder(const ModelStructure &structure, const PruningRoundMonitor &rounds)
        : m_structure(structure)
        , m_rounds(rounds)
    {
    }

    void operator()(const RoundMasks &masks)
    {
        StudyPruningRound round;
        round.round = masks.round;
        if (masks.weak.empty()) {
            m_roundMasks.push_back(maskProfile(masks.mask, m_structure, "round " + std::to_string(masks.round)));
            round.masks = m_roundMasks;
        } else {
            for (size_t j = 0; j < masks.weak.size(); ++j)
                round.masks.push_back(maskProfile(masks.weak[j], m_structure, "weak " + std::to_string(j + 1)));
            round.masks.push_back(maskProfile(masks.combined, m_structure, "combined"));
            round.masks.push_back(maskProfile(masks.mask, m_structure, "round " + std::to_string(masks.round)));
            round.agreement = meanIou(masks.weak, m_structure);
            lastWeak = masks.weak;
            lastCombined = masks.combined;
        }
        if (m_rounds)
            m_rounds(round);
    }

    std::vector<ScoreMap> lastWeak; // ISP: the last round's weak masks and their combination
    ScoreMap lastCombined;

private:
    const ModelStructure &m_structure;
    const PruningRoundMonitor &m_rounds;
    std::vector<MaskProfile> m_roundMasks; // IMP: every round's mask so far
};

// The checkpoint's score and mask files, and ISP's last weak masks and their combination,
// become study items.
void addCheckpointItems(const Study &study, const StudyTraining &settings, const std::string &out,
                        const std::vector<ScoreMap> &lastWeak, const ScoreMap &lastCombined, StudyTrainingResult &result)
{
    const std::string method = settings.method.empty() ? "movement-map" : settings.method;
    const MethodOptions all = settings.method.empty() ? MethodOptions() : resolved(methodSpec(method), settings.options);
    const auto addItem = [&](StudyItem::Kind kind, const std::string &name, const std::string &file,
                             const ScoreMap *map = nullptr) {
        if (!map && !fs::exists(fs::path(out) / file))
            return;
        Study seenSoFar = study;
        seenSoFar.items.insert(seenSoFar.items.end(), result.items.begin(), result.items.end());
        StudyItem item = newItem(seenSoFar, kind, name, kind == StudyItem::Kind::Mask ? "masks" : "scores", ".safetensors");
        if (map)
            saveScoreMap(study.itemPath(item), *map);
        else
            fs::copy_file(fs::path(out) / file, study.itemPath(item));
        item.options = {{"method", method}, {"checkpoint", out}};
        if (!all.empty())
            item.options["method_options"] = toJson(all).dump();
        if (!settings.mask.empty())
            item.options["mask"] = settings.mask;
        result.items.push_back(item);
    };
    const std::string selector = settings.method.empty()   ? std::string()
                                 : isOneShotMethod(method) ? "one-shot"
                                                           : trainingSelector(method);
    if (selector == "one-shot") {
        const std::string &pattern = all.choice("pattern");
        const std::string what = pattern == "unstructured" ? "weight " + percent(all.real("sparsity")) : pattern;
        addItem(StudyItem::Kind::Mask, method + " " + what, "mask.safetensors");
    } else if (selector == "prune") {
        const std::string score = all.has("score") ? " " + all.choice("score") : ""; // deepcuts' score method
        const std::string base = method + score + " weight " + percent(all.real("sparsity"));
        addItem(StudyItem::Kind::Mask, base, method == "abp" ? "abp-mask.safetensors" : "mask.safetensors");
        addItem(StudyItem::Kind::Scores, "abp theta", "abp-scores.safetensors");
        for (size_t j = 0; j < lastWeak.size(); ++j)
            addItem(StudyItem::Kind::Mask, base + " weak " + std::to_string(j + 1), {}, &lastWeak[j]);
        if (!lastWeak.empty())
            addItem(StudyItem::Kind::Mask, base + " combined", {}, &lastCombined);
    } else if (selector == "pattern") {
        addItem(StudyItem::Kind::Mask, method + " " + settings.nm, "pattern-mask.safetensors");
    } else if (selector.empty()) {
        addItem(StudyItem::Kind::Scores, "movement map", "movement-map.safetensors");
    } else {
        const std::string base = method == "gum" ? "gum" : "movement " + method;
        const std::string granularity = all.has("granularity") ? all.choice("granularity") : "neuron";
        addItem(StudyItem::Kind::Scores, base, "movement-scores.safetensors");
        addItem(StudyItem::Kind::Mask, base + " " + granularity + " " + percent(1.0 - all.real("final-keep")),
                "movement-mask.safetensors");
    }
}

// SparseGPT (oneshot_methods.h) on the study's model: calibrated on the training share of the
// study's sample, the pruned model and the dense one evaluated on the share held out. Each
// layer pruned is a step; the weights of the model written to `out` are the updated ones.
StudyTrainingResult pruneInOneShot(const Study &study, const StudyTraining &settings, const std::string &out,
                                   const TrainingMonitor &monitor)
{
    const SparseGptOptions options = sparseGptOptions(settings.options);
    LoadOptions load;
    load.device = parseDevice(study.settings.device);
    load.dtype = parsePrecision(study.settings.precision).type; // Hessians and updates are float32 whatever it is
    auto model = Checkpoint::open(study.modelPath())->loadModel(load);
    model->eval();
    checkFamily(oneShotMethodSpec(settings.method), model->config().familyName());
    const Dataset dataset = readDataset(study.dataPath(), model->config(), dataOptions(study), study.modelPath());
    const auto [calibration, validation] = splitExamples(dataset.inputs, settings.validationFraction, study.settings.seed);
    const std::vector<ModelInputs> batches = validationBatches(calibration, settings.batchSize, study.settings.seed);
    const std::vector<ModelInputs> checks = validationBatches(validation, settings.batchSize, study.settings.seed);
    if (batches.empty())
        throw Error("the study's data leaves no calibration examples for " + settings.method
                    + " (lower the validation share)");

    StudyTrainingResult result;
    result.checkpoint = out;
    EvalResult dense;
    if (!checks.empty())
        dense = evaluate(*model, checks);
    const SparseGptResult pruned = sparseGpt(*model, batches, options, [&](int64_t done, int64_t total, const std::string &) {
        StudyTrainingStep step;
        step.step = done;
        step.total = total;
        step.loss = std::numeric_limits<double>::quiet_NaN(); // nothing trains
        return !monitor || monitor(step);
    });
    result.steps = int64_t(pruned.layers.size());
    result.computeSeconds = pruned.seconds;
    result.details["one_shot_layers"] = double(pruned.layers.size());
    result.details["sparsity"] = maskSparsity(pruned.mask);
    if (!checks.empty()) {
        const EvalResult after = evaluate(*model, checks);
        result.primary = after.primary;
        result.best = after.metrics.at(after.primary);
        result.details["dense"] = dense.metrics.at(dense.primary);
    }
    const nlohmann::json provenance = sparseGptJson(
        pruned, options,
        {{"model", fs::absolute(study.modelPath()).lexically_normal().string()},
         {"calibration",
          {{"data", dataset.description},
           {"examples", exampleCount(calibration)},
           {"tokens", pruned.layers.empty() ? 0 : pruned.layers.front().tokens},
           {"held_out", exampleCount(validation)},
           {"batch_size", settings.batchSize},
           {"seed", study.settings.seed}}},
         {"device", load.device.str()},
         {"precision", dtypeName(load.dtype)}});
    saveSparseGptCheckpoint(*model, study.modelPath(), out, pruned, provenance);
    return result;
}

} // namespace

StudyTrainingResult trainStudy(const Study &study, const StudyTraining &settings, const std::string &out,
                               const TrainingMonitor &monitor, const PruningRoundMonitor &rounds)
{
    checkOutputFolder(out, settings.replaceExisting);
    if (study.data.path.empty())
        throw Error("the study has no data: choose a dataset first");
    if (!settings.mask.empty() && !settings.method.empty())
        throw Error("training holds one mask fixed or learns one with " + settings.method + ", not both");
    if (!settings.method.empty()) // an unknown method or option named before anything is read
        resolved(methodSpec(settings.method), settings.options);
    if (isOneShotMethod(settings.method)) {
        StudyTrainingResult result = pruneInOneShot(study, settings, out, monitor);
        addCheckpointItems(study, settings, out, {}, ScoreMap(), result);
        return result;
    }
    LoadOptions load;
    load.device = parseDevice(study.settings.device);
    if (settings.newHead) {
        load.newLabels = tableLabels({study.dataPath()}, study.data.labelColumn);
        load.seed = study.settings.seed;
    }
    auto model = Checkpoint::open(study.modelPath())->loadModel(load);
    DataOptions data = dataOptions(study);
    data.maxExamples = 0; // training reads every example
    const Dataset dataset = readDataset(study.dataPath(), model->config(), data, study.modelPath());
    const auto [train, validation] = splitExamples(dataset.inputs, settings.validationFraction, study.settings.seed);

    TrainOptions options = trainOptions(study, settings);
    if (model->config().head == TaskHead::MaskedLm)
        setMaskedLmTokens(options, study.modelPath());
    const std::vector<ModelInputs> checks = validationBatches(validation, settings.batchSize, study.settings.seed);
    const TrainProgress progress = [&](const TrainLogEntry &e, int64_t total) {
        return !monitor || monitor({e.step, total, e.epoch, e.loss, e.learningRate, e.eval, e.values});
    };

    StudyTrainingResult result;
    result.checkpoint = out;
    TrainResult trained;
    RoundRecorder recorded(model->structure(), rounds);
    if (!prunesOverRuns(settings.method)) {
        const auto extension = extensionFor(study, settings, *model);
        trained = trainModel(*model, train, checks, study.modelPath(), out, options, progress, extension.get());
    } else { // the recorder by reference: a RoundMonitor would keep a copy of it
        const IterativeResult pruned = runPruning(settings.method, *model, train, checks, study.modelPath(), out, options,
                                                  settings.options, progress,
                                                  [&](const RoundMasks &masks) { recorded(masks); });
        trained = pruned.final;
        result.computeSteps = pruned.steps;
        result.computeSeconds = pruned.seconds;
        result.details = pruned.details;
    }
    result.steps = trained.steps;
    result.primary = trained.primary;
    result.best = trained.best;
    result.bestStep = trained.bestStep;
    result.stoppedEarly = trained.stoppedEarly;
    addCheckpointItems(study, settings, out, recorded.lastWeak, recorded.lastCombined, result);
    return result;
}

namespace {

// A number as the log writes it: NaN (a diverged loss, an undefined metric) is written as null.
double logNumber(const nlohmann::json &value)
{
    return value.is_null() ? std::numeric_limits<double>::quiet_NaN() : value.get<double>();
}

std::map<std::string, double> logNumbers(const nlohmann::json &entry, const char *key)
{
    std::map<std::string, double> numbers;
    if (entry.contains(key))
        for (const auto &[name, value] : entry.at(key).items())
            numbers[name] = logNumber(value);
    return numbers;
}

} // namespace

StudyTrainingLog readTrainingLog(const std::string &folder)
{
    StudyTrainingLog log;
    const fs::path file = fs::path(folder) / "prunescope-training.json";
    if (!fs::exists(file))
        return log;
    try {
        const auto json = nlohmann::json::parse(readTextFile(file));
        log.task = json.value("task", std::string());
        log.result.checkpoint = folder;
        log.result.steps = json.at("steps").get<int64_t>();
        log.result.primary = json.value("primary", std::string());
        log.result.bestStep = json.value("best_step", int64_t(-1));
        log.result.best = logNumber(json.value("best", nlohmann::json()));
        log.result.stoppedEarly = json.value("stopped_early", false);
        if (json.contains("recipe"))
            for (const auto &[key, value] : json.at("recipe").items())
                log.recipe.emplace_back(key, value.is_string() ? value.get<std::string>() : value.dump());
        const auto &entries = json.at("log");
        for (size_t i = 0; i < entries.size(); ++i) {
            const auto &e = entries[i];
            try {
                StudyTrainingStep step;
                step.step = e.at("step").get<int64_t>();
                step.total = log.result.steps;
                step.epoch = e.at("epoch").get<double>();
                step.loss = logNumber(e.at("loss"));
                step.learningRate = e.at("learning_rate").get<double>();
                step.eval = logNumbers(e, "eval");
                step.values = logNumbers(e, "values");
                log.steps.push_back(std::move(step));
            } catch (const nlohmann::json::exception &error) {
                throw Error(file.string() + ": log entry " + std::to_string(i) + ": " + error.what());
            }
        }
    } catch (const nlohmann::json::exception &error) {
        throw Error(file.string() + ": not a training log (" + error.what() + ")");
    }
    return log;
}

} // namespace prunescope
