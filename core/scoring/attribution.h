// Per-input attribution maps for the views: which tokens (text) or image patches (ViT,
// CLIP's vision tower) drive the model's output for one input.
//   gradcam     activation x gradient at a layer's output, summed over channels:
//               map[t] = sum_c A[t, c] * dY/dA[t, c]  (Selvaraju et al.'s reading, per token)
//   smoothgrad  gradient x input at the token embeddings (or the pixels, for images),
//               with the gradient averaged over K copies with N(0, (sigma * spread)^2) noise
//               (Smilkov et al. 2017); per token summed over channels, per patch over pixels
// Maps are signed: positive means raising that token's activation raises the target.
// The target Y is the logit of the label (or predicted class) for classification, the
// log-probability of the next tokens for causal LM, and each image's similarity to its
// own text for CLIP.
#pragma once

#include "core/models/model.h"

#include <string>

namespace prunescope {

struct AttributionOptions
{
    std::string method = "gradcam"; // or "smoothgrad"
    int layer = -1;                 // gradcam: layer output to read, -1 = the last layer
    int tower = 0;                  // the tower's index (towerFor: CLIP 0 text, 1 vision)
    int64_t samples = 10;           // smoothgrad: K
    double sigma = 0.1;             // smoothgrad: relative to the input's standard deviation
    uint64_t seed = 0;
};

struct Attribution
{
    torch::Tensor map;      // [B, T] for text; [B, rows, cols] of patches for images
    torch::Tensor target;   // [B] the value each map explains
    std::string targetName; // e.g. "logit of class 2"
};

Attribution attribute(TransformerModel &model, const ModelInputs &inputs, const AttributionOptions &options);

} // namespace prunescope
