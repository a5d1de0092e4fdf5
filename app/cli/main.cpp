// prunescope-cli: the headless front end. Argument parsing and printing only; the work
// is done by the core. Errors print one line and exit non-zero.
#include "core/attribution.h"
#include "core/checkpoint.h"
#include "core/checkpoint_summary.h"
#include "core/datasets.h"
#include "core/device.h"
#include "core/error.h"
#include "core/evaluation.h"
#include "core/masks.h"
#include "core/reference_run.h"
#include "core/scorers.h"
#include "core/sweep.h"
#include "core/atomic_file.h"
#include "core/tokenizer.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace prunescope;

constexpr int kUsageError = 2;

const char *const kUsage = R"(usage: prunescope-cli COMMAND [OPTIONS]

commands:
  info      --model DIR [--json]
            family, shapes, parameter counts and prunable units of a checkpoint
  forward   --model DIR --inputs FILE.safetensors --out OUT.safetensors [--device auto|cpu|cuda[:N]] [--labels]
            runs the model and writes every output (with --labels: loss and all gradients)
  verify    --model DIR --reference FILE.safetensors [--device ...] [--json]
            recomputes every tensor of a reference file and compares (1e-5 outputs, 1e-4 gradients)
  score     --model DIR --data FILE --method NAME --out SCORES.safetensors
            [--granularity weight|head|neuron[,...]] [--max-examples N] [--batch-size B] [--seed S] [--device ...] [--json]
            [--cam-shift C] [--include-padding] [--samples K] [--sigma S] [--noise-on outputs|embeddings]
            importance scores: random, magnitude, gradient, taylor, snip, head-importance, wanda,
            cam-cut, smooth-cut
  mask      --scores FILE --sparsity S --granularity weight|N:M|head|neuron|layer
            --scope tensor|row|layer|global|layer-normalized --out MASK.safetensors [--json]
            a 0/1 mask pruning exactly round(S * units) of the lowest-scoring units
  eval      --model DIR --data FILE [--mask MASK.safetensors] [--max-examples N] [--batch-size B]
            [--seed S] [--device ...] [--json]
            accuracy / F1 / MCC, perplexity, or image-text accuracy, with or without a mask
  sweep     --model DIR --data FILE [--eval-data FILE] --methods a,b,... --sparsities 0.1,0.3,...
            --granularity ... [--scope ...] --out-dir DIR [--json]
            metric vs sparsity for each method (random always included): sweep.csv, sweep.json, sweep.svg
  attribute --model DIR --data FILE --method gradcam|smoothgrad --out MAPS.safetensors [--layer L]
            [--tower text|vision] [--samples K] [--sigma S] [--max-examples N] [--device ...] [--json]
            per-token (or per-patch) attribution maps of the first examples of the data
  data (score, eval, sweep, attribute): --data FILE.tsv|.csv|.jsonl (classification; --text-column sentence, --pair-column,
            --label-column label), FILE.txt (causal LM, blocks of --max-length tokens), FILE.safetensors
            (pre-tokenised); --tokenizer DIR (default: the model folder), --max-length N (128)
  tokenize  --tokenizer DIR [--pair TEXT] [--max-length N] [--pad] [--json] TEXT
            ids and tokens, with the special tokens that tokenizer adds
)";

struct UsageError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

// --key value options, --flag switches and positional words, checked against what the
// command accepts so that a misspelt option is an error rather than ignored.
class Arguments
{
public:
    Arguments(int argc, char **argv, const std::set<std::string> &valued, const std::set<std::string> &flags)
    {
        for (int i = 2; i < argc; ++i) {
            const std::string a = argv[i];
            if (a.rfind("--", 0) == 0 && valued.count(a)) {
                if (i + 1 >= argc)
                    throw UsageError("option " + a + " needs a value");
                m_values[a] = argv[++i];
            } else if (a.rfind("--", 0) == 0 && flags.count(a)) {
                m_flags.insert(a);
            } else if (a.rfind("--", 0) == 0) {
                throw UsageError("unknown option " + a + " for '" + argv[1] + "'");
            } else {
                m_positional.push_back(a);
            }
        }
    }
    std::string value(const std::string &key, const std::string &fallback) const
    {
        const auto it = m_values.find(key);
        return it == m_values.end() ? fallback : it->second;
    }
    std::string required(const std::string &key) const
    {
        const auto it = m_values.find(key);
        if (it == m_values.end())
            throw UsageError("missing required option " + key);
        return it->second;
    }
    bool flag(const std::string &key) const { return m_flags.count(key) > 0; }
    const std::vector<std::string> &positional() const { return m_positional; }

private:
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_flags;
    std::vector<std::string> m_positional;
};

int runInfo(const Arguments &args)
{
    const auto summary = summarizeCheckpoint(args.required("--model"));
    std::cout << (args.flag("--json") ? summaryJson(summary) + "\n" : summaryText(summary));
    return 0;
}

std::shared_ptr<TransformerModel> loadForRun(const Arguments &args, torch::Device device)
{
    const auto checkpoint = Checkpoint::open(args.required("--model"));
    LoadOptions options;
    options.device = device;
    LoadReport report;
    auto model = checkpoint->loadModel(options, &report);
    for (const auto &warning : report.warnings)
        std::cerr << "warning: " << warning << "\n";
    model->eval();
    return model;
}

int runForward(const Arguments &args)
{
    const auto device = parseDevice(args.value("--device", "auto"));
    const auto inputsPath = args.required("--inputs");
    const auto out = args.required("--out");
    auto model = loadForRun(args, device);
    const auto inputFile = SafetensorsFile::open(inputsPath);
    const auto outputs = computeNamedOutputs(*model, readModelInputs(*inputFile), args.flag("--labels"));
    writeSafetensors(out, outputs, {{"format", "pt"}, {"producer", "prunescope-cli forward"}, {"device", device.str()}});
    std::cerr << "wrote " << outputs.size() << " tensors to " << out << "\n";
    return 0;
}

int runVerify(const Arguments &args)
{
    const auto device = parseDevice(args.value("--device", "auto"));
    auto model = loadForRun(args, device);
    const auto reference = SafetensorsFile::open(args.required("--reference"));
    const ModelInputs inputs = readModelInputs(*reference);
    bool gradients = false;
    for (const auto &name : reference->names())
        gradients = gradients || name.rfind("grad.", 0) == 0 || name.find("gate_grad") != std::string::npos;
    const auto result = compareWithReference(computeNamedOutputs(*model, inputs, gradients), *reference);

    if (args.flag("--json")) {
        nlohmann::json tensors = nlohmann::json::array();
        for (const auto &t : result.tensors) {
            nlohmann::json item = {{"name", t.name}, {"tolerance", t.tolerance}, {"ok", t.ok}};
            item["rel_err"] = std::isfinite(t.relativeError) ? nlohmann::json(t.relativeError) : nlohmann::json();
            if (!t.problem.empty())
                item["problem"] = t.problem;
            if (t.zeroReference) {
                item["zero_reference"] = true;
                item["abs_err"] = t.absoluteError;
                item["abs_limit"] = t.absoluteLimit;
            }
            tensors.push_back(item);
        }
        nlohmann::json json = {{"ok", result.ok},
                               {"compared", result.tensors.size()},
                               {"worst", result.worst},
                               {"device", device.str()},
                               {"tensors", tensors}};
        json["max_rel_err"] = std::isfinite(result.maxRelativeError) ? nlohmann::json(result.maxRelativeError)
                                                                     : nlohmann::json();
        std::cout << json.dump(2) << "\n";
    } else {
        for (const auto &t : result.tensors) {
            if (t.zeroReference)
                std::printf("%-4s %-70s zero in exact arithmetic: abs_err %.3e (limit %.1e)\n", t.ok ? "ok" : "FAIL",
                            t.name.c_str(), t.absoluteError, t.absoluteLimit);
            else
                std::printf("%-4s %-70s rel_err %.3e (tol %.0e)%s%s\n", t.ok ? "ok" : "FAIL", t.name.c_str(),
                            t.relativeError, t.tolerance, t.problem.empty() ? "" : "  ", t.problem.c_str());
        }
        std::printf("%s: %zu tensors compared on %s, max rel_err %.3e (%s)\n", result.ok ? "ok" : "FAILED",
                    result.tensors.size(), device.str().c_str(), result.maxRelativeError, result.worst.c_str());
    }
    return result.ok ? 0 : 1;
}

int runTokenize(const Arguments &args)
{
    if (args.positional().size() != 1)
        throw UsageError("tokenize takes exactly one TEXT (quote it)");
    const auto tokenizer = Tokenizer::load(args.required("--tokenizer"));
    EncodeOptions options;
    try {
        options.maxLength = std::stoll(args.value("--max-length", "0"));
    } catch (const std::exception &) {
        throw UsageError("--max-length needs a number");
    }
    options.padToMaxLength = args.flag("--pad");
    const std::string text = args.positional()[0];
    const Encoding e = args.value("--pair", "").empty() && !args.flag("--pair")
                           ? tokenizer->encode(text, options)
                           : tokenizer->encodePair(text, args.value("--pair", ""), options);
    if (args.flag("--json")) {
        nlohmann::json json = {{"ids", e.ids}, {"tokens", e.tokens}};
        if (tokenizer->kind() == "wordpiece")
            json["token_type_ids"] = e.typeIds;
        json["attention_mask"] = e.attentionMask;
        std::cout << json.dump() << "\n";
    } else {
        for (size_t i = 0; i < e.ids.size(); ++i)
            std::cout << e.ids[i] << "\t" << e.tokens[i] << (tokenizer->kind() == "wordpiece" ? "\t" + std::to_string(e.typeIds[i]) : "")
                      << "\n";
    }
    return 0;
}

int64_t number(const Arguments &args, const std::string &key, int64_t fallback)
{
    const std::string text = args.value(key, std::to_string(fallback));
    try {
        size_t used = 0;
        const int64_t n = std::stoll(text, &used);
        if (used == text.size() && n >= 0)
            return n;
    } catch (const std::exception &) {
    }
    throw UsageError(key + " needs a non-negative whole number, got '" + text + "'");
}

// Progress on stderr, one line rewritten in place.
bool printProgress(int64_t done, int64_t total, const std::string &message)
{
    std::cerr << "\r" << done << "/" << total << " " << message << (done == total ? "\n" : "") << std::flush;
    return true;
}

const std::set<std::string> kDataOptions = {"--data", "--text-column", "--pair-column", "--label-column", "--max-length",
                                            "--tokenizer", "--max-examples", "--batch-size", "--seed"};

std::set<std::string> withDataOptions(std::set<std::string> options)
{
    options.insert(kDataOptions.begin(), kDataOptions.end());
    return options;
}

// The batches of --data for `model`, sampled and split as the options say; bad rows are
// reported on stderr.
std::vector<ModelInputs> readBatches(const Arguments &args, const TransformerModel &model, std::string *description)
{
    DataOptions options;
    options.textColumn = args.value("--text-column", options.textColumn);
    options.pairColumn = args.value("--pair-column", "");
    options.labelColumn = args.value("--label-column", options.labelColumn);
    options.maxLength = number(args, "--max-length", options.maxLength);
    options.tokenizer = args.value("--tokenizer", "");
    const Dataset data = readDataset(args.required("--data"), model.config(), options, args.required("--model"));
    for (const auto &warning : data.warnings)
        std::cerr << "warning: " << warning << "\n";
    if (description)
        *description = data.description;
    return makeBatches(data.inputs, number(args, "--batch-size", 16), number(args, "--max-examples", 0),
                       uint64_t(number(args, "--seed", 0)));
}

int runScore(const Arguments &args)
{
    const auto device = parseDevice(args.value("--device", "auto"));
    ScoreOptions options;
    options.method = args.required("--method");
    const std::string out = args.required("--out");
    if (args.flag("--granularity") || !args.value("--granularity", "").empty()) {
        options.granularities.clear();
        std::string list = args.value("--granularity", "");
        for (size_t start = 0; start <= list.size();) {
            const size_t comma = std::min(list.find(',', start), list.size());
            const std::string g = list.substr(start, comma - start);
            if (g == "weight")
                options.granularities.insert(Granularity::Weight);
            else if (g == "head")
                options.granularities.insert(Granularity::Head);
            else if (g == "neuron")
                options.granularities.insert(Granularity::Neuron);
            else
                throw UsageError("--granularity '" + g + "' is not one of weight, head, neuron");
            start = comma + 1;
        }
    }
    options.seed = uint64_t(number(args, "--seed", 0));
    options.smoothSamples = number(args, "--samples", options.smoothSamples);
    options.camIncludePadding = args.flag("--include-padding");
    try {
        options.camShift = std::stod(args.value("--cam-shift", std::to_string(options.camShift)));
        options.smoothSigma = std::stod(args.value("--sigma", std::to_string(options.smoothSigma)));
    } catch (const std::exception &) {
        throw UsageError("--cam-shift and --sigma need numbers");
    }
    const std::string noiseOn = args.value("--noise-on", "outputs");
    if (noiseOn != "outputs" && noiseOn != "embeddings")
        throw UsageError("--noise-on must be outputs or embeddings, got '" + noiseOn + "'");
    options.smoothOnEmbeddings = noiseOn == "embeddings";
    auto model = loadForRun(args, device);
    std::vector<ModelInputs> batches;
    if (!args.value("--data", "").empty())
        batches = readBatches(args, *model, &options.dataDescription);
    const ScoreMap scores = computeScores(*model, batches, options, printProgress);
    saveScoreMap(out, scores);
    if (args.flag("--json"))
        std::cout << nlohmann::json{{"out", out}, {"tensors", scores.tensors.size()}, {"provenance", scores.provenance}}.dump(2)
                  << "\n";
    else
        std::cerr << "wrote " << scores.tensors.size() << " score tensors (" << options.method << ") to " << out << "\n";
    return 0;
}

// The structure a score file belongs to: from --model, or from the config it carries.
ModelStructure structureOf(const ScoreMap &scores, const std::string &scoresPath, const std::string &modelDir)
{
    if (!modelDir.empty())
        return describeStructure(readModelConfig(std::filesystem::path(modelDir) / "config.json"));
    const auto it = scores.provenance.find("config");
    if (it == scores.provenance.end())
        throw Error(scoresPath + ": no model config in the file's metadata; pass --model DIR");
    return describeStructure(parseModelConfig(it->second, scoresPath + " (metadata 'config')"));
}

int runMask(const Arguments &args)
{
    const std::string scoresPath = args.required("--scores");
    const std::string out = args.required("--out");
    double sparsity = 0;
    try {
        sparsity = std::stod(args.value("--sparsity", args.value("--granularity", "").find(':') != std::string::npos ? "0" : ""));
    } catch (const std::exception &) {
        throw UsageError("--sparsity needs a number between 0 and 1");
    }
    const MaskOptions options = parseMaskOptions(args.required("--granularity"), args.value("--scope", "tensor"), sparsity);
    const ScoreMap scores = loadScoreMap(scoresPath);
    const ScoreMap mask = buildMask(scores, structureOf(scores, scoresPath, args.value("--model", "")), options);
    saveScoreMap(out, mask);
    if (args.flag("--json"))
        std::cout << nlohmann::json{{"out", out}, {"sparsity", maskSparsity(mask)}, {"tensors", mask.tensors.size()}}.dump(2)
                  << "\n";
    else
        std::cerr << "wrote a mask of " << mask.tensors.size() << " tensors, sparsity " << maskSparsity(mask) << ", to " << out
                  << "\n";
    return 0;
}

int runEval(const Arguments &args)
{
    const auto device = parseDevice(args.value("--device", "auto"));
    auto model = loadForRun(args, device);
    const std::string maskPath = args.value("--mask", "");
    double sparsity = 0;
    if (!maskPath.empty()) {
        const ScoreMap mask = loadScoreMap(maskPath);
        applyMask(*model, mask, maskPath);
        sparsity = maskSparsity(mask);
    }
    const auto batches = readBatches(args, *model, nullptr);
    const EvalResult result = evaluate(*model, batches, printProgress);
    if (args.flag("--json")) {
        nlohmann::json json = {{"task", result.task},       {"examples", result.examples}, {"metrics", result.metrics},
                               {"primary", result.primary}, {"device", device.str()},     {"mask", maskPath}};
        if (!maskPath.empty())
            json["mask_sparsity"] = sparsity;
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

std::vector<std::string> splitList(const std::string &text)
{
    std::vector<std::string> items;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty())
            items.push_back(item);
    return items;
}

int runSweep(const Arguments &args)
{
    const auto device = parseDevice(args.value("--device", "auto"));
    const std::filesystem::path outDir = args.required("--out-dir");
    SweepOptions options;
    options.methods = splitList(args.required("--methods"));
    for (const auto &s : splitList(args.required("--sparsities"))) {
        try {
            options.sparsities.push_back(std::stod(s));
        } catch (const std::exception &) {
            throw UsageError("--sparsities: '" + s + "' is not a number");
        }
    }
    options.mask = parseMaskOptions(args.required("--granularity"), args.value("--scope", "tensor"), 0.5);
    options.score.seed = uint64_t(number(args, "--seed", 0));
    if (std::filesystem::exists(outDir / "sweep.csv"))
        throw Error((outDir / "sweep.csv").string() + " exists: choose another --out-dir");
    std::filesystem::create_directories(outDir);

    auto model = loadForRun(args, device);
    const auto scoreBatches = readBatches(args, *model, &options.score.dataDescription);
    std::vector<ModelInputs> evalBatches = scoreBatches;
    if (!args.value("--eval-data", "").empty()) {
        const std::string evalData = args.value("--eval-data", "");
        DataOptions data;
        data.textColumn = args.value("--text-column", data.textColumn);
        data.pairColumn = args.value("--pair-column", "");
        data.labelColumn = args.value("--label-column", data.labelColumn);
        data.maxLength = number(args, "--max-length", data.maxLength);
        data.tokenizer = args.value("--tokenizer", "");
        const Dataset eval = readDataset(evalData, model->config(), data, args.required("--model"));
        evalBatches = makeBatches(eval.inputs, number(args, "--batch-size", 16), 0, 0);
    }
    const SweepResult result = prunescope::runSweep(*model, scoreBatches, evalBatches, options, printProgress);

    nlohmann::json points = nlohmann::json::array();
    for (const auto &p : result.points)
        points.push_back({{"method", p.method}, {"sparsity", p.sparsity}, {"achieved_sparsity", p.achieved}, {"metrics", p.metrics}});
    const nlohmann::json json = {{"metric", result.metric}, {"task", result.task}, {"dense", result.dense},
                                 {"points", points}, {"scoring_seconds", result.scoringSeconds},
                                 {"granularity", args.required("--granularity")}, {"scope", args.value("--scope", "tensor")},
                                 {"device", device.str()}};
    writeFileAtomically(outDir / "sweep.json", json.dump(2) + "\n");
    writeFileAtomically(outDir / "sweep.svg",
                        sweepSvg(result, result.metric + " vs " + args.required("--granularity") + " sparsity"));
    writeFileAtomically(outDir / "sweep.csv", sweepCsv(result));
    if (args.flag("--json"))
        std::cout << json.dump(2) << "\n";
    else
        std::cout << sweepCsv(result);
    std::cerr << "wrote sweep.csv, sweep.json and sweep.svg to " << outDir.string() << "\n";
    return 0;
}

int runAttribute(const Arguments &args)
{
    const auto device = parseDevice(args.value("--device", "auto"));
    AttributionOptions options;
    options.method = args.value("--method", "gradcam");
    options.samples = number(args, "--samples", options.samples);
    options.seed = uint64_t(number(args, "--seed", 0));
    const std::string layer = args.value("--layer", "-1");
    try {
        options.layer = std::stoi(layer);
        options.sigma = std::stod(args.value("--sigma", std::to_string(options.sigma)));
    } catch (const std::exception &) {
        throw UsageError("--layer and --sigma need numbers");
    }
    const std::string tower = args.value("--tower", "text");
    if (tower != "text" && tower != "vision")
        throw UsageError("--tower must be text or vision, got '" + tower + "'");
    options.tower = tower == "vision" ? 1 : 0;
    const std::string out = args.required("--out");
    auto model = loadForRun(args, device);
    const auto batches = readBatches(args, *model, nullptr);
    if (batches.empty())
        throw Error("the data holds no examples to attribute");
    const Attribution a = attribute(*model, batches.front(), options);
    NamedTensors tensors = {{"map", a.map.to(torch::kCPU, torch::kFloat)}, {"target", a.target.to(torch::kCPU, torch::kFloat)}};
    if (batches.front().inputIds.defined())
        tensors.emplace_back("input_ids", batches.front().inputIds);
    writeSafetensors(out, tensors, {{"method", options.method}, {"target", a.targetName}, {"layer", layer}, {"tower", tower}});
    if (args.flag("--json")) {
        const auto map = a.map.to(torch::kCPU, torch::kDouble).contiguous();
        nlohmann::json json = {{"method", options.method}, {"target", a.targetName}, {"shape", map.sizes().vec()}};
        json["map"] = std::vector<double>(map.data_ptr<double>(), map.data_ptr<double>() + map.numel());
        std::cout << json.dump() << "\n";
    }
    std::cerr << "wrote " << a.map.size(0) << " maps (" << options.method << ", " << a.targetName << ") to " << out << "\n";
    return 0;
}

int dispatch(int argc, char **argv)
{
    const std::string command = argv[1];
    if (command == "info")
        return runInfo(Arguments(argc, argv, {"--model"}, {"--json"}));
    if (command == "forward")
        return runForward(Arguments(argc, argv, {"--model", "--inputs", "--out", "--device"}, {"--labels"}));
    if (command == "verify")
        return runVerify(Arguments(argc, argv, {"--model", "--reference", "--device"}, {"--json"}));
    if (command == "score")
        return runScore(Arguments(argc, argv,
                                  withDataOptions({"--model", "--method", "--granularity", "--device", "--out",
                                                   "--cam-shift", "--samples", "--sigma", "--noise-on"}),
                                  {"--json", "--include-padding"}));
    if (command == "mask")
        return runMask(Arguments(argc, argv, {"--scores", "--sparsity", "--granularity", "--scope", "--out", "--model"},
                                 {"--json"}));
    if (command == "eval")
        return runEval(Arguments(argc, argv, withDataOptions({"--model", "--mask", "--device"}), {"--json"}));
    if (command == "sweep")
        return runSweep(Arguments(argc, argv,
                                  withDataOptions({"--model", "--eval-data", "--methods", "--sparsities", "--granularity",
                                                   "--scope", "--out-dir", "--device"}),
                                  {"--json"}));
    if (command == "attribute")
        return runAttribute(Arguments(argc, argv,
                                      withDataOptions({"--model", "--method", "--layer", "--tower", "--samples", "--sigma",
                                                       "--out", "--device"}),
                                      {"--json"}));
    if (command == "tokenize")
        return runTokenize(Arguments(argc, argv, {"--tokenizer", "--pair", "--max-length"}, {"--json", "--pad"}));
    throw UsageError("unknown command '" + command + "'");
}

// The first line of a LibTorch message is the useful one; the rest is a C++ backtrace.
std::string firstLine(const std::string &message)
{
    return message.substr(0, message.find('\n'));
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
        std::cout << kUsage;
        return argc < 2 ? kUsageError : 0;
    }
    try {
        return dispatch(argc, argv);
    } catch (const UsageError &e) {
        std::cerr << "prunescope-cli: " << e.what() << "\n(run prunescope-cli --help for the commands)\n";
        return kUsageError;
    } catch (const c10::OutOfMemoryError &e) {
        std::cerr << "prunescope-cli: error: out of GPU memory (" << firstLine(e.what_without_backtrace())
                  << "); use a smaller batch or --device cpu\n";
    } catch (const c10::Error &e) {
        std::cerr << "prunescope-cli: error: " << firstLine(e.what_without_backtrace()) << "\n";
    } catch (const std::exception &e) {
        std::cerr << "prunescope-cli: error: " << e.what() << "\n";
    }
    return 1;
}
