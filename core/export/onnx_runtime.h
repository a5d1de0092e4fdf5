// ONNX Runtime, reached through Node and the onnxruntime-node package (its CPU build), which
// bash setup.sh installs in build/onnxruntime: tools/onnx_runtime.cjs runs an ONNX model on
// inputs given as a safetensors file, or times it. An export's check against the masked
// model and its --measure go through here.
#pragma once

#include "core/io/safetensors.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace prunescope {

struct OnnxRuntime
{
    std::filesystem::path runner;  // tools/onnx_runtime.cjs
    std::filesystem::path modules; // the node_modules folder holding onnxruntime-node
    std::string version;           // of onnxruntime-node
};

// The runtime as this build was set up with it, or where PRUNESCOPE_ONNX_RUNNER and
// PRUNESCOPE_ONNXRUNTIME_MODULES say; nullopt with the reason in `why` when Node, the
// runner or the package is missing.
std::optional<OnnxRuntime> findOnnxRuntime(std::string *why = nullptr);

// The model's outputs for `inputs` (tensors the graph does not take are left out), as ONNX
// Runtime computes them; throws prunescope::Error with the runtime's message.
NamedTensors runOnnx(const OnnxRuntime &runtime, const std::filesystem::path &model, const NamedTensors &inputs);

// Milliseconds of `repeat` runs of each model after `warmup` untimed ones, the models taking
// turns run by run; `threads` 0: the runtime's choice (all cores).
std::vector<std::vector<double>> timeOnnx(const OnnxRuntime &runtime, const std::vector<std::filesystem::path> &models,
                                          const NamedTensors &inputs, int repeat, int warmup, int threads);

} // namespace prunescope
