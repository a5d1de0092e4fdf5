// score, mask, eval, sweep, attribute: the pruning analysis from the command line; prune: a
// one-shot method that updates the weights, written as a new checkpoint.
#include "app/cli/commands.h"
#include "app/cli/group.h"

#include "core/io/atomic_file.h"
#include "core/scoring/attribution.h"
#include "core/io/checkpoint_folder.h"
#include "core/models/checkpoint.h"
#include "core/models/checkpoint_summary.h"
#include "core/models/device.h"
#include "core/support/error.h"
#include "core/scoring/evaluation.h"
#include "core/io/file_kind.h"
#include "core/pruning/masks.h"
#include "core/pruning/oneshot_methods.h"
#include "core/pruning/sparsegpt.h"
#include "core/pruning/training_methods.h"
#include "core/io/safetensors.h"
#include "core/scoring/scorers.h"
#include "core/analysis/sigma_scan.h"
#include "core/analysis/sweep.h"
#include "core/support/string_util.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace prunescope::cli {

int runScore(const Arguments &args)
{
    const auto device = processDevice(args.parsed("--device", "auto", parseDevice));
    ScoreOptions options;
    options.method = args.choice("--method", args.required("--method"), scoreMethodNames());
    const std::string out = args.required("--out");
    checkOutputFile(out, args.flag("--force"));
    // Unasked, the maps a user looks at first: weight scores are as large as the model.
    if (args.has("--granularity")) {
        options.granularities = args.parsed("--granularity", "", parseGranularities);
    } else {
        options.granularities.clear();
        for (const Granularity g : supportedGranularities(options.method))
            if (g != Granularity::Weight)
                options.granularities.insert(g);
        if (options.granularities.empty())
            options.granularities = {Granularity::Weight};
    }
    options.seed = uint64_t(args.number("--seed", 0));
    options.methodOptions = methodOptions(args, scoreMethodSpec(options.method), scoreMethodSpecs());
    options.precision = args.parsed("--precision", "fp32", parsePrecision);
    options.keepOnDevice = true; // written straight away, a tensor at a time
    options.group = processGroup();
    auto model = loadForRun(args, device, {}, options.precision.type);
    std::vector<ModelInputs> batches;
    if (!args.value("--data", "").empty())
        batches = readBatches(args, model->config(), &options.dataDescription);
    const ScoreMap scores = computeScores(*model, batches, options, printProgress);
    if (!speaks())
        return 0;
    saveScoreMap(out, scores);
    if (args.flag("--json"))
        std::cout << nlohmann::json{{"out", out}, {"tensors", scores.tensors.size()}, {"provenance", scores.provenance}}.dump(2)
                  << "\n";
    else
        std::cerr << "wrote " << scores.tensors.size() << " score tensors (" << options.method << ", "
                  << scores.provenance.at("granularity") << ", " << formatBytes(int64_t(std::filesystem::file_size(out))) << ") to "
                  << out << "\n";
    return 0;
}

namespace {

const std::vector<MethodSpec> &specsOf(MethodTable table)
{
    return table == MethodTable::Training ? trainingMethodSpecs()
           : table == MethodTable::OneShot ? oneShotMethodSpecs()
                                           : scoreMethodSpecs();
}

// One method of the table by name; throws naming the known methods.
const MethodSpec &specOf(MethodTable table, const std::string &name)
{
    return table == MethodTable::Training ? trainingMethodSpec(name)
           : table == MethodTable::OneShot ? oneShotMethodSpec(name)
                                           : scoreMethodSpec(name);
}

} // namespace

std::string methodsHelp(const std::string &name, MethodTable table)
{
    if (!name.empty())
        return helpText(specOf(table, name));
    std::string text = table == MethodTable::Training
                           ? "methods that prune while training (prunescope-cli train --movement|--pattern|--prune NAME "
                             "[OPTIONS]):\n"
                       : table == MethodTable::OneShot
                           ? "methods that prune in one shot and update the weights left (prunescope-cli prune --method "
                             "NAME [OPTIONS]):\n"
                           : "single-shot methods (prunescope-cli score --method NAME [OPTIONS]):\n";
    for (const auto &method : specsOf(table))
        text += "\n" + helpText(method);
    return text;
}

int runMethods(const Arguments &args)
{
    if (args.positional().size() > 1)
        throw UsageError("methods takes at most one method name");
    if (args.flag("--training") && args.flag("--one-shot"))
        throw UsageError("--training and --one-shot exclude each other");
    const std::string name = args.positional().empty() ? std::string() : args.positional().front();
    // A training or one-shot method's name shows that method without --training or --one-shot too.
    const MethodTable table = args.flag("--training") || declares(trainingMethodSpecs(), name) ? MethodTable::Training
                              : args.flag("--one-shot") || declares(oneShotMethodSpecs(), name) ? MethodTable::OneShot
                                                                                                   : MethodTable::Score;
    if (args.flag("--json")) {
        nlohmann::json all = nlohmann::json::array();
        for (const auto &method : specsOf(table))
            if (name.empty() || method.name == name)
                all.push_back(methodJson(method));
        if (all.empty())
            specOf(table, name); // throws, naming the known methods
        std::cout << all.dump(2) << "\n";
    } else {
        std::cout << methodsHelp(name, table);
        if (name.empty() && table == MethodTable::Score)
            std::cout << "\nmethods that prune while training: prunescope-cli methods --training"
                         "\nmethods that prune in one shot, updating weights: prunescope-cli methods --one-shot\n";
    }
    return 0;
}

int runMask(const Arguments &args)
{
    const std::string scoresPath = args.required("--scores");
    const std::string out = args.required("--out");
    checkOutputFile(out, args.flag("--force"));
    // Several granularities make one mask (head,neuron). N:M granularities fix their own
    // sparsity; the others take --sparsity: one value for all, or one each, in order.
    const std::vector<std::string> granularities = splitList(args.required("--granularity"));
    const auto sized = std::count_if(granularities.begin(), granularities.end(),
                                     [](const std::string &g) { return g.find(':') == std::string::npos; });
    std::vector<double> sparsities;
    if (sized > 0)
        sparsities = args.reals("--sparsity");
    if (sparsities.size() > 1 && std::ptrdiff_t(sparsities.size()) != sized)
        throw UsageError("--sparsity gives " + std::to_string(sparsities.size()) + " values for " + std::to_string(sized)
                         + " granularities that take one (N:M sets its own): give one value, or one each");
    std::vector<MaskOptions> parts;
    size_t next = 0;
    for (const std::string &granularity : granularities) {
        const bool pattern = granularity.find(':') != std::string::npos;
        const double sparsity = pattern ? 0.0 : sparsities[std::min(next++, sparsities.size() - 1)];
        parts.push_back(parseMaskOptions(granularity, args.value("--scope", "tensor"), sparsity));
    }
    const ScoreFile scores(scoresPath); // read tensor by tensor
    const ModelStructure structure = structureOf(scores.shapes(), scoresPath, args.value("--model", ""));
    checkScoreMap(scores.shapes(), structure, scoresPath);
    const ScoreMap mask = buildMasks(scores, structure, parts);
    saveScoreMap(out, mask);
    if (args.flag("--json"))
        std::cout << nlohmann::json{{"out", out},
                                    {"sparsity", maskSparsity(mask)},
                                    {"granularity", mask.provenance.at("mask.granularity")},
                                    {"tensors", mask.tensors.size()}}
                         .dump(2)
                  << "\n";
    else
        std::cerr << "wrote a mask of " << mask.tensors.size() << " tensors, sparsity " << maskSparsity(mask) << ", to " << out
                  << "\n";
    return 0;
}

int runEval(const Arguments &args)
{
    const auto device = processDevice(args.parsed("--device", "auto", parseDevice));
    auto model = loadForRun(args, device); // with --mask applied
    const std::string maskPath = args.value("--mask", "");
    const double sparsity = maskPath.empty() ? 0.0 : maskSparsity(loadMask(maskPath, LoadAs::Stored));
    const auto batches = readBatches(args, model->config(), nullptr);
    const auto group = processGroup();
    const EvalResult result = evaluate(*model, batches, printProgress, group.get());
    if (!speaks())
        return 0;
    if (args.flag("--json")) {
        nlohmann::json json = {{"task", result.task},       {"examples", result.examples}, {"metrics", result.metrics},
                               {"primary", result.primary}, {"device", device.str()},     {"mask", maskPath}};
        if (!maskPath.empty())
            json["mask_sparsity"] = sparsity;
        if (group) {
            json["world_size"] = group->size();
            json["backend"] = group->backend();
        }
        std::cout << json.dump(2) << "\n";
    } else {
        std::cout << result.task << " on " << result.examples << " examples"
                  << (maskPath.empty() ? std::string() : ", mask " + maskPath + " (sparsity " + std::to_string(sparsity) + ")")
                  << "\n";
        for (const auto &[name, value] : result.metrics)
            std::printf("  %-24s %.6g\n", name.c_str(), value);
    }
    return 0;
}

namespace {

// The share of --data held out for evaluation (--holdout), refused beside --eval-data;
// checked before any work.
double heldOutShare(const Arguments &args)
{
    if (args.has("--eval-data") && args.has("--holdout"))
        throw UsageError("--holdout sets apart a share of --data for evaluation when no --eval-data is given: give one "
                         "or the other");
    return args.real("--holdout", kSweepHeldOut);
}

// The scoring and evaluation batches of a sweep or a noise scan: --eval-data, or a share of
// --data held out by a seeded shuffle (a loud warning where none can be); `described` gets
// the scoring data's description.
SweepData sweepData(const Arguments &args, const ModelConfig &config, uint64_t seed, std::string &described,
                    const std::string &what)
{
    SweepData data;
    const std::string evalData = args.value("--eval-data", "");
    if (evalData.empty()) {
        const Dataset dataset = readData(args, config);
        described = dataset.description;
        data = splitForSweep(dataset.inputs, dataset.description, heldOutShare(args), args.number("--batch-size", 16),
                             args.number("--max-examples", 0), seed);
        if (data.settings.at("held_out") == "0")
            std::cerr << "warning: the " << what << " evaluates on the examples it scored on ("
                      << data.settings.at("eval_data")
                      << "), which favours the methods that read the data: give held-out examples with --eval-data\n";
    } else {
        data.scoring = readBatches(args, config, &described);
        std::string evalDescription;
        data.evaluation = readBatches(args, config, &evalDescription, evalData);
        data.settings["eval_data"] = evalDescription;
        data.settings["score_examples"] = std::to_string(exampleCount(data.scoring));
        data.settings["eval_examples"] = std::to_string(exampleCount(data.evaluation));
    }
    return data;
}

} // namespace

int runSweep(const Arguments &args)
{
    const auto device = processDevice(args.parsed("--device", "auto", parseDevice));
    const std::filesystem::path outDir = args.required("--out-dir");
    SweepOptions options;
    options.methods = args.choices("--methods", scoreMethodNames());
    options.sparsities = args.reals("--sparsities");
    options.mask = parseMaskOptions(args.required("--granularity"), args.value("--scope", "tensor"), 0.5);
    options.score.seed = uint64_t(args.number("--seed", 0));
    options.randomDraws = args.number("--random-draws", 5);
    options.methodOptions = sweptMethodOptions(args, options.methods);
    heldOutShare(args);
    options.score.precision = args.parsed("--precision", "fp32", parsePrecision);
    options.group = processGroup();
    checkOutputFolder(outDir, args.flag("--force"));

    auto model = loadForRun(args, device);
    const SweepData data = sweepData(args, model->config(), options.score.seed, options.score.dataDescription, "sweep");
    SweepResult result = prunescope::runSweep(*model, data.scoring, data.evaluation, options, printProgress);
    if (!speaks())
        return 0;
    result.settings.insert(data.settings.begin(), data.settings.end());
    result.settings.insert({{"granularity", args.required("--granularity")},
                            {"scope", args.value("--scope", "tensor")},
                            {"device", device.str()},
                            {"score_precision", precisionName(options.score.precision)},
                            {"data", options.score.dataDescription}});
    const std::filesystem::path kept = writeSweep(outDir, result, args.flag("--force"));
    if (args.flag("--json"))
        std::cout << sweepJson(result);
    else
        std::cout << sweepCsv(result);
    std::cerr << "wrote sweep.csv, sweep.json and sweep.svg to " << outDir.string() << "\n";
    if (!kept.empty())
        std::cerr << "note: " << keptFolderNote(kept, outDir) << "\n";
    return 0;
}

int runSigmaScan(const Arguments &args)
{
    const auto device = args.parsed("--device", "auto", parseDevice);
    const std::filesystem::path outDir = args.required("--out-dir");
    const SigmaScanOptions options = sigmaScanOptions(args);
    ScoreOptions score;
    score.seed = uint64_t(args.number("--seed", 0));
    score.precision = args.parsed("--precision", "fp32", parsePrecision);
    heldOutShare(args);
    checkOutputFolder(outDir, args.flag("--force"));

    auto model = loadForRun(args, device);
    const SweepData data = sweepData(args, model->config(), score.seed, score.dataDescription, "noise scan");
    SigmaScanResult result = scanSigma(*model, data.scoring, data.evaluation, options, score, printProgress);
    endProgressLine();
    result.settings.insert(data.settings.begin(), data.settings.end());
    result.settings.insert({{"device", device.str()}, {"score_precision", precisionName(score.precision)}});
    const std::filesystem::path kept = writeSigmaScan(outDir, result, args.flag("--force"));
    std::cout << (args.flag("--json") ? sigmaScanJson(result) : sigmaScanText(result));
    std::cerr << "wrote sigma-scan.csv, sigma-scan.json and sigma-scan.svg to " << outDir.string() << "\n";
    if (!kept.empty())
        std::cerr << "note: " << keptFolderNote(kept, outDir) << "\n";
    return 0;
}

int runAttribute(const Arguments &args)
{
    const auto device = args.parsed("--device", "auto", parseDevice);
    AttributionOptions options;
    options.method = args.choice("--method", "gradcam", choices::attribution);
    options.samples = args.number("--samples", options.samples);
    options.seed = uint64_t(args.number("--seed", 0));
    const std::string layer = args.value("--layer", "-1");
    options.layer = int(args.real("--layer", -1));
    options.sigma = args.real("--sigma", options.sigma);
    const std::string towerAsked = args.has("--tower") ? args.choice("--tower", "", choices::tower) : "";
    const std::string out = args.required("--out");
    checkOutputFile(out, args.flag("--force"));
    auto model = loadForRun(args, device);
    options.tower = int(towerFor(model->config(), towerAsked, "--tower"));
    const std::string tower = towerKind(model->config().towers[size_t(options.tower)]);
    const auto batches = readBatches(args, model->config(), nullptr);
    if (batches.empty())
        throw Error("the data holds no examples to attribute");
    const Attribution a = attribute(*model, batches.front(), options);
    NamedTensors tensors = {{"map", a.map.to(torch::kCPU, torch::kFloat)}, {"target", a.target.to(torch::kCPU, torch::kFloat)}};
    if (batches.front().inputIds.defined())
        tensors.emplace_back("input_ids", batches.front().inputIds);
    writeSafetensors(out, tensors, {{kKindKey, "attribution"}, {"method", options.method}, {"target", a.targetName}, {"layer", layer}, {"tower", tower}});
    if (args.flag("--json")) {
        const auto map = a.map.to(torch::kCPU, torch::kDouble).contiguous();
        nlohmann::json json = {{"method", options.method}, {"target", a.targetName}, {"shape", map.sizes().vec()}};
        json["map"] = std::vector<double>(map.data_ptr<double>(), map.data_ptr<double>() + map.numel());
        std::cout << json.dump() << "\n";
    }
    std::cerr << "wrote " << a.map.size(0) << " maps (" << options.method << ", " << a.targetName << ") to " << out << "\n";
    return 0;
}

int runPrune(const Arguments &args)
{
    const MethodSpec &method = oneShotMethodSpec(args.required("--method"));
    const SparseGptOptions options = sparseGptOptions(methodOptions(args, method, oneShotMethodSpecs()));
    const std::string folder = args.required("--model"), out = args.required("--out");
    args.required("--data");
    checkOutputFolder(out, args.flag("--force")); // before any work
    LoadOptions load;
    load.device = args.parsed("--device", "auto", parseDevice);
    // The model is held and run in this dtype (bf16: a 7B model in 14 GB); Hessians and
    // updates are float32 whatever it is.
    load.dtype = args.parsed("--precision", "fp32", parseDtype);
    LoadReport report;
    auto model = Checkpoint::open(folder)->loadModel(load, &report);
    for (const auto &warning : report.warnings)
        std::cerr << "warning: " << warning << "\n";
    checkFamily(method, model->config().familyName());
    std::string data;
    const std::vector<ModelInputs> batches = readBatches(args, model->config(), &data);
    const int64_t examples = exampleCount(batches);
    std::cerr << method.name << " on " << examples << " calibration examples (" << data << "), on "
              << describeDevice(load.device) << "\n";

    const SparseGptResult result = sparseGpt(*model, batches, options, printProgress);
    const nlohmann::json provenance = sparseGptJson(
        result, options,
        {{"model", std::filesystem::absolute(folder).lexically_normal().string()},
         {"calibration",
          {{"data", data},
           {"examples", examples},
           {"tokens", result.layers.empty() ? 0 : result.layers.front().tokens},
           {"max_examples", args.number("--max-examples", 0)},
           {"max_length", args.number("--max-length", 128)},
           {"batch_size", args.number("--batch-size", 16)},
           {"seed", args.number("--seed", 0)}}},
         {"device", load.device.str()},
         {"precision", dtypeName(load.dtype)}});
    const std::filesystem::path kept = saveSparseGptCheckpoint(*model, folder, out, result, provenance);
    const double sparsity = maskSparsity(result.mask);
    if (args.flag("--json"))
        std::cout << nlohmann::json{{"checkpoint", out},
                                    {"method", method.name},
                                    {"sparsity", sparsity},
                                    {"seconds", result.seconds},
                                    {"layers", result.layers.size()}}
                         .dump(2)
                  << "\n";
    else
        std::cout << method.name << ": sparsity " << sparsity << " over " << result.mask.tensors.size() << " matrices in "
                  << result.layers.size() << " layers, " << result.seconds << " s\ncheckpoint: " << out << "\n";
    if (!kept.empty())
        std::cerr << "note: " << keptFolderNote(kept, out) << "\n";
    return 0;
}

} // namespace prunescope::cli
