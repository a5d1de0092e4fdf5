#include "core/models/checkpoint.h"

#include "core/models/model_family.h"
#include "core/models/checkpoint_summary.h"
#include "core/support/error.h"
#include "core/support/string_util.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <set>

namespace prunescope {

namespace {

namespace fs = std::filesystem;

std::string shapeText(c10::IntArrayRef shape)
{
    return c10::str(shape);
}

} // namespace

std::unique_ptr<Checkpoint> Checkpoint::open(const fs::path &folder)
{
    if (!fs::is_directory(folder))
        throw Error(folder.string() + ": not a folder (a checkpoint is a folder with config.json and model.safetensors)");
    std::unique_ptr<Checkpoint> c(new Checkpoint);
    c->m_folder = folder;
    c->m_config = readModelConfig(folder / "config.json");

    const WeightFiles weights = findWeightFiles(folder);
    const auto &weightMap = weights.weightMap;
    for (const auto &file : weights.files)
        c->m_files.push_back(SafetensorsFile::open(file));

    for (size_t i = 0; i < c->m_files.size(); ++i) {
        const auto &file = *c->m_files[i];
        for (const auto &t : file.header().tensors) {
            if (!weightMap.empty()) {
                const auto it = weightMap.find(t.name);
                if (it == weightMap.end() || folder / it->second != file.path()) {
                    c->m_warnings.push_back("tensor '" + t.name + "' in " + file.path().filename().string()
                                            + " is not assigned to that file by the index and was ignored");
                    continue;
                }
            }
            if (!c->m_location.emplace(t.name, i).second)
                throw Error(file.path().string() + ": tensor '" + t.name + "' is also stored in "
                            + c->m_files[c->m_location[t.name]]->path().string());
        }
    }
    for (const auto &[tensor, shard] : weightMap)
        if (!c->m_location.count(tensor))
            throw Error(weights.index.string() + ": tensor '" + tensor + "' is mapped to " + shard
                        + ", which does not contain it");

    for (const auto &[name, where] : c->m_location) {
        const std::string key = c->normalize(name);
        const auto [it, inserted] = c->m_normalized.emplace(key, name);
        if (!inserted)
            throw Error(folder.string() + ": tensors '" + it->second + "' and '" + name
                        + "' are two spellings of the same parameter");
    }
    return c;
}

std::string Checkpoint::normalize(const std::string &name) const
{
    std::string n = name;
    // Checkpoints of the base model and of a model with a task head spell the base model's
    // parameters with and without the head's prefix ("bert.", "transformer.").
    for (const auto &architecture : m_config.family->architectures) {
        const std::string &prefix = architecture.basePrefix;
        if (!prefix.empty() && n.compare(0, prefix.size(), prefix) == 0)
            n = n.substr(prefix.size());
    }
    if (endsWith(n, ".gamma"))
        n = n.substr(0, n.size() - 6) + ".weight";
    else if (endsWith(n, ".beta"))
        n = n.substr(0, n.size() - 5) + ".bias";
    return n;
}

std::vector<fs::path> Checkpoint::files() const
{
    std::vector<fs::path> paths;
    for (const auto &f : m_files)
        paths.push_back(f->path());
    return paths;
}

std::vector<std::string> Checkpoint::tensorNames() const
{
    std::vector<std::string> names;
    for (const auto &[name, where] : m_location)
        names.push_back(name);
    return names;
}

const SafetensorsFile &Checkpoint::fileOf(const std::string &name) const
{
    const auto it = m_location.find(name);
    if (it == m_location.end())
        throw Error(m_folder.string() + ": no tensor named '" + name + "'");
    return *m_files[it->second];
}

const TensorEntry &Checkpoint::entry(const std::string &name) const
{
    return *fileOf(name).find(name);
}

torch::Tensor Checkpoint::tensor(const std::string &name) const
{
    return fileOf(name).tensor(name);
}

std::string Checkpoint::storedName(const std::string &parameterName) const
{
    const auto it = m_normalized.find(normalize(parameterName));
    return it == m_normalized.end() ? std::string() : it->second;
}

std::shared_ptr<TransformerModel> Checkpoint::loadModel(const LoadOptions &options, LoadReport *report) const
{
    const bool hasPooler = !storedName(baseModelPrefix(m_config) + "pooler.dense.weight").empty();
    const std::string &fresh = m_config.family->classifierOutput;
    const bool newHead = !options.newLabels.empty();
    if (newHead && (m_config.head != TaskHead::SequenceClassification || fresh.empty()))
        throw Error(m_folder.string() + ": a new classification head needs a classifier, and this model is a "
                    + m_config.architecture);
    const auto isFresh = [&](const std::string &name) {
        return newHead && (name == fresh + ".weight" || name == fresh + ".bias");
    };
    auto model = createModel(newHead ? withLabels(m_config, options.newLabels) : m_config, hasPooler);

    LoadReport local;
    LoadReport &r = report ? *report : local;
    r.warnings.insert(r.warnings.end(), m_warnings.begin(), m_warnings.end());
    std::vector<std::string> problems;
    std::set<std::string> used;
    const auto params = model->named_parameters(true);
    for (const auto &item : params) {
        if (isFresh(item.key())) {
            used.insert(storedName(item.key())); // the old head's classes: not loaded, and no surprise
            r.initialised.push_back(item.key());
            continue;
        }
        const std::string stored = storedName(item.key());
        const auto expected = item.value().sizes();
        if (stored.empty()) {
            problems.push_back("tensor '" + item.key() + "' (shape " + shapeText(expected) + ") is missing from "
                               + m_folder.string());
            continue;
        }
        const auto &e = entry(stored);
        if (c10::IntArrayRef(e.shape) != expected) {
            problems.push_back("tensor '" + stored + "' in " + fileOf(stored).path().filename().string() + " has shape "
                               + shapeText(e.shape) + ", config.json implies " + shapeText(expected));
            continue;
        }
        used.insert(stored);
        r.fileNames[item.key()] = stored;
    }
    if (!problems.empty()) {
        std::string message = problems.front();
        if (problems.size() > 1)
            message += " (and " + std::to_string(problems.size() - 1) + " more problems like it)";
        throw Error(message);
    }
    for (const auto &[name, where] : m_location) {
        if (used.count(name))
            continue;
        if (model->isIgnorableTensor(normalize(name)))
            continue;
        r.warnings.push_back("unexpected tensor '" + name + "' in " + m_files[where]->path().filename().string()
                             + " was not loaded");
    }

    r.dtype = options.dtype;
    if (options.computeIn != torch::kFloat && options.computeIn != options.dtype
        && std::all_of(r.fileNames.begin(), r.fileNames.end(), [&](const auto &read) {
               return entry(read.second).dtype == dtypeOf(options.computeIn, read.second);
           }))
        r.dtype = options.computeIn;

    torch::NoGradGuard noGrad;
    torch::Generator generator = at::detail::createCPUGenerator(options.seed);
    const double spread = nlohmann::json::parse(m_config.json).value("initializer_range", 0.02);
    for (const auto &item : params) {
        if (isFresh(item.key())) {
            auto &p = item.value();
            p.set_data(item.key() == fresh + ".bias" ? torch::zeros(p.sizes())
                                                     : at::normal(0.0, spread, p.sizes(), generator));
            continue;
        }
        const std::string &stored = r.fileNames[item.key()];
        torch::Tensor data = tensor(stored);
        if (!torch::isFloatingType(data.scalar_type()))
            throw Error("tensor '" + stored + "' has dtype " + std::string(dtypeName(entry(stored).dtype))
                        + ", a floating-point type was expected");
        const torch::Tensor loaded = data.to(options.device, r.dtype);
        if (!loaded.is_same(data)) // a copy: the mapped pages are not needed again (a model's worth of host memory)
            fileOf(stored).release(stored);
        item.value().set_data(loaded);
    }
    model->moveTo(options.device, r.dtype);
    return model;
}

} // namespace prunescope
