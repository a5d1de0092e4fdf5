// Weights written as save_pretrained writes them: model.safetensors when they fit in one
// shard, otherwise model-0000k-of-0000n.safetensors and model.safetensors.index.json
// ({"metadata": {"total_size": bytes}, "weight_map": {tensor: file}}). Tensors come one at a
// time and go to disk as they come (their bytes in data files beside the shard, joined
// behind its header when it is complete), so host memory stays near one tensor whatever the
// model's size. Each file is written atomically; the caller's folder is a temporary one
// moved into place whole (checkpoint_folder.h).
#pragma once

#include "core/io/safetensors.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace prunescope {

constexpr uint64_t kDefaultShardBytes = 5'000'000'000; // save_pretrained's "5GB"

// "5GB" (10^9), "500MB", "2GiB" (2^30), "64KiB", or a count of bytes; throws naming `option`.
uint64_t parseByteSize(const std::string &text, const std::string &option);

class ShardedWriter
{
public:
    // A shard holds tensors up to `maxShardBytes` in all (a larger tensor has one of its own).
    ShardedWriter(std::filesystem::path folder, uint64_t maxShardBytes, std::map<std::string, std::string> metadata);
    ~ShardedWriter(); // removes the data files of a shard left unfinished
    ShardedWriter(const ShardedWriter &) = delete;
    ShardedWriter &operator=(const ShardedWriter &) = delete;

    void add(const std::string &name, const torch::Tensor &tensor);
    // Writes the last shard and the index.
    void finish();

private:
    void flush();
    // The data file of the shard at hand for tensors of `elementSize` bytes an element: kept
    // apart by alignment, so that the joined buffer starts each tensor on its element size.
    std::filesystem::path dataFile(uint64_t elementSize) const;

    std::filesystem::path m_folder;
    uint64_t m_maxShardBytes;
    std::map<std::string, std::string> m_metadata;
    std::map<uint64_t, std::vector<TensorEntry>, std::greater<>> m_pending; // by element size, largest first
    std::set<std::string> m_names;
    uint64_t m_pendingBytes = 0, m_totalBytes = 0;
    std::vector<std::vector<std::string>> m_shards; // the names in each shard written so far
};

} // namespace prunescope
