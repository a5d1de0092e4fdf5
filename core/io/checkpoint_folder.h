// Writing output folders (checkpoints, exports, sweeps) whole or not at all: the files go
// into a temporary folder beside the target, which is swapped into place once complete;
// an existing target is replaced only when asked, and then only the files this tool wrote
// there are removed. And which files of a checkpoint folder are its weights and config, so
// that the rest (tokenizer, README, generation config) is copied along with a new model.
#pragma once

#include <filesystem>

namespace prunescope {

// The folder a new `target` is written in: ".<name>.partial-<pid>" beside it, created
// empty, and removed when this goes out of scope unless kept.
struct TemporaryFolder
{
    explicit TemporaryFolder(const std::filesystem::path &target);
    ~TemporaryFolder();
    TemporaryFolder(const TemporaryFolder &) = delete;
    TemporaryFolder &operator=(const TemporaryFolder &) = delete;

    std::filesystem::path path;
    bool keep = false;
};

bool isWeightFile(const std::filesystem::path &file);

// Throw prunescope::Error naming `target` when it exists (a folder: holds anything) and
// `replace` is false; the CLI's --force and the GUI's confirmation set `replace`.
void checkOutputFolder(const std::filesystem::path &target, bool replace);
void checkOutputFile(const std::filesystem::path &target, bool replace);

// Moves the finished `temporary` folder to `target`, first listing its files under "files"
// in its own JSON record `record` (prunescope.json, prunescope-training.json, sweep.json).
// An existing target is exchanged with it atomically; of the old folder, only the files
// its own record lists are removed (with the records themselves). Anything else stays in
// the old folder, kept beside as "<target>.previous[-N]", whose path is returned (empty
// when nothing was kept). A folder written before records listed their files is kept whole.
std::filesystem::path moveFolderIntoPlace(TemporaryFolder &temporary, const std::filesystem::path &target,
                                          const std::string &record);

// The note for the user about a folder moveFolderIntoPlace kept; empty for an empty path.
std::string keptFolderNote(const std::filesystem::path &kept, const std::filesystem::path &target);

// Copies the files of `from` that are not weights into `to` (the tokenizer, the model card),
// leaving out what describes `from` itself: test-metrics.json and this tool's records.
void copySideFiles(const std::filesystem::path &from, const std::filesystem::path &to);

} // namespace prunescope
