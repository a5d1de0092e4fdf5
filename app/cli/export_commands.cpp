// export and compare: the masked model written as a smaller checkpoint, a zeroed one, or
// the mask alone; and masks or score maps of one model compared with each other.
#include "app/cli/commands.h"

#include "core/io/atomic_file.h"
#include "core/models/checkpoint.h"
#include "core/io/checkpoint_folder.h"
#include "core/analysis/compare.h"
#include "core/models/device.h"
#include "core/export/export.h"
#include "core/models/reference_run.h"

#include <torch/cuda.h>

#include <chrono>
#include <filesystem>
#include <iostream>

namespace prunescope::cli {

int runExport(const Arguments &args)
{
    const std::string model = args.required("--model");
    const std::string maskPath = args.required("--mask");
    const std::string out = args.required("--out");
    ExportOptions options;
    options.replaceExisting = args.flag("--force");
    checkOutputFolder(out, options.replaceExisting);
    options.mode = args.parsed("--mode", "shrunk", parseExportMode);
    options.uniform = args.parsed("--uniform", "pad", parseUniformPolicy);
    options.maskFile = maskPath;
    options.align = args.number("--align", 1);
    if (const std::string shardSize = args.value("--shard-size", ""); !shardSize.empty())
        options.maxShardBytes = parseByteSize(shardSize, "--shard-size");
    options.timingRepeats = int(args.number("--time", 0));
    options.device = args.parsed("--device", "auto", parseDevice);
    const std::string onnxType = args.choice("--onnx-dtype", "float32", {"float32", "float16"});
    if (!args.value("--onnx-dtype", "").empty() && options.mode != ExportMode::Onnx)
        throw UsageError("--onnx-dtype is for --mode onnx");
    options.onnxType = parseDtype(onnxType, "--onnx-dtype");
    if ((args.flag("--measure") || !args.value("--threads", "").empty()) && options.mode != ExportMode::Onnx)
        throw UsageError("--measure and --threads are for --mode onnx");
    options.measureRepeats = args.flag("--measure") ? int(args.number("--repeats", 10)) : 0;
    if (const std::string type = args.choice("--measure-dtype", onnxType, {"float32", "float16", "bfloat16"});
        !args.value("--measure-dtype", "").empty()) {
        if (!args.flag("--measure"))
            throw UsageError("--measure-dtype is for --measure");
        options.measureType = parseDtype(type, "--measure-dtype");
    }
    options.measureThreads = int(args.number("--threads", 0));
    const ScoreMap mask = loadMask(maskPath, LoadAs::Stored); // bytes, as stored: a quarter of float32's memory
    ScoreMap scores;
    if (!args.value("--scores", "").empty()) {
        scores = loadScores(args.value("--scores", ""));
        options.scores = &scores;
    }
    // Verified on the given inputs (a file of named tensors, or the first batch of a
    // dataset); else on a seeded sample.
    if (!args.value("--inputs", "").empty()) {
        options.verifyInputs = readModelInputs(*SafetensorsFile::open(args.value("--inputs", "")));
    } else if (!args.value("--data", "").empty()) {
        const auto batches = readBatches(args, Checkpoint::open(model)->config(), nullptr);
        if (!batches.empty())
            options.verifyInputs = batches.front();
    }
    const ExportResult result = exportModel(model, mask, out, options, printProgress);
    if (args.flag("--json"))
        std::cout << exportReportJson(result) << "\n";
    else
        std::cout << exportReportText(result);
    return 0;
}

int runCompare(const Arguments &args)
{
    const auto &files = args.positional();
    if (files.size() < 2)
        throw UsageError("compare needs two or more mask or score files");
    const std::string csv = args.value("--csv", "");
    if (!csv.empty())
        checkOutputFile(csv, args.flag("--force"));
    std::vector<std::string> names;
    std::vector<ScoreMap> maps;
    size_t masks = 0;
    for (const auto &file : files) {
        maps.push_back(loadMaskOrScores(file, LoadAs::Stored));
        masks += maps.back().kind == MapKind::Mask;
        names.push_back(std::filesystem::path(file).stem().string());
    }
    // Masks are compared with masks and score maps with score maps: one of each shares no metric.
    if (masks < 2 && maps.size() - masks < 2) {
        std::string kinds;
        for (size_t i = 0; i < files.size(); ++i)
            kinds += (i ? ", " : "") + files[i] + " is " + (maps[i].kind == MapKind::Mask ? "a mask" : "a score map");
        throw Error("compare needs two masks or two score maps: " + kinds);
    }
    const ModelStructure structure = structureOf(maps.front(), files.front(), args.value("--model", ""));
    CompareOptions options;
    options.device = args.parsed("--device", "auto", parseDevice);
    options.topFraction = args.real("--top", options.topFraction);
    options.kendallUnits = args.number("--kendall-units", options.kendallUnits);
    // On a GPU the maps go there first, through pinned memory, timed apart from the comparison.
    const auto since = [](std::chrono::steady_clock::time_point start) {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    const auto copyStart = std::chrono::steady_clock::now();
    if (options.device.is_cuda()) {
        for (auto &map : maps)
            for (auto &[name, tensor] : map.tensors)
                tensor = toDevice(tensor, options.device);
        torch::cuda::synchronize(options.device.index());
    }
    const double copySeconds = since(copyStart);
    const auto start = std::chrono::steady_clock::now();
    const MapComparison comparison = compareMaps(names, maps, structure, options, printProgress);
    const double seconds = since(start);
    if (!csv.empty())
        writeFileAtomically(csv, comparisonCsv(comparison));
    if (args.flag("--json"))
        std::cout << comparisonJson(comparison) << "\n";
    else
        std::cout << comparisonText(comparison);
    std::cerr << "compared " << maps.size() << " maps on " << options.device.str() << " in " << seconds << " s";
    if (options.device.is_cuda())
        std::cerr << " (copied there before, in " << copySeconds << " s)";
    std::cerr << "\n";
    return 0;
}

} // namespace prunescope::cli
