#include "app/cli/cli_support.h"

#include "core/checkpoint.h"
#include "core/datasets.h"
#include "core/masks.h"
#include "core/scorers.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace prunescope::cli {

int64_t Arguments::number(const std::string &key, int64_t fallback) const
{
    const std::string text = value(key, std::to_string(fallback));
    try {
        size_t used = 0;
        const int64_t n = std::stoll(text, &used);
        if (used == text.size() && n >= 0)
            return n;
    } catch (const std::exception &) {
    }
    throw UsageError(key + " needs a non-negative whole number, got '" + text + "'");
}

double Arguments::real(const std::string &key, double fallback) const
{
    const std::string text = value(key, std::to_string(fallback));
    try {
        size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size())
            return v;
    } catch (const std::exception &) {
    }
    throw UsageError(key + " needs a number, got '" + text + "'");
}

bool printProgress(int64_t done, int64_t total, const std::string &message)
{
    std::cerr << "\r" << done << "/" << total << " " << message << (done == total ? "\n" : "") << std::flush;
    return true;
}

std::shared_ptr<TransformerModel> loadDense(const Arguments &args, torch::Device device)
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

std::shared_ptr<TransformerModel> loadForRun(const Arguments &args, torch::Device device)
{
    auto model = loadDense(args, device);
    const std::string mask = args.value("--mask", "");
    if (!mask.empty())
        applyMask(*model, loadScoreMap(mask), mask);
    return model;
}

ModelStructure structureOf(const ScoreMap &scores, const std::string &scoresPath, const std::string &modelDir)
{
    if (!modelDir.empty())
        return describeStructure(readModelConfig(std::filesystem::path(modelDir) / "config.json"));
    // Scores carry "config"; masks built from scores carry it as "scores.config".
    auto it = scores.provenance.find("config");
    if (it == scores.provenance.end())
        it = scores.provenance.find("scores.config");
    if (it == scores.provenance.end())
        throw Error(scoresPath + ": no model config in the file's metadata; pass --model DIR");
    return describeStructure(parseModelConfig(it->second, scoresPath + " (metadata 'config')"));
}

std::set<std::string> withDataOptions(std::set<std::string> options)
{
    for (const char *option : {"--data", "--text-column", "--pair-column", "--label-column", "--max-length", "--tokenizer",
                               "--prompt", "--labels", "--image-column", "--caption-column", "--classes",
                               "--max-examples", "--batch-size", "--seed"})
        options.insert(option);
    return options;
}

Dataset readData(const Arguments &args, const ModelConfig &config, const std::string &path)
{
    DataOptions options;
    options.textColumn = args.value("--text-column", options.textColumn);
    options.pairColumn = args.value("--pair-column", "");
    options.labelColumn = args.value("--label-column", options.labelColumn);
    options.maxLength = args.number("--max-length", options.maxLength);
    options.tokenizer = args.value("--tokenizer", "");
    options.prompt = args.value("--prompt", options.prompt);
    options.labels = args.value("--labels", "");
    options.imageColumn = args.value("--image-column", options.imageColumn);
    options.captionColumn = args.value("--caption-column", options.captionColumn);
    // --classes "a,b,c" or a file with one name per line.
    const std::string classes = args.value("--classes", "");
    if (std::filesystem::is_regular_file(classes)) {
        std::ifstream in(classes);
        for (std::string line; std::getline(in, line);)
            if (!line.empty())
                options.classNames.push_back(line);
    } else {
        options.classNames = splitList(classes);
    }
    // A large image set is sampled before its images are decoded.
    options.maxExamples = path.empty() ? args.number("--max-examples", 0) : 0;
    options.seed = uint64_t(args.number("--seed", 0));
    Dataset data = readDataset(path.empty() ? args.required("--data") : path, config, options, args.required("--model"));
    for (const auto &warning : data.warnings)
        std::cerr << "warning: " << warning << "\n";
    return data;
}

std::vector<ModelInputs> readBatches(const Arguments &args, const ModelConfig &config, std::string *description,
                                     const std::string &path)
{
    const Dataset data = readData(args, config, path);
    if (description)
        *description = data.description;
    return makeBatches(data.inputs, args.number("--batch-size", 16), path.empty() ? args.number("--max-examples", 0) : 0,
                       uint64_t(args.number("--seed", 0)));
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

} // namespace prunescope::cli
