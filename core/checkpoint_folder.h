// Writing checkpoint folders whole or not at all: the files go into a temporary folder
// beside the target, which is renamed into place once complete; and which files of a
// checkpoint folder are its weights and config, so that the rest (tokenizer, README,
// generation config) is copied along with a new model.
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

// Copies the files of `from` that are not weights or configs into `to`.
void copySideFiles(const std::filesystem::path &from, const std::filesystem::path &to);

} // namespace prunescope
