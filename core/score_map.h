// Importance scores and masks over a model's prunable units, one tensor per name:
//   weights: under the checkpoint's own tensor names, in the tensor's own shape
//            ("bert.encoder.layer.0.attention.self.query.weight", GPT-2 Conv1D as [in, out]);
//   heads:   "heads" [layers, heads]   (CLIP: "text.heads", "vision.heads");
//   neurons: "neurons" [layers, ffn]   (CLIP: "text.neurons", "vision.neurons").
// A mask is a ScoreMap of 0/1 values (1 = keep). Files are safetensors with the
// provenance (method, options, data, examples, seed, device, seconds) as metadata.
#pragma once

#include "core/model_structure.h"
#include "core/safetensors.h"
#include "core/unit_grids.h"

#include <torch/types.h>

#include <filesystem>
#include <map>
#include <string>

namespace prunescope {

struct ScoreMap
{
    std::map<std::string, torch::Tensor> tensors;
    std::map<std::string, std::string> provenance;

    bool contains(const std::string &name) const { return tensors.count(name) > 0; }
    const torch::Tensor &at(const std::string &name) const;
};

// "heads" / "neurons" for single-tower models, "<tower>.heads" / "<tower>.neurons" for CLIP.
std::string headsName(const ModelStructure &structure, size_t tower);
std::string neuronsName(const ModelStructure &structure, size_t tower);

// The tensors of `grids` in their stored shapes (float32), with the same provenance.
ScoreMap scoreMapFromGrids(const GridSet &grids);

// Tensors of 0/1 values (masks) are stored as U8, others as they are.
void saveScoreMap(const std::filesystem::path &path, const ScoreMap &scores);
// Float: every tensor as float32, whatever it is stored as. Stored: U8 tensors (masks)
// stay U8, for work that moves them around in bulk (comparison on a GPU).
enum class LoadAs { Float, Stored };
ScoreMap loadScoreMap(const std::filesystem::path &path, LoadAs as = LoadAs::Float);

// Checks every tensor of `scores` against the structure (known name, right shape);
// throws prunescope::Error naming the file, the tensor and both shapes.
void checkScoreMap(const ScoreMap &scores, const ModelStructure &structure, const std::string &fileName);

} // namespace prunescope
