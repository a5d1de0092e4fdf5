// What a checkpoint holds, read from config.json and the safetensors headers alone (no
// tensor data, no LibTorch): fast enough for the GUI's model panel and `info`.
#pragma once

#include "core/models/model_config.h"
#include "core/models/model_structure.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace prunescope {

struct CheckpointSummary
{
    std::filesystem::path folder;
    ModelConfig config;
    ModelStructure structure;
    std::vector<std::filesystem::path> files;
    uint64_t fileBytes = 0;
    int64_t tensorCount = 0;
    int64_t parameterCount = 0;                 // every element stored in the weight files
    std::map<std::string, int64_t> dtypeCounts; // elements per stored dtype
};

// The weight files of a checkpoint folder: model.safetensors, or the shards that
// model.safetensors.index.json names (validated: JSON shape, names inside the folder,
// every shard present), with the index's tensor -> file map.
struct WeightFiles
{
    std::vector<std::filesystem::path> files;        // in the index's first-mention order
    std::map<std::string, std::string> weightMap;    // empty for a single file
    std::filesystem::path index;                     // empty for a single file
};
WeightFiles findWeightFiles(const std::filesystem::path &folder);

CheckpointSummary summarizeCheckpoint(const std::filesystem::path &folder);

// Human-readable lines and the same as JSON text, for `prunescope-cli info`.
std::string summaryText(const CheckpointSummary &summary);
std::string summaryJson(const CheckpointSummary &summary);

std::string formatCount(int64_t n); // 110.1M, 4.2k, 512
std::string formatBytes(int64_t n); // 27.92 GB, 403.2 MB, 12.0 kB, 512 B

} // namespace prunescope
