#include "core/analysis/mask_analysis.h"

#include "core/models/unit_slices.h"
#include "core/support/error.h"
#include "core/scoring/evaluation.h"
#include "core/pruning/masks.h"
#include "core/support/string_util.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace prunescope {

namespace {

const std::vector<std::string> kComponents = {"query", "key", "value", "attention-output", "ffn-in", "ffn-out"};

// Gated FFNs count their gate with their input projection.
size_t componentIndex(MatrixRole role)
{
    switch (role) {
    case MatrixRole::Query: return 0;
    case MatrixRole::Key: return 1;
    case MatrixRole::Value: return 2;
    case MatrixRole::AttentionOutput: return 3;
    case MatrixRole::FfnGate:
    case MatrixRole::FfnIn: return 4;
    case MatrixRole::FfnOut: return 5;
    }
    return 0;
}

// The 0/1 keep-mask of one matrix's weights, in its stored layout, from whatever the mask
// holds: its weights, or its layer's heads and neurons (a unit keeps all of its weights).
torch::Tensor weightKeep(const ScoreMap &mask, const ModelStructure &structure, size_t tower, size_t layer,
                         const PrunableMatrix &matrix)
{
    torch::Tensor keep = torch::ones(storedShape(matrix));
    if (mask.contains(matrix.weight))
        keep = mask.at(matrix.weight).to(torch::kFloat);
    const std::string heads = headsName(structure, tower), neurons = neuronsName(structure, tower);
    const auto row = [&](const std::string &name) {
        return mask.contains(name) ? mask.at(name)[int64_t(layer)] : torch::Tensor();
    };
    const TowerStructure &t = structure.towers[tower];
    for (const UnitSlice &slice : matrix.slices)
        keep = scalePerUnit(matrix, slice, keep, unitKeep(t, slice.unit, row(heads), row(neurons)));
    return keep;
}

// The slices' parts of a stored keep-mask, each with its role (GPT-2's fused Q | K | V
// gives three).
std::vector<std::pair<MatrixRole, torch::Tensor>> parts(const PrunableMatrix &matrix, const torch::Tensor &keep)
{
    std::vector<std::pair<MatrixRole, torch::Tensor>> out;
    if (matrix.slices.size() == 1)
        return {{matrix.role(), keep}};
    for (const UnitSlice &slice : matrix.slices)
        out.emplace_back(slice.role, keep.narrow(matrix.storedAxis(slice), slice.offset, slice.count * slice.width));
    return out;
}

std::string number(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", value);
    return text;
}

} // namespace

MaskProfile maskProfile(const ScoreMap &mask, const ModelStructure &structure, const std::string &name)
{
    checkScoreMap(mask, structure, name);
    MaskProfile p;
    p.name = name;
    std::vector<double> componentZeros(kComponents.size()), componentAll(kComponents.size());
    double zeros = 0, all = 0;
    for (size_t t = 0; t < structure.towers.size(); ++t)
        for (size_t l = 0; l < structure.towers[t].layers.size(); ++l) {
            std::vector<double> cellZeros(kComponents.size()), cellAll(kComponents.size());
            for (const auto &matrix : structure.towers[t].layers[l].matrices) {
                const torch::Tensor keep = weightKeep(mask, structure, t, l, matrix);
                for (const auto &[role, part] : parts(matrix, keep)) {
                    const size_t c = componentIndex(role);
                    cellZeros[c] += double(part.eq(0).sum().item<int64_t>());
                    cellAll[c] += double(part.numel());
                }
            }
            double layerZeros = 0, layerAll = 0;
            std::vector<double> cells;
            for (size_t c = 0; c < kComponents.size(); ++c) {
                cells.push_back(cellAll[c] > 0 ? cellZeros[c] / cellAll[c] : 0.0);
                componentZeros[c] += cellZeros[c];
                componentAll[c] += cellAll[c];
                layerZeros += cellZeros[c];
                layerAll += cellAll[c];
            }
            p.layers.push_back(structure.towers[t].name + " " + std::to_string(l));
            p.layerSparsity.push_back(layerAll > 0 ? layerZeros / layerAll : 0.0);
            p.cells.push_back(cells);
            zeros += layerZeros;
            all += layerAll;
        }
    for (size_t c = 0; c < kComponents.size(); ++c)
        if (componentAll[c] > 0) {
            p.components.push_back(kComponents[c]);
            p.componentSparsity.push_back(componentZeros[c] / componentAll[c]);
        }
    for (auto &cells : p.cells) { // only the components the model has
        std::vector<double> kept;
        for (size_t c = 0; c < kComponents.size(); ++c)
            if (componentAll[c] > 0)
                kept.push_back(cells[c]);
        cells = kept;
    }
    p.sparsity = all > 0 ? zeros / all : 0.0;
    return p;
}

ScoreMap shuffledMask(const ScoreMap &mask, uint64_t seed)
{
    torch::Generator generator = at::detail::createCPUGenerator(seed);
    ScoreMap shuffled = mask;
    for (auto &[name, tensor] : shuffled.tensors) {
        const torch::Tensor cpu = tensor.to(torch::kCPU, torch::kFloat);
        const bool units = endsWith(name, "heads") || endsWith(name, "neurons");
        const torch::Tensor rows = units ? cpu.reshape({cpu.size(0), -1}) : cpu.reshape({1, -1});
        std::vector<torch::Tensor> permuted;
        for (int64_t r = 0; r < rows.size(0); ++r)
            permuted.push_back(rows[r].index_select(0, torch::randperm(rows.size(1), generator, torch::kLong)));
        tensor = torch::stack(permuted).reshape(cpu.sizes());
    }
    shuffled.provenance["shuffled"] = std::to_string(seed);
    return shuffled;
}

MaskSensitivity maskSensitivity(TransformerModel &model, const ScoreMap &mask, const std::vector<ModelInputs> &batches,
                                uint64_t seed, const Progress &progress)
{
    torch::NoGradGuard noGrad;
    model.eval();
    MaskSensitivity s;
    int64_t done = 0;
    const auto measure = [&](const char *what) {
        if (progress && !progress(done++, 4, what))
            throw Cancelled();
        const EvalResult eval = evaluate(model, batches);
        s.primary = eval.primary;
        return eval.metrics.at(eval.primary);
    };
    model.resetGates();
    model.clearWeightMasks();
    s.dense = measure("dense");
    applyMask(model, mask, "the mask");
    s.masked = measure("under the mask");
    model.resetGates();
    model.clearWeightMasks();
    applyMask(model, shuffledMask(mask, seed), "the shuffled mask");
    s.shuffled = measure("under the shuffled mask");

    // Re-initialised: each prunable matrix drawn anew at its own scale, then the original
    // tensors put back (set_data: loaded on the CPU, they may alias the read-only file).
    std::map<std::string, torch::Tensor> kept;
    auto params = model.named_parameters();
    const auto putBack = [&] {
        for (auto &[name, w] : kept)
            params[name].set_data(w);
    };
    try {
        torch::Generator generator = at::detail::createCPUGenerator(seed);
        for (const auto &tower : model.structure().towers)
            for (const auto &layer : tower.layers)
                for (const auto &matrix : layer.matrices) {
                    torch::Tensor &w = params[matrix.weight];
                    kept[matrix.weight] = w.detach();
                    const double scale = w.detach().to(torch::kFloat).std().item<double>();
                    const auto drawn =
                        torch::randn(w.sizes(), generator, torch::TensorOptions().dtype(torch::kFloat)) * scale;
                    w.set_data(drawn.to(w.device(), w.scalar_type()));
                }
        model.resetGates();
        model.clearWeightMasks();
        applyMask(model, mask, "the mask");
        s.reinitialised = measure("re-initialised under the mask");
    } catch (...) {
        putBack();
        throw;
    }
    putBack();
    if (progress)
        progress(4, 4, "done");
    return s;
}

std::string maskProfilesJson(const std::vector<MaskProfile> &profiles, const std::vector<MaskSensitivity> &sensitivity)
{
    const auto finite = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
    nlohmann::json masks = nlohmann::json::array();
    for (size_t i = 0; i < profiles.size(); ++i) {
        const MaskProfile &p = profiles[i];
        nlohmann::json entry = {{"name", p.name},           {"sparsity", p.sparsity},
                                {"layers", p.layers},       {"layer_sparsity", p.layerSparsity},
                                {"components", p.components}, {"component_sparsity", p.componentSparsity},
                                {"cells", p.cells}};
        if (i < sensitivity.size()) {
            const MaskSensitivity &s = sensitivity[i];
            entry["sensitivity"] = {{"metric", s.primary},
                                    {"dense", finite(s.dense)},
                                    {"masked", finite(s.masked)},
                                    {"shuffled", finite(s.shuffled)},
                                    {"reinitialised", finite(s.reinitialised)}};
        }
        masks.push_back(entry);
    }
    return nlohmann::json{{"masks", masks}}.dump(2);
}

std::string maskProfilesText(const std::vector<MaskProfile> &profiles, const std::vector<MaskSensitivity> &sensitivity)
{
    std::string text;
    for (size_t i = 0; i < profiles.size(); ++i) {
        const MaskProfile &p = profiles[i];
        text += p.name + ": sparsity " + number(p.sparsity) + "\n  by component:";
        for (size_t c = 0; c < p.components.size(); ++c)
            text += " " + p.components[c] + " " + number(p.componentSparsity[c]);
        text += "\n  by layer:";
        for (size_t l = 0; l < p.layers.size(); ++l)
            text += " " + p.layers[l] + " " + number(p.layerSparsity[l]) + (l + 1 < p.layers.size() ? "," : "");
        text += "\n";
        if (i < sensitivity.size()) {
            const MaskSensitivity &s = sensitivity[i];
            text += "  " + s.primary + ": dense " + number(s.dense) + ", masked " + number(s.masked) + ", shuffled mask " +
                    number(s.shuffled) + ", re-initialised weights " + number(s.reinitialised) + "\n";
        }
    }
    return text;
}

} // namespace prunescope
