// Scoring speed: computeScores over pre-tokenised batches, timed R times after a warm-up, as
// bench/gpu_bench.py runs it beside the same work written with PyTorch and
// transformers. Prints one JSON line with the times; writes the scores. --smooth-study
// times, on the same batches, one taylor pass, Smooth-Cut's K copies as one batch and
// its K passes one by one.
//
//   prunescope-bench-score --model DIR --inputs INPUTS.safetensors --method taylor|smooth-cut
//       [--precision fp32|tf32x3|bf16] [--batch-size 32] [--batches N] [--warmup 2] [--samples K]
//       [--one-by-one | --smooth-study] [--repeat R] [--profile TOP] [--no-cuda-graphs] [--no-pass-weights]
//       [--device cuda] --out SCORES.safetensors
#include "core/models/checkpoint.h"
#include "core/models/device.h"
#include "core/support/error.h"
#include "core/models/reference_run.h"
#include "core/io/safetensors.h"
#include "core/scoring/scorers.h"

#include "bench/profile_kernels.h"

#include <torch/cuda.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace prunescope;

namespace {

void synchronize(torch::Device device)
{
    if (device.is_cuda())
        torch::cuda::synchronize(device.index());
}

int run(const std::map<std::string, std::string> &args)
{
    const auto value = [&](const std::string &name, const std::string &fallback) {
        const auto it = args.find(name);
        if (it != args.end())
            return it->second;
        if (fallback.empty())
            throw Error("missing option " + name);
        return fallback;
    };
    const torch::Device device = parseDevice(value("--device", "auto"));
    ScoreOptions options;
    options.method = value("--method", "taylor");
    options.precision = parsePrecision(value("--precision", "fp32"));
    options.cudaGraphs = args.count("--no-cuda-graphs") == 0;
    options.passWeights = args.count("--no-pass-weights") == 0;
    const int64_t samples = std::stoll(value("--samples", "10"));
    const bool batched = args.count("--one-by-one") == 0;
    if (options.method == "smooth-cut") {
        options.methodOptions.set("samples", samples);
        options.methodOptions.set("batched", batched);
    }
    const int64_t batchSize = std::stoll(value("--batch-size", "32"));
    const int64_t batchCount = std::stoll(value("--batches", "0"));
    const int64_t warmup = std::stoll(value("--warmup", "2"));

    LoadOptions load;
    load.device = device;
    auto model = Checkpoint::open(value("--model", ""))->loadModel(load);
    model->eval();
    const auto inputs = SafetensorsFile::open(value("--inputs", ""));
    std::vector<ModelInputs> batches = makeBatches(readModelInputs(*inputs), batchSize, 0, 0);
    if (batchCount > 0 && batchCount < int64_t(batches.size()))
        batches.resize(size_t(batchCount));

    const std::vector<ModelInputs> first(batches.begin(), batches.begin() + std::min<int64_t>(warmup, int64_t(batches.size())));
    const int64_t repeats = std::stoll(value("--repeat", "1"));
    ScoreMap scores;
    std::vector<double> startedAt; // each repetition's start, seconds since the Unix epoch (to match clock samples)
    // Seconds of each repetition, until the scores are complete on the device (kept there,
    // as `prunescope-cli score` keeps them for its writer).
    const auto timed = [&](ScoreOptions o) {
        o.keepOnDevice = true;
        // The first passes pay for cuBLAS handles, kernel selection and the caching allocator.
        computeScores(*model, first, o);
        synchronize(device);
        std::vector<double> seconds;
        for (int64_t r = 0; r < repeats; ++r) {
            scores = ScoreMap();
            startedAt.push_back(
                std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
            const auto start = std::chrono::steady_clock::now();
            scores = computeScores(*model, batches, o);
            synchronize(device);
            seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
        return seconds;
    };
    nlohmann::json study;
    if (args.count("--smooth-study")) {
        ScoreOptions o = options;
        o.method = "taylor";
        o.methodOptions = {};
        study["taylor"] = timed(o);
        o.method = "smooth-cut";
        o.methodOptions.set("samples", samples);
        o.methodOptions.set("batched", false);
        study["one_by_one"] = timed(o);
        o.methodOptions.set("batched", true);
        study["batched"] = timed(o);
        study["copies_per_pass"] = std::stoll(scores.provenance.at("copies_per_pass"));
    }
    const std::vector<double> seconds = study.empty() ? timed(options) : study["batched"].get<std::vector<double>>();
    if (args.count("--profile"))
        profileKernels([&] {
            ScoreOptions o = options;
            o.keepOnDevice = true;
            computeScores(*model, batches, o);
            synchronize(device);
        }, std::stoll(value("--profile", "")));
    // Writing: the map goes to the file from the device, a tensor at a time through pinned memory.
    const auto writeStart = std::chrono::steady_clock::now();
    saveScoreMap(value("--out", ""), scores);
    const double writeSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - writeStart).count();

    int64_t examples = 0;
    for (const auto &b : batches)
        examples += b.inputIds.defined() ? b.inputIds.size(0) : b.pixelValues.size(0);
    std::cout << nlohmann::json{{"seconds", seconds},
                                {"started_at", startedAt},
                                {"write_seconds", writeSeconds},
                                {"batches", batches.size()},
                                {"examples", examples},
                                {"method", options.method},
                                {"precision", precisionName(options.precision)},
                                {"device", describeDevice(device)},
                                {"samples", options.method == "smooth-cut" ? samples : 1},
                                {"batched", batched},
                                {"cuda_graph", scores.provenance.count("cuda_graph") ? scores.provenance.at("cuda_graph") : "off"},
                                {"study", study}}
                     .dump()
              << std::endl;
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    std::map<std::string, std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string name = argv[i];
        if (name == "--one-by-one" || name == "--smooth-study" || name == "--no-cuda-graphs"
            || name == "--no-pass-weights")
            args[name] = "1";
        else if (name.rfind("--", 0) == 0 && i + 1 < argc)
            args[name] = argv[++i];
        else {
            std::cerr << "prunescope-bench-score: unexpected argument '" << name << "'\n";
            return 2;
        }
    }
    try {
        return run(args);
    } catch (const std::exception &e) {
        std::cerr << "prunescope-bench-score: " << e.what() << "\n";
        return 1;
    }
}
