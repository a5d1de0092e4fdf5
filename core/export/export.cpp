#include "core/export/export.h"

#include "core/export/export_decision.h"
#include "core/export/onnx_export.h"
#include "core/models/model_family.h"
#include "core/models/unit_slices.h"
#include "core/io/atomic_file.h"
#include "core/models/checkpoint.h"
#include "core/io/checkpoint_folder.h"
#include "core/io/sharded_weights.h"
#include "core/models/checkpoint_summary.h"
#include "core/support/error.h"
#include "core/pruning/masks.h"
#include "core/models/reference_run.h"
#include "core/io/safetensors.h"
#include "core/support/string_util.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
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
    if (text == "onnx")
        return ExportMode::Onnx;
    throw Error("export mode '" + text + "' is not shrunk, zeros, masks or onnx");
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
    case ExportMode::Onnx: return "onnx";
    }
    return "?";
}

const char *uniformPolicyName(UniformPolicy policy)
{
    return policy == UniformPolicy::Pad ? "pad" : "trim";
}

namespace {

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

// The units of `kind` the export writes (`units.slots`), the pruned ones among them zeroed.
void selectUnits(const PrunableMatrix &m, UnitKind kind, const ExportedUnits &units, MatrixEdit &e)
{
    for (const UnitSlice &slice : m.slices) {
        if (slice.unit != kind)
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
            e.bias->zero_(); // no units left: the block is gone, bias included
    }
}

// The tensors of the export, written to `out` layer by layer: every stored tensor, with the
// mask written into the prunable matrices (weight masks multiplied, pruned heads zeroed, FFN
// units selected). Only one layer's edited tensors are in memory at a time.
void writeEditedTensors(const Checkpoint &checkpoint, const ScoreMap &mask, const ExportDecision &d,
                        const Progress &progress, int64_t *zeroed, ShardedWriter &out)
{
    const ModelStructure &structure = d.structure;
    std::map<std::string, torch::Tensor> edited; // the layer's at hand
    std::set<std::string> written;
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
                if (d.effectiveMask.contains(heads))
                    zeroPrunedHeads(tower, m, d.effectiveMask.at(heads)[int64_t(l)], e);
                if (!d.headUnits[t].empty()) {
                    selectUnits(m, UnitKind::Head, d.headUnits[t][l], e);
                    selectUnits(m, UnitKind::KvGroup, d.groupUnits[t][l], e);
                }
                if (!d.units[t].empty())
                    selectUnits(m, UnitKind::Neuron, d.units[t][l], e);
                *zeroed += e.weight.eq(0).sum().item<int64_t>() - e.baseline.eq(0).sum().item<int64_t>();
            }
            for (const auto &[name, tensor] : edited) { // this layer's, written and let go
                out.add(name, tensor);
                written.insert(name);
                checkpoint.fileOf(name).release(name); // the source's pages too: edited from a copy
            }
            edited.clear();
            if (progress && !progress(++done, totalLayers + 1, tower.name + " layer " + std::to_string(l)))
                throw Cancelled();
        }
    }
    for (const auto &name : checkpoint.tensorNames())
        if (!written.count(name))
            out.add(name, checkpoint.tensor(name));
}

// config.json with the new FFN widths (BERT intermediate_size, GPT-2 n_inner, CLIP's nested
// configs) and head counts (Llama-style num_attention_heads, num_key_value_heads).
std::string rewrittenConfig(const Checkpoint &checkpoint, const ExportPlan &plan)
{
    auto config = nlohmann::ordered_json::parse(checkpoint.config().json);
    const ModelFamily &family = *checkpoint.config().family;
    for (const auto &tower : plan.towers) {
        if (tower.ffnAfter != tower.ffnBefore)
            family.setFfnWidth(config, checkpoint.config().tower(tower.name), tower.ffnAfter);
        if (tower.headsAfter != tower.headsBefore || tower.kvHeadsAfter != tower.kvHeadsBefore)
            family.setHeadCounts(config, checkpoint.config().tower(tower.name), tower.headsAfter, tower.kvHeadsAfter);
    }
    return config.dump(2) + "\n";
}

// Median milliseconds of `repeats` forward passes on the timing device, after two warm-ups.
double medianForwardMs(TransformerModel &model, const ModelInputs &inputs, const ExportOptions &options)
{
    torch::NoGradGuard noGrad;
    const torch::Device device = options.device;
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

nlohmann::ordered_json onnxTimingsJson(const ExportResult &r)
{
    auto rows = nlohmann::ordered_json::array();
    for (const auto &t : r.onnxTimings)
        rows.push_back({{"batch", t.batch},
                        {"sequence", t.sequence},
                        {"dense_ms", t.denseMs},
                        {"dense_range_ms", {t.denseLowMs, t.denseHighMs}},
                        {"export_ms", t.exportMs},
                        {"export_range_ms", {t.exportLowMs, t.exportHighMs}},
                        {"speedup", t.denseMs / t.exportMs},
                        {"repeats", t.repeats},
                        {"runtime", r.measuredOn}});
    if (r.measuredDifference >= 0) // the pruned graph in PruneScope's runtime against the masked model
        for (auto &row : rows)
            row["runtime_difference"] = {{"max", r.measuredDifference}, {"tolerance", r.measuredTolerance}};
    return rows;
}

nlohmann::ordered_json towersJson(const ExportPlan &plan)
{
    nlohmann::ordered_json towers = nlohmann::ordered_json::array();
    for (const auto &tower : plan.towers)
        towers.push_back({{"name", tower.name}, {"ffn_before", tower.ffnBefore}, {"ffn_after", tower.ffnAfter},
                          {"neurons_kept", tower.neuronsKept}, {"heads_kept", tower.headsKept},
                          {"heads_before", tower.headsBefore}, {"heads_after", tower.headsAfter},
                          {"kv_heads_before", tower.kvHeadsBefore}, {"kv_heads_after", tower.kvHeadsAfter}});
    return towers;
}

std::string shapeString(const torch::Tensor &t)
{
    std::string s;
    for (const auto n : t.sizes())
        s += (s.empty() ? "" : "x") + std::to_string(n);
    return s;
}

// The disk space the export needs beside `out`: the weights to be written and the source's
// other files, with a twentieth to spare.
void checkFreeSpace(const fs::path &model, const fs::path &out, const ExportPlan &plan, const ExportOptions &options)
{
    const fs::path parent = fs::absolute(out).parent_path();
    // A shard's tensors wait in data files until its header goes in front of them: for a
    // while the largest shard is on disk twice.
    const uintmax_t weights = options.mode == ExportMode::Masks ? 0 : plan.bytesAfter;
    uintmax_t needed = weights + std::min<uintmax_t>(weights, options.maxShardBytes);
    for (const auto &entry : fs::directory_iterator(model))
        if (entry.is_regular_file() && !isWeightFile(entry.path()))
            needed += entry.file_size();
    const uintmax_t available = options.freeSpace ? options.freeSpace(parent) : fs::space(parent).available;
    if (available < needed + needed / 20)
        throw Error("not enough disk space in " + parent.string() + ": the export needs " + formatCount(int64_t(needed)) + "B" + ", " +
                    formatCount(int64_t(available)) + "B are free");
}

// prunescope.json's first part: where the export comes from and the mask it applies.
nlohmann::ordered_json exportDescription(const fs::path &model, const ScoreMap &mask, const ExportOptions &options)
{
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
    return description;
}

// The masks mode: the mask file alone, read back to check that it gives the mask exactly.
void writeMaskFile(const fs::path &folder, const ScoreMap &mask, const fs::path &out, ExportResult &result)
{
    saveScoreMap(folder / "mask.safetensors", mask);
    const ScoreMap again = loadScoreMap(folder / "mask.safetensors");
    bool same = again.tensors.size() == mask.tensors.size();
    for (const auto &[name, tensor] : mask.tensors)
        same = same && again.contains(name) && torch::equal(again.at(name), tensor.to(again.at(name).scalar_type()));
    if (!same)
        throw Error("the mask written to " + (out / "mask.safetensors").string() + " does not read back the same");
    result.verified = true;
    result.verifiedOn = "the mask file read back";
}

// The shrunk and zeros modes: the edited weights, the rewritten config and the source's
// other files.
void writeWeights(const Checkpoint &checkpoint, const fs::path &model, const ScoreMap &mask, const ExportDecision &d,
                  const fs::path &folder, const ExportOptions &options, const Progress &progress, ExportResult &result)
{
    int64_t zeroed = 0;
    std::map<std::string, std::string> metadata = {{"format", "pt"},
                                                   {"producer", "PruneScope " PRUNESCOPE_VERSION},
                                                   {"prunescope.mode", exportModeName(options.mode)},
                                                   {"prunescope.source", fs::absolute(model).lexically_normal().string()}};
    for (const auto &[key, value] : mask.provenance)
        metadata["prunescope.mask." + key] = value;
    ShardedWriter weights(folder, options.maxShardBytes, metadata);
    writeEditedTensors(checkpoint, mask, d, progress, &zeroed, weights);
    weights.finish();
    writeFileAtomically(folder / "config.json", rewrittenConfig(checkpoint, d.plan));
    copySideFiles(model, folder);
    if (zeroed > 0)
        result.plan.notes.push_back(std::to_string(zeroed) + " weights of the prunable matrices are zero in the "
                                                             "export that were not in the source");
}

// Verification: the export in `folder` reloaded against the source under the mask it
// computes, throwing when they differ by more than kExportTolerance; then both timed if asked.
// One model is held at a time: the source's outputs (and its time) are taken and the source
// let go, its file pages too, before the export is loaded.
void verifyExport(const Checkpoint &checkpoint, const fs::path &model, const ExportDecision &d, const fs::path &folder,
                  const ExportOptions &options, ExportResult &result, nlohmann::ordered_json &description)
{
    const bool given = options.verifyInputs.inputIds.defined() || options.verifyInputs.pixelValues.defined();
    const ModelInputs inputs = given ? options.verifyInputs : sampleInputs(checkpoint.config());
    LoadOptions on;
    on.device = options.device;
    NamedTensors expected;
    {
        auto source = checkpoint.loadModel(on);
        source->eval();
        applyMask(*source, d.effectiveMask);
        expected = computeNamedOutputs(*source, inputs, false);
        if (options.timingRepeats > 0) {
            source->resetGates();
            source->clearWeightMasks();
            result.denseMs = medianForwardMs(*source, inputs, options);
        }
    }
    for (const auto &name : checkpoint.tensorNames()) // the pages the source read from its files
        checkpoint.fileOf(name).release(name);
    auto exported = Checkpoint::open(folder)->loadModel(on);
    exported->eval();
    std::string compared;
    result.maxDifference = outputDifference(computeNamedOutputs(*exported, inputs, false), expected, &compared);
    const auto &ids = inputs.inputIds.defined() ? inputs.inputIds : inputs.pixelValues;
    result.verifiedOn = std::to_string(ids.size(0)) + " examples" +
                        (given ? "" : " (seeded random tokens" + std::string(inputs.pixelValues.defined() ? " and images)" : ")")) +
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
        result.exportMs = medianForwardMs(*exported, inputs, options);
        result.timedOn = options.device.str() + ", " + std::to_string(ids.size(0)) + " examples";
        description["timing"] = {{"device", options.device.str()},
                                 {"dense_ms", result.denseMs},
                                 {"export_ms", result.exportMs}};
    }
}

} // namespace

ModelInputs sampleInputs(const ModelConfig &config, int64_t batch, int64_t tokens)
{
    torch::manual_seed(0);
    ModelInputs inputs;
    const TowerConfig &text = config.towers.front();
    const int64_t length = std::min<int64_t>(tokens, text.maxPositions);
    inputs.inputIds = torch::randint(1, std::max<int64_t>(2, text.vocabSize - 1), {batch, length}, torch::kLong);
    inputs.attentionMask = torch::ones({batch, length}, torch::kLong);
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

ExportPlan planExport(const Checkpoint &checkpoint, const ScoreMap &mask, const ExportOptions &options)
{
    return decideExport(checkpoint, mask, options).plan;
}

ExportResult exportModel(const fs::path &model, const ScoreMap &mask, const fs::path &out, const ExportOptions &options,
                         const Progress &progress)
{
    const auto start = std::chrono::steady_clock::now();
    checkOutputFolder(out, options.replaceExisting);
    const auto checkpoint = Checkpoint::open(model);
    const ExportDecision d = decideExport(*checkpoint, mask, options);
    ExportResult result;
    result.plan = d.plan;
    result.folder = out;

    // Made first: a folder that cannot be written in says so (permission denied, a
    // read-only file system) rather than showing as one with no space.
    TemporaryFolder temporary(out);
    checkFreeSpace(model, out, d.plan, options);
    nlohmann::ordered_json description = exportDescription(model, mask, options);
    if (options.mode == ExportMode::Masks) {
        writeMaskFile(temporary.path, mask, out, result);
    } else if (options.mode == ExportMode::Onnx) {
        writeOnnxExport(*checkpoint, model, d, temporary.path, options, progress, result, description);
    } else {
        writeWeights(*checkpoint, model, mask, d, temporary.path, options, progress, result);
        if (progress && !progress(1, 1, "verifying"))
            throw Cancelled();
        verifyExport(*checkpoint, model, d, temporary.path, options, result, description);
    }
    description["towers"] = towersJson(d.plan);
    description["uniform"] = uniformPolicyName(options.uniform);
    description["neurons_changed"] = d.plan.neuronsChanged;
    description["parameters"] = {{"before", d.plan.parametersBefore}, {"after", d.plan.parametersAfter}};
    description["notes"] = result.plan.notes;
    if (!result.onnxTimings.empty())
        description["onnx_timings"] = onnxTimingsJson(result);
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
    if (tower.perLayer) {
        const auto list = [](const std::vector<int64_t> &counts) {
            std::string text;
            for (size_t l = 0; l < counts.size(); ++l)
                text += (l ? " " : "") + std::to_string(counts[l]);
            return text;
        };
        return tower.name + ": heads kept per layer " + list(tower.headsKept) + " (of " + std::to_string(tower.headsBefore) +
               "), FFN neurons " + list(tower.neuronsKept) + " (of " + std::to_string(tower.ffnBefore) + ")";
    }
    int64_t kept = 0;
    for (const int64_t k : tower.headsKept)
        kept += k;
    std::string text = tower.name + ": FFN " + std::to_string(tower.ffnBefore) + " -> " + std::to_string(tower.ffnAfter) +
                       " per layer, " + std::to_string(kept) + " heads kept in " + std::to_string(tower.headsKept.size()) +
                       " layers";
    if (tower.headsAfter != tower.headsBefore || tower.kvHeadsAfter != tower.kvHeadsBefore)
        text += "; heads " + std::to_string(tower.headsBefore) + " -> " + std::to_string(tower.headsAfter) +
                " per layer, key-value heads " + std::to_string(tower.kvHeadsBefore) + " -> " +
                std::to_string(tower.kvHeadsAfter);
    return text;
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
    if (p.mode != ExportMode::Masks && r.verified) // else what was not run, and why
        std::snprintf(line, sizeof line, "  verified: max difference %.3g (tolerance %.1e) on %s\n", r.maxDifference,
                      r.tolerance, r.verifiedOn.c_str());
    else
        std::snprintf(line, sizeof line, "  verified: %s\n", r.verifiedOn.c_str());
    s << line;
    if (r.exportMs > 0) {
        std::snprintf(line, sizeof line, "  forward pass (%s): dense %.2f ms, export %.2f ms, %.2fx\n", r.timedOn.c_str(),
                      r.denseMs, r.exportMs, r.denseMs / r.exportMs);
        s << line;
    }
    if (!r.onnxTimings.empty())
        s << "  measured in " << r.measuredOn << ", median of " << r.onnxTimings.front().repeats << " runs (fastest-slowest):\n";
    if (!r.onnxTimings.empty() && r.measuredDifference >= 0) {
        std::snprintf(line, sizeof line, "    the pruned model there against the masked model: %.2g (tolerance %.2g)\n",
                      r.measuredDifference, r.measuredTolerance);
        s << line;
    }
    for (const auto &t : r.onnxTimings) {
        const std::string shape = "batch " + std::to_string(t.batch) +
                                  (t.sequence > 0 ? " x " + std::to_string(t.sequence) + " tokens" : std::string(" images"));
        std::snprintf(line, sizeof line, "    %s: dense %.2f ms (%.2f-%.2f), export %.2f ms (%.2f-%.2f), %.2fx\n",
                      shape.c_str(), t.denseMs, t.denseLowMs, t.denseHighMs, t.exportMs, t.exportLowMs, t.exportHighMs,
                      t.denseMs / t.exportMs);
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
                                  {"heads_changed", r.plan.headsChanged},
                                  {"towers", towersJson(r.plan)},
                                  {"notes", r.plan.notes},
                                  {"verified", r.verified},
                                  {"max_difference", r.maxDifference},
                                  {"verified_on", r.verifiedOn},
                                  {"dense_ms", r.denseMs},
                                  {"export_ms", r.exportMs},
                                  {"timed_on", r.timedOn},
                                  {"onnx_timings", onnxTimingsJson(r)},
                                  {"files", r.files},
                                  {"seconds", r.seconds}}
        .dump(2);
}

} // namespace prunescope
