// Runs a model on inputs named as transformers names them (input_ids, attention_mask,
// token_type_ids, pixel_values, labels) and returns every output under transformers'
// names: logits, loss, hidden_states.{i}, attentions.{i}, grad.<parameter>,
// head_gate_grad, neuron_gate_grad (CLIP: text_/vision_ prefixed). Also compares such
// a set with a reference file, tensor by tensor, by relative error.
#pragma once

#include "core/models/model.h"
#include "core/io/safetensors.h"

#include <set>
#include <string>
#include <vector>

namespace prunescope {

// Reads the model inputs from a file of named tensors; unknown names are ignored.
ModelInputs readModelInputs(const SafetensorsFile &file);
extern const std::set<std::string> kInputNames;

// With `gradients`, the loss is backpropagated (labels needed for BERT and GPT-2; CLIP
// pairs image i with text i) and the gradients of every parameter and gate are added.
NamedTensors computeNamedOutputs(TransformerModel &model, const ModelInputs &inputs, bool gradients);

struct TensorComparison
{
    std::string name;
    double relativeError = 0; // ||ours - ref|| / ||ref||
    double tolerance = 0;
    bool ok = false;
    std::string problem; // set when the tensor could not be compared (missing, shape)
    // Gradients that are zero in exact arithmetic (a key bias: softmax ignores a constant
    // added to a whole row of scores) hold only rounding noise, where a relative error
    // means nothing. They are compared by absolute difference instead.
    bool zeroReference = false;
    double absoluteError = 0;
    double absoluteLimit = 0;
};

struct Comparison
{
    bool ok = true;
    std::vector<TensorComparison> tensors;
    double maxRelativeError = 0;
    std::string worst;
};

// Compares every non-input tensor of `reference` with `computed`. Tolerances: 1e-4 for
// gradients (grad.*, *gate_grad), `outputTolerance` for everything else. A reference
// tensor that was not computed is a failure. A gradient whose reference norm is below
// 1e-6 of the largest gradient norm is rounding noise around zero: it passes when both
// ours and the reference differ by at most that much (`zeroReference`).
Comparison compareWithReference(const NamedTensors &computed, const SafetensorsFile &reference,
                                double outputTolerance = 1e-5, double gradientTolerance = 1e-4);

} // namespace prunescope
