#include "core/scoring/unit_grids.h"

#include "core/support/error.h"
#include "core/io/safetensors.h"
#include "core/scoring/score_map.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

namespace prunescope {

const Grid *GridSet::find(const std::string &name) const
{
    for (const auto &grid : grids)
        if (grid.name == name)
            return &grid;
    return nullptr;
}

Grid *GridSet::find(const std::string &name)
{
    return const_cast<Grid *>(std::as_const(*this).find(name));
}

GridSet readGrids(const std::filesystem::path &path, const std::function<bool(const std::string &name)> &wanted)
{
    const auto file = SafetensorsFile::open(path);
    GridSet set;
    set.provenance = file->metadata();
    for (const auto &name : file->names()) {
        if (wanted && !wanted(name))
            continue;
        const auto tensor = file->tensor(name, torch::kFloat);
        Grid grid;
        grid.name = name;
        grid.shape = tensor.sizes().vec();
        grid.rows = tensor.dim() == 0 ? 1 : (tensor.dim() == 1 ? 1 : tensor.size(0));
        grid.cols = grid.rows == 0 ? 0 : tensor.numel() / std::max<int64_t>(grid.rows, 1);
        const auto values = tensor.to(torch::kFloat).contiguous();
        grid.values.assign(values.data_ptr<float>(), values.data_ptr<float>() + values.numel());
        set.grids.push_back(std::move(grid));
    }
    return set;
}

ScoreMap scoreMapFromGrids(const GridSet &set)
{
    ScoreMap map;
    map.provenance = set.provenance;
    for (const auto &grid : set.grids) {
        if (int64_t(grid.values.size()) != grid.rows * grid.cols)
            throw Error("grid '" + grid.name + "' holds " + std::to_string(grid.values.size()) + " values for " +
                        std::to_string(grid.rows) + " x " + std::to_string(grid.cols));
        map.tensors[grid.name] =
            torch::from_blob(const_cast<float *>(grid.values.data()), {int64_t(grid.values.size())}, torch::kFloat)
                .reshape(grid.shape)
                .clone();
    }
    return map;
}

void writeGrids(const std::filesystem::path &path, const GridSet &set)
{
    ScoreMap map;
    try {
        map = scoreMapFromGrids(set);
    } catch (const Error &e) {
        rethrowWithContext(path.string(), e);
    }
    saveScoreMap(path, map);
}

std::vector<std::vector<std::string>> attributionTokens(const GridSet &attribution)
{
    const auto it = attribution.provenance.find("tokens");
    if (it == attribution.provenance.end())
        return {};
    try {
        return nlohmann::json::parse(it->second).get<std::vector<std::vector<std::string>>>();
    } catch (const nlohmann::json::exception &e) {
        throw Error("attribution metadata 'tokens' is not a list of token lists (" + std::string(e.what()) + ")");
    }
}

} // namespace prunescope
