#include "core/io/checkpoint_folder.h"

#include "core/io/atomic_file.h"
#include "core/support/error.h"
#include "core/support/string_util.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <iterator>
#include <set>
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
    fs::create_directories(absolute.parent_path(), error);
    if (!error)
        fs::create_directory(path, error);
    if (error)
        throw Error(cannotWriteIn(absolute.parent_path(), error));
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

namespace {

// The JSON files this tool writes into its folders; each lists the folder's files.
const char *const kRecords[] = {"prunescope.json", "prunescope-training.json", "prunescope-pruning.json", "sweep.json"};

// The files of `folder` that its records say this tool wrote; nothing when no record lists them.
std::set<std::string> filesWrittenHere(const fs::path &folder)
{
    std::set<std::string> files;
    for (const char *record : kRecords) {
        std::error_code error;
        if (!fs::is_regular_file(folder / record, error))
            continue;
        const auto json = nlohmann::json::parse(readTextFile(folder / record), nullptr, /*allow_exceptions=*/false);
        if (!json.is_object() || !json.contains("files") || !json["files"].is_array())
            continue;
        for (const auto &name : json["files"])
            if (name.is_string() && !name.get<std::string>().empty() && name.get<std::string>().find('/') == std::string::npos &&
                name.get<std::string>() != "." && name.get<std::string>() != "..")
                files.insert(name.get<std::string>());
        for (const char *own : kRecords)
            files.insert(own);
    }
    return files;
}

// "<target>.previous", else "<target>.previous-2", ...: a name nothing has.
fs::path keptName(const fs::path &target)
{
    for (int n = 1;; ++n) {
        const fs::path candidate = target.string() + ".previous" + (n == 1 ? std::string() : "-" + std::to_string(n));
        std::error_code error;
        if (!fs::exists(fs::symlink_status(candidate, error)))
            return candidate;
    }
}

// Swaps two paths in one step (Linux renameat2); false where the file system cannot.
bool exchange(const fs::path &a, const fs::path &b)
{
#ifdef RENAME_EXCHANGE
    return ::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0;
#else
    (void)a;
    (void)b;
    errno = EINVAL;
    return false;
#endif
}

} // namespace

fs::path moveFolderIntoPlace(TemporaryFolder &temporary, const fs::path &target, const std::string &record)
{
    // The record lists every file, itself included, so that a later replacement knows them.
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    std::set<std::string> names;
    for (const auto &entry : fs::directory_iterator(temporary.path))
        names.insert(entry.path().filename().string());
    names.insert(record);
    for (const auto &name : names)
        files.push_back(name);
    auto json = fs::exists(temporary.path / record) ? nlohmann::ordered_json::parse(readTextFile(temporary.path / record))
                                                    : nlohmann::ordered_json::object();
    json["files"] = files;
    writeFileAtomically(temporary.path / record, json.dump(2) + "\n");

    const fs::path absolute = fs::absolute(target);
    std::error_code error;
    const auto status = fs::symlink_status(absolute, error);
    if (!fs::exists(status)) {
        fs::rename(temporary.path, absolute, error);
        if (error)
            throw Error("cannot move the new folder into " + absolute.string() + ": " + error.message());
        temporary.keep = true;
        return {};
    }
    if (!fs::is_directory(status))
        throw Error(absolute.string() + " exists and is not a folder");

    // The old folder is set aside under a name of its own, by one exchange where the file
    // system allows it (the target never missing), else by two renames.
    fs::path aside = keptName(absolute);
    if (exchange(temporary.path, absolute)) {
        temporary.keep = true; // it is the old folder now, never removed whole
        fs::rename(temporary.path, aside, error);
        if (error) {
            aside = temporary.path;
            error.clear();
        }
    } else {
        fs::rename(absolute, aside, error);
        if (!error) {
            fs::rename(temporary.path, absolute, error);
            if (error) {
                std::error_code ignored;
                fs::rename(aside, absolute, ignored);
            }
        }
        if (error)
            throw Error("cannot move the new folder into " + absolute.string() + ": " + error.message());
        temporary.keep = true;
    }

    // Of the old folder, only what this tool wrote goes. File by file: on the GPU server
    // (GCC 13, LibTorch 2.11) remove_all crashed on a checkpoint folder.
    for (const auto &name : filesWrittenHere(aside))
        if (fs::is_regular_file(fs::symlink_status(aside / name, error)))
            fs::remove(aside / name, error);
    if (fs::is_empty(aside, error) && !error && fs::remove(aside, error))
        return {};
    return aside;
}

std::string keptFolderNote(const fs::path &kept, const fs::path &target)
{
    if (kept.empty())
        return {};
    return target.string() + " held files that PruneScope did not write there; the previous folder, with them, is kept as " +
           kept.string();
}

void copySideFiles(const fs::path &from, const fs::path &to)
{
    // What was measured on `from` (its test metrics) and this tool's records of how it was
    // made describe that model, not the one written from it.
    const auto describesTheSource = [](const fs::path &file) {
        const std::string name = file.filename().string();
        return name == "test-metrics.json" || std::find(std::begin(kRecords), std::end(kRecords), name) != std::end(kRecords);
    };
    for (const auto &entry : fs::directory_iterator(from))
        if (entry.is_regular_file() && !isWeightFile(entry.path()) && !describesTheSource(entry.path()))
            fs::copy_file(entry.path(), to / entry.path().filename(), fs::copy_options::overwrite_existing);
}

} // namespace prunescope
