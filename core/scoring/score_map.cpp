#include "core/scoring/score_map.h"

#include "core/io/atomic_file.h"
#include "core/support/error.h"
#include "core/io/file_kind.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

namespace prunescope {

namespace {

bool isAttributionName(const std::string &name)
{
    return name == "map" || name.rfind("map.", 0) == 0;
}

bool allZeroOrOne(const torch::Tensor &t)
{
    return zeroOrOne(t).item<bool>();
}

// The kind of a map in memory that has none yet, by its names and values.
MapKind kindByContents(const ScoreMap &map)
{
    bool mask = !map.tensors.empty();
    for (const auto &[name, tensor] : map.tensors) {
        if (isAttributionName(name))
            return MapKind::Attribution;
        mask = mask && allZeroOrOne(tensor);
    }
    return mask ? MapKind::Mask : MapKind::Scores;
}

MapKind kindOf(const ScoreMap &map)
{
    return map.kind ? *map.kind : kindByContents(map);
}

std::string description(MapKind kind)
{
    return kindDescription(mapKindName(kind));
}

// "a mask", "a score map", "a mask or a score map".
std::string wanted(std::initializer_list<MapKind> accepted)
{
    std::string text;
    for (const MapKind kind : accepted)
        text += (text.empty() ? "" : " or ") + description(kind);
    return text;
}

// What `path` is when it is not a safetensors file but one of PruneScope's JSON files (a
// comparison, a sweep or the folder of one); empty when it is none of these.
std::string jsonKind(const std::filesystem::path &path)
{
    std::error_code error;
    const auto file = std::filesystem::is_directory(path, error) ? path / "sweep.json" : path;
    if (!std::filesystem::is_regular_file(file, error) || std::filesystem::file_size(file, error) > (64u << 20))
        return {};
    const auto json = nlohmann::json::parse(readTextFile(file), nullptr, /*allow_exceptions=*/false);
    if (!json.is_object())
        return {};
    if (json.contains(kKindKey) && json[kKindKey].is_string())
        return json[kKindKey].get<std::string>();
    if (json.contains("items") && json.contains("overall"))
        return "comparison";
    if (json.contains("points") && json.contains("dense"))
        return "sweep";
    return {};
}

// The file opened and its kind checked; `skeleton` gets the provenance and the kind.
std::unique_ptr<SafetensorsFile> openMap(const std::filesystem::path &path, std::initializer_list<MapKind> accepted,
                                         ScoreMap &skeleton)
{
    std::unique_ptr<SafetensorsFile> file;
    try {
        file = SafetensorsFile::open(path);
    } catch (const Error &) {
        if (const std::string kind = jsonKind(path); !kind.empty())
            throw Error(path.string() + " is " + kindDescription(kind) + ", not " + wanted(accepted));
        throw;
    }
    skeleton.provenance = file->metadata();
    skeleton.kind = mapKindOf(*file);
    checkMapKind(skeleton, accepted, path.string());
    return file;
}

ScoreMap load(const std::filesystem::path &path, LoadAs as, std::initializer_list<MapKind> accepted)
{
    ScoreMap scores;
    const auto file = openMap(path, accepted, scores);
    // Stored: a mask as bytes, whatever its file holds (0 and 1 are exact in each), a score map as float32.
    const bool bytes = as == LoadAs::Stored && scores.kind == MapKind::Mask;
    for (const auto &name : file->names())
        scores.tensors[name] = file->tensor(name, bytes ? torch::kUInt8 : torch::kFloat).clone();
    return scores;
}

} // namespace

torch::Tensor zeroOrOne(const torch::Tensor &t)
{
    return (t.scalar_type() == torch::kUInt8 ? t.le(1) : t.eq(0).logical_or(t.eq(1))).all();
}

std::string mapKindName(MapKind kind)
{
    switch (kind) {
    case MapKind::Scores: return "scores";
    case MapKind::Mask: return "mask";
    case MapKind::Attribution: return "attribution";
    }
    return "scores";
}

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
        // Where it is: the writer brings one tensor at a time to the host.
        auto t = tensor.detach();
        // 0/1 values (masks) as U8: exact, and a quarter of the bytes to read and move.
        if (t.is_floating_point() && allZeroOrOne(t))
            t = t.to(torch::kUInt8);
        tensors.emplace_back(name, t);
    }
    auto metadata = scores.provenance;
    metadata[kKindKey] = mapKindName(kindOf(scores));
    writeSafetensors(path, tensors, metadata);
}

MapKind mapKindOf(const SafetensorsFile &file)
{
    const auto recorded = file.metadata().find(kKindKey);
    if (recorded != file.metadata().end()) {
        for (const MapKind kind : {MapKind::Scores, MapKind::Mask, MapKind::Attribution})
            if (recorded->second == mapKindName(kind))
                return kind;
        throw Error(file.path().string() + " is " + kindDescription(recorded->second) +
                    ", not a score map, a mask or an attribution map");
    }
    // Without a recorded kind: every value 0 or 1 makes a mask, stored as bytes or as floats
    // (as other tools write masks, torch.nn.utils.prune among them). A score map fails on its
    // first tensor, so only masks are read through.
    const auto names = file.names();
    bool mask = !names.empty();
    for (const auto &name : names) {
        if (isAttributionName(name))
            return MapKind::Attribution;
        const DType dtype = file.find(name)->dtype;
        mask = mask && (dtype == DType::U8 || dtype == DType::F32 || dtype == DType::F16 || dtype == DType::BF16);
    }
    for (const auto &name : names) {
        if (!mask)
            break;
        mask = allZeroOrOne(file.tensor(name));
    }
    return mask ? MapKind::Mask : MapKind::Scores;
}

void checkMapKind(const ScoreMap &map, std::initializer_list<MapKind> accepted, const std::string &fileName)
{
    const MapKind kind = kindOf(map);
    for (const MapKind ok : accepted)
        if (kind == ok)
            return;
    // A file without a recorded kind was judged by its contents: say so.
    const bool recorded = map.provenance.count(kKindKey) > 0;
    std::string why;
    if (!recorded)
        why = kind == MapKind::Attribution ? " (it holds per-input maps)"
              : kind == MapKind::Mask      ? " (all its values are 0 or 1)"
                                           : " (it records no kind, and not all its values are 0 or 1)";
    throw Error(fileName + " is " + description(kind) + why + ", not " + wanted(accepted));
}

ScoreMap loadScoreMap(const std::filesystem::path &path, LoadAs as)
{
    return load(path, as, {MapKind::Scores, MapKind::Mask, MapKind::Attribution});
}

ScoreMap loadMask(const std::filesystem::path &path, LoadAs as)
{
    return load(path, as, {MapKind::Mask});
}

ScoreMap loadScores(const std::filesystem::path &path, LoadAs as)
{
    return load(path, as, {MapKind::Scores});
}

ScoreMap loadMaskOrScores(const std::filesystem::path &path, LoadAs as)
{
    return load(path, as, {MapKind::Mask, MapKind::Scores});
}

torch::Tensor ScoresInMemory::read(const std::string &name) const
{
    return m_scores.at(name).detach().to(torch::kCPU, torch::kFloat).contiguous();
}

ScoreFile::ScoreFile(const std::filesystem::path &path)
    : m_file(openMap(path, {MapKind::Scores}, m_shapes))
{
    for (const auto &name : m_file->names())
        m_shapes.tensors[name] = torch::empty(m_file->find(name)->shape, torch::TensorOptions().device(torch::kMeta));
}

ScoreFile::~ScoreFile() = default;

torch::Tensor ScoreFile::read(const std::string &name) const
{
    return m_file->tensor(name, torch::kFloat).contiguous();
}

void ScoreFile::release(const std::string &name) const
{
    m_file->release(name);
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
