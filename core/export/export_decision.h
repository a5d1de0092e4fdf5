// What the export writes, decided before anything is written (export.cpp, export_decision.cpp
// share it; not for callers of the export).
#pragma once

#include "core/export/export.h"
#include "core/io/safetensors.h"
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

// A seeded sample for verification (and timing): `batch` sequences of `tokens` random tokens
// (at most the model's positions), and images where the model reads them.
ModelInputs sampleInputs(const ModelConfig &config, int64_t batch = 2, int64_t tokens = 16);
// Largest |a - b| / max(1, max |b|) over the outputs both runs have (attention maps left
// out); the main outputs compared are named in `names`.
double outputDifference(const NamedTensors &exported, const NamedTensors &masked, std::string *names);

// The plan and the units of every layer for exporting `checkpoint` under `mask`; throws
// when the mask is not one of this model's.
ExportDecision decideExport(const Checkpoint &checkpoint, const ScoreMap &mask, const ExportOptions &options);

} // namespace prunescope
