// The ONNX export (ExportMode::Onnx): the source loaded on the CPU, the mask applied, its
// graph written by the family (TransformerModel::writeOnnx) with the pruned units gone,
// checked by ONNX, then run in ONNX Runtime on the verification inputs against the masked
// model. Called by exportModel into its temporary folder; not for other callers.
#pragma once

#include "core/export/export_decision.h"

#include <nlohmann/json.hpp>

namespace prunescope {

// float32: ONNX Runtime's sums against LibTorch's, as the shrunk export (kExportTolerance).
// float16: weights and activations rounded to 11 bits (unit roundoff 2^-11); each layer
// adds a few roundings to the residual stream, so 8 units per layer, relative to max(1, |y|).
// bfloat16 (PruneScope's runtime on a GPU): the same with its 8 bits (2^-8).
double onnxTolerance(torch::ScalarType type, int64_t layers);

// The graph inputs for a batch: every input a family's graph may take (ONNX Runtime is given
// those it has), the attention mask and token types filled in as the model fills them (all
// tokens real, type 0), images in the graph's float type.
NamedTensors onnxInputs(const ModelInputs &in, torch::ScalarType floatType);

void writeOnnxExport(const Checkpoint &checkpoint, const std::filesystem::path &model, const ExportDecision &d,
                     const std::filesystem::path &folder, const ExportOptions &options, const Progress &progress,
                     ExportResult &result, nlohmann::ordered_json &description);

} // namespace prunescope
