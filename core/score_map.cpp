#include "core/score_map.h"

#include "core/error.h"

#include <torch/torch.h>

namespace prunescope {

const torch::Tensor &ScoreMap::at(const std::string &name) const
{
    const auto it = tensors.find(name);
    if (it == tensors.end())
        throw Error("no scores named '" + name + "'");
    return it->second;
}

std::string headsName(const ModelStructure &structure, size_t tower)
{
    return structure.towers.size() == 1 ? "heads" : structure.towers[tower].name + ".heads";
}

std::string neuronsName(const ModelStructure &structure, size_t tower)
{
    return structure.towers.size() == 1 ? "neurons" : structure.towers[tower].name + ".neurons";
}

void saveScoreMap(const std::filesystem::path &path, const ScoreMap &scores)
{
    NamedTensors tensors;
    for (const auto &[name, tensor] : scores.tensors) {
        auto t = tensor.detach().to(torch::kCPU).contiguous();
        // 0/1 values (masks) as U8: exact, and a quarter of the bytes to read and move.
        if (t.is_floating_point() && t.eq(0).logical_or(t.eq(1)).all().item<bool>())
            t = t.to(torch::kUInt8);
        tensors.emplace_back(name, t);
    }
    writeSafetensors(path, tensors, scores.provenance);
}

ScoreMap loadScoreMap(const std::filesystem::path &path, LoadAs as)
{
    const auto file = SafetensorsFile::open(path);
    ScoreMap scores;
    scores.provenance = file->metadata();
    for (const auto &name : file->names()) {
        const bool keep = as == LoadAs::Stored && file->find(name)->dtype == DType::U8;
        scores.tensors[name] = (keep ? file->tensor(name) : file->tensor(name, torch::kFloat)).clone();
    }
    return scores;
}

void checkScoreMap(const ScoreMap &scores, const ModelStructure &structure, const std::string &fileName)
{
    std::map<std::string, std::vector<int64_t>> expected;
    for (size_t t = 0; t < structure.towers.size(); ++t) {
        const auto &tower = structure.towers[t];
        const auto layers = int64_t(tower.layers.size());
        expected[headsName(structure, t)] = {layers, tower.heads};
        expected[neuronsName(structure, t)] = {layers, tower.ffn};
        for (const auto &layer : tower.layers)
            for (const auto &m : layer.matrices)
                expected[m.weight] = storedShape(m);
    }
    for (const auto &[name, tensor] : scores.tensors) {
        const auto it = expected.find(name);
        if (it == expected.end())
            throw Error(fileName + ": '" + name + "' is not a prunable unit of this model (is the file for another model?)");
        if (tensor.sizes().vec() != it->second)
            throw Error(fileName + ": '" + name + "' has shape " + c10::str(tensor.sizes()) + ", this model's is "
                        + c10::str(c10::IntArrayRef(it->second)));
    }
}

} // namespace prunescope
