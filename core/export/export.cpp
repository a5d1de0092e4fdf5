#include "core/export/export.h"

#include "core/models/model_family.h"
#include "core/models/unit_slices.h"
#include "core/io/atomic_file.h"
#include "core/models/checkpoint.h"
#include "core/io/checkpoint_folder.h"
#include "core/models/checkpoint_summary.h"
#include "core/support/error.h"
#include "core/pruning/masks.h"
#include "core/models/reference_run.h"
#include "core/io/safetensors.h"
#include "core/support/string_util.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

namespace prunescope {

namespace fs = std::filesystem;

ExportMode parseExportMode(const std::string &text)
{
    if (text == "shrunk")
        return ExportMode::Shrunk;
    if (text == "zeros")
        return ExportMode::Zeros;
    if (text == "masks")
        return ExportMode::Masks;
    throw Error("export mode '" + text + "' is not shrunk, zeros or masks");
}

UniformPolicy parseUniformPolicy(const std::string &text)
{
    if (text == "pad")
        return UniformPolicy::Pad;
    if (text == "trim")
        return UniformPolicy::Trim;
    throw Error("uniform policy '" + text + "' is not pad or trim");
}

const char *exportModeName(ExportMode mode)
{
    switch (mode) {
    case ExportMode::Shrunk: return "shrunk";
    case ExportMode::Zeros: return "zeros";
    case ExportMode::Masks: return "masks";
    }
    return "?";
}

const char *uniformPolicyName(UniformPolicy policy)
{
    return policy == UniformPolicy::Pad ? "pad" : "trim";
}

namespace {

// Which FFN units of one layer the export writes, and which of them compute: the rest
// are zero pads that keep a tower's width uniform.
struct LayerUnits
{
    torch::Tensor slots; // int64, ascending indices into the source FFN
    torch::Tensor live;  // bool per slot
};

struct Decision
{
    ModelStructure structure;
    ExportPlan plan;
    std::vector<std::vector<LayerUnits>> units; // [tower][layer]; empty when no neuron mask
    ScoreMap effectiveMask;                     // what the exported model computes
};

// |W_in row| * |W_out column| per neuron of one layer: how much a neuron can move the output.
torch::Tensor neuronMagnitude(const Checkpoint &checkpoint, const LayerStructure &layer)
{
    torch::Tensor product;
    for (const MatrixRole role : {MatrixRole::FfnIn, MatrixRole::FfnOut}) {
        const PrunableMatrix &m = layer.withRole(role);
        const auto w = checkpoint.tensor(checkpoint.storedName(m.weight)).to(torch::kFloat);
        const auto norms = sumPerUnit(m, m.slices.front(), w.pow(2)).sqrt();
        product = product.defined() ? product * norms : norms;
    }
    return product;
}

// Takes `removed` units of one kind out of the plan's counts: every slice of that kind
// loses the unit's features, with their biases where the features are outputs.
void removeUnits(const Checkpoint &checkpoint, const LayerStructure &layer, UnitKind kind, int64_t removed,
                 ExportPlan &plan)
{
    for (const auto &m : layer.matrices)
        for (const UnitSlice &slice : m.slices) {
            if (slice.unit != kind)
                continue;
            const int64_t across = slice.alongOutput ? m.inFeatures + (m.bias.empty() ? 0 : 1) : m.outFeatures;
            const TensorEntry &e = checkpoint.entry(checkpoint.storedName(m.weight));
            const uint64_t itemBytes = (e.end - e.begin) / std::max<uint64_t>(1, e.elementCount());
            const int64_t parameters = across * slice.width * removed;
            plan.parametersAfter -= parameters;
            plan.bytesAfter -= uint64_t(parameters) * itemBytes;
        }
}

// Indices of `count` entries of `candidates` (bool) with the highest (or lowest) importance.
torch::Tensor pick(const torch::Tensor &importance, const torch::Tensor &candidates, int64_t count, bool highest)
{
    const auto index = candidates.nonzero().flatten();
    if (count <= 0)
        return torch::empty({0}, torch::kLong);
    const auto values = importance.index_select(0, index);
    const auto order = torch::argsort(values, /*stable=*/true, /*dim=*/0, /*descending=*/highest);
    return index.index_select(0, order.slice(0, 0, count));
}

Decision decide(const Checkpoint &checkpoint, const ScoreMap &mask, const ExportOptions &options)
{
    Decision d;
    d.structure = describeStructure(checkpoint.config());
    const ModelStructure &structure = d.structure;
    checkScoreMap(mask, structure, options.maskFile);
    d.plan.mode = options.mode;
    d.plan.uniform = options.uniform;
    d.effectiveMask = mask;
    for (const auto &name : checkpoint.tensorNames()) {
        const TensorEntry &e = checkpoint.entry(name);
        d.plan.parametersBefore += int64_t(e.elementCount());
        d.plan.bytesBefore += e.end - e.begin;
    }
    d.plan.parametersAfter = d.plan.parametersBefore;
    d.plan.bytesAfter = d.plan.bytesBefore;

    for (size_t t = 0; t < structure.towers.size(); ++t) {
        const TowerStructure &tower = structure.towers[t];
        const int64_t layers = int64_t(tower.layers.size());
        TowerExport te;
        te.name = tower.name;
        te.ffnBefore = te.ffnAfter = tower.ffn;
        const std::string heads = headsName(structure, t), neurons = neuronsName(structure, t);
        for (int64_t l = 0; l < layers; ++l)
            te.headsKept.push_back(mask.contains(heads) ? mask.at(heads)[l].ne(0).sum().item<int64_t>() : tower.heads);
        d.plan.neurons += layers * tower.ffn;
        d.units.emplace_back();
        if (!mask.contains(neurons)) {
            te.neuronsKept.assign(size_t(layers), tower.ffn);
            d.plan.towers.push_back(te);
            continue;
        }
        const auto keep = mask.at(neurons).ne(0);
        for (int64_t l = 0; l < layers; ++l)
            te.neuronsKept.push_back(keep[l].sum().item<int64_t>());
        const auto [fewest, most] = std::minmax_element(te.neuronsKept.begin(), te.neuronsKept.end());
        const bool uniform = *fewest == *most;
        d.plan.maskUniform = d.plan.maskUniform && uniform;

        // The units each layer computes (`live`), and the width the files get: the widest
        // layer (pad) or the mean (trim), rounded up to `align` with zero units.
        const bool trim = options.mode == ExportMode::Shrunk && !uniform && options.uniform == UniformPolicy::Trim;
        int64_t live = *most;
        if (trim) {
            int64_t total = 0;
            for (const int64_t k : te.neuronsKept)
                total += k;
            live = std::max<int64_t>(1, int64_t(std::llround(double(total) / double(layers))));
        }
        const int64_t align = std::max<int64_t>(1, options.align);
        const int64_t width =
            options.mode == ExportMode::Shrunk ? std::min(tower.ffn, (live + align - 1) / align * align) : tower.ffn;
        te.ffnAfter = width;
        auto effective = keep.clone();
        for (int64_t l = 0; l < layers; ++l) {
            auto layerKeep = keep[l].clone();
            if (trim) {
                const int64_t have = te.neuronsKept[size_t(l)];
                const torch::Tensor importance = options.scores && options.scores->contains(neurons)
                                                     ? options.scores->at(neurons)[l].to(torch::kFloat)
                                                     : neuronMagnitude(checkpoint, tower.layers[size_t(l)]);
                if (have > live)
                    layerKeep.index_fill_(0, pick(importance, keep[l], have - live, false), false);
                else if (have < live)
                    layerKeep.index_fill_(0, pick(importance, ~keep[l], live - have, true), true);
                d.plan.neuronsChanged += std::abs(have - live);
                effective[l] = layerKeep;
            }
            // The pruned units of lowest index fill the layer up to the width, as zeros.
            const auto kept = layerKeep.nonzero().flatten();
            const auto pads = (~layerKeep).nonzero().flatten().slice(0, 0, width - kept.size(0));
            LayerUnits units;
            units.slots = std::get<0>(torch::sort(torch::cat({kept, pads})));
            units.live = layerKeep.index_select(0, units.slots);
            d.units.back().push_back(units);
        }
        d.effectiveMask.tensors[neurons] = effective.to(torch::kFloat);

        if (width != tower.ffn)
            for (const auto &layer : tower.layers)
                removeUnits(checkpoint, layer, UnitKind::Neuron, tower.ffn - width, d.plan);
        d.plan.towers.push_back(te);
    }

    if (options.mode == ExportMode::Shrunk) {
        bool headsPruned = false;
        for (size_t t = 0; t < d.plan.towers.size(); ++t)
            for (const int64_t kept : d.plan.towers[t].headsKept)
                headsPruned = headsPruned || kept < structure.towers[t].heads;
        if (headsPruned)
            d.plan.notes.push_back("pruned heads are zeroed in place, not removed: stock transformers 5 derives the "
                                   "head size from hidden_size / num_attention_heads, so a config cannot say fewer "
                                   "heads of the same size");
        if (!d.plan.maskUniform && options.uniform == UniformPolicy::Pad)
            d.plan.notes.push_back("the neuron mask keeps different widths per layer: narrower layers are padded with "
                                   "zero units to the widest (exact, less speed-up)");
        if (options.align > 1)
            d.plan.notes.push_back("FFN widths rounded up to a multiple of " + std::to_string(options.align) +
                                   " with zero units (exact; aligned shapes run faster on tensor cores)");
        if (!d.plan.maskUniform && options.uniform == UniformPolicy::Trim)
            d.plan.notes.push_back("the neuron mask keeps different widths per layer: trimmed to one width per tower "
                                   "by " + std::string(options.scores ? "the scores" : "weight magnitude") + ", " +
                                   std::to_string(d.plan.neuronsChanged) + " of " + std::to_string(d.plan.neurons) +
                                   " neurons changed");
    }
    for (const auto &[name, tensor] : mask.tensors)
        if (!endsWith(name, "heads") && !endsWith(name, "neurons") && tensor.eq(0).any().item<bool>()) {
            d.plan.notes.push_back("weight-level masks are written as zeros: single weights cannot be removed");
            break;
        }
    return d;
}

// One prunable matrix of the export, edited in place: its weight (and bias) and the
// original weight cut to the same units, for counting the zeros the mask added.
struct MatrixEdit
{
    torch::Tensor &weight;
    torch::Tensor *bias; // nullptr without one
    torch::Tensor baseline;
};

// Pruned heads (and the key-value groups all of whose heads are pruned) zeroed in every
// slice they own. A layer without heads drops its attention block, output bias included
// (as the model does).
void zeroPrunedHeads(const TowerStructure &tower, const PrunableMatrix &m, const torch::Tensor &headKeep, MatrixEdit &e)
{
    for (const UnitSlice &slice : m.slices) {
        if (slice.unit == UnitKind::Neuron)
            continue;
        const auto keep = unitKeep(tower, slice.unit, headKeep, {});
        e.weight = scalePerUnit(m, slice, e.weight, keep);
        if (e.bias)
            *e.bias = scaleBiasPerUnit(slice, *e.bias, keep);
    }
    if (e.bias && m.hasRole(MatrixRole::AttentionOutput) && !headKeep.ne(0).any().item<bool>())
        e.bias->zero_();
}

// The FFN units the export writes (`units.slots`), the pruned ones among them zeroed.
void selectNeurons(const PrunableMatrix &m, const LayerUnits &units, MatrixEdit &e)
{
    for (const UnitSlice &slice : m.slices) {
        if (slice.unit != UnitKind::Neuron)
            continue;
        const int64_t axis = m.storedAxis(slice), length = e.weight.size(axis);
        const auto all = torch::arange(length, torch::kLong);
        const auto selected = torch::cat({all.slice(0, 0, slice.offset), featuresOf(slice, units.slots),
                                          all.slice(0, slice.end())});
        UnitSlice inSelection = slice;
        inSelection.count = units.slots.size(0);
        const auto dead = featuresOf(inSelection, (~units.live).nonzero().flatten());
        e.weight = e.weight.index_select(axis, selected).index_fill_(axis, dead, 0);
        e.baseline = e.baseline.index_select(axis, selected);
        if (e.bias && slice.alongOutput)
            *e.bias = e.bias->index_select(0, selected).index_fill_(0, dead, 0);
        if (e.bias && !slice.alongOutput && !units.live.any().item<bool>())
            e.bias->zero_(); // no neurons left: the FFN block is gone, bias included
    }
}

// The tensors of the export: every stored tensor, with the mask written into the
// prunable matrices (weight masks multiplied, pruned heads zeroed, FFN units selected).
NamedTensors editedTensors(const Checkpoint &checkpoint, const ScoreMap &mask, const Decision &d,
                           const Progress &progress, int64_t *zeroed)
{
    const ModelStructure &structure = d.structure;
    std::map<std::string, torch::Tensor> edited;
    const auto tensorOf = [&](const std::string &parameter) -> torch::Tensor & {
        const std::string stored = checkpoint.storedName(parameter);
        auto it = edited.find(stored);
        if (it == edited.end())
            it = edited.emplace(stored, checkpoint.tensor(stored).clone()).first;
        return it->second;
    };
    const int64_t totalLayers = [&] {
        int64_t n = 0;
        for (const auto &tower : structure.towers)
            n += int64_t(tower.layers.size());
        return n;
    }();
    int64_t done = 0;
    for (size_t t = 0; t < structure.towers.size(); ++t) {
        const TowerStructure &tower = structure.towers[t];
        const std::string heads = headsName(structure, t);
        for (size_t l = 0; l < tower.layers.size(); ++l) {
            for (const auto &m : tower.layers[l].matrices) {
                MatrixEdit e{tensorOf(m.weight), m.bias.empty() ? nullptr : &tensorOf(m.bias),
                             checkpoint.tensor(checkpoint.storedName(m.weight))}; // zeros already there
                if (mask.contains(m.weight))
                    e.weight.mul_(mask.at(m.weight).to(e.weight.scalar_type()));
                if (mask.contains(heads))
                    zeroPrunedHeads(tower, m, mask.at(heads)[int64_t(l)], e);
                if (!d.units[t].empty())
                    selectNeurons(m, d.units[t][l], e);
                *zeroed += e.weight.eq(0).sum().item<int64_t>() - e.baseline.eq(0).sum().item<int64_t>();
            }
            if (progress && !progress(++done, totalLayers + 1, tower.name + " layer " + std::to_string(l)))
                throw Cancelled();
        }
    }
    NamedTensors out;
    for (const auto &name : checkpoint.tensorNames()) {
        const auto it = edited.find(name);
        out.emplace_back(name, it != edited.end() ? it->second.contiguous() : checkpoint.tensor(name));
    }
    return out;
}

// config.json with the new FFN widths (BERT intermediate_size, GPT-2 n_inner, CLIP's nested configs).
std::string rewrittenConfig(const Checkpoint &checkpoint, const ExportPlan &plan)
{
    auto config = nlohmann::ordered_json::parse(checkpoint.config().json);
    for (const auto &tower : plan.towers) {
        if (tower.ffnAfter == tower.ffnBefore)
            continue;
        checkpoint.config().family->setFfnWidth(config, checkpoint.config().tower(tower.name), tower.ffnAfter);
    }
    return config.dump(2) + "\n";
}

// A seeded sample for verification: two sequences of random tokens, and images for CLIP.
ModelInputs sampleInputs(const ModelConfig &config)
{
    torch::manual_seed(0);
    ModelInputs inputs;
    const TowerConfig &text = config.towers.front();
    const int64_t length = std::min<int64_t>(16, text.maxPositions);
    inputs.inputIds = torch::randint(1, std::max<int64_t>(2, text.vocabSize - 1), {2, length}, torch::kLong);
    inputs.attentionMask = torch::ones({2, length}, torch::kLong);
    if (config.family->completeSampleInputs)
        config.family->completeSampleInputs(config, inputs);
    return inputs;
}

// Largest |a - b| / max(1, max |b|) over the outputs both runs have (attention maps left
// out: a zeroed head attends uniformly where a gated one keeps its pattern, unused either way).
double outputDifference(const NamedTensors &exported, const NamedTensors &masked, std::string *names)
{
    std::map<std::string, torch::Tensor> theirs(masked.begin(), masked.end());
    double worst = 0;
    for (const auto &[name, tensor] : exported) {
        const auto it = theirs.find(name);
        if (name.find("attentions") != std::string::npos || kInputNames.count(name) || it == theirs.end())
            continue;
        if (name == "logits" || name == "logits_per_image" || name == "text_embeds" || name == "image_embeds")
            *names += (names->empty() ? "" : ", ") + name;
        const auto reference = it->second.to(torch::kDouble);
        const double scale = std::max(1.0, reference.abs().max().item<double>());
        worst = std::max(worst, (tensor.to(torch::kDouble) - reference).abs().max().item<double>() / scale);
    }
    return worst;
}

// Median milliseconds of `repeats` forward passes on the timing device, after two warm-ups.
double medianForwardMs(TransformerModel &model, const ModelInputs &inputs, const ExportOptions &options)
{
    torch::NoGradGuard noGrad;
    const torch::Device device = options.timingDevice;
    model.moveTo(device);
    ModelInputs on;
    for (const auto &[to, from] : {std::pair{&on.inputIds, &inputs.inputIds}, std::pair{&on.attentionMask, &inputs.attentionMask},
                                   std::pair{&on.tokenTypeIds, &inputs.tokenTypeIds}, std::pair{&on.pixelValues, &inputs.pixelValues}})
        if (from->defined())
            *to = from->to(device);
    const auto sync = [&] {
        if (device.is_cuda())
            torch::cuda::synchronize(device.index());
    };
    std::vector<double> times;
    for (int i = 0; i < options.timingRepeats + 2; ++i) {
        sync();
        const auto start = std::chrono::steady_clock::now();
        model.forward(on);
        sync();
        if (i >= 2)
            times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::nth_element(times.begin(), times.begin() + long(times.size() / 2), times.end());
    return times[times.size() / 2];
}

nlohmann::ordered_json towersJson(const ExportPlan &plan)
{
    nlohmann::ordered_json towers = nlohmann::ordered_json::array();
    for (const auto &tower : plan.towers)
        towers.push_back({{"name", tower.name}, {"ffn_before", tower.ffnBefore}, {"ffn_after", tower.ffnAfter},
                          {"neurons_kept", tower.neuronsKept}, {"heads_kept", tower.headsKept}});
    return towers;
}

std::string shapeString(const torch::Tensor &t)
{
    std::string s;
    for (const auto n : t.sizes())
        s += (s.empty() ? "" : "x") + std::to_string(n);
    return s;
}

} // namespace

ExportPlan planExport(const Checkpoint &checkpoint, const ScoreMap &mask, const ExportOptions &options)
{
    return decide(checkpoint, mask, options).plan;
}

ExportResult exportModel(const fs::path &model, const ScoreMap &mask, const fs::path &out, const ExportOptions &options,
                         const Progress &progress)
{
    const auto start = std::chrono::steady_clock::now();
    checkOutputFolder(out, options.replaceExisting);
    const auto checkpoint = Checkpoint::open(model);
    Decision d = decide(*checkpoint, mask, options);
    ExportResult result;
    result.plan = d.plan;
    result.folder = out;

    // Made first: a folder that cannot be written in says so (permission denied, a
    // read-only file system) rather than showing as one with no space.
    TemporaryFolder temporary(out);
    const fs::path parent = fs::absolute(out).parent_path();
    uintmax_t needed = options.mode == ExportMode::Masks ? 0 : d.plan.bytesAfter;
    for (const auto &entry : fs::directory_iterator(model))
        if (entry.is_regular_file() && !isWeightFile(entry.path()))
            needed += entry.file_size();
    const uintmax_t available = options.freeSpace ? options.freeSpace(parent) : fs::space(parent).available;
    if (available < needed + needed / 20)
        throw Error("not enough disk space in " + parent.string() + ": the export needs " + formatCount(int64_t(needed)) + "B" + ", " +
                    formatCount(int64_t(available)) + "B are free");

    nlohmann::ordered_json description = {
        {"producer", "PruneScope " PRUNESCOPE_VERSION},
        {"source", fs::absolute(model).lexically_normal().string()},
        {"mode", exportModeName(options.mode)},
        {"mask", mask.provenance},
        {"mask_sparsity", maskSparsity(mask)},
    };
    nlohmann::ordered_json perTensor = nlohmann::ordered_json::object();
    for (const auto &[name, tensor] : mask.tensors)
        perTensor[name] = {{"shape", shapeString(tensor)}, {"sparsity", tensor.eq(0).to(torch::kDouble).mean().item<double>()}};
    description["tensors"] = perTensor;

    if (options.mode == ExportMode::Masks) {
        saveScoreMap(temporary.path / "mask.safetensors", mask);
        // Read back: the file must give the mask exactly.
        const ScoreMap again = loadScoreMap(temporary.path / "mask.safetensors");
        bool same = again.tensors.size() == mask.tensors.size();
        for (const auto &[name, tensor] : mask.tensors)
            same = same && again.contains(name) && torch::equal(again.at(name), tensor.to(again.at(name).scalar_type()));
        if (!same)
            throw Error("the mask written to " + (out / "mask.safetensors").string() + " does not read back the same");
        result.verified = true;
        result.verifiedOn = "the mask file read back";
    } else {
        int64_t zeroed = 0;
        const NamedTensors tensors = editedTensors(*checkpoint, mask, d, progress, &zeroed);
        std::map<std::string, std::string> metadata = {{"format", "pt"},
                                                       {"producer", "PruneScope " PRUNESCOPE_VERSION},
                                                       {"prunescope.mode", exportModeName(options.mode)},
                                                       {"prunescope.source", fs::absolute(model).lexically_normal().string()}};
        for (const auto &[key, value] : mask.provenance)
            metadata["prunescope.mask." + key] = value;
        writeSafetensors(temporary.path / "model.safetensors", tensors, metadata);
        writeFileAtomically(temporary.path / "config.json", rewrittenConfig(*checkpoint, d.plan));
        copySideFiles(model, temporary.path);
        if (zeroed > 0)
            result.plan.notes.push_back(std::to_string(zeroed) + " weights of the prunable matrices are zero in the "
                                                                 "export that were not in the source");

        // Verification: the export reloaded against the source under the mask it computes.
        if (progress && !progress(1, 1, "verifying"))
            throw Cancelled();
        const ModelInputs inputs = options.verifyInputs.inputIds.defined() || options.verifyInputs.pixelValues.defined()
                                       ? options.verifyInputs
                                       : sampleInputs(checkpoint->config());
        auto source = checkpoint->loadModel();
        source->eval();
        applyMask(*source, d.effectiveMask);
        auto exported = Checkpoint::open(temporary.path)->loadModel();
        exported->eval();
        std::string compared;
        result.maxDifference = outputDifference(computeNamedOutputs(*exported, inputs, false),
                                                computeNamedOutputs(*source, inputs, false), &compared);
        const auto &ids = inputs.inputIds.defined() ? inputs.inputIds : inputs.pixelValues;
        result.verifiedOn = std::to_string(ids.size(0)) + " examples" +
                            (options.verifyInputs.inputIds.defined() || options.verifyInputs.pixelValues.defined()
                                 ? ""
                                 : " (seeded random tokens" + std::string(inputs.pixelValues.defined() ? " and images)" : ")")) +
                            ", outputs " + compared;
        result.verified = result.maxDifference <= kExportTolerance;
        if (!result.verified) {
            char text[64];
            std::snprintf(text, sizeof text, "%.3g", result.maxDifference);
            throw Error("the export of " + model.string() + " differs from the masked model by " + text +
                        " (more than 1e-5); nothing was written");
        }
        description["verification"] = {{"max_difference", result.maxDifference}, {"inputs", result.verifiedOn}};
        if (options.timingRepeats > 0) {
            source->resetGates();
            source->clearWeightMasks();
            result.denseMs = medianForwardMs(*source, inputs, options);
            result.exportMs = medianForwardMs(*exported, inputs, options);
            result.timedOn = options.timingDevice.str() + ", " + std::to_string(ids.size(0)) + " examples";
            description["timing"] = {{"device", options.timingDevice.str()},
                                     {"dense_ms", result.denseMs},
                                     {"export_ms", result.exportMs}};
        }
    }
    description["towers"] = towersJson(d.plan);
    description["uniform"] = uniformPolicyName(options.uniform);
    description["neurons_changed"] = d.plan.neuronsChanged;
    description["parameters"] = {{"before", d.plan.parametersBefore}, {"after", d.plan.parametersAfter}};
    description["notes"] = result.plan.notes;
    writeFileAtomically(temporary.path / "prunescope.json", description.dump(2) + "\n");

    if (!options.replaceExisting)
        checkOutputFolder(out, false); // something may have appeared there while exporting
    result.keptFolder = moveFolderIntoPlace(temporary, out, "prunescope.json");
    if (!result.keptFolder.empty())
        result.plan.notes.push_back(keptFolderNote(result.keptFolder, out));
    for (const auto &entry : fs::directory_iterator(out))
        result.files.push_back(entry.path().filename().string());
    std::sort(result.files.begin(), result.files.end());
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

std::string towerSummary(const TowerExport &tower)
{
    int64_t kept = 0;
    for (const int64_t k : tower.headsKept)
        kept += k;
    return tower.name + ": FFN " + std::to_string(tower.ffnBefore) + " -> " + std::to_string(tower.ffnAfter) +
           " per layer, " + std::to_string(kept) + " heads kept in " + std::to_string(tower.headsKept.size()) + " layers";
}

std::string exportReportText(const ExportResult &r)
{
    std::ostringstream s;
    const ExportPlan &p = r.plan;
    s << "export (" << exportModeName(p.mode) << ") written to " << r.folder.string() << "\n";
    if (p.mode != ExportMode::Masks)
        s << "  parameters  " << formatCount(p.parametersBefore) << " -> " << formatCount(p.parametersAfter) << "\n"
          << "  weights     " << formatCount(int64_t(p.bytesBefore)) << "B -> " << formatCount(int64_t(p.bytesAfter)) << "B\n";
    for (const auto &tower : p.towers)
        s << "  " << towerSummary(tower) << "\n";
    for (const auto &note : p.notes)
        s << "  note: " << note << "\n";
    char line[160];
    if (p.mode != ExportMode::Masks)
        std::snprintf(line, sizeof line, "  verified: max difference %.3g (tolerance %.0e) on %s\n", r.maxDifference,
                      kExportTolerance, r.verifiedOn.c_str());
    else
        std::snprintf(line, sizeof line, "  verified: %s\n", r.verifiedOn.c_str());
    s << line;
    if (r.exportMs > 0) {
        std::snprintf(line, sizeof line, "  forward pass (%s): dense %.2f ms, export %.2f ms, %.2fx\n", r.timedOn.c_str(),
                      r.denseMs, r.exportMs, r.denseMs / r.exportMs);
        s << line;
    }
    return s.str();
}

std::string exportReportJson(const ExportResult &r)
{
    return nlohmann::ordered_json{{"folder", r.folder.string()},
                                  {"mode", exportModeName(r.plan.mode)},
                                  {"uniform", uniformPolicyName(r.plan.uniform)},
                                  {"mask_uniform", r.plan.maskUniform},
                                  {"parameters_before", r.plan.parametersBefore},
                                  {"parameters_after", r.plan.parametersAfter},
                                  {"bytes_before", r.plan.bytesBefore},
                                  {"bytes_after", r.plan.bytesAfter},
                                  {"neurons_changed", r.plan.neuronsChanged},
                                  {"neurons", r.plan.neurons},
                                  {"towers", towersJson(r.plan)},
                                  {"notes", r.plan.notes},
                                  {"verified", r.verified},
                                  {"max_difference", r.maxDifference},
                                  {"verified_on", r.verifiedOn},
                                  {"dense_ms", r.denseMs},
                                  {"export_ms", r.exportMs},
                                  {"timed_on", r.timedOn},
                                  {"files", r.files},
                                  {"seconds", r.seconds}}
        .dump(2);
}

} // namespace prunescope
