#include "app/cli/cli_support.h"
#include "app/cli/group.h"

#include "core/models/checkpoint.h"
#include "core/models/device.h"
#include "core/data/datasets.h"
#include "core/pruning/masks.h"
#include "core/scoring/scorers.h"
#include "core/support/string_util.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>

#include <unistd.h>

namespace prunescope::cli {

namespace {

// The values a numeric option allows (method_spec.h): the same wording as the methods' options.
using Range = OptionRange;

constexpr double kInfinity = std::numeric_limits<double>::infinity();
const Range kCount{1, kInfinity};         // a number of things, at least one
const Range kAny{0, kInfinity};           // zero included
const Range kPositive{0, kInfinity, true}; // a rate or a scale: above zero
const Range kShare{0, 1};                 // a share of something, 0 and 1 included

// Every numeric option of every command: the one place its range is said.
const std::map<std::string, Range> &numericRanges()
{
    static const std::map<std::string, Range> ranges = {
        {"--align", kCount},
        {"--batch-size", kCount},
        {"--epochs", kCount},
        {"--eval-every", kAny},    // 0: at the end of each epoch
        {"--holdout", {0, 1, true, true}}, // a share of the sweep's data, both sides left some
        {"--kendall-units", kCount},
        {"--layer", {-1, kInfinity}}, // -1: the last layer
        {"--lr", kPositive},
        {"--max-examples", kCount},
        {"--max-grad-norm", kAny}, // 0: no clipping
        {"--max-length", kCount},
        {"--max-steps", kAny},     // 0: the epochs decide
        {"--patience", kAny},      // 0: never stop early
        {"--random-draws", kCount},
        {"--repeats", kCount},
        {"--samples", kCount},
        {"--seed", kAny},
        {"--sigma", kPositive},
        {"--sigmas", kPositive},
        {"--sparsities", kShare},
        {"--sparsity", kShare},
        {"--stride", kAny},        // 0: language-model blocks that do not overlap
        {"--threads", kAny},       // 0: the runtime's choice
        {"--time", kAny},
        {"--top", {0, 1, true}},
        {"--validation-fraction", {0, 1, false, true}}, // 0: no validation
        {"--warmup", {0, 1, false, true}},
        {"--weight-decay", kAny},
    };
    return ranges;
}

const Range &rangeOf(const std::string &key)
{
    const auto it = numericRanges().find(key);
    if (it == numericRanges().end())
        throw std::logic_error("no range for the numeric option " + key);
    return it->second;
}

// `text` as a number of `key`'s range; `whole` asks for an integer.
double checkedNumber(const std::string &key, const std::string &text, bool whole)
{
    const Range &range = rangeOf(key);
    const std::string wanted = std::string(whole ? "a whole number " : "a number ") + range.text();
    double v = 0;
    try {
        size_t used = 0;
        v = whole ? double(std::stoll(text, &used)) : std::stod(text, &used);
        if (used != text.size())
            throw std::invalid_argument(text);
    } catch (const std::exception &) {
        throw UsageError(key + " needs " + wanted + ", got '" + text + "'");
    }
    if (!range.contains(v))
        throw UsageError(key + " needs " + wanted + ", got " + text);
    return v;
}

} // namespace

int64_t Arguments::number(const std::string &key, int64_t fallback) const
{
    const auto it = m_values.find(key);
    if (it == m_values.end()) {
        rangeOf(key); // an option missing from the table fails in every test that reads it
        return fallback;
    }
    checkedNumber(key, it->second, true);
    return std::stoll(it->second);
}

double Arguments::real(const std::string &key, double fallback) const
{
    const auto it = m_values.find(key);
    if (it == m_values.end()) {
        rangeOf(key);
        return fallback;
    }
    return checkedNumber(key, it->second, false);
}

std::vector<double> Arguments::reals(const std::string &key) const
{
    std::vector<double> values;
    for (const auto &item : splitList(required(key)))
        values.push_back(checkedNumber(key, item, false));
    if (values.empty())
        throw UsageError(key + " is empty: give one or more numbers " + rangeOf(key).text() + ", separated by commas");
    return values;
}

namespace {

bool stderrIsTerminal()
{
    static const bool terminal = isatty(fileno(stderr)) != 0;
    return terminal;
}

} // namespace

void printProgressLine(int64_t done, int64_t total, const std::string &text)
{
    if (stderrIsTerminal()) {
        std::cerr << "\r\033[K" << text << std::flush; // \033[K: clear what a longer line left
        return;
    }
    const bool tenth = total > 0 && done > 0 && done * 10 / total != (done - 1) * 10 / total;
    if (done <= 1 || done >= total || tenth)
        std::cerr << text << "\n" << std::flush;
}

void endProgressLine()
{
    if (stderrIsTerminal())
        std::cerr << "\n" << std::flush;
}

bool printProgress(int64_t done, int64_t total, const std::string &message)
{
    if (!speaks()) // a group's progress is its first process's
        return true;
    printProgressLine(done, total, std::to_string(done) + "/" + std::to_string(total) + " " + message);
    if (done == total)
        endProgressLine();
    return true;
}

std::shared_ptr<TransformerModel> loadDense(const Arguments &args, torch::Device device,
                                            const std::vector<std::string> &newLabels, torch::ScalarType computeIn)
{
    const auto checkpoint = Checkpoint::open(args.required("--model"));
    LoadOptions options;
    options.device = device;
    options.newLabels = newLabels;
    options.seed = uint64_t(args.number("--seed", 0));
    options.computeIn = computeIn;
    LoadReport report;
    auto model = checkpoint->loadModel(options, &report);
    for (const auto &warning : report.warnings)
        std::cerr << "warning: " << warning << "\n";
    if (report.dtype != options.dtype)
        std::cerr << "the model is held in " << dtypeName(report.dtype) << ", the type its checkpoint stores\n";
    if (!newLabels.empty())
        std::cerr << "a new classification head for the data's " << newLabels.size() << " classes ("
                  << listed(newLabels) << ") in place of the model's " << checkpoint->config().numLabels
                  << (checkpoint->config().labelNames.empty() ? "" : " (" + listed(checkpoint->config().labelNames) + ")")
                  << "; " << listed(report.initialised) << " start afresh\n";
    model->eval();
    return model;
}

std::shared_ptr<TransformerModel> loadForRun(const Arguments &args, torch::Device device,
                                             const std::vector<std::string> &newLabels, torch::ScalarType computeIn)
{
    auto model = loadDense(args, device, newLabels, computeIn);
    const std::string mask = args.value("--mask", "");
    if (!mask.empty())
        applyMask(*model, loadMask(mask, LoadAs::Stored), mask);
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

namespace {

// A bool option given as a bare switch only: --include-padding.
bool switchOnly(const OptionSpec &option)
{
    return option.type == OptionType::Bool && option.flag == option.name;
}

std::string optionList(const MethodSpec &method)
{
    std::string text;
    for (const auto &o : method.options)
        text += (text.empty() ? "--" : ", --") + (switchOnly(o) ? o.flag : o.name)
                + (o.flag.empty() || switchOnly(o) ? "" : ", --" + o.flag);
    return text.empty() ? "none" : text;
}

} // namespace

std::set<std::string> withMethodOptions(std::set<std::string> options, const std::vector<MethodSpec> &methods)
{
    for (const auto &method : methods)
        for (const auto &o : method.options)
            if (!switchOnly(o))
                options.insert("--" + o.name);
    return options;
}

std::set<std::string> withMethodSwitches(std::set<std::string> flags, const std::vector<MethodSpec> &methods)
{
    for (const auto &method : methods)
        for (const auto &o : method.options)
            if (!o.flag.empty())
                flags.insert("--" + o.flag);
    return flags;
}

std::vector<std::string> givenMethodOptions(const Arguments &args, const std::vector<MethodSpec> &methods)
{
    const std::set<std::string> valued = withMethodOptions({}, methods), switches = withMethodSwitches({}, methods);
    std::vector<std::string> given;
    for (const std::string &key : args.given())
        if (valued.count(key) || switches.count(key))
            given.push_back(key);
    return given;
}

bool declaresOption(const MethodSpec &method, const std::string &key)
{
    return std::any_of(method.options.begin(), method.options.end(), [&](const OptionSpec &o) {
        return "--" + o.name == key || (!o.flag.empty() && "--" + o.flag == key);
    });
}

MethodOptions methodOptions(const Arguments &args, const MethodSpec &method, const std::vector<MethodSpec> &methods,
                            const std::set<std::string> &skipped)
{
    const std::set<std::string> valued = withMethodOptions({}, methods);
    MethodOptions options;
    for (const std::string &key : givenMethodOptions(args, methods)) {
        if (skipped.count(key))
            continue;
        const std::string name = key.substr(2);
        const OptionSpec *own = method.option(name);
        if (own && valued.count(key)) {
            options.set(name, parseOptionValue(method, *own, args.value(key, ""), key));
            continue;
        }
        for (const auto &o : method.options)
            if (o.flag == name)
                own = &o;
        if (!own)
            throw UsageError(key + " is not an option of method '" + method.name + "' (its options: " + optionList(method)
                             + ")");
        options.set(own->name, !std::get<bool>(own->fallback));
    }
    return options;
}

std::map<std::string, MethodOptions> sweptMethodOptions(const Arguments &args, const std::vector<std::string> &methods)
{
    const std::vector<std::string> given = givenMethodOptions(args, scoreMethodSpecs());
    std::set<std::string> claimed;
    std::map<std::string, MethodOptions> options;
    for (const std::string &name : methods) {
        const MethodSpec &method = scoreMethodSpec(name);
        std::set<std::string> others; // the given options this method does not declare
        for (const std::string &key : given)
            (declaresOption(method, key) ? claimed : others).insert(key);
        const MethodOptions mine = methodOptions(args, method, scoreMethodSpecs(), others);
        if (!mine.empty())
            options[name] = mine;
    }
    for (const std::string &key : given)
        if (!claimed.count(key))
            throw UsageError(key + " is not an option of any method swept (" + joined(methods) + ")");
    return options;
}

SigmaScanOptions sigmaScanOptions(const Arguments &args)
{
    SigmaScanOptions options;
    if (args.has("--sigmas"))
        options.sigmas = args.reals("--sigmas");
    if (args.has("--sparsities"))
        options.sparsities = args.reals("--sparsities");
    options.scope = args.choice("--scope", options.scope, choices::pruneScope);
    // Smooth-Cut's options but sigma, which --sigmas scans, and relative-sigma, which says how.
    const MethodOptions given = methodOptions(args, scoreMethodSpec("smooth-cut"), scoreMethodSpecs());
    if (given.has("sigma"))
        throw UsageError("--sigma is one noise level: give the levels to scan with --sigmas");
    for (const auto &[name, value] : given.values())
        if (name == "relative-sigma")
            options.relative = std::get<bool>(value);
        else
            options.smoothCut.set(name, value);
    return options;
}

std::set<std::string> withDataOptions(std::set<std::string> options)
{
    for (const char *option : {"--data", "--text-column", "--pair-column", "--label-column", "--max-length", "--stride",
                               "--tokenizer", "--prompt", "--labels", "--image-column", "--caption-column", "--classes",
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
    if (args.has("--max-length"))
        checkMaxLength(options.maxLength, config, "--max-length");
    options.stride = args.number("--stride", options.stride);
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
    // The first problems, and how many rows they cost.
    constexpr size_t kShown = 10;
    for (size_t i = 0; i < std::min(data.warnings.size(), kShown); ++i)
        std::cerr << "warning: " << data.warnings[i] << "\n";
    if (data.warnings.size() > kShown)
        std::cerr << "warning: ... and " << data.warnings.size() - kShown << " more\n";
    if (data.skipped > 0)
        std::cerr << "warning: " << data.skipped << " of " << data.skipped + data.rows << " rows skipped in "
                  << (path.empty() ? args.required("--data") : path) << "\n";
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
