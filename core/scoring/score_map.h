// Importance scores and masks over a model's prunable units, one tensor per name:
//   weights: under the checkpoint's own tensor names, in the tensor's own shape
//            ("bert.encoder.layer.0.attention.self.query.weight", GPT-2 Conv1D as [in, out]);
//   heads:   "heads" [layers, heads]   (CLIP: "text.heads", "vision.heads");
//   neurons: "neurons" [layers, ffn]   (CLIP: "text.neurons", "vision.neurons").
// A mask is a ScoreMap of 0/1 values (1 = keep). Files are safetensors with the
// provenance (method, options, data, examples, seed, device, seconds) as metadata, and
// their kind as "prunescope.kind" (file_kind.h), so that a score map given where a mask
// belongs is refused rather than used as one.
#pragma once

#include "core/models/model_structure.h"
#include "core/io/safetensors.h"
#include "core/scoring/unit_grids.h"

#include <torch/types.h>

#include <filesystem>
#include <initializer_list>
#include <memory>
#include <map>
#include <optional>
#include <string>

namespace prunescope {

// What a file of named tensors over a model is. Files written before the kind was
// recorded are known by their contents: a tensor "map" or "map.N" makes an attribution
// map, tensors that are all U8 of 0s and 1s a mask, anything else a score map.
enum class MapKind { Scores, Mask, Attribution };

std::string mapKindName(MapKind kind); // "scores", "mask", "attribution": the recorded value

struct ScoreMap
{
    std::map<std::string, torch::Tensor> tensors;
    std::map<std::string, std::string> provenance;
    // Empty: decided by the values when saved (all 0 or 1: a mask). Loading sets it.
    std::optional<MapKind> kind = std::nullopt;

    bool contains(const std::string &name) const { return tensors.count(name) > 0; }
    const torch::Tensor &at(const std::string &name) const;
};

// "heads" / "neurons" for single-tower models, "<tower>.heads" / "<tower>.neurons" for CLIP.
std::string headsName(const ModelStructure &structure, size_t tower);
std::string neuronsName(const ModelStructure &structure, size_t tower);

// The tensors of `grids` in their stored shapes (float32), with the same provenance.
ScoreMap scoreMapFromGrids(const GridSet &grids);

// Tensors of 0/1 values (masks) are stored as U8, others as they are; the kind is recorded.
void saveScoreMap(const std::filesystem::path &path, const ScoreMap &scores);
// Float: every tensor as float32, whatever it is stored as. Stored: a mask's tensors as U8
// (also a mask written as floats), for work that moves them around in bulk (comparison on
// a GPU); a score map's as float32.
enum class LoadAs { Float, Stored };
// Any kind; the map's kind is the recorded one or the one its contents show.
ScoreMap loadScoreMap(const std::filesystem::path &path, LoadAs as = LoadAs::Float);
// The same, refused unless the file is a mask ("scores.safetensors is a score map, not a mask").
ScoreMap loadMask(const std::filesystem::path &path, LoadAs as = LoadAs::Float);
// The same for a score map.
ScoreMap loadScores(const std::filesystem::path &path, LoadAs as = LoadAs::Float);
// The same for a mask or a score map (what compare takes), not an attribution map.
ScoreMap loadMaskOrScores(const std::filesystem::path &path, LoadAs as = LoadAs::Float);

// Scores as a mask is built from them: a map in memory, or a file read tensor by tensor.
class ScoreSource
{
public:
    virtual ~ScoreSource() = default;
    // Every tensor's name and shape, and the provenance (a file's tensors are on the meta
    // device: shapes without data).
    virtual const ScoreMap &shapes() const = 0;
    // The scores of `name`, contiguous float32 on the CPU.
    virtual torch::Tensor read(const std::string &name) const = 0;
    // Done with `name` for now (a file gives its pages back).
    virtual void release(const std::string &) const {}
};

class ScoresInMemory final : public ScoreSource
{
public:
    explicit ScoresInMemory(const ScoreMap &scores)
        : m_scores(scores)
    {
    }
    const ScoreMap &shapes() const override { return m_scores; }
    torch::Tensor read(const std::string &name) const override;

private:
    const ScoreMap &m_scores;
};

// A score file (a mask or an attribution map refused, as loadScores does) read tensor by
// tensor, so that only the tensor at hand is in memory.
class ScoreFile final : public ScoreSource
{
public:
    explicit ScoreFile(const std::filesystem::path &path);
    ~ScoreFile() override;
    const ScoreMap &shapes() const override { return m_shapes; }
    torch::Tensor read(const std::string &name) const override;
    void release(const std::string &name) const override;

private:
    ScoreMap m_shapes;
    std::unique_ptr<SafetensorsFile> m_file;
};

// Whether every value of `t` is 0 or 1, as a 0-dim bool tensor where `t` is (so that the
// answers for many tensors can be read from a GPU at once): the values that make a mask.
torch::Tensor zeroOrOne(const torch::Tensor &t);
// The kind `file` records, or the one its contents show (every value 0 or 1, as bytes or
// floats: a mask); throws prunescope::Error naming the file when it records a kind that is
// not one of these.
MapKind mapKindOf(const SafetensorsFile &file);
// Throws prunescope::Error "FILE is a score map, not a mask" unless `map` is of one of
// the `accepted` kinds (a map of no kind yet counts as the one its values show).
void checkMapKind(const ScoreMap &map, std::initializer_list<MapKind> accepted, const std::string &fileName);

// Checks every tensor of `scores` against the structure (known name, right shape);
// throws prunescope::Error naming the file, the tensor and both shapes.
void checkScoreMap(const ScoreMap &scores, const ModelStructure &structure, const std::string &fileName);

} // namespace prunescope
