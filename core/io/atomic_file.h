// A file written in full or not at all: the bytes go to a temporary file in the target's
// folder, which commit() fsyncs and renames over the target. Destroying an uncommitted
// AtomicFile (an error, a cancelled job) removes the temporary file. Reading a whole
// text file is here too.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace prunescope {

class AtomicFile
{
public:
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;

    void write(const void *data, uint64_t size);
    void write(std::string_view text) { write(text.data(), text.size()); }
    void commit();

private:
    void discard() noexcept;

    std::filesystem::path m_target;
    std::filesystem::path m_temporary;
    int m_fd = -1;
};

// "cannot write in FOLDER: permission denied (Read-only file system)": what a failed
// creation in `folder` means to the user, permission named as such.
std::string cannotWriteIn(const std::filesystem::path &folder, const std::error_code &error);

// Writes `text` to `path` atomically.
void writeFileAtomically(const std::filesystem::path &path, std::string_view text);
// The whole file; throws prunescope::Error naming it when it cannot be opened.
std::string readTextFile(const std::filesystem::path &path);

} // namespace prunescope
