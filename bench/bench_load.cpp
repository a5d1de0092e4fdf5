// Checkpoint load time: opening a checkpoint and building the model from it, against
// reading the same weight file fully into memory. Runs on each given fixture folder and
// on a generated BERT-base-shaped checkpoint (12 layers, 768 hidden, random weights).
//
//   prunescope-bench-load [--device cpu|cuda] [--repeat N] [--base-dir DIR] FIXTURE_DIR...
#include "core/models/checkpoint.h"
#include "core/models/device.h"
#include "core/io/safetensors.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <functional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace prunescope;

namespace {

double seconds(const std::function<void()> &work)
{
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Writes a BertForSequenceClassification checkpoint of BERT-base shape with random weights.
fs::path makeBertBase(const fs::path &folder)
{
    fs::create_directories(folder);
    std::ofstream(folder / "config.json") << R"({"model_type": "bert", "architectures": ["BertForSequenceClassification"],
        "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072,
        "vocab_size": 30522, "max_position_embeddings": 512, "type_vocab_size": 2, "num_labels": 2})";
    const auto config = readModelConfig(folder / "config.json");
    auto model = createModel(config);
    NamedTensors tensors;
    for (const auto &p : model->named_parameters())
        tensors.emplace_back(p.key(), torch::randn(p.value().sizes()) * 0.02);
    writeSafetensors(folder / "model.safetensors", tensors, {{"format", "pt"}});
    return folder;
}

void measure(const fs::path &folder, torch::Device device, int repeat)
{
    uint64_t bytes = 0;
    std::vector<double> readTimes, loadTimes, touchTimes;
    const auto weights = Checkpoint::open(folder)->files();
    for (int i = 0; i < repeat; ++i) {
        readTimes.push_back(seconds([&] {
            for (const auto &file : weights) {
                // Uninitialised buffer: the baseline pays for the read, not for zeroing.
                bytes = fs::file_size(file);
                std::unique_ptr<char[]> data(new char[bytes]);
                std::ifstream in(file, std::ios::binary);
                in.read(data.get(), std::streamsize(bytes));
            }
        }));
        loadTimes.push_back(seconds([&] {
            LoadOptions options;
            options.device = device;
            auto model = Checkpoint::open(folder)->loadModel(options);
            if (device.is_cuda())
                torch::cuda::synchronize();
        }));
        // On the CPU the weights alias the mapped file and are read on first use: this
        // column pays for reading every byte once.
        touchTimes.push_back(seconds([&] {
            LoadOptions options;
            options.device = device;
            auto model = Checkpoint::open(folder)->loadModel(options);
            torch::NoGradGuard noGrad;
            double sum = 0;
            for (const auto &p : model->parameters())
                sum += p.sum().item<double>();
            if (!std::isfinite(sum))
                std::fprintf(stderr, "non-finite weights in %s\n", folder.c_str());
        }));
    }
    const double read = median(readTimes), load = median(loadTimes), touch = median(touchTimes);
    std::printf("| %s | %.1f MB | %s | %.2f ms | %.2f ms (%.2fx) | %.2f ms (%.2fx) |\n", folder.filename().c_str(),
                double(bytes) / 1e6, device.str().c_str(), read * 1e3, load * 1e3, load / read, touch * 1e3, touch / read);
}

} // namespace

int main(int argc, char **argv)
{
    try {
        torch::Device device = torch::kCPU;
        int repeat = 5;
        fs::path baseDir = fs::temp_directory_path() / "prunescope-bench-bert-base";
        std::vector<fs::path> folders;
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            if (a == "--device" && i + 1 < argc)
                device = parseDevice(argv[++i]);
            else if (a == "--repeat" && i + 1 < argc)
                repeat = std::max(1, std::stoi(argv[++i]));
            else if (a == "--base-dir" && i + 1 < argc)
                baseDir = argv[++i];
            else
                folders.emplace_back(a);
        }
        if (!fs::exists(baseDir / "model.safetensors"))
            makeBertBase(baseDir);
        folders.push_back(baseDir);
        std::printf("| checkpoint | weights | device | read file into memory | open + load model (ratio) "
                    "| load + read every weight once (ratio) |\n|---|---|---|---|---|---|\n");
        for (const auto &folder : folders)
            measure(folder, device, repeat);
        return 0;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "prunescope-bench-load: error: %s\n", e.what());
        return 1;
    }
}
