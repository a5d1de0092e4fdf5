// The safetensors header: an 8-byte little-endian length, then a JSON object that maps
// tensor names to {dtype, shape, data_offsets}, then the data buffer. This part has no
// LibTorch dependency so the fuzzer and the GUI can use it on their own.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace prunescope {

enum class DType {
    Bool, U8, I8, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64, F8_E4M3, F8_E5M2
};

std::optional<DType> dtypeFromName(std::string_view name);
std::string_view dtypeName(DType dtype);
uint64_t dtypeSize(DType dtype);

struct TensorEntry
{
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    uint64_t begin = 0; // relative to the start of the data buffer
    uint64_t end = 0;   // exclusive

    uint64_t elementCount() const;
};

struct SafetensorsHeader
{
    std::vector<TensorEntry> tensors; // in file order (by data offset)
    std::map<std::string, std::string> metadata;
    uint64_t dataStart = 0; // byte offset of the data buffer in the file
};

inline constexpr uint64_t kMaxHeaderLength = 100'000'000;

// Parses and validates the header of a file whose first `available` bytes are at
// `bytes` and whose total size is `fileSize`. Checks everything the format requires:
// length bounds, UTF-8, JSON object shape, known dtypes, duplicate names, byte counts
// matching shapes, data that tiles the buffer exactly with no trailing bytes. Throws
// prunescope::Error with a message that starts with `fileName`.
SafetensorsHeader parseSafetensorsHeader(const uint8_t *bytes, uint64_t available,
                                         uint64_t fileSize, const std::string &fileName);

} // namespace prunescope
