// Reading (mmap, zero-copy where the dtype allows) and writing (atomic) safetensors
// files, as described in docs of the format: sorted by alignment then name, header
// padded to 8 bytes, written to a temporary file, fsync'd and renamed.
#pragma once

#include "core/io/safetensors_header.h"

#include <torch/types.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace prunescope {

class MappedFile;

class SafetensorsFile
{
public:
    // Maps the file and validates its header; throws prunescope::Error naming the file.
    static std::unique_ptr<SafetensorsFile> open(const std::filesystem::path &path);

    const std::filesystem::path &path() const { return m_path; }
    const SafetensorsHeader &header() const { return m_header; }
    const std::map<std::string, std::string> &metadata() const { return m_header.metadata; }
    const TensorEntry *find(const std::string &name) const;
    bool contains(const std::string &name) const { return find(name) != nullptr; }
    std::vector<std::string> names() const;

    // The tensor as stored, converted to `type` (floating types) or to the nearest
    // LibTorch type (unsigned 16/32/64-bit become int32/int64; float8 becomes float32).
    // Without conversion the tensor aliases the mapping and keeps it alive.
    torch::Tensor tensor(const std::string &name) const;
    torch::Tensor tensor(const std::string &name, torch::ScalarType type) const;
    // Gives the pages of `name` back to the system (they are read again if touched), so that
    // a file read tensor by tensor holds about one tensor in memory. Only for tensors never
    // written to in place: such writes would be lost.
    void release(const std::string &name) const;

private:
    SafetensorsFile() = default;

    std::filesystem::path m_path;
    std::shared_ptr<MappedFile> m_mapping;
    SafetensorsHeader m_header;
};

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// Writes `tensors` atomically to `path` (a temporary file beside it, fsync, rename). They
// may be on a GPU: each comes to the host when its turn comes, through one pinned buffer, so
// the host never holds more than the largest.
// Nothing is left behind when it fails.
void writeSafetensors(const std::filesystem::path &path, const NamedTensors &tensors,
                      const std::map<std::string, std::string> &metadata = {});

// Reads every tensor of a file into memory (float types kept as stored).
NamedTensors readAllTensors(const std::filesystem::path &path);

DType dtypeOf(torch::ScalarType type, const std::string &tensorName);

} // namespace prunescope
