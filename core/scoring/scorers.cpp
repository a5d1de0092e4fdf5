#include "core/scoring/scorers.h"

#include "core/scoring/scorers_internal.h"
#include "core/models/unit_slices.h"

#include "core/data/datasets.h"
#include "core/models/device.h"
#include "core/support/error.h"

#include <torch/torch.h>

#include <chrono>
#include <sstream>

namespace prunescope {

namespace {

struct MethodInfo
{
    const char *name;
    std::set<Granularity> granularities;
    bool needsData;
};

const std::vector<MethodInfo> &methods()
{
    static const std::vector<MethodInfo> table = {
        {"random", {Granularity::Weight, Granularity::Head, Granularity::Neuron}, false},
        {"magnitude", {Granularity::Weight, Granularity::Head, Granularity::Neuron}, false},
        {"gradient", {Granularity::Weight}, true},
        {"taylor", {Granularity::Weight, Granularity::Head, Granularity::Neuron}, true},
        {"snip", {Granularity::Weight}, true},
        {"head-importance", {Granularity::Head, Granularity::Neuron}, true},
        {"wanda", {Granularity::Weight}, true},
        {"cam-cut", {Granularity::Weight, Granularity::Head, Granularity::Neuron}, true},
        {"smooth-cut", {Granularity::Weight, Granularity::Head, Granularity::Neuron}, true},
    };
    return table;
}

const MethodInfo &method(const std::string &name)
{
    for (const auto &m : methods())
        if (name == m.name)
            return m;
    std::string known;
    for (const auto &n : scoreMethodNames())
        known += (known.empty() ? "" : ", ") + n;
    throw Error("unknown scoring method '" + name + "' (known: " + known + ")");
}

// Michel et al.: L2 within each layer, then min-max over everything.
torch::Tensor normalizeImportance(torch::Tensor scores, bool perLayer, bool globally)
{
    if (perLayer)
        scores = scores / (scores.norm(2, -1, true) + 1e-20);
    if (globally)
        scores = (scores - scores.min()) / (scores.max() - scores.min() + 1e-20);
    return scores;
}

// Adds noise to every linear output (or to the token embeddings): SmoothGrad as DeepCuts runs it.
// The standard deviation of the token embeddings, the scale of embedding noise.
double embeddingSpread(TransformerModel &model)
{
    for (const auto &p : model.named_parameters())
        if (p.key().find("word_embeddings") != std::string::npos || p.key().find("wte") != std::string::npos
            || p.key().find("token_embedding") != std::string::npos)
            return p.value().detach().std().item<double>();
    throw Error("this model has no token embeddings to add noise to");
}

SiteHook smoothNoise(const ScoreOptions &options, double sigma)
{
    const SiteKind target = options.smoothOnEmbeddings ? SiteKind::InputEmbeddings : SiteKind::LinearOutput;
    return [target, sigma](const Site &site, const torch::Tensor &x) {
        return site.kind == target ? x + sigma * torch::randn_like(x) : x;
    };
}

// K copies of a batch, stacked: the mean loss over them is the mean of the K losses.
ModelInputs replicate(const ModelInputs &in, int64_t k)
{
    ModelInputs out;
    const auto repeat = [k](const torch::Tensor &t) {
        if (!t.defined())
            return t;
        std::vector<int64_t> times(size_t(t.dim()), 1);
        times[0] = k;
        return t.repeat(times);
    };
    out.inputIds = repeat(in.inputIds);
    out.attentionMask = repeat(in.attentionMask);
    out.tokenTypeIds = repeat(in.tokenTypeIds);
    out.pixelValues = repeat(in.pixelValues);
    out.labels = repeat(in.labels);
    return out;
}

std::string describeOptions(const ScoreOptions &o)
{
    const auto flag = [](bool b) { return b ? "true" : "false"; };
    std::ostringstream text;
    if (o.method == "taylor")
        text << "absolute_per_batch=" << flag(o.absolutePerBatch);
    else if (o.method == "head-importance")
        text << "normalize_per_layer=" << flag(o.normalizePerLayer) << ",normalize_globally=" << flag(o.normalizeGlobally);
    else if (o.method == "cam-cut")
        text << "shift=" << o.camShift << ",include_padding=" << flag(o.camIncludePadding);
    else if (o.method == "smooth-cut")
        text << "samples=" << o.smoothSamples << ",sigma=" << o.smoothSigma << ",noise_on="
             << (o.smoothOnEmbeddings ? "embeddings" : "linear-outputs") << ",batched=" << flag(o.smoothBatched);
    return text.str();
}

// The magnitude of every head and FFN neuron of a tower: the L2 norm of the weights (and
// biases) that removing the unit removes (METHODS.md section 0), as the unit slices say:
// a head's rows of Q, K and V with their biases and its columns of the attention output;
// a neuron's row (and bias) of the FFN input (and gate) and its column of the FFN output.
// A key-value group shared by several query heads counts for each of them.
// Returns [layers, heads], [layers, ffn].
std::pair<torch::Tensor, torch::Tensor> unitMagnitudes(TransformerModel &model, size_t towerIndex)
{
    torch::NoGradGuard noGrad;
    const TowerStructure &tower = model.structure().towers[towerIndex];
    auto params = model.named_parameters();
    const auto squared = [&](const std::string &name) {
        return name.empty() ? torch::Tensor() : params[name].detach().to(torch::kCPU, torch::kDouble).pow(2);
    };
    std::vector<torch::Tensor> heads, neurons;
    for (const auto &layer : tower.layers) {
        auto head = torch::zeros({tower.heads}, torch::kDouble);
        auto neuron = torch::zeros({tower.ffn}, torch::kDouble);
        for (const auto &m : layer.matrices) {
            const auto w = squared(m.weight), b = squared(m.bias);
            for (const UnitSlice &slice : m.slices) {
                const auto sums = sumPerUnit(m, slice, w, b);
                if (slice.unit == UnitKind::Neuron)
                    neuron += sums;
                else
                    head += toHeads(tower, slice, sums);
            }
        }
        heads.push_back(head.sqrt());
        neurons.push_back(neuron.sqrt());
    }
    return {torch::stack(heads).to(torch::kFloat), torch::stack(neurons).to(torch::kFloat)};
}

} // namespace

namespace detail {

std::vector<const PrunableMatrix *> prunableMatrices(const ModelStructure &structure)
{
    std::vector<const PrunableMatrix *> all;
    for (const auto &tower : structure.towers)
        for (const auto &layer : tower.layers)
            for (const auto &m : layer.matrices)
                all.push_back(&m);
    return all;
}

ModelOutputs forwardAt(torch::ScalarType precision, TransformerModel &model, const ModelInputs &inputs,
                       const ForwardOptions &options, bool wantLoss)
{
    const AutocastScope autocast(model.device(), precision);
    return model.forward(inputs, options, wantLoss);
}

torch::Tensor positionWeights(const ModelInputs &in, int tower, bool includePadding)
{
    if (tower != 0 || includePadding || !in.attentionMask.defined())
        return {};
    return in.attentionMask.to(torch::kFloat);
}

} // namespace detail

using namespace detail;

const std::vector<std::string> &scoreMethodNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const auto &m : methods())
            n.push_back(m.name);
        return n;
    }();
    return names;
}

std::set<Granularity> supportedGranularities(const std::string &name)
{
    return method(name).granularities;
}

std::string granularityName(Granularity granularity)
{
    switch (granularity) {
    case Granularity::Weight: return "weight";
    case Granularity::Head: return "head";
    case Granularity::Neuron: return "neuron";
    }
    return "?";
}

std::set<Granularity> parseGranularities(const std::string &list)
{
    std::set<Granularity> result;
    for (size_t start = 0; start <= list.size();) {
        const size_t comma = std::min(list.find(',', start), list.size());
        const std::string word = list.substr(start, comma - start);
        if (word == "weight")
            result.insert(Granularity::Weight);
        else if (word == "head")
            result.insert(Granularity::Head);
        else if (word == "neuron")
            result.insert(Granularity::Neuron);
        else
            throw Error("granularity '" + word + "' is not one of weight, head, neuron");
        start = comma + 1;
    }
    return result;
}

ScoreMap computeScores(TransformerModel &model, const std::vector<ModelInputs> &batches, const ScoreOptions &options,
                       const Progress &progress)
{
    const MethodInfo &info = method(options.method);
    std::set<Granularity> wanted;
    for (Granularity g : options.granularities)
        if (info.granularities.count(g))
            wanted.insert(g);
    if (wanted.empty())
        throw Error("method '" + options.method + "' gives no scores at the requested granularity");
    if (info.needsData && batches.empty())
        throw Error("method '" + options.method + "' needs data, and the data sample is empty");

    const auto start = std::chrono::steady_clock::now();
    const auto &structure = model.structure();
    const auto matrices = prunableMatrices(structure);
    auto params = model.named_parameters();
    const bool weights = wanted.count(Granularity::Weight) > 0;
    const bool units = wanted.count(Granularity::Head) || wanted.count(Granularity::Neuron);
    ScoreMap result;

    if (options.method == "random" || options.method == "magnitude") {
        torch::Generator generator = at::detail::createCPUGenerator(options.seed);
        const auto uniform = [&](c10::IntArrayRef shape) { return at::rand(shape, generator, torch::kFloat); };
        if (weights)
            for (const auto *m : matrices)
                result.tensors[m->weight] = options.method == "random" ? uniform(params[m->weight].sizes())
                                                                       : params[m->weight].detach().abs().to(torch::kCPU, torch::kFloat);
        for (size_t t = 0; t < structure.towers.size() && units; ++t) {
            const auto layers = int64_t(structure.towers[t].layers.size());
            torch::Tensor heads, neurons;
            if (options.method == "random") { // heads drawn first, as the seed always gave them
                heads = uniform({layers, structure.towers[t].heads});
                neurons = uniform({layers, structure.towers[t].ffn});
            } else {
                std::tie(heads, neurons) = unitMagnitudes(model, t);
            }
            if (wanted.count(Granularity::Head))
                result.tensors[headsName(structure, t)] = heads;
            if (wanted.count(Granularity::Neuron))
                result.tensors[neuronsName(structure, t)] = neurons;
        }
    } else if (options.method == "wanda") {
        result.tensors = wandaScores(model, batches, options.precision, progress);
    } else if (options.method == "cam-cut") {
        result.tensors = camCutScores(model, batches, options, wanted, progress);
    } else {
        std::set<std::string> trainable;
        if (weights)
            for (const auto *m : matrices)
                trainable.insert(m->weight);
        const TrainableScope scope(model, trainable, units);
        const bool smooth = options.method == "smooth-cut";
        if (smooth && options.smoothSamples <= 0)
            throw Error("smooth-cut needs at least one noise sample, got " + std::to_string(options.smoothSamples));
        ForwardOptions noisy;
        if (smooth) {
            torch::manual_seed(options.seed);
            const double spread = options.smoothOnEmbeddings ? embeddingSpread(model) : 1.0;
            noisy.hook = smoothNoise(options, options.smoothSigma * spread);
        }
        std::map<std::string, torch::Tensor> sums; // accumulated on the model's device
        double tokens = 0;
        const size_t usedBatches = options.method == "snip" ? 1 : batches.size();
        // Smooth-cut's K noisy copies of a batch run as one batch of K copies (CLIP's loss
        // keeps them apart), or as fewer copies a pass where the GPU's memory runs out, or
        // one by one where asked or where CLIP's texts outnumber its images. The gradient
        // is their average.
        int64_t copies = smooth && options.smoothBatched ? options.smoothSamples : 1;
        for (size_t b = 0; b < usedBatches; ++b) {
            const ModelInputs in = withLossTargets(batches[b], model.config());
            const bool distractors = in.inputIds.defined() && in.pixelValues.defined()
                                     && in.inputIds.size(0) != in.pixelValues.size(0);
            for (;;) {
                const int64_t n = distractors ? 1 : copies;
                const int64_t passes = smooth ? options.smoothSamples / n : 1;
                model.zero_grad();
                for (size_t t = 0; t < structure.towers.size(); ++t) {
                    model.headGates(t).mutable_grad() = torch::Tensor();
                    model.neuronGates(t).mutable_grad() = torch::Tensor();
                }
                noisy.lossGroups = n;
                try {
                    for (int64_t pass = 0; pass < passes; ++pass) {
                        const auto out = forwardAt(options.precision, model, n > 1 ? replicate(in, n) : in, noisy, true);
                        if (!out.loss.defined())
                            throw Error("the data gives this model no loss to differentiate (CLIP needs texts and images)");
                        (out.loss / double(passes)).backward();
                    }
                    break;
                } catch (const c10::OutOfMemoryError &) {
                    if (n == 1)
                        throw;
                    // The largest divisor of K below n, so that every pass holds as many copies.
                    for (copies = n - 1; options.smoothSamples % copies != 0; --copies) {
                    }
                }
            }
            tokens += in.attentionMask.defined() ? in.attentionMask.sum().item<double>() : double(in.inputIds.numel());

            torch::NoGradGuard noGrad;
            const auto accumulate = [&](const std::string &name, const torch::Tensor &value) {
                auto &sum = sums[name];
                sum = sum.defined() ? sum.add_(value) : value.clone();
            };
            for (const auto *m : weights ? matrices : std::vector<const PrunableMatrix *>()) {
                const auto &w = params[m->weight];
                const auto g = w.grad();
                if (options.method == "gradient")
                    accumulate(m->weight, g.abs());
                else if (options.method == "taylor" && !options.absolutePerBatch)
                    accumulate(m->weight, w * g);
                else
                    accumulate(m->weight, (w * g).abs_());
            }
            for (size_t t = 0; t < structure.towers.size() && units; ++t) {
                const bool signedSum = options.method == "taylor" && !options.absolutePerBatch;
                const auto gate = [&](const torch::Tensor &g) { return signedSum ? g.grad().clone() : g.grad().abs(); };
                if (wanted.count(Granularity::Head))
                    accumulate(headsName(structure, t), gate(model.headGates(t)));
                if (wanted.count(Granularity::Neuron))
                    accumulate(neuronsName(structure, t), gate(model.neuronGates(t)));
            }
            if (progress && !progress(int64_t(b + 1), int64_t(usedBatches), "batch " + std::to_string(b + 1)))
                throw Cancelled();
        }

        torch::NoGradGuard noGrad;
        double snipTotal = 0;
        if (options.method == "snip")
            for (const auto &[name, sum] : sums)
                snipTotal += sum.sum().item<double>();
        for (auto &[name, sum] : sums) {
            torch::Tensor s = sum;
            if (options.method == "taylor" && !options.absolutePerBatch)
                s = s.abs();
            const bool unit = params.find(name) == nullptr;
            if (options.method == "snip")
                s = s / (snipTotal > 0 ? snipTotal : 1.0);
            if (options.method == "head-importance" && unit)
                s = normalizeImportance(s / std::max(tokens, 1.0), options.normalizePerLayer, options.normalizeGlobally);
            result.tensors[name] = s.to(torch::kCPU, torch::kFloat);
        }
    }

    std::ostringstream granularities;
    for (Granularity g : wanted)
        granularities << (granularities.tellp() > 0 ? "," : "") << granularityName(g);
    int64_t examples = 0;
    for (size_t b = 0; b < (options.method == "snip" ? std::min<size_t>(1, batches.size()) : batches.size()); ++b)
        examples += batches[b].pixelValues.defined() ? batches[b].pixelValues.size(0) : batches[b].inputIds.size(0);
    result.provenance = {
        {"method", options.method},
        {"granularity", granularities.str()},
        {"options", describeOptions(options)},
        {"data", options.dataDescription},
        {"examples", std::to_string(info.needsData ? examples : 0)},
        {"batches", std::to_string(info.needsData ? (options.method == "snip" ? 1 : batches.size()) : 0)},
        {"seed", std::to_string(options.seed)},
        {"device", model.device().str()},
        {"precision", precisionName(options.precision)},
        {"seconds", std::to_string(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count())},
        {"model", model.config().architecture},
        {"config", model.config().json},
    };
    return result;
}

namespace {

// Zero-shot image data (CLIP with labels) splits the images; every batch keeps all the prompts.
bool hasPrompts(const ModelInputs &all)
{
    return all.inputIds.defined() && all.pixelValues.defined() && all.labels.defined();
}

} // namespace

int64_t exampleCount(const ModelInputs &all)
{
    return all.inputIds.defined() && !hasPrompts(all) ? all.inputIds.size(0) : all.pixelValues.size(0);
}

bool pairsOnlyAsAWhole(const ModelInputs &all)
{
    return all.inputIds.defined() && all.pixelValues.defined() && !hasPrompts(all) &&
           all.pixelValues.size(0) != exampleCount(all);
}

std::vector<ModelInputs> batchesInOrder(const ModelInputs &all, const torch::Tensor &order, int64_t batchSize)
{
    if (batchSize <= 0)
        throw Error("the batch size must be positive, got " + std::to_string(batchSize));
    const bool prompts = hasPrompts(all);
    const auto pick = [](const torch::Tensor &t, const torch::Tensor &index) {
        return t.defined() ? t.index_select(0, index) : t;
    };
    std::vector<ModelInputs> batches;
    for (int64_t start = 0; start < order.size(0); start += batchSize) {
        const auto index = order.slice(0, start, std::min(start + batchSize, order.size(0)));
        ModelInputs b;
        b.inputIds = prompts ? all.inputIds : pick(all.inputIds, index);
        b.attentionMask = prompts ? all.attentionMask : pick(all.attentionMask, index);
        b.tokenTypeIds = prompts ? all.tokenTypeIds : pick(all.tokenTypeIds, index);
        b.pixelValues = pick(all.pixelValues, index);
        b.labels = pick(all.labels, index);
        batches.push_back(b);
    }
    return batches;
}

std::vector<ModelInputs> makeBatches(const ModelInputs &all, int64_t batchSize, int64_t maxExamples, uint64_t seed)
{
    if (batchSize <= 0)
        throw Error("the batch size must be positive, got " + std::to_string(batchSize));
    const int64_t count = exampleCount(all);
    if (pairsOnlyAsAWhole(all)) {
        if (maxExamples > 0 || batchSize < count)
            throw Error("the data has " + std::to_string(count) + " texts and " + std::to_string(all.pixelValues.size(0))
                        + " images: only one text per image can be split into batches or sampled");
        return {all};
    }
    return batchesInOrder(all, sampleIndices(count, maxExamples, seed), batchSize);
}

} // namespace prunescope
