// What the libFuzzer targets share: an input holding several files, a scratch folder for
// readers that take a path, and the rule that a reader either returns or throws
// prunescope::Error. Any other exception, a crash, a leak or a sanitizer report is a
// finding.
#pragma once

#include "core/support/error.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

namespace fuzz {

// Files of one input are separated by this line, so a seed is the real files joined
// and stays readable. A missing part means the file is absent.
inline constexpr std::string_view kFileSeparator = "\n--- next file ---\n";

inline std::vector<std::string> splitFiles(const uint8_t *data, size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t next; (next = input.find(kFileSeparator, start)) != std::string_view::npos;
         start = next + kFileSeparator.size())
        parts.emplace_back(input.substr(start, next - start));
    parts.emplace_back(input.substr(start));
    return parts;
}

// A folder of this process's own, emptied and removed at exit. In /dev/shm when there is
// one: the readers take paths, and a disk round trip per input would slow the run.
class ScratchFolder
{
public:
    ScratchFolder()
    {
        const std::filesystem::path base =
            std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
        std::string pattern = (base / "prunescope-fuzz-XXXXXX").string();
        if (!mkdtemp(pattern.data())) {
            std::perror("mkdtemp");
            std::abort();
        }
        m_path = pattern;
    }
    ~ScratchFolder()
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    const std::filesystem::path &path() const { return m_path; }

    // Writes `text` as `name`, or removes `name` when there is no text for it.
    void put(const std::string &name, const std::string *text) const
    {
        const auto file = m_path / name;
        if (!text) {
            std::error_code ignored;
            std::filesystem::remove(file, ignored);
            return;
        }
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(text->data(), static_cast<std::streamsize>(text->size()));
        if (!out) {
            std::fprintf(stderr, "cannot write %s\n", file.c_str());
            std::abort();
        }
    }

private:
    std::filesystem::path m_path;
};

inline const ScratchFolder &scratch()
{
    static const ScratchFolder folder;
    return folder;
}

// Runs `read`; prunescope::Error is the expected refusal of bad input, anything else is
// reported and aborts so that libFuzzer keeps the input.
template<typename Read>
void expectReadOrError(Read &&read)
{
    try {
        read();
    } catch (const prunescope::Error &) {
    } catch (const std::exception &e) {
        std::fprintf(stderr, "escaped as %s instead of prunescope::Error: %s\n", typeid(e).name(), e.what());
        std::abort();
    }
}

// A promise of the reader that the input broke.
#define FUZZ_CHECK(condition)                                                                                 \
    do {                                                                                                      \
        if (!(condition)) {                                                                                   \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition);               \
            std::abort();                                                                                     \
        }                                                                                                     \
    } while (false)

} // namespace fuzz
