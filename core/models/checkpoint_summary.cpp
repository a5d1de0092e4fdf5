#include "core/models/checkpoint_summary.h"

#include "core/support/error.h"
#include "core/io/safetensors_header.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace prunescope {

namespace {

namespace fs = std::filesystem;

SafetensorsHeader readHeader(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path.string() + ": cannot open");
    const uint64_t size = fs::file_size(path);
    std::vector<uint8_t> bytes(8);
    in.read(reinterpret_cast<char *>(bytes.data()), 8);
    uint64_t length = 0;
    for (int i = 7; i >= 0; --i)
        length = (length << 8) | bytes[size_t(i)];
    if (in && length <= kMaxHeaderLength && 8 + length <= size) {
        bytes.resize(8 + length);
        in.read(reinterpret_cast<char *>(bytes.data()) + 8, std::streamsize(length));
    }
    return parseSafetensorsHeader(bytes.data(), in ? bytes.size() : 0, size, path.string());
}

} // namespace

WeightFiles findWeightFiles(const fs::path &folder)
{
    WeightFiles w;
    if (fs::exists(folder / "model.safetensors")) {
        w.files = {folder / "model.safetensors"};
        return w;
    }
    w.index = folder / "model.safetensors.index.json";
    if (!fs::exists(w.index))
        throw Error(folder.string() + ": no model.safetensors or model.safetensors.index.json"
                    + (fs::exists(folder / "pytorch_model.bin")
                           ? std::string(" (pytorch_model.bin is not read: save the model with safetensors)")
                           : std::string()));
    std::ifstream in(w.index);
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::exception &e) {
        throw Error(w.index.string() + ": not valid JSON: " + e.what());
    }
    if (!json.is_object() || !json.contains("weight_map") || !json["weight_map"].is_object())
        throw Error(w.index.string() + ": no 'weight_map' object");
    for (const auto &[tensor, file] : json["weight_map"].items()) {
        if (!file.is_string())
            throw Error(w.index.string() + ": weight_map entry '" + tensor + "' is not a file name");
        const std::string name = file.get<std::string>();
        if (name.empty() || name.find('/') != std::string::npos || name.find("..") != std::string::npos)
            throw Error(w.index.string() + ": weight_map entry '" + tensor + "' names '" + name
                        + "', which is not a file in the checkpoint folder");
        w.weightMap[tensor] = name;
        if (std::find(w.files.begin(), w.files.end(), folder / name) == w.files.end()) {
            if (!fs::exists(folder / name))
                throw Error(w.index.string() + ": shard '" + name + "' is missing from " + folder.string());
            w.files.push_back(folder / name);
        }
    }
    return w;
}

namespace {

// n in the largest of 10^9, 10^6 and 10^3 (from 10,000) that it reaches, with that one's unit.
std::string withUnit(int64_t n, const char *giga, const char *mega, const char *kilo, const char *one)
{
    char text[32];
    if (n >= 1'000'000'000)
        std::snprintf(text, sizeof text, "%.2f%s", double(n) / 1e9, giga);
    else if (n >= 1'000'000)
        std::snprintf(text, sizeof text, "%.1f%s", double(n) / 1e6, mega);
    else if (n >= 10'000)
        std::snprintf(text, sizeof text, "%.1f%s", double(n) / 1e3, kilo);
    else
        std::snprintf(text, sizeof text, "%lld%s", static_cast<long long>(n), one);
    return text;
}

} // namespace

std::string formatCount(int64_t n)
{
    return withUnit(n, "B", "M", "k", "");
}

std::string formatBytes(int64_t n)
{
    return withUnit(n, " GB", " MB", " kB", " B");
}

CheckpointSummary summarizeCheckpoint(const fs::path &folder)
{
    if (!fs::is_directory(folder))
        throw Error(folder.string() + ": not a folder");
    CheckpointSummary s;
    s.folder = folder;
    s.config = readModelConfig(folder / "config.json");
    s.structure = describeStructure(s.config);
    s.files = findWeightFiles(folder).files;
    for (const auto &file : s.files) {
        const auto header = readHeader(file);
        s.fileBytes += fs::file_size(file);
        for (const auto &t : header.tensors) {
            ++s.tensorCount;
            s.parameterCount += int64_t(t.elementCount());
            s.dtypeCounts[std::string(dtypeName(t.dtype))] += int64_t(t.elementCount());
        }
    }
    return s;
}

std::string summaryText(const CheckpointSummary &s)
{
    std::ostringstream out;
    out << "model:        " << s.folder.string() << "\n"
        << "family:       " << s.config.familyName() << " ("
        << (s.config.architecture.empty() ? "no architectures key" : s.config.architecture) << ")\n"
        << "parameters:   " << formatCount(s.parameterCount) << " (" << s.parameterCount << ") in "
        << s.tensorCount << " tensors, " << formatCount(int64_t(s.fileBytes)) << "B on disk";
    for (const auto &[dtype, count] : s.dtypeCounts)
        out << ", " << dtype << " " << formatCount(count);
    out << "\n";
    for (size_t i = 0; i < s.structure.towers.size(); ++i) {
        const auto &t = s.structure.towers[i];
        const auto &c = s.config.towers[i];
        out << "tower " << t.name << ": " << t.layers.size() << " layers, hidden " << t.hidden << ", " << t.heads
            << " heads of " << t.headDim << ", FFN " << t.ffn << ", " << c.activation << "\n";
    }
    out << "prunable:     " << s.structure.headCount() << " heads, " << s.structure.neuronCount()
        << " FFN neurons, " << formatCount(s.structure.prunableWeightCount()) << " weights in "
        << [&] {
               size_t n = 0;
               for (const auto &t : s.structure.towers)
                   for (const auto &l : t.layers)
                       n += l.matrices.size();
               return n;
           }()
        << " matrices\n";
    if (s.config.head == TaskHead::SequenceClassification)
        out << "labels:       " << s.config.numLabels << " (" << s.config.problemType << ")\n";
    return out.str();
}

std::string summaryJson(const CheckpointSummary &s)
{
    nlohmann::json towers = nlohmann::json::array();
    for (const auto &t : s.structure.towers)
        towers.push_back({{"name", t.name},
                          {"layers", t.layers.size()},
                          {"hidden", t.hidden},
                          {"heads", t.heads},
                          {"head_dim", t.headDim},
                          {"ffn", t.ffn}});
    nlohmann::json json = {{"folder", s.folder.string()},
                           {"family", s.config.familyName()},
                           {"architecture", s.config.architecture},
                           {"parameters", s.parameterCount},
                           {"tensors", s.tensorCount},
                           {"file_bytes", s.fileBytes},
                           {"dtypes", s.dtypeCounts},
                           {"towers", towers},
                           {"prunable", {{"heads", s.structure.headCount()},
                                         {"neurons", s.structure.neuronCount()},
                                         {"weights", s.structure.prunableWeightCount()}}}};
    return json.dump(2);
}

} // namespace prunescope
