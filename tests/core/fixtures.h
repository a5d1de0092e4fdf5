// The checkpoints of tests/data/hf (made by transformers) and their reference inputs, for the
// core tests.
#pragma once

#include "core/models/reference_run.h"
#include "core/io/safetensors.h"

#include <torch/cuda.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace prunescope::testing {

inline std::filesystem::path fixture(const std::string &family)
{
    return std::filesystem::path(PRUNESCOPE_TEST_DATA) / "hf" / family;
}

// Every family with a fixture, in the registry's order.
inline const std::vector<std::string> &fixtureFamilies()
{
    static const std::vector<std::string> families = {"bert", "gpt2", "clip", "roberta", "distilbert",
                                                             "vit", "llama", "qwen2", "mistral"};
    return families;
}

// The batch a fixture's reference outputs were made from.
inline ModelInputs fixtureInputs(const std::string &family)
{
    return readModelInputs(*SafetensorsFile::open(fixture(family) / "reference.safetensors"));
}

// A copy of the checkpoint folder `from` at `to`, its weights stored as `dtype` and every
// other file as it is: the checkpoint as a tool that saves in that type would have written it.
inline std::filesystem::path copyCheckpointAs(const std::filesystem::path &from, const std::filesystem::path &to,
                                              torch::ScalarType dtype)
{
    std::filesystem::create_directories(to);
    for (const auto &entry : std::filesystem::directory_iterator(from))
        if (entry.path().filename() != "model.safetensors")
            std::filesystem::copy_file(entry.path(), to / entry.path().filename());
    NamedTensors tensors = readAllTensors(from / "model.safetensors");
    for (auto &[name, tensor] : tensors)
        tensor = tensor.to(dtype);
    writeSafetensors(to / "model.safetensors", tensors);
    return to;
}

// ||ours - reference|| / ||reference||, in double on the CPU.
inline double relativeError(const torch::Tensor &ours, const torch::Tensor &reference)
{
    const auto r = reference.to(torch::kCPU, torch::kDouble);
    return ((ours.to(torch::kCPU, torch::kDouble) - r).norm() / r.norm()).item<double>();
}

// max |ours - reference| / max(1, max |reference|), in double on the CPU: outputs of order 1
// compared as absolute differences, larger ones relative to their largest value.
inline double relativeDifference(const torch::Tensor &ours, const torch::Tensor &reference)
{
    const auto r = reference.to(torch::kCPU, torch::kDouble);
    return (ours.to(torch::kCPU, torch::kDouble) - r).abs().max().item<double>()
        / std::max(1.0, r.abs().max().item<double>());
}

// The devices a test runs on: the CPU, and the GPU where there is one (the device round).
inline std::vector<torch::Device> testDevices()
{
    std::vector<torch::Device> devices = {torch::kCPU};
    if (torch::cuda::is_available())
        devices.emplace_back(torch::kCUDA);
    return devices;
}

} // namespace prunescope::testing
