#include "core/checkpoint_folder.h"

#include "core/error.h"
#include "core/string_util.h"

#include <string>
#include <unistd.h>

namespace prunescope {

namespace fs = std::filesystem;

TemporaryFolder::TemporaryFolder(const fs::path &target)
{
    const fs::path absolute = fs::absolute(target);
    path = absolute.parent_path() / ("." + absolute.filename().string() + ".partial-" + std::to_string(::getpid()));
    std::error_code error;
    fs::remove_all(path, error);
    fs::create_directories(path, error);
    if (error)
        throw Error("cannot create " + path.string() + ": " + error.message());
}

TemporaryFolder::~TemporaryFolder()
{
    std::error_code ignored;
    if (!keep)
        fs::remove_all(path, ignored);
}

bool isWeightFile(const fs::path &file)
{
    const std::string name = file.filename().string();
    for (const char *suffix : {".safetensors", ".safetensors.index.json", ".bin", ".bin.index.json", ".pt", ".pth",
                               ".h5", ".msgpack", ".ckpt"})
        if (endsWith(name, suffix))
            return true;
    return name == "config.json" || name == "prunescope.json";
}

void checkOutputFolder(const fs::path &target, bool replace)
{
    std::error_code error;
    const auto status = fs::symlink_status(target, error);
    if (!fs::exists(status))
        return;
    // Never replaced, even when told: a file (or a link) is not something this tool wrote as a folder.
    if (!fs::is_directory(status))
        throw Error(target.string() + " exists and is not a folder");
    if (!replace && !fs::is_empty(target, error))
        throw Error(target.string() + " exists and is not empty; use --force to replace it");
}

void checkOutputFile(const fs::path &target, bool replace)
{
    std::error_code error;
    const auto status = fs::symlink_status(target, error);
    if (!fs::exists(status))
        return;
    if (fs::is_directory(status))
        throw Error(target.string() + " is a folder, not a file");
    if (!replace)
        throw Error(target.string() + " exists; use --force to replace it");
}

void copySideFiles(const fs::path &from, const fs::path &to)
{
    for (const auto &entry : fs::directory_iterator(from))
        if (entry.is_regular_file() && !isWeightFile(entry.path()))
            fs::copy_file(entry.path(), to / entry.path().filename(), fs::copy_options::overwrite_existing);
}

} // namespace prunescope
