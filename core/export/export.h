// Exporting a pruned model (FORMATS.md, "Exporting a pruned model"):
//   shrunk  FFN neurons physically removed, config.json's FFN width rewritten; loads in
//           stock transformers 5 when every layer of a tower keeps the same width, so a
//           non-uniform neuron mask is padded with zero units (exact) or trimmed to one
//           width by score (the report says how many units changed). Heads are removed
//           where the family's config states the head size (Llama, Qwen2, Mistral: one
//           num_attention_heads and num_key_value_heads for all layers, so every layer
//           gets the same number of key-value groups, each serving the same number of
//           query heads; padded or trimmed as the neurons are). BERT, GPT-2 and CLIP
//           derive the head size from hidden_size / num_attention_heads, so there pruned
//           heads are zeroed in place (their query, key and value rows and output
//           columns), which is exact too.
//   zeros   original shapes, every pruned entry zero.
//   masks   the mask file alone plus prunescope.json, to re-apply to the checkpoint.
//   onnx    model.onnx (opset 17): every pruned head and FFN neuron physically gone, each
//           layer with its own counts, float32 or float16, dynamic batch and sequence;
//           checked by ONNX's checker and shape inference, then run in ONNX Runtime
//           against the masked model when it is installed (onnx_export.h).
// Weight-level (unstructured, N:M) masks are multiplied into the weights in every mode.
// The export is written into a temporary folder beside the target, reloaded and compared
// with the source model under the same mask, and only then renamed into place; an
// existing target, a mask of another model, too little disk space, an error or a cancel
// leave nothing behind.
#pragma once

#include "core/io/sharded_weights.h"
#include "core/models/model.h"
#include "core/support/progress.h"
#include "core/scoring/score_map.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace prunescope {

class Checkpoint;

enum class ExportMode { Shrunk, Zeros, Masks, Onnx };
enum class UniformPolicy { Pad, Trim };

ExportMode parseExportMode(const std::string &text);        // shrunk | zeros | masks | onnx
UniformPolicy parseUniformPolicy(const std::string &text);  // pad | trim
const char *exportModeName(ExportMode mode);
const char *uniformPolicyName(UniformPolicy policy);

struct ExportOptions
{
    ExportMode mode = ExportMode::Shrunk;
    UniformPolicy uniform = UniformPolicy::Pad;
    // FFN widths rounded up to a multiple of this with zero units (exact): half-precision
    // tensor-core kernels want multiples of 8; 1 keeps the widths as the mask leaves them.
    int64_t align = 1;
    // Scores that decide which neurons trimming keeps or adds back ("neurons" /
    // "<tower>.neurons"); without them, each neuron's |W_in row| * |W_out column|.
    const ScoreMap *scores = nullptr;
    // Inputs the export is verified on; empty: a seeded sample of token ids (and images).
    ModelInputs verifyInputs;
    std::string maskFile = "the mask"; // named in messages about the mask
    // Where the source and the export are loaded to be compared (a GPU: the host holds
    // neither model whole) and then timed on the verification inputs (median of
    // `timingRepeats` forward passes; 0: not timed).
    int timingRepeats = 0;
    torch::Device device = torch::kCPU;
    // Bytes free where the export goes (tests simulate a full disk); empty: the file system's.
    std::function<uintmax_t(const std::filesystem::path &)> freeSpace;
    // As TrainOptions::replaceExisting: an existing non-empty folder is refused unless set.
    bool replaceExisting = false;
    // The float type of an ONNX export's weights and computation: float32 or float16.
    torch::ScalarType onnxType = torch::kFloat32;
    // ONNX: time the dense model and the export in ONNX Runtime (batch 1 and 32 of 128
    // tokens, or of images), `measureRepeats` runs each after warm-up, on `measureThreads`
    // threads (0: the runtime's choice, every core). 0 repeats: not timed.
    int measureRepeats = 0;
    int measureThreads = 0;
    // On a GPU (`device`), --measure runs the dense model and the pruned one in PruneScope's
    // own runtime (graph_runner.h) instead, computing in this float type (Undefined: onnxType),
    // each pass replayed as a CUDA graph.
    torch::ScalarType measureType = torch::ScalarType::Undefined;
    // The weights in shards of at most this many bytes, with an index (sharded_weights.h).
    uint64_t maxShardBytes = kDefaultShardBytes;
};

struct TowerExport
{
    std::string name;
    int64_t ffnBefore = 0, ffnAfter = 0; // FFN width of every layer in the files
    std::vector<int64_t> neuronsKept;    // per layer, by the mask as given
    std::vector<int64_t> headsKept;      // per layer, by the mask as given
    int64_t headsBefore = 0, headsAfter = 0;     // query heads of every layer in the files
    int64_t kvHeadsBefore = 0, kvHeadsAfter = 0; // key-value heads of every layer in the files
    bool perLayer = false; // each layer has its own counts in the file (ONNX): headsKept and neuronsKept
};

struct ExportPlan
{
    ExportMode mode = ExportMode::Shrunk;
    UniformPolicy uniform = UniformPolicy::Pad;
    std::vector<TowerExport> towers;
    int64_t parametersBefore = 0, parametersAfter = 0;
    uint64_t bytesBefore = 0, bytesAfter = 0; // the weight files
    int64_t zeroedParameters = 0;             // pruned entries that stay in the files as zeros
    int64_t neuronsChanged = 0;               // neurons whose keep/prune flag trimming flipped
    int64_t headsChanged = 0;                 // heads whose keep/prune flag trimming flipped
    int64_t neurons = 0;                      // of the whole model
    bool maskUniform = true;                  // the neuron mask keeps one width in all layers of a tower
    std::vector<std::string> notes;           // what the user should know, in sentences
};

// What an export of `mask` would give, from the file headers (the GUI's preview).
// Throws prunescope::Error when the mask does not fit the model (naming tensor and shapes).
ExportPlan planExport(const Checkpoint &checkpoint, const ScoreMap &mask, const ExportOptions &options);

// ONNX Runtime's time for the dense model and the export at one input shape (--measure).
struct OnnxTiming
{
    int64_t batch = 0, sequence = 0; // sequence 0: images
    double denseMs = 0, exportMs = 0; // medians
    double denseLowMs = 0, denseHighMs = 0, exportLowMs = 0, exportHighMs = 0; // fastest and slowest run
    int repeats = 0;
};

struct ExportResult
{
    ExportPlan plan;
    std::filesystem::path folder;
    std::vector<std::string> files;
    double maxDifference = 0; // max |exported - masked| / max(1, max |masked|) over the outputs
    double tolerance = 1e-5;  // what maxDifference was held to (kExportTolerance; more for float16 ONNX)
    std::string verifiedOn;   // "2 examples of 16 tokens (seeded), outputs logits"
    bool verified = false;
    double denseMs = 0, exportMs = 0; // PruneScope's forward pass, when timed
    std::string timedOn;              // "cuda:0, 2 examples"
    std::vector<OnnxTiming> onnxTimings; // --measure
    std::string measuredOn;              // "ONNX Runtime 1.30.0 (CPU), 2 threads"
    // On a GPU: the pruned graph's outputs in PruneScope's runtime against the masked model
    // there, in the measured float type, and what that was held to.
    double measuredDifference = -1, measuredTolerance = 0;
    double seconds = 0;
    // The folder that was at `out`, kept for files the export did not write (replaceExisting).
    std::filesystem::path keptFolder;
};

inline constexpr double kExportTolerance = 1e-5;

// Writes the export of `model` under `mask` to `out` (which must not exist or be empty, or
// options.replaceExisting must be set: see moveFolderIntoPlace). Throws
// prunescope::Error (or Cancelled) and leaves nothing behind when anything fails,
// including verification beyond kExportTolerance.
ExportResult exportModel(const std::filesystem::path &model, const ScoreMap &mask, const std::filesystem::path &out,
                         const ExportOptions &options = {}, const Progress &progress = {});

// "encoder: FFN 3072 -> 1536 per layer, 96 heads kept in 12 layers"
std::string towerSummary(const TowerExport &tower);

// The export report: sizes before and after, what changed, the verification.
std::string exportReportText(const ExportResult &result);
std::string exportReportJson(const ExportResult &result);

} // namespace prunescope
