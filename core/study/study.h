// A study (DESIGN.md): the desktop application's document, which `prunescope-cli --study`
// reads and writes too. It is a folder holding study.json and the score, mask,
// attribution, sweep and comparison files that study.json lists. Files inside the folder are stored
// relative to it, so a study moves as a whole (a GPU server's run opens on a laptop); the
// model and the data are stored relative to the folder when near it, else absolute.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace prunescope {

class WorkGroup;

struct StudyItem
{
    enum class Kind { Scores, Mask, Attribution, Sweep, Comparison, NoiseScan };
    Kind kind = Kind::Scores;
    std::string name;                           // unique in the study: "taylor", "taylor head 50%"
    std::string file;                           // relative to the study folder
    std::map<std::string, std::string> options; // what made it: method, granularity, sparsity, source, ...
};

// "scores", "mask", "attribution", "sweep", "comparison", "noise-scan"
const char *studyItemKindName(StudyItem::Kind kind);

struct StudyData
{
    std::string path; // as stored; empty: no data yet
    std::string textColumn = "sentence";
    std::string pairColumn;
    std::string labelColumn = "label";
    int64_t maxLength = 128;
    int64_t stride = 0; // causal-LM text: windows every `stride` tokens; 0: blocks (DataOptions::stride)
};

// What the study's jobs run with; the GUI's settings fill it in for new studies.
struct StudySettings
{
    std::string device = "auto";    // auto | cpu | cuda[:N]
    std::string precision = "fp32"; // fp32 | tf32x3 | bf16 | fp16 (device.h)
    int64_t batchSize = 16;
    int64_t maxExamples = 256; // examples scored and evaluated; 0: all
    uint64_t seed = 0;
};

struct Study
{
    std::filesystem::path folder;
    std::string model; // checkpoint folder as stored
    StudyData data;
    StudySettings settings;
    std::vector<StudyItem> items;
    // Not stored: processes running the study's score, eval and sweep jobs together
    // (work_group.h); only the first writes the jobs' files. Null: this process alone.
    std::shared_ptr<const WorkGroup> group;

    // `stored` read against the study folder unless it is absolute.
    std::filesystem::path resolve(const std::string &stored) const;
    std::filesystem::path modelPath() const { return resolve(model); }
    std::filesystem::path dataPath() const { return data.path.empty() ? std::filesystem::path() : resolve(data.path); }
    std::filesystem::path itemPath(const StudyItem &item) const { return folder / item.file; }
    const StudyItem *find(const std::string &name) const;
    // `base`, or "base (2)", "base (3)" ... whichever no item has yet.
    std::string uniqueName(const std::string &base) const;
};

inline constexpr const char *kStudyFileName = "study.json";

// How `path` is stored in a study at `folder`: relative when it lies inside the folder or
// beside it (at most two levels up), absolute otherwise.
std::string storedPath(const std::filesystem::path &folder, const std::filesystem::path &path);

// A new study in `folder` (created if needed; one that already holds a study is refused).
Study createStudy(const std::filesystem::path &folder, const std::filesystem::path &model, const StudyData &data = {});

// Reads <folder>/study.json; throws prunescope::Error naming the file and the key at fault.
Study readStudy(const std::filesystem::path &folder);
// Writes study.json atomically.
void writeStudy(const Study &study);

// The model, data and item files the study names but that are not there, each as a
// sentence naming the path and where study.json refers to it.
std::vector<std::string> missingReferences(const Study &study);

// Save As: copies the study's files into `to` (which must not hold a study) and returns
// the study stored there, its model and data paths re-stored against the new folder.
Study copyStudy(const Study &study, const std::filesystem::path &to);

} // namespace prunescope
