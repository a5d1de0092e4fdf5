// The Hessians of the layer-wise reconstruction problem (OBS, Hassibi & Stork 1993; SparseGPT,
// Frantar & Alistarh 2023): for each prunable matrix of one layer, H = 2/N sum x x^T over the
// real (non-padding) tokens of its input x in the calibration data, summed in float32 on the
// model's device. The model runs on every batch until that layer's output exists and no
// further, and matrices that read the same input tensor (q, k and v; gate and up) share one
// sum, so a layer of a 7B model holds four of them.
#pragma once

#include "core/models/model.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace prunescope {

class LayerHessians
{
public:
    // 2/N sum x x^T of the input of the matrix whose weight is `weight`; throws naming it when
    // the data never reached it or held no real token for it.
    torch::Tensor hessian(const std::string &weight) const;
    // The most real tokens any of the sums counted.
    int64_t tokens() const;

    // Filling it, batch by batch. `realRows`: the indices of the batch's real tokens among
    // its `rowsInBatch` rows (batch * tokens); undefined when every token is real.
    void startBatch(const torch::Tensor &realRows, int64_t rowsInBatch);
    void add(const PrunableMatrix &matrix, const torch::Tensor &input);
    void endBatch();

private:
    struct Sum
    {
        torch::Tensor xx; // sum x x^T, float32
        int64_t tokens = 0;
        torch::Tensor input; // this batch's, once counted: held so that no other tensor takes its place
    };
    std::vector<Sum> m_sums;
    std::map<std::string, size_t> m_sumOf; // by weight name
    torch::Tensor m_realRows;
    int64_t m_rowsInBatch = 0;
};

// The hidden state at the input of one layer for every calibration batch, kept between the
// passes of consecutive layers: a model that resumes at a layer (resumesAtLayer()) then runs
// only the layer before (already pruned, so the inputs are those of the pruned model) and
// the layer itself, instead of everything up to it.
struct LayerInputs
{
    int layer = -1; // whose input `hidden` holds; -1: none yet
    std::vector<torch::Tensor> hidden;
};

// The Hessians of layer `layer` of tower `tower` over `batches` (the model in eval mode, no
// gradients). Padding counts only in text towers: an image tower's patches are all real.
// With `inputs` (the first tower of a model that resumes), the pass starts from the saved
// input of layer - 1 where there is one, and saves layer's own input for the next pass.
LayerHessians layerHessians(TransformerModel &model, const std::vector<ModelInputs> &batches, int tower, int layer,
                            LayerInputs *inputs = nullptr);

} // namespace prunescope
