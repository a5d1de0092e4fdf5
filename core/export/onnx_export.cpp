#include "core/export/onnx_export.h"

#include "core/export/onnx_runtime.h"
#include "core/io/atomic_file.h"
#include "core/io/checkpoint_folder.h"
#include "core/models/checkpoint.h"
#include "core/models/device.h"
#include "core/models/graph_runner.h"
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

// The graph of `model` as it is (its gates and masks), computing in `type`, FFN widths
// rounded up to `align`.
std::unique_ptr<OnnxGraph> graphOf(TransformerModel &model, OnnxWritable &writable, torch::ScalarType type,
                                   int64_t align)
{
    auto graph = std::make_unique<OnnxGraph>(model.config().architecture, type);
    torch::NoGradGuard noGrad;
    OnnxWriter writer(*graph, model);
    writer.align = std::max<int64_t>(1, align);
    writable.writeOnnx(writer);
    return graph;
}

std::string number(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", value);
    return text;
}

std::string typeName(torch::ScalarType type)
{
    return type == torch::kFloat16 ? "float16" : type == torch::kBFloat16 ? "bfloat16" : "float32";
}

// The batches --measure times: 1 and 32 of 128 tokens (or of images).
constexpr int64_t kMeasuredBatches[] = {1, 32};
constexpr int kWarmups = 3;

// One timing row from the dense model's and the export's times (ms), taking turns: the
// medians, with the fastest and the slowest runs.
OnnxTiming timingOf(int64_t batch, int64_t sequence, const std::vector<std::vector<double>> &ms)
{
    const auto stats = [](std::vector<double> runs, double &median, double &low, double &high) {
        std::sort(runs.begin(), runs.end());
        median = runs[runs.size() / 2];
        low = runs.front();
        high = runs.back();
    };
    OnnxTiming t;
    t.batch = batch;
    t.sequence = sequence;
    t.repeats = int(ms.at(0).size());
    stats(ms.at(0), t.denseMs, t.denseLowMs, t.denseHighMs);
    stats(ms.at(1), t.exportMs, t.exportLowMs, t.exportHighMs);
    return t;
}

// The tokens of a measured input (0 for images).
int64_t measuredLength(const ModelConfig &config)
{
    const bool images = config.hasImages() && config.towers.size() == 1;
    return images ? 0 : std::min<int64_t>(128, config.towers.front().maxPositions);
}

// The dense model and the export timed in ONNX Runtime, taking turns run by run.
void measure(TransformerModel &model, OnnxWritable &writable, const fs::path &folder, const ExportOptions &options,
             const OnnxRuntime &runtime, const Progress &progress, ExportResult &result)
{
    const ModelConfig &config = model.config();
    model.resetGates();
    model.clearWeightMasks();
    const fs::path dense = folder / ".dense.onnx"; // in the export's temporary folder, removed below
    graphOf(model, writable, options.onnxType, 1)->write(dense);
    const int64_t length = measuredLength(config);
    for (size_t i = 0; i < std::size(kMeasuredBatches); ++i) {
        const int64_t batch = kMeasuredBatches[i];
        if (progress && !progress(int64_t(i), int64_t(std::size(kMeasuredBatches)), "timing in ONNX Runtime, batch " + std::to_string(batch)))
            throw Cancelled();
        const NamedTensors inputs = onnxInputs(sampleInputs(config, batch, std::max<int64_t>(length, 1)), options.onnxType);
        result.onnxTimings.push_back(timingOf(batch, length, timeOnnx(runtime, {dense, folder / "model.onnx"}, inputs,
                                                                      options.measureRepeats, kWarmups,
                                                                      options.measureThreads)));
    }
    fs::remove(dense);
    fs::remove(dense.string() + ".data"); // where its weights went, if they are over 1 GB
    result.measuredOn = "ONNX Runtime " + runtime.version + " (CPU), " +
                        (options.measureThreads > 0 ? std::to_string(options.measureThreads) + " threads"
                                                    : "its default threads (" +
                                                          std::to_string(std::thread::hardware_concurrency()) + " cores)");
}

// The dense model and the pruned one run as graphs in PruneScope's own runtime on the GPU
// `options.device`, computing in `type`: first the pruned graph's outputs against the masked
// model (`expected`, on the CPU in float32), then both timed taking turns, each pass a CUDA
// graph's replay. `model` holds the mask on entry and none on return.
void measureOnDevice(TransformerModel &model, OnnxWritable &writable, const ExportOptions &options, torch::ScalarType type,
                     const ModelInputs &inputs, const NamedTensors &expected, int64_t layers, const Progress &progress,
                     ExportResult &result)
{
    const ModelConfig &config = model.config();
    auto pruned = std::make_unique<GraphRunner>(*graphOf(model, writable, type, options.align), options.device);
    std::string compared;
    NamedTensors outputs = pruned->run(onnxInputs(inputs, type));
    for (auto &[name, value] : outputs)
        value = value.to(torch::kCPU);
    result.measuredDifference = outputDifference(outputs, expected, &compared);
    result.measuredTolerance = onnxTolerance(type, layers);
    if (result.measuredDifference > result.measuredTolerance)
        throw Error("the pruned model in PruneScope's runtime on " + options.device.str() + " differs from the masked model by " +
                    number(result.measuredDifference) + " (more than " + number(result.measuredTolerance) + ")");
    model.resetGates();
    model.clearWeightMasks();
    auto dense = std::make_unique<GraphRunner>(*graphOf(model, writable, type, 1), options.device);
    const int64_t length = measuredLength(config);
    std::string notCaptured;
    for (size_t i = 0; i < std::size(kMeasuredBatches); ++i) {
        const int64_t batch = kMeasuredBatches[i];
        if (progress && !progress(int64_t(i), int64_t(std::size(kMeasuredBatches)), "timing on " + options.device.str() + ", batch " + std::to_string(batch)))
            throw Cancelled();
        const NamedTensors sample = onnxInputs(sampleInputs(config, batch, std::max<int64_t>(length, 1)), type);
        for (GraphRunner *runner : {dense.get(), pruned.get()})
            if (const std::string why = runner->prepare(sample); !why.empty())
                notCaptured = why;
        result.onnxTimings.push_back(timingOf(batch, length, timeRunners({dense.get(), pruned.get()},
                                                                         options.measureRepeats, kWarmups)));
    }
    result.measuredOn = "PruneScope's runtime on " + describeDevice(options.device) + ", " + typeName(type) +
                        (notCaptured.empty() ? ", each pass a CUDA graph" : ", eager passes (" + notCaptured + ")");
    if (const int64_t units = pruned->paddedUnits(); units > 0)
        result.measuredOn += ", the pruned model's FFN widths padded to multiples of " +
                             std::to_string(kTensorCoreWidth) + " for the tensor cores (" +
                             std::to_string(units) + " zero units in all)";
    pruned.reset(); // in the reverse order of their CUDA graphs' streams
    dense.reset();
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
    if (type == torch::kFloat32)
        return kExportTolerance;
    return 8.0 * double(layers + 1) * std::ldexp(1.0, type == torch::kFloat16 ? -11 : -8);
}

void writeOnnxExport(const Checkpoint &checkpoint, const fs::path &model, const ExportDecision &d, const fs::path &folder,
                     const ExportOptions &options, const Progress &progress, ExportResult &result,
                     nlohmann::ordered_json &description)
{
    std::string why;
    const auto runtime = findOnnxRuntime(&why);
    const bool onDevice = options.device.is_cuda(); // --measure runs in PruneScope's runtime there
    const torch::ScalarType measureType =
        options.measureType == torch::ScalarType::Undefined ? options.onnxType : options.measureType;
    if (options.measureRepeats > 0 && !onDevice) { // the options first: they are wrong on any machine
        if (measureType != options.onnxType)
            throw Error("on the CPU --measure times the export itself in ONNX Runtime, in its --onnx-dtype (" +
                        typeName(options.onnxType) + "); --measure-dtype " + typeName(measureType) +
                        " is for --device cuda");
        if (!runtime)
            throw Error("cannot measure the export: " + why);
    }
    const bool given = options.verifyInputs.inputIds.defined() || options.verifyInputs.pixelValues.defined();
    const ModelInputs inputs = given ? options.verifyInputs : sampleInputs(checkpoint.config());
    auto source = checkpoint.loadModel();
    auto *writable = dynamic_cast<OnnxWritable *>(source.get());
    if (!writable)
        throw Error("ONNX export is not available for " + checkpoint.config().family->title + " models yet");
    source->eval();
    applyMask(*source, d.effectiveMask, options.maskFile);

    const auto written = graphOf(*source, *writable, options.onnxType, options.align);
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
    result.plan.bytesAfter = graph.write(folder / "model.onnx"); // with model.onnx.data beside it when over 1 GB
    writeFileAtomically(folder / "config.json", readTextFile(model / "config.json")); // labels, and what the source was
    copySideFiles(model, folder);
    result.plan.parametersAfter = graph.parameterCount();
    description["onnx"] = {{"file", "model.onnx"},
                           {"opset", kOnnxOpset},
                           {"dtype", typeName(options.onnxType)},
                           {"checked_by_onnx", onnxAvailable()},
                           {"nodes", graph.nodeCount()},
                           {"parameters", graph.parameterCount()}};

    if (!onnxAvailable())
        result.plan.notes.push_back("this build has no libonnx-dev: the ONNX graph was written without ONNX's checker "
                                    "and shape inference");
    if (progress && !progress(2, 2, "running the export in ONNX Runtime"))
        throw Cancelled();
    if (!runtime) {
        result.verifiedOn = "not run in ONNX Runtime: " + why;
        result.plan.notes.push_back("the ONNX graph was not run in ONNX Runtime: " + why);
        description["verification"] = {{"onnxruntime", nullptr}, {"why", why}};
        if (options.measureRepeats == 0)
            return; // nothing to hold the masked model's outputs against
    }
    const NamedTensors expected = computeNamedOutputs(*source, inputs, false);
    int64_t layers = 0;
    for (const auto &tower : d.structure.towers)
        layers += int64_t(tower.layers.size());
    if (runtime) {
        const NamedTensors outputs = runOnnx(*runtime, folder / "model.onnx", onnxInputs(inputs, options.onnxType));
        std::string compared;
        result.maxDifference = outputDifference(outputs, expected, &compared);
        const double tolerance = onnxTolerance(options.onnxType, layers);
        const auto &ids = inputs.inputIds.defined() ? inputs.inputIds : inputs.pixelValues;
        result.verifiedOn = std::to_string(ids.size(0)) + " examples" + (given ? "" : " (seeded random)") +
                            " in ONNX Runtime " + runtime->version + ", outputs " +
                            (compared.empty() ? "last_hidden_state" : compared);
        result.verified = result.maxDifference <= tolerance;
        result.tolerance = tolerance;
        if (!result.verified)
            throw Error("the ONNX export of " + model.string() + " differs from the masked model by " +
                        number(result.maxDifference) + " in ONNX Runtime (more than " + number(tolerance) +
                        "); nothing was written");
        description["verification"] = {{"max_difference", result.maxDifference},
                                       {"tolerance", tolerance},
                                       {"inputs", result.verifiedOn}};
    }
    if (options.measureRepeats > 0 && onDevice)
        measureOnDevice(*source, *writable, options, measureType, inputs, expected, layers, progress, result);
    else if (options.measureRepeats > 0) // on the CPU, checked above: the runtime is there
        measure(*source, *writable, folder, options, *runtime, progress, result);
}

} // namespace prunescope
