// What the ONNX export's tests and the graph runtime's tests share: a mask uneven on purpose,
// the layers the reduced-precision tolerances grow with, and the graph a model writes.
#pragma once

#include "core/models/checkpoint.h"
#include "core/models/onnx_graph.h"
#include "core/models/onnx_writer.h"
#include "core/pruning/masks.h"

#include <torch/torch.h>

#include <memory>

namespace prunescope::testing {

// Uneven on purpose. Heads: layer 0 loses its first two, layer 1 all of them (its attention
// block goes whole), deeper layers their last one. Neurons: layer 0 keeps ffn / 2, layer 1
// none, deeper layers ffn / 4 + l. Half the weights of the first layer's query matrix masked.
inline ScoreMap unevenMask(const Checkpoint &checkpoint)
{
    const ModelStructure structure = describeStructure(checkpoint.config());
    ScoreMap mask;
    mask.provenance = {{"method", "by hand"}};
    for (size_t t = 0; t < structure.towers.size(); ++t) {
        const auto &tower = structure.towers[t];
        const int64_t layers = int64_t(tower.layers.size());
        auto heads = torch::ones({layers, tower.heads});
        auto neurons = torch::zeros({layers, tower.ffn});
        for (int64_t l = 0; l < layers; ++l) {
            if (l == 0)
                heads[l].slice(0, 0, 2).zero_();
            else if (l == 1)
                heads[l].zero_();
            else
                heads[l][tower.heads - 1] = 0;
            if (l != 1)
                neurons[l].slice(0, 0, l == 0 ? tower.ffn / 2 : tower.ffn / 4 + l).fill_(1);
        }
        mask.tensors[headsName(structure, t)] = heads;
        mask.tensors[neuronsName(structure, t)] = neurons;
        const PrunableMatrix &query = tower.layers.front().withRole(MatrixRole::Query);
        torch::manual_seed(1);
        mask.tensors[query.weight] = torch::rand(storedShape(query)).lt(0.5).to(torch::kFloat);
    }
    return mask;
}

// Layers of every tower: what the float16 and bfloat16 tolerances grow with.
inline int64_t layersOf(const TransformerModel &model)
{
    int64_t layers = 0;
    for (const auto &tower : model.structure().towers)
        layers += int64_t(tower.layers.size());
    return layers;
}

// The graph of `model` under its gates and masks, computing in `type`.
inline std::unique_ptr<OnnxGraph> graphOf(TransformerModel &model, torch::ScalarType type)
{
    auto graph = std::make_unique<OnnxGraph>(model.config().architecture, type);
    torch::NoGradGuard noGrad;
    OnnxWriter writer(*graph, model);
    dynamic_cast<OnnxWritable &>(model).writeOnnx(writer);
    return graph;
}

} // namespace prunescope::testing
