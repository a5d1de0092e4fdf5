// The study's training job (study_jobs.h): one entry for every method that trains.
#include "core/study/study_jobs.h"

#include "core/pruning/adapting_by_pruning.h"
#include "core/models/checkpoint.h"
#include "core/io/checkpoint_folder.h"
#include "core/analysis/compare.h"
#include "core/models/device.h"
#include "core/support/error.h"
#include "core/support/options.h"
#include "core/pruning/iterative_pruning.h"
#include "core/analysis/mask_analysis.h"
#include "core/pruning/movement.h"
#include "core/pruning/pattern_pruning.h"
#include "core/scoring/scorers.h"
#include "core/study/study_jobs_internal.h"
#include "core/pruning/training.h"
#include "core/pruning/training_methods.h"

#include <torch/torch.h>

#include <algorithm>

namespace prunescope {

namespace fs = std::filesystem;

namespace {

// The options a study's settings give the method they choose (training_methods.h declares
// them all; the rest take their defaults there).
MethodOptions methodOptions(const StudyTraining &settings)
{
    const std::string method = !settings.prune.empty() ? settings.prune : settings.movement;
    const MethodSpec &spec = trainingMethodSpec(method);
    MethodOptions given;
    if (spec.option("granularity"))
        given.set("granularity", settings.granularity);
    if (spec.option("final-keep"))
        given.set("final-keep", settings.finalKeep);
    if (spec.option("sparsity"))
        given.set("sparsity", settings.sparsity);
    return given;
}

// What a single run adds to the loop: a fixed mask, a learned one, or the movement map.
std::unique_ptr<TrainingExtension> extensionFor(const Study &study, const StudyTraining &settings, TransformerModel &model)
{
    if (!settings.mask.empty()) {
        const StudyItem *mask = study.find(settings.mask);
        if (!mask || mask->kind != StudyItem::Kind::Mask)
            throw Error("the study has no mask named '" + settings.mask + "'");
        return std::make_unique<FixedMask>(model, loadScoreMap(study.itemPath(*mask)), study.itemPath(*mask).string());
    }
    if (!settings.pattern.empty())
        return std::make_unique<PatternPruning>(model, patternOptions(settings.pattern, settings.nm, {}));
    if (!settings.movement.empty())
        return std::make_unique<MovementPruning>(model, movementOptions(settings.movement, methodOptions(settings)));
    return std::make_unique<MovementMap>(model);
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

IterativeResult prune(const Study &study, const StudyTraining &settings, TransformerModel &model,
                      const ModelInputs &train, const std::vector<ModelInputs> &checks, const std::string &out,
                      const TrainOptions &options, const TrainProgress &progress, const RoundMonitor &seen)
{
    if (std::find(choices::prune.begin(), choices::prune.end(), settings.prune) == choices::prune.end())
        throw Error("pruning while training is isp, abp or imp, not '" + settings.prune + "'");
    const MethodOptions given = methodOptions(settings);
    if (settings.prune == "isp")
        return runIsp(model, train, checks, study.modelPath(), out, options, ispOptions(given), progress, seen);
    if (settings.prune == "imp")
        return runImp(model, train, checks, study.modelPath(), out, options, impOptions(given), progress, seen);
    return runAbp(model, train, checks, study.modelPath(), out, options, abpOptions(given, study.settings.seed), progress);
}

// The checkpoint's score and mask files, and ISP's last weak masks, become study items.
void addCheckpointItems(const Study &study, const StudyTraining &settings, const std::string &out,
                        const RoundRecorder &recorded, StudyTrainingResult &result)
{
    const std::string method = !settings.prune.empty()     ? settings.prune
                               : !settings.pattern.empty() ? settings.pattern
                               : settings.movement.empty() ? "movement-map"
                                                           : "movement";
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
        result.items.push_back(item);
    };
    if (!settings.prune.empty()) {
        const std::string base = settings.prune + " weight " + percent(settings.sparsity);
        addItem(StudyItem::Kind::Mask, base, settings.prune == "abp" ? "abp-mask.safetensors" : "mask.safetensors");
        addItem(StudyItem::Kind::Scores, "abp theta", "abp-scores.safetensors");
        for (size_t j = 0; j < recorded.lastWeak.size(); ++j)
            addItem(StudyItem::Kind::Mask, base + " weak " + std::to_string(j + 1), {}, &recorded.lastWeak[j]);
        if (!recorded.lastWeak.empty())
            addItem(StudyItem::Kind::Mask, base + " combined", {}, &recorded.lastCombined);
    } else if (!settings.pattern.empty()) {
        addItem(StudyItem::Kind::Mask, settings.pattern + " " + settings.nm, "pattern-mask.safetensors");
    } else if (settings.movement.empty()) {
        addItem(StudyItem::Kind::Scores, "movement map", "movement-map.safetensors");
    } else {
        const std::string base = settings.movement == "gum" ? "gum" : "movement " + settings.movement;
        addItem(StudyItem::Kind::Scores, base, "movement-scores.safetensors");
        addItem(StudyItem::Kind::Mask, base + " " + (settings.movement == "gum" ? "neuron" : settings.granularity) + " " +
                                           percent(1.0 - settings.finalKeep),
                "movement-mask.safetensors");
    }
}

} // namespace

StudyTrainingResult trainStudy(const Study &study, const StudyTraining &settings, const std::string &out,
                               const TrainingMonitor &monitor, const PruningRoundMonitor &rounds)
{
    checkOutputFolder(out, settings.replaceExisting);
    if (study.data.path.empty())
        throw Error("the study has no data: choose a dataset first");
    if (int(!settings.mask.empty()) + int(!settings.movement.empty()) + int(!settings.pattern.empty()) +
            int(!settings.prune.empty()) > 1)
        throw Error("training holds one mask fixed or learns one (movement, a pattern or pruning), not several");
    LoadOptions load;
    load.device = parseDevice(study.settings.device);
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
    if (settings.prune.empty()) {
        const auto extension = extensionFor(study, settings, *model);
        trained = trainModel(*model, train, checks, study.modelPath(), out, options, progress, extension.get());
    } else { // the recorder by reference: a RoundMonitor would keep a copy of it
        const IterativeResult pruned = prune(study, settings, *model, train, checks, out, options, progress,
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
    addCheckpointItems(study, settings, out, recorded, result);
    return result;
}

} // namespace prunescope
