#include "core/io/sharded_weights.h"

#include "core/io/atomic_file.h"
#include "core/io/safetensors_writing.h"
#include "core/support/error.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>
#include <fstream>

namespace prunescope {

namespace fs = std::filesystem;

namespace {

// The shards' names before their count is known, and after.
std::string pendingName(size_t index)
{
    return "model-pending-" + std::to_string(index + 1) + ".safetensors";
}

std::string shardName(size_t index, size_t count)
{
    char name[64];
    std::snprintf(name, sizeof name, "model-%05zu-of-%05zu.safetensors", index + 1, count);
    return name;
}

} // namespace

uint64_t parseByteSize(const std::string &text, const std::string &option)
{
    size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])))
        ++digits;
    std::string unit = text.substr(digits);
    for (auto &c : unit)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    static const std::map<std::string, uint64_t> units = {
        {"", 1},           {"B", 1},           {"KB", 1'000},       {"MB", 1'000'000}, {"GB", 1'000'000'000},
        {"KIB", 1ull << 10}, {"MIB", 1ull << 20}, {"GIB", 1ull << 30}};
    const auto scale = units.find(unit);
    if (digits == 0 || digits > 15 || scale == units.end() || std::stoull(text.substr(0, digits)) == 0)
        throw Error(option + " '" + text + "' is not a size above 0 such as 5GB, 500MB, 2GiB or a count of bytes");
    return std::stoull(text.substr(0, digits)) * scale->second;
}

ShardedWriter::ShardedWriter(fs::path folder, uint64_t maxShardBytes, std::map<std::string, std::string> metadata)
    : m_folder(std::move(folder))
    , m_maxShardBytes(maxShardBytes)
    , m_metadata(std::move(metadata))
{
}

ShardedWriter::~ShardedWriter()
{
    std::error_code ignored;
    for (const auto &[size, entries] : m_pending)
        fs::remove(dataFile(size), ignored);
}

fs::path ShardedWriter::dataFile(uint64_t elementSize) const
{
    return m_folder / (pendingName(m_shards.size()) + ".data" + std::to_string(elementSize));
}

void ShardedWriter::add(const std::string &name, const torch::Tensor &tensor)
{
    const DType dtype = checkedEntry(m_folder / pendingName(m_shards.size()), name, tensor, m_names);
    const auto t = tensor.detach().to(torch::kCPU).contiguous();
    const uint64_t size = dtypeSize(dtype), bytes = uint64_t(t.numel()) * size;
    if (!m_pending.empty() && m_pendingBytes + bytes > m_maxShardBytes)
        flush();
    auto &entries = m_pending[size];
    const uint64_t begin = entries.empty() ? 0 : entries.back().end;
    const fs::path data = dataFile(size);
    std::ofstream out(data, std::ios::binary | std::ios::app);
    out.write(static_cast<const char *>(t.data_ptr()), std::streamsize(bytes));
    if (!out.flush())
        throw Error("cannot write " + data.string() + " (is the disk full?)");
    entries.push_back({name, dtype, t.sizes().vec(), begin, begin + bytes});
    m_pendingBytes += bytes;
    m_totalBytes += bytes;
}

void ShardedWriter::flush()
{
    const fs::path shard = m_folder / pendingName(m_shards.size());
    std::vector<TensorEntry> entries; // offsets in the joined buffer: the largest elements first
    std::vector<std::string> names;
    uint64_t offset = 0;
    for (const auto &[size, group] : m_pending) {
        for (TensorEntry e : group) {
            e.begin += offset;
            e.end += offset;
            entries.push_back(e);
            names.push_back(e.name);
        }
        offset = entries.back().end;
    }
    AtomicFile out(shard);
    out.write(safetensorsPrefix(entries, m_metadata, shard));
    std::vector<char> buffer(size_t(64) << 20);
    for (const auto &[size, group] : m_pending) {
        const fs::path data = dataFile(size);
        std::ifstream in(data, std::ios::binary);
        while (in) {
            in.read(buffer.data(), std::streamsize(buffer.size()));
            out.write(buffer.data(), uint64_t(in.gcount()));
        }
        if (!in.eof())
            throw Error("cannot read " + data.string() + " back");
    }
    out.commit();
    std::error_code ignored;
    for (const auto &[size, group] : m_pending)
        fs::remove(dataFile(size), ignored);
    m_shards.push_back(std::move(names));
    m_pending.clear();
    m_pendingBytes = 0;
}

void ShardedWriter::finish()
{
    if (!m_pending.empty() || m_shards.empty())
        flush();
    if (m_shards.size() == 1) {
        fs::rename(m_folder / pendingName(0), m_folder / "model.safetensors");
        return;
    }
    nlohmann::json weightMap = nlohmann::json::object(); // by name, as save_pretrained lists it
    for (size_t i = 0; i < m_shards.size(); ++i) {
        const std::string file = shardName(i, m_shards.size());
        fs::rename(m_folder / pendingName(i), m_folder / file);
        for (const auto &name : m_shards[i])
            weightMap[name] = file;
    }
    const nlohmann::ordered_json index = {{"metadata", {{"total_size", m_totalBytes}}}, {"weight_map", weightMap}};
    writeFileAtomically(m_folder / "model.safetensors.index.json", index.dump(2) + "\n");
}

} // namespace prunescope
