// Mask and score-map comparison speed in one process: the maps' copy to the device, the
// first comparison (what `prunescope-cli compare` pays: it also loads the device's kernels
// and libraries) and R more (what the GUI pays for every comparison after its first), as
// bench/compare_speed.py runs it beside a PyTorch loop. Prints one JSON line.
//
//   prunescope-bench-compare --model DIR [--device cuda] [--repeat R] [--profile TOP] MAP...
#include "core/analysis/compare.h"
#include "core/models/device.h"
#include "core/models/model.h"
#include "core/models/model_config.h"
#include "core/models/model_structure.h"
#include "core/scoring/score_map.h"
#include "core/support/error.h"

#include "bench/profile_kernels.h"

#include <torch/cuda.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

using namespace prunescope;

namespace {

// Seconds `work` takes until the device has finished it.
double timed(torch::Device device, const std::function<void()> &work)
{
    const auto start = std::chrono::steady_clock::now();
    work();
    if (device.is_cuda())
        torch::cuda::synchronize(device.index());
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int run(int argc, char **argv)
{
    std::string model;
    torch::Device device = torch::kCPU;
    int64_t repeats = 5, profile = 0;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string name = argv[i];
        const auto next = [&]() -> std::string {
            if (i + 1 >= argc)
                throw Error(name + " needs a value");
            return argv[++i];
        };
        if (name == "--model")
            model = next();
        else if (name == "--device")
            device = parseDevice(next());
        else if (name == "--repeat")
            repeats = std::stoll(next());
        else if (name == "--profile")
            profile = std::stoll(next());
        else if (name.rfind("--", 0) == 0)
            throw Error("unexpected option " + name);
        else
            files.push_back(name);
    }
    if (model.empty() || files.size() < 2)
        throw Error("usage: prunescope-bench-compare --model DIR [--device cuda] [--repeat R] [--profile TOP] MAP MAP...");

    const ModelStructure structure = describeStructure(readModelConfig(std::filesystem::path(model) / "config.json"));
    std::vector<std::string> names;
    std::vector<ScoreMap> maps;
    for (const auto &file : files) {
        maps.push_back(loadMaskOrScores(file, LoadAs::Stored));
        names.push_back(std::filesystem::path(file).stem().string());
    }
    CompareOptions options;
    options.device = device;
    const double copy = timed(device, [&] {
        for (auto &map : maps)
            for (auto &[name, tensor] : map.tensors)
                tensor = toDevice(tensor, device);
    });
    const auto compare = [&] { compareMaps(names, maps, structure, options); };
    const double first = timed(device, compare);
    std::vector<double> seconds;
    for (int64_t r = 0; r < repeats; ++r)
        seconds.push_back(timed(device, compare));
    if (profile > 0)
        profileKernels(compare, profile);
    std::cout << nlohmann::json{{"copy_seconds", copy},
                                {"first_seconds", first},
                                {"seconds", seconds},
                                {"maps", maps.size()},
                                {"device", describeDevice(device)}}
                     .dump()
              << std::endl;
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    try {
        return run(argc, argv);
    } catch (const std::exception &e) {
        std::cerr << "prunescope-bench-compare: " << e.what() << "\n";
        return 1;
    }
}
