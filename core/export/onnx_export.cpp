#include "core/export/onnx_export.h"

#include "core/export/onnx_runtime.h"
#include "core/io/atomic_file.h"
#include "core/io/checkpoint_folder.h"
#include "core/models/checkpoint.h"
#include "core/models/model_family.h"
#include "core/models/onnx_writer.h"
#include "core/models/reference_run.h"
#include "core/pruning/masks.h"
#include "core/support/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <thread>

namespace fs = std::filesystem;

namespace prunescope {

namespace {

// The graph of `model` as it is (its gates and masks).
std::unique_ptr<OnnxGraph> graphOf(TransformerModel &model, OnnxWritable &writable, const ExportOptions &options)
{
    auto graph = std::make_unique<OnnxGraph>(model.config().architecture, options.onnxType);
    torch::NoGradGuard noGrad;
    OnnxWriter writer(*graph, model);
    writable.writeOnnx(writer);
    return graph;
}

// The dense model and the export timed in ONNX Runtime at batch 1 and 32, 128 tokens (or
// images), taking turns run by run: the median of the runs, with the fastest and the slowest.
void measure(TransformerModel &model, OnnxWritable &writable, const fs::path &folder, const ExportOptions &options,
             const OnnxRuntime &runtime, const Progress &progress, ExportResult &result)
{
    const ModelConfig &config = model.config();
    model.resetGates();
    model.clearWeightMasks();
    const fs::path dense = folder / ".dense.onnx"; // in the export's temporary folder, removed below
    writeFileAtomically(dense, graphOf(model, writable, options)->serialize());
    const bool images = config.hasImages() && config.towers.size() == 1;
    const int64_t length = images ? 0 : std::min<int64_t>(128, config.towers.front().maxPositions);
    const auto stats = [](std::vector<double> ms, double &median, double &low, double &high) {
        std::sort(ms.begin(), ms.end());
        median = ms[ms.size() / 2];
        low = ms.front();
        high = ms.back();
    };
    const int64_t batches[] = {1, 32};
    for (size_t i = 0; i < 2; ++i) {
        if (progress && !progress(int64_t(i), 2, "timing in ONNX Runtime, batch " + std::to_string(batches[i])))
            throw Cancelled();
        const NamedTensors inputs = onnxInputs(sampleInputs(config, batches[i], std::max<int64_t>(length, 1)), options.onnxType);
        OnnxTiming t;
        t.batch = batches[i];
        t.sequence = length;
        t.repeats = options.measureRepeats;
        const auto ms = timeOnnx(runtime, {dense, folder / "model.onnx"}, inputs, options.measureRepeats, 3,
                                 options.measureThreads);
        stats(ms.at(0), t.denseMs, t.denseLowMs, t.denseHighMs);
        stats(ms.at(1), t.exportMs, t.exportLowMs, t.exportHighMs);
        result.onnxTimings.push_back(t);
    }
    fs::remove(dense);
    result.measuredOn = "ONNX Runtime " + runtime.version + " (CPU), " +
                        (options.measureThreads > 0 ? std::to_string(options.measureThreads) + " threads"
                                                    : "its default threads (" +
                                                          std::to_string(std::thread::hardware_concurrency()) + " cores)");
}

std::string number(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", value);
    return text;
}

} // namespace

NamedTensors onnxInputs(const ModelInputs &in, torch::ScalarType floatType)
{
    NamedTensors inputs;
    if (in.inputIds.defined()) {
        inputs.emplace_back("input_ids", in.inputIds);
        inputs.emplace_back("attention_mask", in.attentionMask.defined() ? in.attentionMask : torch::ones_like(in.inputIds));
        inputs.emplace_back("token_type_ids", in.tokenTypeIds.defined() ? in.tokenTypeIds : torch::zeros_like(in.inputIds));
    }
    if (in.pixelValues.defined())
        inputs.emplace_back("pixel_values", in.pixelValues.to(floatType));
    return inputs;
}

double onnxTolerance(torch::ScalarType type, int64_t layers)
{
    return type == torch::kFloat16 ? 8.0 * double(layers + 1) * std::ldexp(1.0, -11) : kExportTolerance;
}

void writeOnnxExport(const Checkpoint &checkpoint, const fs::path &model, const ExportDecision &d, const fs::path &folder,
                     const ExportOptions &options, const Progress &progress, ExportResult &result,
                     nlohmann::ordered_json &description)
{
    std::string why;
    const auto runtime = findOnnxRuntime(&why);
    if (!runtime && options.measureRepeats > 0)
        throw Error("cannot measure the export: " + why);
    const bool given = options.verifyInputs.inputIds.defined() || options.verifyInputs.pixelValues.defined();
    const ModelInputs inputs = given ? options.verifyInputs : sampleInputs(checkpoint.config());
    auto source = checkpoint.loadModel();
    auto *writable = dynamic_cast<OnnxWritable *>(source.get());
    if (!writable)
        throw Error("ONNX export is not available for " + checkpoint.config().family->title + " models yet");
    source->eval();
    applyMask(*source, d.effectiveMask, options.maskFile);

    const auto written = graphOf(*source, *writable, options);
    OnnxGraph &graph = *written;
    graph.metadata("prunescope.source", fs::absolute(model).lexically_normal().string());
    for (const auto &[key, value] : d.effectiveMask.provenance)
        graph.metadata("prunescope.mask." + key, value);
    for (const auto &tower : d.plan.towers) {
        std::string heads, neurons;
        for (size_t l = 0; l < tower.headsKept.size(); ++l) {
            heads += (l ? "," : "") + std::to_string(tower.headsKept[l]);
            neurons += (l ? "," : "") + std::to_string(tower.neuronsKept[l]);
        }
        graph.metadata("prunescope." + tower.name + ".heads_per_layer", heads);
        graph.metadata("prunescope." + tower.name + ".neurons_per_layer", neurons);
    }
    if (progress && !progress(1, 2, "checking the ONNX graph"))
        throw Cancelled();
    writeFileAtomically(folder / "model.onnx", graph.serialize());
    writeFileAtomically(folder / "config.json", readTextFile(model / "config.json")); // labels, and what the source was
    copySideFiles(model, folder);
    result.plan.parametersAfter = graph.parameterCount();
    result.plan.bytesAfter = fs::file_size(folder / "model.onnx");
    description["onnx"] = {{"file", "model.onnx"},
                           {"opset", kOnnxOpset},
                           {"dtype", options.onnxType == torch::kFloat16 ? "float16" : "float32"},
                           {"nodes", graph.nodeCount()},
                           {"parameters", graph.parameterCount()}};

    if (progress && !progress(2, 2, "running the export in ONNX Runtime"))
        throw Cancelled();
    if (!runtime) {
        result.verifiedOn = "not run in ONNX Runtime: " + why;
        result.plan.notes.push_back("the ONNX graph passed ONNX's checker and shape inference but was not run: " + why);
        description["verification"] = {{"onnxruntime", nullptr}, {"why", why}};
        return;
    }
    const NamedTensors expected = computeNamedOutputs(*source, inputs, false);
    const NamedTensors outputs = runOnnx(*runtime, folder / "model.onnx", onnxInputs(inputs, options.onnxType));
    std::string compared;
    result.maxDifference = outputDifference(outputs, expected, &compared);
    int64_t layers = 0;
    for (const auto &tower : d.structure.towers)
        layers += int64_t(tower.layers.size());
    const double tolerance = onnxTolerance(options.onnxType, layers);
    const auto &ids = inputs.inputIds.defined() ? inputs.inputIds : inputs.pixelValues;
    result.verifiedOn = std::to_string(ids.size(0)) + " examples" + (given ? "" : " (seeded random)") + " in ONNX Runtime " +
                        runtime->version + ", outputs " + (compared.empty() ? "last_hidden_state" : compared);
    result.verified = result.maxDifference <= tolerance;
    result.tolerance = tolerance;
    if (!result.verified)
        throw Error("the ONNX export of " + model.string() + " differs from the masked model by " +
                    number(result.maxDifference) + " in ONNX Runtime (more than " + number(tolerance) +
                    "); nothing was written");
    description["verification"] = {{"max_difference", result.maxDifference},
                                   {"tolerance", tolerance},
                                   {"inputs", result.verifiedOn}};
    if (options.measureRepeats > 0)
        measure(*source, *writable, folder, options, *runtime, progress, result);
}

} // namespace prunescope
