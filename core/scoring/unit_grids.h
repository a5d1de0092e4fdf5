// Score, mask and attribution files as plain float arrays for the views, so that widget
// code needs no LibTorch headers. Each tensor is read as float32 and seen as a matrix:
// 1-D as one row, more dimensions as [first, product of the rest].
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace prunescope {

struct Grid
{
    std::string name;
    std::vector<int64_t> shape; // as stored
    int64_t rows = 0;
    int64_t cols = 0;
    std::vector<float> values; // row-major, rows * cols

    float at(int64_t row, int64_t col) const { return values[size_t(row * cols + col)]; }
    float &at(int64_t row, int64_t col) { return values[size_t(row * cols + col)]; }
};

struct GridSet
{
    std::vector<Grid> grids; // in the file's name order
    std::map<std::string, std::string> provenance;

    const Grid *find(const std::string &name) const;
    Grid *find(const std::string &name);
};

// Reads the tensors of a safetensors file (those `wanted` accepts, when given); throws
// prunescope::Error naming the file.
GridSet readGrids(const std::filesystem::path &path, const std::function<bool(const std::string &name)> &wanted = {});
// Writes the grids in their stored shapes as float32, atomically.
void writeGrids(const std::filesystem::path &path, const GridSet &set);

// The token strings of an attribution file, one list per example (empty for images).
std::vector<std::vector<std::string>> attributionTokens(const GridSet &attribution);

} // namespace prunescope
