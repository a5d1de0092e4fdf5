// Masks from scores: the `s` fraction of units with the lowest scores is pruned, exactly
// round(s * N) of them, ties broken by position (the earlier unit goes first), so the
// same scores always give the same mask.
//   granularity  weight | n:m (keep n of every m consecutive weights along the input) |
//                head | kv-group (grouped-query attention: a key-value head with all the
//                query heads it serves, scored by their sum) | neuron | layer (whole
//                attention / FFN blocks, from head / neuron scores)
//   scope        tensor (each tensor or each layer's heads on its own) | row (each output
//                row of each matrix on its own, as Wanda compares) | layer (all
//                units of one layer together) | global (one threshold over everything of a
//                kind) | layer-normalized (scores divided by their layer's L2 norm, then global)
// A mask has the names and shapes of the scores it came from; 1 keeps, 0 prunes.
#pragma once

#include "core/models/model.h"
#include "core/scoring/score_map.h"

#include <string>

namespace prunescope {

enum class MaskGranularity { Weight, NM, Head, KvGroup, Neuron, Layer };
enum class MaskScope { Tensor, Row, Layer, Global, LayerNormalized };

struct MaskOptions
{
    double sparsity = 0.5;
    MaskGranularity granularity = MaskGranularity::Weight;
    MaskScope scope = MaskScope::Tensor;
    int64_t n = 2, m = 4; // n:m only
};

// "weight", "head", "kv-group", "neuron", "layer", or "N:M" such as "2:4"; throws naming the option.
MaskOptions parseMaskOptions(const std::string &granularity, const std::string &scope, double sparsity);

// The mask as U8 tensors (a byte a unit), the scores read tensor by tensor: built from a
// ScoreFile, host memory stays near the mask plus the largest tensor. Exact selection
// (selection.h), no sort of the whole.
ScoreMap buildMask(const ScoreSource &scores, const ModelStructure &structure, const MaskOptions &options);
// The same from a map in memory, as float32 tensors of 0 and 1.
ScoreMap buildMask(const ScoreMap &scores, const ModelStructure &structure, const MaskOptions &options);
// One mask of several granularities (heads and FFN neurons together, as a smaller export
// needs), each built by buildMask with its own options; the provenance lists them in order.
// Throws where two of them would write the same tensor (head and kv-group both mask heads).
ScoreMap buildMasks(const ScoreSource &scores, const ModelStructure &structure, const std::vector<MaskOptions> &parts);

// The n:m pattern of one matrix: 1 for the n highest `scores` of every m consecutive
// weights along the input, on the scores' device; throws naming the matrix when its input
// width is not a multiple of m.
torch::Tensor keepNofM(const torch::Tensor &scores, const PrunableMatrix &matrix, int64_t n, int64_t m);

// Applies a mask through the model's gates (heads, neurons) and weight masks (weights),
// without touching its parameters. Checks names and shapes first.
void applyMask(TransformerModel &model, const ScoreMap &mask, const std::string &fileName = "mask");

// Leaves `model` dense (no weight masks, every gate open) now and when it goes out of scope,
// however the work between ends: what masks the model in turn (a sweep, a scan) holds one.
class DenseOnExit
{
public:
    explicit DenseOnExit(TransformerModel &model);
    ~DenseOnExit();
    DenseOnExit(const DenseOnExit &) = delete;
    DenseOnExit &operator=(const DenseOnExit &) = delete;

private:
    TransformerModel &m_model;
};

// Fraction of zeros over all tensors of a mask.
double maskSparsity(const ScoreMap &mask);

} // namespace prunescope
