// Redundancy of FFN neurons (the GUM paper's analysis), for any model with or without a
// mask, over a dataset:
//   sensitivity  mean over batches of |sum of w * dL/dw over the neuron's weights| (its row
//                of the FFN input matrix with its bias, its column of the FFN output matrix)
//   cosine       of two neurons' activations (after the activation function) over every
//                real token of the data, from the Gram matrix of the whole dataset
//   uniqueness   1 - #{i : some j > i has cos_ij >= 0.8} / N among the N kept neurons
//   fractions    of kept neurons whose largest cosine with another exceeds 0.9 and 0.99
// Pruned neurons (gate 0) are left out of every count.
#pragma once

#include "core/models/model.h"
#include "core/support/progress.h"

#include <string>
#include <vector>

namespace prunescope {

struct LayerRedundancy
{
    std::string layer; // "encoder 0"
    int64_t kept = 0;
    double uniqueness = 1;
    double above09 = 0, above099 = 0;
    double meanSensitivity = 0;
};

struct RedundancyReport
{
    std::vector<LayerRedundancy> layers;
    // Per tower [layers, ffn]: each neuron's sensitivity and largest cosine with another
    // kept neuron of its layer (0 for pruned neurons).
    std::vector<torch::Tensor> sensitivity, maxCosine;
};

RedundancyReport analyseRedundancy(TransformerModel &model, const std::vector<ModelInputs> &batches,
                                   const Progress &progress = {});

std::string redundancyText(const RedundancyReport &report);
std::string redundancyJson(const RedundancyReport &report);

} // namespace prunescope
