// What the export writes, decided before anything is written (export.cpp, export_decision.cpp
// share it; not for callers of the export).
#pragma once

#include "core/export/export.h"
#include "core/models/model_structure.h"

#include <torch/torch.h>

#include <vector>

namespace prunescope {

// Which units of one kind (FFN neurons, query heads or key-value groups) a layer of the
// export writes, and which of them compute: the rest are zero pads that keep the tower uniform.
struct ExportedUnits
{
    torch::Tensor slots; // int64, ascending indices into the source FFN
    torch::Tensor live;  // bool per slot
};

struct ExportDecision
{
    ModelStructure structure;
    ExportPlan plan;
    std::vector<std::vector<ExportedUnits>> units; // [tower][layer]; empty when no neuron mask
    // [tower][layer]; empty where heads are not removed (zeroed in place instead).
    std::vector<std::vector<ExportedUnits>> headUnits, groupUnits;
    ScoreMap effectiveMask;                        // what the exported model computes
};

// The plan and the units of every layer for exporting `checkpoint` under `mask`; throws
// when the mask is not one of this model's.
ExportDecision decideExport(const Checkpoint &checkpoint, const ScoreMap &mask, const ExportOptions &options);

} // namespace prunescope
