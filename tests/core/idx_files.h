// IDX files (the format of dataset-fashion-mnist) written by hand, for the image tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace prunescope::testing {

inline std::string bigEndian(uint32_t n)
{
    return {char(n >> 24), char(n >> 16 & 0xff), char(n >> 8 & 0xff), char(n & 0xff)};
}

// An IDX file of unsigned bytes with the given shape.
inline std::string idx(const std::vector<uint32_t> &shape, const std::vector<uint8_t> &data)
{
    std::string bytes = {0, 0, 0x08, char(shape.size())};
    for (uint32_t n : shape)
        bytes += bigEndian(n);
    bytes.append(data.begin(), data.end());
    return bytes;
}

} // namespace prunescope::testing
