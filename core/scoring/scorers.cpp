#include "core/scoring/scorers.h"

#include "core/scoring/scorers_internal.h"
#include "core/models/unit_slices.h"

#include "core/data/datasets.h"
#include "core/models/device.h"
#include "core/models/cuda_graph.h"
#include "core/models/device_memory.h"
#include "core/models/fused_kernels.h"
#include "core/models/input_checks.h"
#include "core/support/error.h"

#include <torch/cuda.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <sstream>

namespace prunescope {

namespace {

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

// Gaussian noise of deviation `sigma` on the target's values; `relative`: `sigma` times each
// noisy tensor's own standard deviation in the pass (a tensor: no wait for the device).
SiteHook smoothNoise(bool onEmbeddings, double sigma, bool relative)
{
    const SiteKind target = onEmbeddings ? SiteKind::InputEmbeddings : SiteKind::LinearOutput;
    return [target, sigma, relative](const Site &site, const torch::Tensor &x) {
        if (site.kind != target)
            return x;
        return relative ? x + sigma * x.detach().std() * torch::randn_like(x) : x + sigma * torch::randn_like(x);
    };
}

// K copies of a batch, stacked: the mean loss over them is the mean of the K losses.
ModelInputs replicate(const ModelInputs &in, int64_t k)
{
    ModelInputs out;
    for (const auto field : modelInputFields) {
        const torch::Tensor &t = in.*field;
        if (!t.defined())
            continue;
        std::vector<int64_t> times(size_t(t.dim()), 1);
        times[0] = k;
        out.*field = t.repeat(times);
    }
    return out;
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

using namespace detail;

namespace {

// What every method's body gets: the model, the data, the shared settings, the method's own
// options (each one set) and the granularities asked for that the method gives.
struct ScoreRun
{
    TransformerModel &model;
    const std::vector<ModelInputs> &batches;
    const ScoreOptions &options;
    const MethodOptions &own;
    const std::set<Granularity> &wanted;
    const Progress &progress;
    std::map<std::string, std::string> &notes; // what the method measured, added to the provenance
    const WorkGroup *group;              // where the batches are this process's share of a group's
    const std::vector<size_t> &indices; // each batch's place among all of them

    bool wants(Granularity g) const { return wanted.count(g) > 0; }
    bool wantsUnits() const { return wants(Granularity::Head) || wants(Granularity::Neuron); }
};

// A tower's head and neuron scores, as far as they are asked for.
void putUnits(Scores &scores, const ScoreRun &run, size_t tower, const torch::Tensor &heads, const torch::Tensor &neurons)
{
    const auto &structure = run.model.structure();
    if (run.wants(Granularity::Head))
        scores[headsName(structure, tower)] = heads;
    if (run.wants(Granularity::Neuron))
        scores[neuronsName(structure, tower)] = neurons;
}

// Where a score map's tensors go: the CPU unless the caller keeps them on the device (a
// pageable copy of a large map costs more than computing it).
torch::Device scoresDevice(const ScoreRun &run)
{
    return run.options.keepOnDevice ? run.model.device() : torch::Device(torch::kCPU);
}

// Sums as a score map holds them: float32, on scoresDevice(run).
Scores finished(const ScoreRun &run, Scores sums)
{
    torch::NoGradGuard noGrad;
    for (auto &[name, sum] : sums)
        sum = sum.to(scoresDevice(run), torch::kFloat);
    return sums;
}

Scores scoreRandom(const ScoreRun &run)
{
    torch::Generator generator = at::detail::createCPUGenerator(run.options.seed);
    const auto uniform = [&](c10::IntArrayRef shape) { return at::rand(shape, generator, torch::kFloat); };
    const auto &structure = run.model.structure();
    auto params = run.model.named_parameters();
    Scores scores;
    if (run.wants(Granularity::Weight))
        for (const auto *m : prunableMatrices(structure))
            scores[m->weight] = uniform(params[m->weight].sizes());
    for (size_t t = 0; t < structure.towers.size() && run.wantsUnits(); ++t) {
        const auto layers = int64_t(structure.towers[t].layers.size());
        const auto heads = uniform({layers, structure.towers[t].heads}); // heads drawn first, as the seed always gave them
        const auto neurons = uniform({layers, structure.towers[t].ffn});
        putUnits(scores, run, t, heads, neurons);
    }
    return scores;
}

Scores scoreMagnitude(const ScoreRun &run)
{
    const auto &structure = run.model.structure();
    auto params = run.model.named_parameters();
    Scores scores;
    if (run.wants(Granularity::Weight))
        for (const auto *m : prunableMatrices(structure))
            scores[m->weight] = params[m->weight].detach().abs().to(scoresDevice(run), torch::kFloat);
    for (size_t t = 0; t < structure.towers.size() && run.wantsUnits(); ++t) {
        const auto [heads, neurons] = unitMagnitudes(run.model, t);
        putUnits(scores, run, t, heads, neurons);
    }
    return finished(run, scores);
}

// What a gradient method sums per weight: |G|, |W * G| or W * G (its |.| taken at the end).
enum class WeightTerm { Gradient, Product, SignedProduct };

// How a gradient method runs its passes. Smooth-cut's K noisy copies of a batch run as one
// batch of K copies (CLIP's loss keeps them apart), or as fewer copies a pass where the
// GPU's memory runs out, or one by one where asked or where CLIP's texts outnumber its
// images. The gradient is their average.
struct GradientPass
{
    WeightTerm weightTerm = WeightTerm::Product;
    bool signedUnits = false; // gate gradients summed with their sign
    size_t batches = 0;       // the first this many
    int64_t samples = 1;      // passes averaged per batch
    int64_t copies = 1;       // of them, stacked into one batch
    ForwardOptions forward;   // with smooth-cut's noise
    // The noise generator seeded anew for each batch (the seed plus the batch's place among
    // all), so that a batch gets the same noise whichever process of a group reads it.
    bool seedEachBatch = false;
};

struct GradientSums
{
    Scores sums; // on the model's device
    double tokens = 0;
    int64_t copies = 0; // the fewest noisy copies a pass held, over the batches
};

void dropGradients(TransformerModel &model)
{
    model.zero_grad();
    for (const auto &leaf : model.passWeights())
        leaf.mutable_grad() = torch::Tensor();
    for (size_t t = 0; t < model.structure().towers.size(); ++t) {
        model.headGates(t).mutable_grad() = torch::Tensor();
        model.neuronGates(t).mutable_grad() = torch::Tensor();
    }
}

// The loss's gradient on `in`, averaged over pass.samples passes, left in the parameters'
// and gates' grad; pass.copies shrinks where the memory runs out. Returns the copies a pass held.
int64_t backwardOn(TransformerModel &model, const Precision &precision, const ModelInputs &in, GradientPass &pass)
{
    const bool distractors = in.inputIds.defined() && in.pixelValues.defined() && in.inputIds.size(0) != in.pixelValues.size(0);
    for (;;) {
        const int64_t n = distractors ? 1 : pass.copies;
        const int64_t passes = pass.samples / n;
        dropGradients(model);
        pass.forward.lossGroups = n;
        try {
            for (int64_t p = 0; p < passes; ++p) {
                const auto out = forwardAt(precision, model, n > 1 ? replicate(in, n) : in, pass.forward, true);
                if (!out.loss.defined())
                    throw Error("the data gives this model no loss to differentiate (CLIP needs texts and images)");
                (out.loss / double(passes)).backward();
            }
            return n;
        } catch (const c10::OutOfMemoryError &) {
            if (n == 1)
                throw;
            // The largest divisor of K below n, so that every pass holds as many copies.
            for (pass.copies = n - 1; pass.samples % pass.copies != 0; --pass.copies) {
            }
        }
    }
}

// A parameter's or gate's gradient, where the pass left it.
using GradientOf = std::function<torch::Tensor(const torch::Tensor &)>;

torch::Tensor leftInGrad(const torch::Tensor &t)
{
    return t.grad();
}

// Adds a batch's gradients to `sums`; once a sum exists it is added to in place.
void accumulateBatch(const ScoreRun &run, const GradientPass &pass, torch::OrderedDict<std::string, torch::Tensor> &params,
                     const GradientOf &gradientOf, Scores &sums)
{
    torch::NoGradGuard noGrad;
    const auto accumulate = [&](const std::string &name, const torch::Tensor &value) {
        auto &sum = sums[name];
        sum = sum.defined() ? sum.add_(value) : value.clone();
    };
    const auto &structure = run.model.structure();
    // In float32 whatever the model is held in: a model held in bf16 (LoadOptions::computeIn)
    // has bf16 weights and gradients, and sums of many batches need more bits than they have.
    // On a GPU a few kernels for all the weights (addWeightTerms), reading the gradients in the
    // type they came in.
    const auto matrices = run.wants(Granularity::Weight) ? prunableMatrices(structure) : std::vector<const PrunableMatrix *>();
    std::vector<WeightTerms> weights;
    for (const auto *m : matrices) {
        const auto &param = params[m->weight];
        const auto held = run.model.passGradient(m->weight, gradientOf);
        weights.push_back({&sums[m->weight], param, held.defined() ? held : gradientOf(param)});
    }
    for (const size_t i : addWeightTerms(weights, pass.weightTerm != WeightTerm::Gradient,
                                         pass.weightTerm != WeightTerm::SignedProduct)) {
        const auto &name = matrices[i]->weight;
        const auto w = weights[i].w.to(torch::kFloat), g = weights[i].g.to(torch::kFloat);
        if (pass.weightTerm == WeightTerm::Gradient)
            accumulate(name, g.abs());
        else if (pass.weightTerm == WeightTerm::SignedProduct)
            accumulate(name, w * g);
        else
            accumulate(name, (w * g).abs_());
    }
    const auto gate = [&](const torch::Tensor &g) {
        const auto grad = gradientOf(g).to(torch::kFloat);
        return pass.signedUnits ? grad.clone() : grad.abs();
    };
    for (size_t t = 0; t < structure.towers.size() && run.wantsUnits(); ++t) {
        if (run.wants(Granularity::Head))
            accumulate(headsName(structure, t), gate(run.model.headGates(t)));
        if (run.wants(Granularity::Neuron))
            accumulate(neuronsName(structure, t), gate(run.model.neuronGates(t)));
    }
}

bool sameShapes(const ModelInputs &a, const ModelInputs &b)
{
    return std::all_of(std::begin(modelInputFields), std::end(modelInputFields), [&](const auto field) {
        const torch::Tensor &x = a.*field, &y = b.*field;
        return x.defined() == y.defined() && (!x.defined() || (x.sizes() == y.sizes() && x.dtype() == y.dtype()));
    });
}

// A gradient method's pass (forward, backward and the additions to the sums) captured as a
// CUDA graph for one batch shape and replayed for the later batches of that shape, where
// that is faster: at small batches the GPU waits on the host's kernel launches (BERT-base at
// 32 x 128 in bf16 spends a third of an eager pass there), at large ones it does not and a
// graph only costs memory and its capture. So the first batch of a shape runs eagerly (the
// warm-up a capture needs), the second eagerly and timed, with the memory it takes. The pass
// is captured on it where the host sets the pace (kHostBound), at least 8 batches of the
// shape are left to pay for the capture, and the driver has the memory again (a graph's
// pool is its own); the first replay is timed, and no faster than the eager pass, the graph
// is dropped.
// The sums exist once a batch has run, so the captured additions add in place. The data's
// checks, recorded at capture, run on each batch where it lies before it is copied in.
// Smooth-Cut's noise and several passes a batch stay eager.
class GraphedGradientPass
{
public:
    // A capture pays for itself only over this many replays; with fewer batches than the two
    // eager ones before it and these, the graph machinery (its stream, the timed pass) is not
    // set up at all.
    static constexpr ptrdiff_t kPayingBatches = 8;
    // Where the host's launches set the pace, the GPU can finish a pass no sooner than the
    // host queues its last kernel, so the GPU's time is the host's (plus that kernel); where
    // the GPU does, the host finishes early by the work still queued. So a pass whose host
    // queueing took at least this share of the GPU's time is the host's, and a graph pays.
    // On H100s at BERT-large 32 x 128 in bf16: a slow host queued a pass in 36 ms of the
    // GPU's 36 (replayed in 22 ms), a fast one in 17 of 21 (replayed in 21: nothing gained).
    static constexpr double kHostBound = 0.9;

    GraphedGradientPass(const ScoreRun &run, const GradientPass &pass, torch::OrderedDict<std::string, torch::Tensor> &params,
                        Scores &sums)
        : m_run(run), m_pass(pass), m_params(params), m_sums(sums), m_graph(run.model.device())
    {
    }

    static bool worthwhile(const ScoreRun &run, const GradientPass &pass)
    {
        return run.options.cudaGraphs && CapturedPass::available(run.model.device()) && pass.samples == 1
            && !pass.forward.hook && pass.batches >= size_t(2 + kPayingBatches);
    }

    // Runs batch `b` (`in`, with its loss targets): as a replay, or eagerly through `eager`.
    void run(size_t b, const ModelInputs &in, const std::function<void()> &eager)
    {
        if (m_stage == Stage::Replaying && sameShapes(in, m_inputs)) {
            replay(in);
            return;
        }
        if (m_stage != Stage::Timing || laterOfShape(b) == 0) {
            eager();
            if (m_stage == Stage::Warming && laterOfShape(b) > 0)
                m_stage = Stage::Timing;
            return;
        }
        const auto device = m_run.model.device();
        const int64_t held = heldDeviceBytes(device).value_or(0);
        resetPeakDeviceBytes(device);
        const auto times = m_graph.timed(eager);
        m_eagerSeconds = times.gpu;
        m_queuedSeconds = times.host;
        const int64_t pass = peakDeviceBytes(device).value_or(0) - held;
        m_stage = Stage::Off;
        if (times.host < kHostBound * times.gpu)
            m_why = "the GPU, not the host's launches, sets the pace (a pass queued in " + ms(times.host) + ", run in "
                + ms(times.gpu) + ")";
        else if (laterOfShape(b) < kPayingBatches)
            m_why = "fewer than " + std::to_string(kPayingBatches) + " batches left to pay for a capture";
        else if (!m_graph.roomFor(pass + pass / 4))
            m_why = "the GPU's free memory holds no second copy of a pass";
        else if (capture(in))
            m_stage = Stage::Replaying;
    }

    // For the provenance.
    std::string summary() const
    {
        if (m_replays > 0 && m_why.empty())
            return "replayed for " + std::to_string(m_replays) + " of " + std::to_string(m_pass.batches)
                + " batches (a pass " + ms(m_replaySeconds) + ", eagerly " + ms(m_eagerSeconds) + ", queued in "
                + ms(m_queuedSeconds) + "; captured in " + ms(m_captureSeconds) + ")";
        return "not used: " + (m_why.empty() ? std::string("no three batches of one shape") : m_why);
    }

private:
    enum class Stage { Warming, Timing, Replaying, Off };

    static std::string ms(double seconds) { return std::to_string(int64_t(std::lround(seconds * 1e3))) + " ms"; }

    // The batches after `b` of its shape (as given: without the loss targets added to `in`).
    std::ptrdiff_t laterOfShape(size_t b) const
    {
        const auto end = m_run.batches.begin() + std::ptrdiff_t(m_pass.batches);
        return std::count_if(m_run.batches.begin() + std::ptrdiff_t(b + 1), end,
                             [&](const ModelInputs &next) { return sameShapes(next, m_run.batches[b]); });
    }

    bool capture(const ModelInputs &in)
    {
        for (const auto field : modelInputFields)
            if ((in.*field).defined())
                m_inputs.*field = toDevice(in.*field, m_run.model.device()).clone(); // never the caller's own
        dropGradients(m_run.model);
        std::vector<torch::Tensor> differentiated;
        if (m_run.wants(Granularity::Weight)) {
            differentiated = m_run.model.passWeights();
            for (const auto *m : prunableMatrices(m_run.model.structure()))
                if (!m_run.model.holdsPassWeight(m->weight))
                    differentiated.push_back(m_params[m->weight]);
        }
        for (size_t t = 0; t < m_run.model.structure().towers.size() && m_run.wantsUnits(); ++t)
            differentiated.insert(differentiated.end(), {m_run.model.headGates(t), m_run.model.neuronGates(t)});
        const RecordedInputChecks recorded;
        const auto captureStart = std::chrono::steady_clock::now();
        m_why = m_graph.capture([&] {
            ForwardOptions forward = m_pass.forward;
            forward.lossGroups = 1;
            const auto out = forwardAt(m_run.options.precision, m_run.model, m_inputs, forward, true);
            if (!out.loss.defined())
                throw Error("no loss");
            const auto grads = torch::autograd::grad({out.loss}, differentiated, {}, false, false, /*allow_unused=*/true);
            std::map<const c10::TensorImpl *, torch::Tensor> byInput;
            for (size_t i = 0; i < grads.size(); ++i)
                byInput[differentiated[i].unsafeGetTensorImpl()] = grads[i];
            accumulateBatch(m_run, m_pass, m_params,
                            [&](const torch::Tensor &t) { return byInput.at(t.unsafeGetTensorImpl()); }, m_sums);
        });
        m_captureSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - captureStart).count();
        if (!m_why.empty())
            return false;
        auto checks = recorded.boundTo(m_inputs);
        if (!checks) {
            m_why = "a check of the data reads a tensor computed from it";
            m_graph.release();
            return false;
        }
        m_checks = std::move(*checks);
        return true;
    }

    void replay(const ModelInputs &in)
    {
        runInputChecks(m_checks, in);
        const auto copyAndReplay = [&] {
            for (const auto field : modelInputFields)
                if ((in.*field).defined())
                    (m_inputs.*field).copy_(toDevice(in.*field, m_run.model.device()), /*non_blocking=*/true);
            m_graph.replay();
        };
        ++m_replays;
        if (m_replays > 1) {
            copyAndReplay();
            return;
        }
        m_replaySeconds = m_graph.timed(copyAndReplay).gpu;
        if (m_replaySeconds < 0.95 * m_eagerSeconds)
            return;
        m_stage = Stage::Off;
        m_why = "a replay was no faster than an eager pass (" + ms(m_replaySeconds) + " against " + ms(m_eagerSeconds)
            + ", queued in " + ms(m_queuedSeconds) + ")";
        m_graph.release();
    }

    const ScoreRun &m_run;
    const GradientPass &m_pass;
    torch::OrderedDict<std::string, torch::Tensor> &m_params;
    Scores &m_sums;
    CapturedPass m_graph;
    Stage m_stage = Stage::Warming;
    ModelInputs m_inputs; // on the device: what the graph reads
    std::vector<RecordedInputChecks::Bound> m_checks;
    std::string m_why;
    int64_t m_replays = 0;
    double m_eagerSeconds = 0, m_replaySeconds = 0; // on the GPU: the timed eager pass, the first replay
    double m_queuedSeconds = 0;                     // the host's time queueing that eager pass
    double m_captureSeconds = 0;                    // the host's time recording the pass and making its graph
};

} // namespace

int64_t detail::copiesForMemory(int64_t room, int64_t perCopy, int64_t samples, int64_t asked)
{
    const int64_t fit = perCopy > 0 ? int64_t(0.9 * double(std::max<int64_t>(room, 0)) / double(perCopy)) : asked;
    int64_t copies = std::clamp<int64_t>(fit, 1, asked);
    while (samples % copies != 0)
        --copies;
    return copies;
}

namespace {

// The most noisy copies of a batch (a divisor of K) that one pass can hold, chosen before
// the passes start: a pass of one copy of the first batch measures what a copy takes
// (activations and their gradients: the peak above what was held, less the parameters'
// gradients, which do not grow with copies), and the score sums still to come are set
// aside with a tenth of the rest (what does not grow with copies, such as autocast's copies
// of the weights, is counted per copy: the choice errs low). The probe draws its noise from
// the seeded generator like any pass. Where the device does not say (the CPU), all K.
int64_t copiesThatFit(const ScoreRun &run, const GradientPass &pass, const std::set<std::string> &trainable)
{
    const torch::Device device = run.model.device();
    const auto available = availableDeviceBytes(device);
    if (!available || pass.copies <= 1 || run.batches.empty())
        return pass.copies;
    int64_t kept = 0; // the parameters' gradients, and as much again for the sums
    for (const auto &p : run.model.named_parameters())
        if (trainable.count(p.key()))
            kept += 2 * int64_t(p.value().numel()) * int64_t(p.value().element_size());
    const int64_t held = *heldDeviceBytes(device);
    resetPeakDeviceBytes(device);
    GradientPass probe = pass;
    probe.samples = probe.copies = 1;
    backwardOn(run.model, run.options.precision, withLossTargets(run.batches.front(), run.model.config()), probe);
    const int64_t perCopy = *peakDeviceBytes(device) - held - kept / 2;
    run.model.zero_grad();
    return copiesForMemory(*available - kept, perCopy, pass.samples, pass.copies);
}

// The model's pass weights (TransformerModel::holdPassWeights) while a gradient method's
// passes run, where they pay: under autocast on a GPU, one pass a batch, no hook. Where
// passes add up gradients (Smooth-Cut's noisy copies a few at a time), the weights' own,
// float32, do.
class PassWeightsScope
{
public:
    PassWeightsScope(const ScoreRun &run, const GradientPass &pass)
        : m_model(run.model)
    {
        if (run.options.passWeights && run.model.device().is_cuda() && run.options.precision.type != torch::kFloat
            && pass.samples == 1 && !pass.forward.hook)
            run.model.holdPassWeights(run.options.precision.type, run.wants(Granularity::Weight));
    }
    ~PassWeightsScope() { m_model.dropPassWeights(); }
    PassWeightsScope(const PassWeightsScope &) = delete;
    PassWeightsScope &operator=(const PassWeightsScope &) = delete;

private:
    TransformerModel &m_model;
};

// The per-batch terms of a gradient method summed over its batches, with the count of real
// tokens they hold.
GradientSums gradientSums(const ScoreRun &run, GradientPass pass)
{
    std::set<std::string> trainable;
    if (run.wants(Granularity::Weight))
        for (const auto *m : prunableMatrices(run.model.structure()))
            trainable.insert(m->weight);
    const TrainableScope scope(run.model, trainable, run.wantsUnits());
    const PassWeightsScope passWeights(run, pass);
    auto params = run.model.named_parameters();
    pass.copies = copiesThatFit(run, pass, trainable);
    GradientSums result;
    std::optional<GraphedGradientPass> graph;
    if (GraphedGradientPass::worthwhile(run, pass))
        graph.emplace(run, pass, params, result.sums);
    for (size_t b = 0; b < pass.batches; ++b) {
        const ModelInputs in = withLossTargets(run.batches[b], run.model.config());
        if (pass.seedEachBatch)
            torch::manual_seed(run.options.seed + run.indices[b]);
        const auto eager = [&] {
            const int64_t copies = backwardOn(run.model, run.options.precision, in, pass);
            result.copies = result.copies == 0 ? copies : std::min(result.copies, copies);
            accumulateBatch(run, pass, params, leftInGrad, result.sums);
        };
        if (graph)
            graph->run(b, in, eager);
        else
            eager();
        result.tokens += in.attentionMask.defined() ? in.attentionMask.sum().item<double>() : double(in.inputIds.numel());
        if (run.progress && !run.progress(int64_t(b + 1), int64_t(pass.batches), "batch " + std::to_string(b + 1)))
            throw Cancelled();
    }
    sumAcross(run.group, result.sums);
    if (run.group) {
        result.tokens = run.group->sum(result.tokens);
        result.copies = run.group->minimum(result.copies);
    }
    if (graph)
        run.notes["cuda_graph"] = graph->summary();
    else if (run.options.cudaGraphs && CapturedPass::available(run.model.device()))
        run.notes["cuda_graph"] = "not used: a capture needs " + std::to_string(2 + GraphedGradientPass::kPayingBatches)
                                  + " batches without noise or hooks (this run: " + std::to_string(pass.batches) + ")";
    return result;
}

GradientPass overBatches(const ScoreRun &run, WeightTerm term)
{
    GradientPass pass;
    pass.weightTerm = term;
    pass.batches = run.batches.size();
    return pass;
}

Scores scoreGradient(const ScoreRun &run)
{
    return finished(run, gradientSums(run, overBatches(run, WeightTerm::Gradient)).sums);
}

Scores scoreTaylor(const ScoreRun &run)
{
    const bool perBatch = run.own.boolean("absolute-per-batch");
    GradientPass pass = overBatches(run, perBatch ? WeightTerm::Product : WeightTerm::SignedProduct);
    pass.signedUnits = !perBatch;
    Scores sums = gradientSums(run, pass).sums;
    torch::NoGradGuard noGrad;
    if (!perBatch)
        for (auto &[name, sum] : sums)
            sum = sum.abs();
    return finished(run, sums);
}

Scores scoreSnip(const ScoreRun &run)
{
    GradientPass pass = overBatches(run, WeightTerm::Product);
    pass.batches = 1;
    Scores sums = gradientSums(run, pass).sums;
    torch::NoGradGuard noGrad;
    double total = 0;
    for (const auto &[name, sum] : sums)
        total += sum.sum().item<double>();
    for (auto &[name, sum] : sums)
        sum = sum / (total > 0 ? total : 1.0);
    return finished(run, sums);
}

// Heads and neurons only: the method gives no weight scores.
Scores scoreHeadImportance(const ScoreRun &run)
{
    GradientSums g = gradientSums(run, overBatches(run, WeightTerm::Product));
    torch::NoGradGuard noGrad;
    for (auto &[name, sum] : g.sums)
        sum = normalizeImportance(sum / std::max(g.tokens, 1.0), run.own.boolean("normalize-per-layer"),
                                  run.own.boolean("normalize-globally"));
    return finished(run, g.sums);
}

Scores scoreSmoothCut(const ScoreRun &run)
{
    GradientPass pass = overBatches(run, WeightTerm::Product);
    pass.samples = run.own.integer("samples");
    pass.copies = run.own.boolean("batched") ? pass.samples : 1;
    const bool onEmbeddings = run.own.choice("noise-on") == "embeddings";
    pass.seedEachBatch = true;
    torch::manual_seed(run.options.seed); // for the probe of copiesThatFit
    const bool relative = run.own.boolean("relative-sigma");
    const double spread = onEmbeddings && !relative ? embeddingSpread(run.model) : 1.0;
    pass.forward.hook = smoothNoise(onEmbeddings, run.own.real("sigma") * spread, relative);
    GradientSums g = gradientSums(run, pass);
    run.notes["copies_per_pass"] = std::to_string(g.copies); // as the free memory allowed
    return finished(run, g.sums);
}

Scores scoreWanda(const ScoreRun &run)
{
    double metric = 0;
    Scores scores = wandaScores(run.model, run.batches, run.options.precision, run.progress, run.group, &metric);
    run.notes["metric_seconds"] = std::to_string(metric);
    return scores;
}

Scores scoreCamCut(const ScoreRun &run)
{
    return camCutScores(run.model, run.batches, run.options.precision, run.own.real("cam-shift"),
                        run.own.boolean("include-padding"), run.wanted, run.progress, run.group);
}

using ScoreBody = Scores (*)(const ScoreRun &);

struct Scorer
{
    MethodSpec spec;
    ScoreBody body;
    bool firstBatchOnly = false; // snip reads the first batch only
};

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Every single-shot method, declared once: the command line, the study and the help read
// these declarations (the header comment of scorers.h gives the formulas).
const std::vector<Scorer> &scorers()
{
    using G = Granularity;
    const std::set<Granularity> all = {G::Weight, G::Head, G::Neuron}, weights = {G::Weight}, units = {G::Head, G::Neuron};
    const MethodNeeds none{/*data=*/false, /*loss=*/false}, forward{true, false}, loss{true, true};
    static const std::vector<Scorer> table = {
        {{"random", "Random", "uniform in [0, 1), seeded: the baseline", all, {}, none, {}}, scoreRandom},
        {{"magnitude", "Magnitude", "|W|; a head's or neuron's L2 norm of the weights it owns", all, {}, none, {}},
         scoreMagnitude},
        {{"gradient", "Gradient", "sum over batches of |dL/dW|", weights, {}, loss, {}}, scoreGradient},
        {{"taylor", "Taylor", "|W * dL/dW| per weight, |dL/dgate| per head and neuron, summed over batches", all, {}, loss,
          {boolOption("absolute-per-batch", true, "sum each batch's |.| (true) or take |.| of the sum over batches")}},
         scoreTaylor},
        {{"snip", "SNIP", "|W * G| / sum |W * G| from the first batch (Lee et al. 2019)", weights, {}, loss, {}}, scoreSnip,
         true},
        {{"head-importance", "Head importance", "sum |dL/dgate| / non-padding tokens (Michel et al. 2019)", units, {}, loss,
          {boolOption("normalize-per-layer", true, "L2-normalise the scores within each layer"),
           boolOption("normalize-globally", true, "min-max normalise the scores over all units")}},
         scoreHeadImportance},
        {{"wanda", "Wanda", "|W| * ||X_j||_2 over the sample's real tokens (Sun et al. 2023)", weights, {}, forward, {}},
         scoreWanda},
        {{"cam-cut", "Cam-Cut", "DeepCuts' GradCAM reading: |W * G * (c + mean output)|", all, {}, loss,
          {numberOption("cam-shift", 10.0, {0, kInfinity}, "c added to the mean output (10: the shift variant, 0: plain)",
                        "shift"),
           boolOption("include-padding", false, "average over padding tokens too, as the authors' code does",
                      "include-padding")}},
         scoreCamCut},
        {{"smooth-cut", "Smooth-Cut", "DeepCuts' SmoothGrad: taylor with the gradient averaged over K noisy passes", all,
          {}, loss,
          {numberOption("samples", int64_t(10), {1, kInfinity}, "the number K of noisy passes"),
           numberOption("sigma", 1e-3, {0, kInfinity, true}, "the noise's standard deviation (relative to the embeddings' "
                                                             "spread when on embeddings)"),
           boolOption("relative-sigma", false, "sigma as a share of each noisy tensor's own standard deviation in the "
                                               "pass (every linear output's, or the embeddings')"),
           choiceOption("noise-on", "outputs", {"outputs", "embeddings"}, "add the noise to every linear output or to "
                                                                           "the input embeddings"),
           boolOption("batched", true, "run the K noisy copies as one batch", "one-by-one")}},
         scoreSmoothCut},
    };
    return table;
}

const Scorer &scorerNamed(const std::string &name)
{
    for (const auto &s : scorers())
        if (name == s.spec.name)
            return s;
    std::string known;
    for (const auto &n : scoreMethodNames())
        known += (known.empty() ? "" : ", ") + n;
    throw Error("unknown scoring method '" + name + "' (known: " + known + ")");
}

// What a score file records of how it was made.
std::map<std::string, std::string> provenanceOf(TransformerModel &model, const Scorer &scorer,
                                                const ScoreOptions &options, const std::set<Granularity> &wanted,
                                                size_t batchesRead, const std::vector<ModelInputs> &batches)
{
    std::ostringstream granularities;
    for (Granularity g : wanted)
        granularities << (granularities.tellp() > 0 ? "," : "") << granularityName(g);
    int64_t examples = 0;
    for (size_t b = 0; b < batchesRead; ++b)
        examples += batches[b].pixelValues.defined() ? batches[b].pixelValues.size(0) : batches[b].inputIds.size(0);
    return {
        {"method", options.method},
        {"granularity", granularities.str()},
        {"options", describe(scorer.spec, options.methodOptions)},
        {"data", options.dataDescription},
        {"examples", std::to_string(scorer.spec.needs.data ? examples : 0)},
        {"batches", std::to_string(scorer.spec.needs.data ? batchesRead : 0)},
        {"seed", std::to_string(options.seed)},
        {"device", model.device().str()},
        {"precision", precisionName(options.precision)},
        {"weights_dtype", dtypeName(model.parameters().front().scalar_type())},
        {"model", model.config().architecture},
        {"config", model.config().json},
    };
}

} // namespace

const std::vector<MethodSpec> &scoreMethodSpecs()
{
    static const std::vector<MethodSpec> specs = [] {
        std::vector<MethodSpec> all;
        for (const auto &s : scorers())
            all.push_back(s.spec);
        return all;
    }();
    return specs;
}

const MethodSpec &scoreMethodSpec(const std::string &name)
{
    return scorerNamed(name).spec;
}

const std::vector<std::string> &scoreMethodNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const auto &s : scorers())
            n.push_back(s.spec.name);
        return n;
    }();
    return names;
}

std::set<Granularity> supportedGranularities(const std::string &name)
{
    return scorerNamed(name).spec.granularities;
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
    const Scorer &scorer = scorerNamed(options.method);
    checkFamily(scorer.spec, model.config().familyName());
    checkPrecision(model.device(), options.precision);
    std::set<Granularity> wanted;
    for (Granularity g : options.granularities)
        if (scorer.spec.granularities.count(g))
            wanted.insert(g);
    if (wanted.empty())
        throw Error("method '" + options.method + "' gives no scores at the requested granularity");
    if (scorer.spec.needs.data && batches.empty())
        throw Error("method '" + options.method + "' needs data, and the data sample is empty");
    const MethodOptions own = resolved(scorer.spec, options.methodOptions);

    // A group shares the batches of a method that reads them all; snip reads only the first.
    const WorkGroup *group = options.group && scorer.spec.needs.data && !scorer.firstBatchOnly ? options.group.get() : nullptr;
    std::vector<size_t> indices(batches.size());
    std::iota(indices.begin(), indices.end(), size_t(0));
    std::vector<ModelInputs> share;
    if (group) {
        indices = group->share(batches.size(), "scoring batches");
        for (const size_t b : indices)
            share.push_back(batches[b]);
    }

    const auto start = std::chrono::steady_clock::now();
    ScoreMap result;
    std::map<std::string, std::string> notes;
    result.tensors = scorer.body({model, group ? share : batches, options, own, wanted, progress, notes, group, indices});
    const size_t batchesRead = scorer.firstBatchOnly ? std::min<size_t>(1, batches.size()) : batches.size();
    result.provenance = provenanceOf(model, scorer, options, wanted, batchesRead, batches);
    result.provenance.insert(notes.begin(), notes.end());
    if (group) {
        result.provenance["world_size"] = std::to_string(group->size());
        result.provenance["backend"] = group->backend();
    }
    if (options.keepOnDevice && model.device().is_cuda()) // the time of the work, not of queueing it
        torch::cuda::synchronize(model.device().index());
    result.provenance["seconds"] = std::to_string(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
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

int64_t exampleCount(const std::vector<ModelInputs> &batches)
{
    int64_t count = 0;
    for (const auto &batch : batches)
        count += exampleCount(batch);
    return count;
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
