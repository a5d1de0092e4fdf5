// The operations every consumer of unit slices (model_structure.h) uses: scorers, mask
// builders, export, mask profiles, redundancy. Tensors are in the matrix's stored layout
// ([out, in], or [in, out] for input-major matrices), bias-shaped tensors [out].
#pragma once

#include "core/models/model_structure.h"

#include <torch/types.h>

namespace prunescope {

// Sums of `values` over each unit's features of the slice: [count]. For an output-axis
// slice, `bias` (when defined) adds the unit's bias entries.
torch::Tensor sumPerUnit(const PrunableMatrix &matrix, const UnitSlice &slice, const torch::Tensor &values,
                         const torch::Tensor &bias = {});

// `values` with each unit's features of the slice multiplied by `perUnit` [count].
torch::Tensor scalePerUnit(const PrunableMatrix &matrix, const UnitSlice &slice, const torch::Tensor &values,
                           const torch::Tensor &perUnit);
// The same for the matrix's bias [out], for output-axis slices (others: `bias` as it is).
torch::Tensor scaleBiasPerUnit(const UnitSlice &slice, const torch::Tensor &bias, const torch::Tensor &perUnit);

// The features (indices along the slice's axis) that `units` (int64, 1-D) own, in order.
torch::Tensor featuresOf(const UnitSlice &slice, const torch::Tensor &units);

// A layer's 0/1 keep vector [count] for the slice's kind of unit, from the layer's head
// and neuron keep vectors (either undefined: all kept). A key-value group stays while one
// of the query heads it serves does.
torch::Tensor unitKeep(const TowerStructure &tower, UnitKind kind, const torch::Tensor &heads,
                       const torch::Tensor &neurons);

// Per-unit values of a slice as per-head values [heads]: a key-value group's value goes to
// each query head it serves. Only for head and key-value group slices.
torch::Tensor toHeads(const TowerStructure &tower, const UnitSlice &slice, const torch::Tensor &perUnit);

} // namespace prunescope
