// Weights written as save_pretrained writes them: model.safetensors when they fit in one
// shard, otherwise model-0000k-of-0000n.safetensors and model.safetensors.index.json
// ({"metadata": {"total_size": bytes}, "weight_map": {tensor: file}}). Tensors come one at a
// time and are held only until their shard is written, so host memory stays near one shard
// whatever the model's size. Each file is written atomically; the caller's folder is a
// temporary one moved into place whole (checkpoint_folder.h).
#pragma once

#include "core/io/safetensors.h"

#include <cstdint>
#include <filesystem>
#include <map>
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

    void add(const std::string &name, const torch::Tensor &tensor);
    // Writes the last shard and the index.
    void finish();

private:
    void flush();

    std::filesystem::path m_folder;
    uint64_t m_maxShardBytes;
    std::map<std::string, std::string> m_metadata;
    NamedTensors m_pending;
    uint64_t m_pendingBytes = 0, m_totalBytes = 0;
    std::vector<std::vector<std::string>> m_shards; // the names in each shard written so far
};

} // namespace prunescope
