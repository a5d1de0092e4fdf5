// A Hugging Face checkpoint folder: config.json plus model.safetensors, or shards
// listed in model.safetensors.index.json. Tensors are read through mmap; names are
// matched to the model's parameters across the spellings in use (with or without the
// base-model prefix, LayerNorm gamma/beta), and every tensor is checked for presence
// and shape before anything is loaded.
#pragma once

#include "core/models/model.h"
#include "core/models/model_config.h"
#include "core/io/safetensors.h"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace prunescope {

struct LoadOptions
{
    torch::Device device = torch::kCPU;
    torch::ScalarType dtype = torch::kFloat;
    // The type a run computes in under autocast (bf16, fp16) where it is not float32. A
    // checkpoint whose every tensor the model reads is stored in that type is then held in it
    // rather than in `dtype`: a Llama-3-8B in 16 GB rather than 32, and its gradients as
    // well, while the stored values lose nothing. What the model adds up between its
    // matrix products (the residual stream) is then rounded to that type too, as in
    // transformers' models loaded in it.
    torch::ScalarType computeIn = torch::kFloat;
    // A classifier for other classes (names in class order): the config takes them
    // (withLabels) and the family's classifierOutput starts afresh, its weight drawn from
    // N(0, initializer_range²) with `seed` and its bias zero, as transformers initialises it.
    std::vector<std::string> newLabels;
    uint64_t seed = 0;
};

struct LoadReport
{
    std::vector<std::string> warnings; // unexpected tensors, converted dtypes, ignored buffers
    std::map<std::string, std::string> fileNames; // model parameter -> tensor name in the files
    std::vector<std::string> initialised; // parameters started afresh (a new classification head)
    torch::ScalarType dtype = torch::kFloat; // the type the model is held in
};

class Checkpoint
{
public:
    // Reads config.json and maps the weight files; throws prunescope::Error naming the file.
    static std::unique_ptr<Checkpoint> open(const std::filesystem::path &folder);

    const std::filesystem::path &folder() const { return m_folder; }
    const ModelConfig &config() const { return m_config; }
    std::vector<std::filesystem::path> files() const;

    std::vector<std::string> tensorNames() const; // as stored, sorted
    bool contains(const std::string &name) const { return m_location.count(name) > 0; }
    const TensorEntry &entry(const std::string &name) const;
    const SafetensorsFile &fileOf(const std::string &name) const;
    torch::Tensor tensor(const std::string &name) const;

    // The tensor a model parameter reads, whatever its spelling in the files; empty if none.
    std::string storedName(const std::string &parameterName) const;

    // Builds the model, checks every parameter against the files and loads them. On the CPU in
    // the stored dtype they alias the mapped files; copied (converted, to a GPU), their pages go.
    std::shared_ptr<TransformerModel> loadModel(const LoadOptions &options = {}, LoadReport *report = nullptr) const;

private:
    Checkpoint() = default;
    std::string normalize(const std::string &name) const;

    std::filesystem::path m_folder;
    ModelConfig m_config;
    std::vector<std::unique_ptr<SafetensorsFile>> m_files;
    std::map<std::string, size_t> m_location;      // stored name -> index into m_files
    std::map<std::string, std::string> m_normalized; // normalized name -> stored name
    std::vector<std::string> m_warnings;
};

} // namespace prunescope
