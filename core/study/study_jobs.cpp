#include "core/study/study_jobs.h"

#include "core/io/atomic_file.h"
#include "core/scoring/attribution.h"
#include "core/models/checkpoint.h"
#include "core/analysis/compare.h"
#include "core/data/datasets.h"
#include "core/models/device.h"
#include "core/support/error.h"
#include "core/support/options.h"
#include "core/export/export.h"
#include "core/io/file_kind.h"
#include "core/analysis/mask_analysis.h"
#include "core/pruning/masks.h"
#include "core/models/model_config.h"
#include "core/pruning/movement.h"
#include "core/analysis/redundancy.h"
#include "core/scoring/score_map.h"
#include "core/scoring/scorers.h"
#include "core/study/study_jobs_internal.h"
#include "core/analysis/sigma_scan.h"
#include "core/analysis/sweep.h"
#include "core/text/tokenizer.h"
#include "core/pruning/training.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>

namespace prunescope {

namespace fs = std::filesystem;

namespace {

// The study's model on its device, and its data as batches.
struct Loaded
{
    std::shared_ptr<TransformerModel> model;
    std::vector<ModelInputs> batches;
    std::string dataDescription;
    torch::Device device = torch::kCPU;
};

// The study's data read for `config` and split into the jobs' batches (on the CPU).
struct StudyBatches
{
    Dataset dataset;
    std::vector<ModelInputs> batches;
};

// The study's data read for `config`; an Error when the study has none yet.
Dataset readStudyData(const Study &study, const ModelConfig &config)
{
    if (study.data.path.empty())
        throw Error("the study has no data: choose a dataset first");
    return readDataset(study.dataPath(), config, dataOptions(study), study.modelPath());
}

StudyBatches readStudyBatches(const Study &study, const ModelConfig &config)
{
    StudyBatches data;
    data.dataset = readStudyData(study, config);
    data.batches =
        makeBatches(data.dataset.inputs, study.settings.batchSize, study.settings.maxExamples, study.settings.seed);
    return data;
}

// The study's model on its device, and its data where asked for; a job that computes in bf16
// or fp16 holds a checkpoint stored in that type in it (LoadOptions::computeIn).
Loaded load(const Study &study, bool needData, torch::ScalarType computeIn = torch::kFloat)
{
    Loaded loaded;
    loaded.device = parseDevice(study.settings.device);
    if (study.group)
        loaded.device = study.group->deviceFor(loaded.device);
    LoadOptions options;
    options.device = loaded.device;
    options.computeIn = computeIn;
    loaded.model = Checkpoint::open(study.modelPath())->loadModel(options);
    loaded.model->eval();
    if (study.data.path.empty() && !needData)
        return loaded;
    StudyBatches data = readStudyBatches(study, loaded.model->config());
    loaded.dataDescription = data.dataset.description;
    loaded.batches = std::move(data.batches);
    return loaded;
}

// The study's model, and its data split as a sweep splits it (splitForSweep): a share
// `heldOut` of the sample evaluated on, the rest scored on.
struct SplitStudy
{
    Loaded loaded;
    std::string description; // the data's
    SweepData data;
};

SplitStudy loadSplit(const Study &study, double heldOut)
{
    SplitStudy split;
    split.loaded = load(study, false);
    const Dataset dataset = readStudyData(study, split.loaded.model->config());
    split.description = dataset.description;
    split.data = splitForSweep(dataset.inputs, dataset.description, heldOut, study.settings.batchSize,
                               study.settings.maxExamples, study.settings.seed);
    return split;
}

// "taylor head 50%" -> "taylor-head-50"
std::string slug(const std::string &name)
{
    std::string out;
    for (const unsigned char c : name) {
        if (std::isalnum(c) || c == '.' || c == '_')
            out += char(c);
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && (out.back() == '-' || out.back() == '.'))
        out.pop_back();
    return out.empty() ? "item" : out;
}

} // namespace

DataOptions dataOptions(const Study &study)
{
    DataOptions data;
    data.textColumn = study.data.textColumn;
    data.pairColumn = study.data.pairColumn;
    data.labelColumn = study.data.labelColumn;
    data.maxLength = study.data.maxLength;
    data.stride = study.data.stride;
    data.maxExamples = study.settings.maxExamples;
    data.seed = study.settings.seed;
    return data;
}

StudyItem newItem(const Study &study, StudyItem::Kind kind, const std::string &base, const std::string &folder,
                  const std::string &extension)
{
    StudyItem item;
    item.kind = kind;
    item.name = study.uniqueName(base);
    item.file = folder + "/" + slug(item.name) + extension;
    for (int n = 2; fs::exists(study.itemPath(item)); ++n)
        item.file = folder + "/" + slug(item.name) + "-" + std::to_string(n) + extension;
    fs::create_directories(study.itemPath(item).parent_path());
    return item;
}

std::string percent(double fraction)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g%%", fraction * 100.0);
    return text;
}

std::vector<std::string> scoreMethods()
{
    return scoreMethodNames();
}

std::string deviceInUse(const std::string &setting)
{
    return describeDevice(parseDevice(setting));
}

StudyDataCheck checkStudyData(const Study &study)
{
    // Split into batches too: what the jobs would refuse is refused here.
    StudyBatches data = readStudyBatches(study, Checkpoint::open(study.modelPath())->config());
    return {data.dataset.rows, std::move(data.dataset.description), std::move(data.dataset.warnings)};
}

StudyItem scoreStudy(const Study &study, const std::string &method, const Progress &progress,
                     const std::string &granularities, const MethodOptions &methodOptions)
{
    const MethodSpec &spec = scoreMethodSpec(method);
    ScoreOptions options;
    options.method = method;
    options.methodOptions = resolved(spec, methodOptions);
    options.granularities = supportedGranularities(method);
    if (!granularities.empty())
        options.granularities = parseGranularities(granularities);
    options.precision = parsePrecision(study.settings.precision);
    Loaded loaded = load(study, spec.needs.data, options.precision.type); // a bf16 checkpoint scored in bf16 is held in it
    options.seed = study.settings.seed;
    options.dataDescription = loaded.dataDescription;
    options.keepOnDevice = true; // written straight away, a tensor at a time
    options.group = study.group;
    const ScoreMap scores = computeScores(*loaded.model, loaded.batches, options, progress);
    StudyItem item = newItem(study, StudyItem::Kind::Scores, method, "scores", ".safetensors");
    item.options = {{"method", method}, {"device", loaded.device.str()}, {"precision", study.settings.precision}};
    if (!granularities.empty())
        item.options["granularity"] = granularities;
    // Every option of the method with its value, typed, so that the same scores can be made again.
    item.options["method_options"] = toJson(options.methodOptions).dump();
    if (!study.group || study.group->leads())
        saveScoreMap(study.itemPath(item), scores);
    return item;
}

StudyItem importStudyItem(const Study &study, const std::string &file, const std::string &name)
{
    const ScoreMap map = loadMaskOrScores(file, LoadAs::Stored);
    if (map.tensors.empty())
        throw Error(file + ": holds no tensors");
    checkScoreMap(map, describeStructure(readModelConfig(study.modelPath() / "config.json")), file);
    const bool mask = map.kind == MapKind::Mask;
    const auto method = map.provenance.find("method");
    std::string base = name;
    if (base.empty())
        base = method != map.provenance.end() && !method->second.empty() ? method->second : fs::path(file).stem().string();
    StudyItem item = newItem(study, mask ? StudyItem::Kind::Mask : StudyItem::Kind::Scores, base,
                             mask ? "masks" : "scores", ".safetensors");
    if (!name.empty() && item.name != name)
        throw Error("the study already has an item named '" + name + "'");
    writeFileAtomically(study.itemPath(item), readTextFile(file));
    item.options = {{"imported", fs::absolute(file).lexically_normal().string()}};
    if (method != map.provenance.end())
        item.options["method"] = method->second;
    return item;
}

StudyItem maskStudy(const Study &study, const StudyItem &scores, const std::string &granularity, const std::string &scope,
                    double sparsity)
{
    const MaskOptions options = parseMaskOptions(granularity, scope, sparsity);
    const ScoreMap scoreMap = loadScoreMap(study.itemPath(scores));
    const ModelStructure structure = describeStructure(readModelConfig(study.modelPath() / "config.json"));
    checkScoreMap(scoreMap, structure, study.itemPath(scores).string());
    ScoreMap mask = buildMask(scoreMap, structure, options);
    mask.provenance["source"] = scores.name;
    const bool pattern = options.granularity == MaskGranularity::NM;
    StudyItem item = newItem(study, StudyItem::Kind::Mask,
                             scores.name + " " + granularity + (pattern ? "" : " " + percent(sparsity)), "masks",
                             ".safetensors");
    item.options = {{"source", scores.name}, {"granularity", granularity}, {"scope", scope},
                    {"sparsity", std::to_string(maskSparsity(mask))}};
    saveScoreMap(study.itemPath(item), mask);
    return item;
}

namespace {

ExportOptions exportOptions(const StudyExportOptions &options)
{
    ExportOptions e;
    e.mode = parseExportMode(options.mode);
    e.uniform = parseUniformPolicy(options.uniform);
    e.align = options.align;
    e.maxShardBytes = parseByteSize(options.shardSize, "shard size");
    e.replaceExisting = options.replaceExisting;
    e.onnxType = parseDtype(oneOf("ONNX precision", options.onnxType, {"float32", "float16"}), "ONNX precision");
    e.measureRepeats = options.measure ? 10 : 0;
    if (!options.measureType.empty())
        e.measureType = parseDtype(options.measureType, "measuring precision");
    return e;
}

} // namespace

StudyExportPreview previewStudyExport(const Study &study, const StudyItem &mask, const StudyExportOptions &options)
{
    ExportOptions e = exportOptions(options);
    e.maskFile = study.itemPath(mask).string();
    const ExportPlan plan = planExport(*Checkpoint::open(study.modelPath()), loadScoreMap(study.itemPath(mask)), e);
    StudyExportPreview preview{plan.parametersBefore, plan.parametersAfter, plan.bytesBefore, plan.bytesAfter, {}, plan.notes, {}};
    for (const auto &tower : plan.towers) {
        preview.towers.push_back(towerSummary(tower));
        preview.layers.push_back({tower.name, tower.ffnBefore, tower.ffnAfter, tower.headsBefore, tower.headsAfter,
                                  tower.neuronsKept, tower.headsKept});
    }
    return preview;
}

StudyExportResult exportStudy(const Study &study, const StudyItem &mask, const std::string &out,
                              const StudyExportOptions &options, const Progress &progress)
{
    ExportOptions e = exportOptions(options);
    e.maskFile = study.itemPath(mask).string();
    e.timingRepeats = 10;
    e.device = parseDevice(study.settings.device);
    if (!study.data.path.empty()) {
        const StudyBatches data = readStudyBatches(study, Checkpoint::open(study.modelPath())->config());
        if (!data.batches.empty())
            e.verifyInputs = data.batches.front();
        e.verifyInputs.labels = torch::Tensor();
    }
    const ExportResult result = exportModel(study.modelPath(), loadScoreMap(study.itemPath(mask)), out, e, progress);
    if (!result.onnxTimings.empty())
        return {result.folder.string(), exportReportText(result), result.maxDifference, result.onnxTimings.back().denseMs,
                result.onnxTimings.back().exportMs};
    return {result.folder.string(), exportReportText(result), result.maxDifference, result.denseMs, result.exportMs};
}

StudyItem saveEditedMask(const Study &study, const GridSet &mask, const std::string &name)
{
    StudyItem item = newItem(study, StudyItem::Kind::Mask, name, "masks", ".safetensors");
    GridSet edited = mask;
    edited.provenance["edited"] = "by hand";
    writeGrids(study.itemPath(item), edited);
    item.options = {{"edited", "by hand"}, {"sparsity", std::to_string(maskSparsity(scoreMapFromGrids(edited)))}};
    return item;
}

StudyItem attributeStudy(const Study &study, const std::string &method, const std::string &towerName, const Progress &progress)
{
    if (method != "gradcam" && method != "smoothgrad")
        throw Error("attribution method '" + method + "' is not gradcam or smoothgrad");
    Loaded loaded = load(study, true);
    if (loaded.batches.empty())
        throw Error(study.dataPath().string() + " holds no examples to attribute");
    const ModelInputs &batch = loaded.batches.front();
    const ModelConfig &config = loaded.model->config();
    AttributionOptions options;
    options.method = method;
    options.tower = int(towerFor(config, towerName, "tower"));
    options.seed = study.settings.seed;
    const std::string tower = towerKind(config.towers[size_t(options.tower)]);
    const int layers = method == "gradcam" ? int(config.towers[size_t(options.tower)].layers) : 1;

    NamedTensors tensors;
    std::string target;
    for (int layer = 0; layer < layers; ++layer) {
        options.layer = layer;
        const Attribution a = attribute(*loaded.model, batch, options);
        tensors.emplace_back(method == "gradcam" ? "map." + std::to_string(layer) : "map", a.map.to(torch::kCPU, torch::kFloat));
        target = a.targetName;
        if (progress && !progress(layer + 1, layers, "layer " + std::to_string(layer)))
            throw Cancelled();
    }
    std::map<std::string, std::string> metadata = {{kKindKey, "attribution"}, {"method", method}, {"target", target}, {"tower", tower}};
    if (options.tower == 0 && batch.inputIds.defined()) {
        const auto tokenizer = Tokenizer::load(study.modelPath());
        const auto ids = batch.inputIds.to(torch::kCPU);
        const auto mask = batch.attentionMask.defined() ? batch.attentionMask.to(torch::kCPU) : torch::ones_like(ids);
        std::vector<std::vector<std::string>> tokens(size_t(ids.size(0)));
        for (int64_t b = 0; b < ids.size(0); ++b)
            for (int64_t t = 0; t < ids.size(1) && mask[b][t].item<int64_t>() != 0; ++t)
                tokens[size_t(b)].push_back(tokenizer->decode({ids[b][t].item<int64_t>()}, false));
        metadata["tokens"] = nlohmann::json(tokens).dump();
    } else if (batch.pixelValues.defined()) {
        // Each image stretched to [0, 1] for display; the processor's normalisation is undone well enough.
        auto pixels = batch.pixelValues.to(torch::kCPU, torch::kFloat).permute({0, 2, 3, 1});
        const auto flat = pixels.reshape({pixels.size(0), -1});
        const auto low = std::get<0>(flat.min(1)).view({-1, 1, 1, 1}), high = std::get<0>(flat.max(1)).view({-1, 1, 1, 1});
        tensors.emplace_back("pixels", ((pixels - low) / (high - low).clamp_min(1e-6)).contiguous());
    }
    StudyItem item = newItem(study, StudyItem::Kind::Attribution, method + " " + tower, "attributions", ".safetensors");
    item.options = {{"method", method}, {"tower", tower}, {"target", target}};
    writeSafetensors(study.itemPath(item), tensors, metadata);
    return item;
}

StudyItem sweepStudy(const Study &study, const std::vector<std::string> &methods, const std::vector<double> &sparsities,
                     const std::string &granularity, const std::string &scope, const Progress &progress,
                     const std::map<std::string, MethodOptions> &methodOptions, double heldOut)
{
    SweepOptions options;
    options.methods = methods;
    options.sparsities = sparsities;
    options.mask = parseMaskOptions(granularity, scope, 0.5);
    options.methodOptions = methodOptions;
    options.score.seed = study.settings.seed;
    options.score.precision = parsePrecision(study.settings.precision);
    options.group = study.group;
    const SplitStudy split = loadSplit(study, heldOut);
    options.score.dataDescription = split.description;
    SweepResult result = runSweep(*split.loaded.model, split.data.scoring, split.data.evaluation, options, progress);
    // The data as read (for text: its windows or blocks), for provenance.
    result.settings.insert(split.data.settings.begin(), split.data.settings.end());
    result.settings.insert({{"granularity", granularity}, {"scope", scope}, {"device", split.loaded.device.str()},
                            {"score_precision", study.settings.precision}, {"data", split.description}});
    StudyItem item = newItem(study, StudyItem::Kind::Sweep, "sweep " + granularity, "sweeps", "");
    std::string list;
    for (const auto &m : result.methods())
        list += (list.empty() ? "" : ",") + m;
    item.options = {{"methods", list}, {"granularity", granularity}, {"scope", scope}};
    if (!study.group || study.group->leads())
        writeSweep(study.itemPath(item), result);
    return item;
}

StudyItem noiseScanStudy(const Study &study, const SigmaScanOptions &options, double heldOut, const Progress &progress)
{
    ScoreOptions score;
    score.seed = study.settings.seed;
    score.precision = parsePrecision(study.settings.precision);
    const SplitStudy split = loadSplit(study, heldOut);
    score.dataDescription = split.description;
    SigmaScanResult result = scanSigma(*split.loaded.model, split.data.scoring, split.data.evaluation, options, score,
                                       progress);
    result.settings.insert(split.data.settings.begin(), split.data.settings.end());
    result.settings.insert({{"device", split.loaded.device.str()}, {"score_precision", study.settings.precision}});
    StudyItem item = newItem(study, StudyItem::Kind::NoiseScan, "smooth-cut noise scan", "noise-scans", "");
    char sigmas[64];
    std::snprintf(sigmas, sizeof sigmas, "%g..%g", result.sigmas.front(), result.sigmas.back());
    item.options = {{"sigmas", sigmas}, {"relative_sigma", result.relative ? "true" : "false"}};
    writeSigmaScan(study.itemPath(item), result);
    return item;
}

StudyItem compareStudy(const Study &study, const std::vector<std::string> &itemNames, const Progress &progress)
{
    std::vector<ScoreMap> maps;
    std::string list;
    for (const auto &name : itemNames) {
        const StudyItem *item = study.find(name);
        if (!item || (item->kind != StudyItem::Kind::Scores && item->kind != StudyItem::Kind::Mask))
            throw Error("'" + name + "' is not a score or mask item of the study");
        maps.push_back(loadScoreMap(study.itemPath(*item), LoadAs::Stored));
        list += (list.empty() ? "" : ",") + name;
    }
    CompareOptions options;
    options.device = parseDevice(study.settings.device);
    options.seed = study.settings.seed;
    const MapComparison comparison = compareMaps(
        itemNames, maps, describeStructure(readModelConfig(study.modelPath() / "config.json")), options, progress);
    // "taylor head 50% vs magnitude head 50%"; more than three by their number.
    std::string name;
    for (const auto &n : itemNames)
        name += (name.empty() ? "" : " vs ") + n;
    if (itemNames.size() > 3)
        name = "comparison of " + std::to_string(itemNames.size());
    StudyItem item = newItem(study, StudyItem::Kind::Comparison, name, "comparisons", ".json");
    item.options = {{"items", list}, {"device", options.device.str()}};
    writeFileAtomically(study.itemPath(item), comparisonJson(comparison));
    return item;
}

StudyRedundancy redundancyStudy(const Study &study, const GridSet *mask, const Progress &progress)
{
    Loaded loaded = load(study, true);
    if (mask)
        applyMask(*loaded.model, scoreMapFromGrids(*mask), "the mask");
    const RedundancyReport report = analyseRedundancy(*loaded.model, loaded.batches, progress);
    StudyRedundancy r;
    for (const auto &layer : report.layers) {
        r.layers.push_back(layer.layer);
        r.kept.push_back(layer.kept);
        r.uniqueness.push_back(layer.uniqueness);
        r.above09.push_back(layer.above09);
        r.above099.push_back(layer.above099);
        r.sensitivity.push_back(layer.meanSensitivity);
    }
    return r;
}

StudyMaskAnalysis analyseMasksStudy(const Study &study, const std::vector<std::string> &masks, bool sensitivity,
                                    const Progress &progress)
{
    if (masks.empty())
        throw Error("choose one or more masks to analyse");
    Loaded loaded = load(study, sensitivity);
    StudyMaskAnalysis analysis;
    for (size_t i = 0; i < masks.size(); ++i) {
        const StudyItem *item = study.find(masks[i]);
        if (!item || item->kind != StudyItem::Kind::Mask)
            throw Error("the study has no mask named '" + masks[i] + "'");
        const ScoreMap mask = loadScoreMap(study.itemPath(*item));
        analysis.profiles.push_back(maskProfile(mask, loaded.model->structure(), masks[i]));
        if (sensitivity) {
            const Progress part = [&](int64_t done, int64_t total, const std::string &message) {
                return !progress || progress(int64_t(i) * total + done, int64_t(masks.size()) * total, masks[i] + ": " + message);
            };
            analysis.sensitivity.push_back(maskSensitivity(*loaded.model, mask, loaded.batches, study.settings.seed, part));
        } else if (progress && !progress(int64_t(i + 1), int64_t(masks.size()), masks[i])) {
            throw Cancelled();
        }
    }
    return analysis;
}

StudyEvaluation evaluateStudy(const Study &study, const GridSet *mask, const Progress &progress)
{
    Loaded loaded = load(study, true);
    StudyEvaluation evaluation;
    if (mask) {
        const ScoreMap map = scoreMapFromGrids(*mask);
        applyMask(*loaded.model, map, "the edited mask");
        evaluation.sparsity = maskSparsity(map);
    }
    const EvalResult result = evaluate(*loaded.model, loaded.batches, progress, study.group.get());
    evaluation.task = result.task;
    evaluation.primary = result.primary;
    evaluation.metrics = result.metrics;
    evaluation.examples = result.examples;
    evaluation.data = loaded.dataDescription;
    return evaluation;
}

} // namespace prunescope
