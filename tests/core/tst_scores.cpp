// Single-shot scores against independent computations (the transformers-made gate and
// parameter gradients of the fixtures, |W| read straight from the file), and masks:
// exact counts, deterministic ties, N:M blocks, application through gates and masks.
#include "core/models/checkpoint.h"
#include "core/models/device.h"
#include "core/models/fused_kernels.h"
#include "core/models/input_checks.h"
#include "core/models/loss.h"
#include "core/support/error.h"
#include "core/pruning/masks.h"
#include "core/models/reference_run.h"
#include "core/models/split_products.h"
#include "core/models/transformer_blocks.h"
#include "core/scoring/scorers.h"
#include "core/scoring/scorers_internal.h"
#include "tests/core/fixtures.h"

#include <torch/cuda.h>
#include <torch/torch.h>

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>
#include <optional>
#include <filesystem>

using namespace prunescope;
using prunescope::testing::relativeError;
namespace fs = std::filesystem;

namespace {

fs::path fixture(const QString &family)
{
    return testing::fixture(family.toStdString());
}

struct Loaded
{
    std::shared_ptr<TransformerModel> model;
    std::unique_ptr<SafetensorsFile> reference;
    ModelInputs inputs;
};

Loaded load(const QString &family, torch::Device device = torch::kCPU)
{
    Loaded l;
    LoadOptions on;
    on.device = device;
    l.model = Checkpoint::open(fixture(family))->loadModel(on);
    l.reference = SafetensorsFile::open(fixture(family) / "reference.safetensors");
    l.inputs = readModelInputs(*l.reference);
    return l;
}

const torch::Device kGpu(torch::kCUDA, 0);

ScoreMap score(Loaded &l, const std::string &method, std::vector<ModelInputs> batches = {})
{
    ScoreOptions options;
    options.method = method;
    return computeScores(*l.model, batches.empty() ? std::vector<ModelInputs>{l.inputs} : batches, options);
}

// The masks that a stable ascending sort in double gives (NaN as -inf, ties by position):
// the straightforward computation that masks.h's selection must agree with.
torch::Tensor sortKeep(const torch::Tensor &flat, double sparsity)
{
    const auto values = torch::nan_to_num(flat.to(torch::kDouble), -std::numeric_limits<double>::infinity());
    auto keep = torch::ones({values.numel()});
    const int64_t prune = std::llround(sparsity * double(values.numel()));
    if (prune > 0)
        keep.index_fill_(0, std::get<1>(torch::sort(values, true, 0, false)).slice(0, 0, prune), 0.0);
    return keep;
}

// One cut over `tensors` (flattened in order); the keeps in their shapes.
std::vector<torch::Tensor> sortCut(const std::vector<torch::Tensor> &tensors, double sparsity)
{
    std::vector<torch::Tensor> flat;
    for (const auto &t : tensors)
        flat.push_back(t.reshape({-1}).to(torch::kDouble));
    const auto keep = sortKeep(torch::cat(flat), sparsity);
    std::vector<torch::Tensor> out;
    int64_t offset = 0;
    for (const auto &t : tensors) {
        out.push_back(keep.slice(0, offset, offset + t.numel()).view(t.sizes()));
        offset += t.numel();
    }
    return out;
}

// Each row of a 2-D tensor on its own.
torch::Tensor sortRows(const torch::Tensor &rows, double sparsity)
{
    std::vector<torch::Tensor> out;
    for (int64_t r = 0; r < rows.size(0); ++r)
        out.push_back(sortKeep(rows[r], sparsity));
    return torch::stack(out);
}

torch::Tensor sortNofM(const torch::Tensor &rows, int64_t n, int64_t m)
{
    const auto blocks = torch::nan_to_num(rows.to(torch::kDouble), -std::numeric_limits<double>::infinity())
                            .reshape({rows.size(0), -1, m});
    auto keep = torch::zeros(blocks.sizes());
    keep.scatter_(-1, std::get<1>(torch::sort(blocks, true, -1, true)).slice(-1, 0, n), 1.0);
    return keep.view(rows.sizes());
}

// The expected mask of `scores` for `o`, by the sorts above.
ScoreMap sortMask(const ScoreMap &scores, const ModelStructure &structure, const MaskOptions &o)
{
    ScoreMap mask;
    const auto cutInto = [&](const std::vector<std::string> &names, const std::vector<torch::Tensor> &values, double s) {
        const auto keeps = sortCut(values, s);
        for (size_t i = 0; i < names.size(); ++i)
            mask.tensors[names[i]] = keeps[i];
    };
    const auto normalized = [](const torch::Tensor &t) { return t.to(torch::kDouble) / (t.to(torch::kDouble).norm(2, -1, true) + 1e-30); };
    if (o.granularity == MaskGranularity::Head || o.granularity == MaskGranularity::Neuron
        || o.granularity == MaskGranularity::KvGroup) {
        const std::string name = o.granularity == MaskGranularity::Neuron ? neuronsName(structure, 0) : headsName(structure, 0);
        const auto &tower = structure.towers[0];
        auto units = scores.at(name).to(torch::kDouble);
        if (o.granularity == MaskGranularity::KvGroup)
            units = units.view({-1, tower.kvHeads, tower.heads / tower.kvHeads}).sum(-1);
        torch::Tensor keep;
        if (o.scope == MaskScope::Global || o.scope == MaskScope::LayerNormalized)
            keep = sortCut({o.scope == MaskScope::Global ? units : normalized(units)}, o.sparsity)[0];
        else
            keep = sortRows(units, o.sparsity);
        if (o.granularity == MaskGranularity::KvGroup)
            keep = keep.repeat_interleave(tower.heads / tower.kvHeads, 1);
        mask.tensors[name] = keep;
        return mask;
    }
    if (o.granularity == MaskGranularity::Layer) {
        for (const auto &name : {headsName(structure, 0), neuronsName(structure, 0)}) {
            const auto &s = scores.at(name);
            mask.tensors[name] = sortCut({s.to(torch::kDouble).sum(-1)}, o.sparsity)[0].unsqueeze(-1).expand(s.sizes());
        }
        return mask;
    }
    std::vector<std::string> all;
    std::vector<torch::Tensor> allValues;
    for (const auto &layer : structure.towers[0].layers) {
        std::vector<std::string> names;
        std::vector<torch::Tensor> values;
        double squares = 0;
        for (const auto &m : layer.matrices) {
            const auto s = scores.at(m.weight).to(torch::kDouble);
            const auto rows = m.inputMajor ? s.t() : s;
            if (o.granularity == MaskGranularity::NM || o.scope == MaskScope::Row) {
                const auto keep = o.granularity == MaskGranularity::NM ? sortNofM(rows, o.n, o.m) : sortRows(rows, o.sparsity);
                mask.tensors[m.weight] = m.inputMajor ? keep.t() : keep;
                continue;
            }
            if (o.scope == MaskScope::Tensor)
                cutInto({m.weight}, {s}, o.sparsity);
            names.push_back(m.weight);
            values.push_back(s);
            squares += s.square().sum().item<double>();
        }
        if (o.scope == MaskScope::LayerNormalized)
            for (auto &v : values)
                v = v / (std::sqrt(squares) + 1e-30);
        if (o.scope == MaskScope::Layer)
            cutInto(names, values, o.sparsity);
        all.insert(all.end(), names.begin(), names.end());
        allValues.insert(allValues.end(), values.begin(), values.end());
    }
    if (o.scope == MaskScope::Global || o.scope == MaskScope::LayerNormalized)
        cutInto(all, allValues, o.sparsity);
    return mask;
}

// Scores of every unit with many ties (whole numbers 0 to 4, some negated: -0 among them),
// a few NaN and infinities.
ScoreMap tiedScores(const ModelStructure &structure)
{
    torch::manual_seed(7);
    ScoreMap scores;
    const auto tied = [](std::vector<int64_t> shape) {
        auto t = torch::randint(0, 5, shape).to(torch::kFloat) * (torch::randint(0, 2, shape) * 2 - 1);
        auto flat = t.view({-1});
        flat[0] = NAN;
        flat[flat.numel() / 2] = -INFINITY;
        flat[flat.numel() - 1] = INFINITY;
        return t;
    };
    const auto &tower = structure.towers[0];
    scores.tensors[headsName(structure, 0)] = tied({int64_t(tower.layers.size()), tower.heads});
    scores.tensors[neuronsName(structure, 0)] = tied({int64_t(tower.layers.size()), tower.ffn});
    for (const auto &layer : tower.layers)
        for (const auto &m : layer.matrices)
            scores.tensors[m.weight] = tied(storedShape(m));
    return scores;
}

void addFamilies()
{
    QTest::addColumn<QString>("family");
    QTest::newRow("bert") << QStringLiteral("bert");
    QTest::newRow("gpt2") << QStringLiteral("gpt2");
}

} // namespace

class TestScores : public QObject
{
    Q_OBJECT

private slots:
    // taylor on the single reference batch: |dL/dgate| per head and neuron, |W * dL/dW|
    // per weight, with transformers' own gradients as the reference. On a GPU too, where the
    // activations and gates are fused kernels (gelu, gelu_new; Llama's gates alone).
    void taylorMatchesReferenceGradients_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<bool>("cuda");
        for (const char *family : {"bert", "gpt2", "llama"})
            for (const bool cuda : {false, true})
                QTest::addRow("%s %s", family, cuda ? "cuda" : "cpu") << QString::fromLatin1(family) << cuda;
    }
    void taylorMatchesReferenceGradients()
    {
        QFETCH(QString, family);
        QFETCH(bool, cuda);
        if (cuda && !torch::cuda::is_available())
            QSKIP("no CUDA device");
        Loaded l = load(family, cuda ? kGpu : torch::Device(torch::kCPU));
        const ScoreMap scores = score(l, "taylor");
        const double heads = relativeError(scores.at("heads"), l.reference->tensor("head_gate_grad").abs());
        const double neurons = relativeError(scores.at("neurons"), l.reference->tensor("neuron_gate_grad").abs());
        double weights = 0;
        const auto params = l.model->named_parameters();
        for (const auto &layer : l.model->structure().towers[0].layers)
            for (const auto &m : layer.matrices) {
                const auto expected = (params[m.weight].cpu() * l.reference->tensor("grad." + m.weight)).abs();
                weights = std::max(weights, relativeError(scores.at(m.weight), expected));
            }
        qInfo("%s taylor vs transformers (%s): heads %.2e, neurons %.2e, weights (worst tensor) %.2e", qPrintable(family),
              cuda ? "cuda" : "cpu", heads, neurons, weights);
        QVERIFY(heads < 1e-4 && neurons < 1e-4 && weights < 1e-4);
    }

    void gradientAndMagnitudeMatchReference_data() { addFamilies(); }
    void gradientAndMagnitudeMatchReference()
    {
        QFETCH(QString, family);
        Loaded l = load(family);
        const ScoreMap gradient = score(l, "gradient");
        const ScoreMap magnitude = score(l, "magnitude");
        const auto stored = SafetensorsFile::open(fixture(family) / "model.safetensors");
        for (const auto &layer : l.model->structure().towers[0].layers) {
            for (const auto &m : layer.matrices) {
                QVERIFY(relativeError(gradient.at(m.weight), l.reference->tensor("grad." + m.weight).abs()) < 1e-4);
                QVERIFY(torch::equal(magnitude.at(m.weight), stored->tensor(m.weight).abs())); // Conv1D layout kept
            }
        }
        // Unit magnitudes by hand from the stored tensors: the L2 norm of a head's Q, K, V
        // rows (with biases) and attention-output columns, of a neuron's FFN-in row (with
        // bias) and FFN-out column.
        const auto config = l.model->structure().towers[0];
        const bool gpt2 = family == QStringLiteral("gpt2");
        const auto t = [&](const std::string &name) { return stored->tensor(name).to(torch::kDouble); };
        double worst = 0;
        for (int64_t layer = 0; layer < int64_t(config.layers.size()); ++layer) {
            const std::string p = (gpt2 ? "transformer.h." : "bert.encoder.layer.") + std::to_string(layer) + ".";
            for (int64_t h = 0; h < config.heads; ++h) {
                const int64_t d = config.headDim, from = h * d;
                double sum = 0;
                if (gpt2) {
                    for (int64_t part = 0; part < 3; ++part) {
                        const int64_t at = part * config.hidden + from;
                        sum += t(p + "attn.c_attn.weight").narrow(1, at, d).pow(2).sum().item<double>() +
                               t(p + "attn.c_attn.bias").narrow(0, at, d).pow(2).sum().item<double>();
                    }
                    sum += t(p + "attn.c_proj.weight").narrow(0, from, d).pow(2).sum().item<double>();
                } else {
                    for (const char *qkv : {"query", "key", "value"})
                        sum += t(p + "attention.self." + qkv + ".weight").narrow(0, from, d).pow(2).sum().item<double>() +
                               t(p + "attention.self." + qkv + ".bias").narrow(0, from, d).pow(2).sum().item<double>();
                    sum += t(p + "attention.output.dense.weight").narrow(1, from, d).pow(2).sum().item<double>();
                }
                worst = std::max(worst, std::abs(magnitude.at("heads")[layer][h].item<double>() - std::sqrt(sum)) /
                                            std::sqrt(sum));
            }
            for (int64_t j = 0; j < config.ffn; j += 7) {
                const double sum =
                    gpt2 ? t(p + "mlp.c_fc.weight").select(1, j).pow(2).sum().item<double>() +
                               std::pow(t(p + "mlp.c_fc.bias")[j].item<double>(), 2) +
                               t(p + "mlp.c_proj.weight").select(0, j).pow(2).sum().item<double>()
                         : t(p + "intermediate.dense.weight").select(0, j).pow(2).sum().item<double>() +
                               std::pow(t(p + "intermediate.dense.bias")[j].item<double>(), 2) +
                               t(p + "output.dense.weight").select(1, j).pow(2).sum().item<double>();
                worst = std::max(worst, std::abs(magnitude.at("neurons")[layer][j].item<double>() - std::sqrt(sum)) /
                                            std::sqrt(sum));
            }
        }
        qInfo("%s unit magnitudes vs by hand: %.2e", qPrintable(family), worst);
        QVERIFY(worst < 1e-6);
    }

    // Scores add up over batches: two half batches give the sum of their own scores.
    void accumulatesOverBatches()
    {
        Loaded l = load(QStringLiteral("bert"));
        const auto batches = makeBatches(l.inputs, 2, 0, 0);
        QCOMPARE(int(batches.size()), 2);
        const ScoreMap both = score(l, "taylor", batches);
        const ScoreMap first = score(l, "taylor", {batches[0]});
        const ScoreMap second = score(l, "taylor", {batches[1]});
        for (const auto &[name, tensor] : both.tensors)
            QVERIFY2(torch::allclose(tensor, first.at(name) + second.at(name), 1e-5, 1e-8), name.c_str());
        QCOMPARE(both.provenance.at("examples"), std::string("3"));
    }

    void snipIsNormalisedTaylorOfOneBatch()
    {
        Loaded l = load(QStringLiteral("gpt2"));
        const ScoreMap snip = score(l, "snip");
        const ScoreMap taylor = score(l, "taylor");
        double total = 0, taylorTotal = 0;
        for (const auto &[name, tensor] : snip.tensors) {
            total += tensor.sum().item<double>();
            taylorTotal += taylor.at(name).sum().item<double>();
        }
        QVERIFY(std::abs(total - 1.0) < 1e-5);
        const auto &name = snip.tensors.begin()->first;
        QVERIFY(torch::allclose(snip.at(name) * taylorTotal, taylor.at(name), 1e-4, 1e-9));
    }

    // Michel et al.: |gate gradient| / tokens, L2 per layer, min-max over all heads.
    void headImportanceNormalisation()
    {
        Loaded l = load(QStringLiteral("bert"));
        const ScoreMap scores = score(l, "head-importance");
        auto expected = l.reference->tensor("head_gate_grad").abs().to(torch::kDouble)
                        / l.inputs.attentionMask.sum().item<double>();
        expected = expected / expected.norm(2, -1, true);
        expected = (expected - expected.min()) / (expected.max() - expected.min());
        QVERIFY(relativeError(scores.at("heads"), expected) < 1e-4);
        QCOMPARE(scores.at("heads").max().item<float>(), 1.0f);
        QCOMPARE(scores.at("heads").min().item<float>(), 0.0f);
    }

    void randomIsSeeded()
    {
        Loaded l = load(QStringLiteral("clip"));
        ScoreOptions options;
        options.method = "random";
        options.seed = 7;
        const ScoreMap a = computeScores(*l.model, {}, options);
        const ScoreMap b = computeScores(*l.model, {}, options);
        options.seed = 8;
        const ScoreMap c = computeScores(*l.model, {}, options);
        QVERIFY(torch::equal(a.at("vision.heads"), b.at("vision.heads")));
        QVERIFY(!torch::equal(a.at("vision.heads"), c.at("vision.heads")));
        QCOMPARE(a.at("text.neurons").sizes().vec(), (std::vector<int64_t>{2, 128}));
    }

    // CLIP: both towers' heads and neurons, from the contrastive loss.
    void clipScoresBothTowers()
    {
        Loaded l = load(QStringLiteral("clip"));
        const ScoreMap scores = score(l, "taylor");
        for (const char *name : {"text.heads", "vision.heads", "text.neurons", "vision.neurons",
                                 "vision_model.encoder.layers.1.mlp.fc1.weight"})
            QVERIFY2(scores.contains(name) && scores.at(name).abs().sum().item<double>() > 0, name);
    }

    // Cancelling stops at once, leaves no result, and restores the model's flags.
    void cancelRestoresTheModel()
    {
        Loaded l = load(QStringLiteral("bert"));
        const auto batches = makeBatches(l.inputs, 1, 0, 0);
        int calls = 0;
        ScoreOptions options;
        bool cancelled = false;
        try {
            computeScores(*l.model, batches, options, [&](int64_t, int64_t, const std::string &) { return ++calls < 2; });
        } catch (const Cancelled &) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QCOMPARE(calls, 2);
        for (const auto &p : l.model->parameters())
            QVERIFY(p.requires_grad());
        QVERIFY(!l.model->headGates(0).requires_grad());
    }

    // Cam-Cut checked against a computation from transformers' own tensors: the first
    // layer's Q (BERT) / fused QKV (GPT-2) output rebuilt from the reference embedding
    // output, its mean over real tokens, and the reference weight gradient.
    void camCutMatchesIndependentComputation_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<double>("shift");
        QTest::newRow("bert shift") << QStringLiteral("bert") << 10.0;
        QTest::newRow("bert plain") << QStringLiteral("bert") << 0.0;
        QTest::newRow("gpt2 shift") << QStringLiteral("gpt2") << 10.0;
    }
    void camCutMatchesIndependentComputation()
    {
        QFETCH(QString, family);
        QFETCH(double, shift);
        Loaded l = load(family);
        ScoreOptions options;
        options.method = "cam-cut";
        options.methodOptions.set("cam-shift", shift);
        const ScoreMap scores = computeScores(*l.model, {l.inputs}, options);

        const bool gpt2 = family == QLatin1String("gpt2");
        const auto stored = SafetensorsFile::open(fixture(family) / "model.safetensors");
        const std::string base = gpt2 ? "transformer.h.0.attn.c_attn" : "bert.encoder.layer.0.attention.self.query";
        const auto w = stored->tensor(base + ".weight").to(torch::kDouble);
        const auto bias = stored->tensor(base + ".bias").to(torch::kDouble);
        auto x = l.reference->tensor("hidden_states.0").to(torch::kDouble);
        if (gpt2)
            x = torch::layer_norm(x, {64}, stored->tensor("transformer.h.0.ln_1.weight").to(torch::kDouble),
                                  stored->tensor("transformer.h.0.ln_1.bias").to(torch::kDouble), 1e-5);
        const auto output = gpt2 ? torch::matmul(x, w) + bias : torch::matmul(x, w.t()) + bias; // [B, T, out]
        const auto real = l.inputs.attentionMask.to(torch::kDouble).unsqueeze(-1);
        const auto mean = (output * real).sum(std::vector<int64_t>{0, 1}) / real.sum();
        const auto grad = l.reference->tensor("grad." + base + ".weight").to(torch::kDouble);
        const auto expected = (w * grad * (gpt2 ? (shift + mean).unsqueeze(0) : (shift + mean).unsqueeze(1))).abs();
        const double err = relativeError(scores.at(base + ".weight"), expected);
        qInfo("%s: cam-cut vs independent computation rel_err %.2e", QTest::currentDataTag(), err);
        QVERIFY(err < 1e-4);
        QVERIFY(scores.contains("heads") && scores.contains("neurons"));
        QVERIFY(scores.at("heads").gt(0).all().item<bool>());
    }

    // Without noise Smooth-Cut is Taylor, batched or not, and its provenance says how many
    // copies a pass held; with noise it stays close in rank and is reproducible from its seed.
    void smoothCutReducesToTaylor()
    {
        Loaded l = load(QStringLiteral("bert"));
        const ScoreMap taylor = score(l, "taylor");
        ScoreOptions options;
        options.method = "smooth-cut";
        options.methodOptions.set("samples", int64_t(3));
        // Noise far below float32's resolution of the outputs: no noise (sigma must be above 0).
        options.methodOptions.set("sigma", 1e-30);
        for (bool batched : {true, false}) {
            options.methodOptions.set("batched", batched);
            const ScoreMap smooth = computeScores(*l.model, {l.inputs}, options);
            for (const auto &[name, tensor] : taylor.tensors)
                QVERIFY2(torch::allclose(smooth.at(name), tensor, 1e-4, 1e-7), name.c_str());
            QCOMPARE(smooth.provenance.at("copies_per_pass"), std::string(batched ? "3" : "1"));
        }
        options.methodOptions.set("sigma", 1e-2);
        options.methodOptions.set("batched", true);
        const ScoreMap noisy = computeScores(*l.model, {l.inputs}, options);
        const ScoreMap again = computeScores(*l.model, {l.inputs}, options);
        const std::string name = "bert.encoder.layer.1.intermediate.dense.weight";
        QVERIFY(torch::equal(noisy.at(name), again.at(name)));
        QVERIFY(!torch::allclose(noisy.at(name), taylor.at(name), 1e-4, 1e-7));
        const auto ranks = [](const torch::Tensor &t) { return t.flatten().argsort().argsort().to(torch::kDouble); };
        const auto a = ranks(noisy.at(name)), b = ranks(taylor.at(name));
        const double rho = ((a - a.mean()) * (b - b.mean())).sum().item<double>() / ((a - a.mean()).norm() * (b - b.mean()).norm()).item<double>();
        qInfo("smooth-cut (sigma 1e-2, K 3) vs taylor: Spearman %.3f", rho);
        QVERIFY(rho > 0.9);
        options.methodOptions.set("noise-on", std::string("embeddings"));
        QVERIFY(computeScores(*l.model, {l.inputs}, options).contains(name));
    }

    // Smooth-Cut's copies a pass, from the memory one copy took: as many as nine tenths of
    // the room holds, a divisor of K, never none, never more than asked.
    void copiesFollowTheMemory()
    {
        using prunescope::detail::copiesForMemory;
        const int64_t mib = int64_t(1) << 20;
        QCOMPARE(copiesForMemory(100 * mib, 10 * mib, 10, 10), int64_t(5)); // 9 fit; 5 divides 10
        QCOMPARE(copiesForMemory(1000 * mib, 10 * mib, 10, 10), int64_t(10));
        QCOMPARE(copiesForMemory(1000 * mib, 10 * mib, 12, 12), int64_t(12));
        QCOMPARE(copiesForMemory(75 * mib, 10 * mib, 12, 12), int64_t(6)); // 6.75 fit
        QCOMPARE(copiesForMemory(50 * mib, 10 * mib, 7, 7), int64_t(1));   // 4 fit; 7 is prime
        QCOMPARE(copiesForMemory(5 * mib, 10 * mib, 10, 10), int64_t(1));  // not even one: one, and OOM decides
        QCOMPARE(copiesForMemory(-mib, 10 * mib, 10, 10), int64_t(1));     // the sums alone fill the device
        QCOMPARE(copiesForMemory(100 * mib, 0, 10, 4), int64_t(2));        // nothing measured: as asked, a divisor
    }

    // CLIP's noiseless copies in one batch give taylor exactly: each copy's contrastive
    // loss stays apart (one loss over the stacked batch would be another function).
    void clipSmoothCutKeepsCopiesApart()
    {
        Loaded l = load(QStringLiteral("clip"));
        ModelInputs pairs = l.inputs; // two images with their two texts, no distractor
        pairs.inputIds = pairs.inputIds.slice(0, 0, 2);
        pairs.attentionMask = pairs.attentionMask.slice(0, 0, 2);
        const ScoreMap taylor = score(l, "taylor", {pairs});
        ScoreOptions options;
        options.method = "smooth-cut";
        options.methodOptions.set("samples", int64_t(3));
        options.methodOptions.set("sigma", 1e-30); // below float32's resolution: no noise
        const ScoreMap smooth = computeScores(*l.model, {pairs}, options);
        for (const auto &[name, tensor] : taylor.tensors) {
            const double error = relativeError(smooth.at(name), tensor);
            QVERIFY2(error < 1e-5, (name + ": " + std::to_string(error)).c_str());
        }
        QCOMPARE(smooth.provenance.at("copies_per_pass"), std::string("3"));
    }

    // While a pass is captured into a CUDA graph the data's checks cannot read the GPU: they
    // are recorded, bound to the batch's fields and run on each later batch before it replays.
    void inputChecksRecordedForReplay_data() { addFamilies(); }
    void inputChecksRecordedForReplay()
    {
        QFETCH(QString, family);
        Loaded l = load(family);
        const ModelInputs in = withLossTargets(l.inputs, l.model->config());
        std::optional<std::vector<RecordedInputChecks::Bound>> bound;
        {
            const RecordedInputChecks recorded;
            torch::NoGradGuard noGrad;
            l.model->forward(in, {}, true);
            bound = recorded.boundTo(in);
        }
        QVERIFY(bound && bound->size() >= 2); // input_ids and the labels at least
        runInputChecks(*bound, in);
        ModelInputs bad = in;
        bad.inputIds = in.inputIds.clone();
        bad.inputIds[0][1] = l.model->config().towers[0].vocabSize + 5;
        try {
            runInputChecks(*bound, bad);
            QFAIL("a token outside the vocabulary passed");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("input_ids holds") != std::string::npos, e.what());
        }
        const RecordedInputChecks recorded;
        checkInput(in.inputIds.clone(), [](const torch::Tensor &) {}); // computed from the batch: not bindable
        QVERIFY(!recorded.boundTo(in));
    }

    // On a GPU, batches of one shape replay one captured pass (the tiny fixtures' passes are
    // all kernel launches: a replay is many times faster): the same scores as eager passes
    // (the same kernels in the same order), and a bad batch among them is refused by its
    // check with the GPU still usable.
    void graphedPassesMatchEager_data() { addFamilies(); }
    void graphedPassesMatchEager()
    {
        if (!torch::cuda::is_available())
            QSKIP("needs a CUDA GPU (the GPU machine's round runs it)");
        QFETCH(QString, family);
        Loaded l = load(family, kGpu);
        const auto some = makeBatches(l.inputs, 1, 0, 0); // two or three examples, each a batch
        std::vector<ModelInputs> batches;
        while (batches.size() < 10) // the first two eager, then eight or more to pay for the capture
            batches.insert(batches.end(), some.begin(), some.end());
        ScoreOptions options;
        options.method = "taylor";
        const ScoreMap graphed = computeScores(*l.model, batches, options);
        options.cudaGraphs = false;
        const ScoreMap eager = computeScores(*l.model, batches, options);
        const std::string expected = "replayed for " + std::to_string(batches.size() - 2) + " of "
            + std::to_string(batches.size()) + " batches"; // the first two eager: warm-up, then timed
        QVERIFY2(graphed.provenance.at("cuda_graph").rfind(expected, 0) == 0, graphed.provenance.at("cuda_graph").c_str());
        QVERIFY(eager.provenance.count("cuda_graph") == 0);
        double worst = 0;
        for (const auto &[name, tensor] : eager.tensors)
            worst = std::max(worst, relativeError(graphed.at(name), tensor));
        qInfo("%s taylor, graphed vs eager passes: %.2e", qPrintable(family), worst);
        QVERIFY(worst < 1e-5); // float32 sums of a few batches in the same order
        auto bad = batches;
        bad.back().inputIds = bad.back().inputIds.clone();
        bad.back().inputIds[0][0] = -1;
        options.cudaGraphs = true;
        QVERIFY_THROWS_EXCEPTION(Error, computeScores(*l.model, bad, options));
        const ScoreMap again = computeScores(*l.model, batches, options);
        QVERIFY(relativeError(again.at("heads"), graphed.at("heads")) < 1e-5);
    }

    void gatedUnitsMatchLibTorch_data()
    {
        QTest::addColumn<QString>("activation");
        QTest::addColumn<bool>("bfloat16");
        QTest::addColumn<int>("span");
        QTest::addColumn<int>("columns");
        QTest::newRow("gelu, bfloat16, neurons") << QStringLiteral("gelu") << true << 1 << 4096;
        QTest::newRow("gelu, float32, neurons") << QStringLiteral("gelu") << false << 1 << 3072;
        QTest::newRow("gelu_new, bfloat16, 100 neurons (one value at a time)") << QStringLiteral("gelu_new") << true << 1 << 100;
        QTest::newRow("gelu_pytorch_tanh, float32, neurons") << QStringLiteral("gelu_pytorch_tanh") << false << 1 << 1600;
        QTest::newRow("no activation, bfloat16, heads of 64") << QStringLiteral("") << true << 64 << 1024;
        QTest::newRow("no activation, float32, heads of 80") << QStringLiteral("") << false << 80 << 1600;
    }

    // gatedUnits against activate() and a broadcast multiply in LibTorch, values and both
    // gradients, over gates of 0, 1 and between. The same roundings in the same places: the
    // values and x's gradient may differ only where float32 results a few units apart round
    // to different values of the type (one unit of it, bfloat16's 2^-8, relative to
    // max(1, |value|)). The gates' gradient against a float64 sum of the same rounded terms:
    // a float32 sum of n terms is within n float32 epsilons of the sum of their magnitudes.
    void gatedUnitsMatchLibTorch()
    {
        QFETCH(QString, activation);
        QFETCH(bool, bfloat16);
        QFETCH(int, span);
        QFETCH(int, columns);
        const std::string name = activation.toStdString();
        const auto type = bfloat16 ? torch::kBFloat16 : torch::kFloat32;
        const int64_t units = columns / span;
        QVERIFY(!gatedUnits(torch::ones({2, columns}), torch::ones({units}), span, name).defined()); // CPU: LibTorch's
        if (!torch::cuda::is_available())
            QSKIP("no CUDA device");
        torch::manual_seed(5);
        const auto options = torch::TensorOptions(torch::kCUDA).dtype(type);
        const auto x = (torch::randn({3, 37, columns}, options) * 2).requires_grad_();
        auto gateValues = torch::rand({units}, torch::TensorOptions(torch::kCUDA));
        gateValues.slice(0, 0, units / 3).fill_(1);
        gateValues.slice(0, units / 3, units / 2).fill_(0);
        const auto gates = gateValues.requires_grad_();
        const auto ours = gatedUnits(x, gates, span, name);
        QVERIFY(ours.defined());
        const auto act = name.empty() ? x : activate(name, x);
        const auto reference = (act.view({3, 37, units, span}) * gates.to(type).view({units, 1})).view(x.sizes());
        const auto dy = torch::randn_like(reference);
        const auto oursGrads = torch::autograd::grad({ours}, {x, gates}, {dy});
        const auto referenceGrads = torch::autograd::grad({reference}, {x, gates}, {dy});

        const double unit = bfloat16 ? std::ldexp(1.0, -8) : 4 * double(std::numeric_limits<float>::epsilon());
        const auto apart = [](const torch::Tensor &a, const torch::Tensor &b) {
            const auto d = a.to(torch::kDouble), r = b.to(torch::kDouble);
            return ((d - r).abs() / r.abs().clamp_min(1)).max().item<double>();
        };
        const double values = apart(ours, reference), xGradient = apart(oursGrads[0], referenceGrads[0]);
        // The gates' gradient: the sum over rows and a unit's columns of dy * act, act rounded to the type.
        torch::NoGradGuard noGrad;
        const auto terms = (dy.to(torch::kDouble) * act.detach().to(torch::kDouble)).view({-1, units, span});
        const std::vector<int64_t> across{0, 2};
        const auto exact = terms.sum(across), magnitude = terms.abs().sum(across);
        const double n = double(terms.size(0) * span);
        const double gateGradient = ((oursGrads[1].to(torch::kDouble) - exact).abs() / magnitude).max().item<double>();
        const double gateBound = n * double(std::numeric_limits<float>::epsilon());
        qInfo("%s: values %.3g, x's gradient %.3g (tolerance %.3g); gates' gradient %.3g of the terms' magnitude "
              "(tolerance %.3g); LibTorch's own %.3g",
              QTest::currentDataTag(), values, xGradient, unit, gateGradient, gateBound,
              ((referenceGrads[1].to(torch::kDouble) - exact).abs() / magnitude).max().item<double>());
        QCOMPARE(ours.scalar_type(), type);
        QCOMPARE(oursGrads[1].scalar_type(), torch::kFloat32);
        QVERIFY(values <= unit);
        QVERIFY(xGradient <= unit);
        QVERIFY(gateGradient <= gateBound);
    }

    void residualLayerNormMatchesLibTorch_data()
    {
        QTest::addColumn<bool>("autocast");
        QTest::addColumn<int>("columns");
        QTest::addColumn<bool>("bias");
        QTest::newRow("bfloat16 branch under autocast, 1024 columns") << true << 1024 << true;
        QTest::newRow("bfloat16 branch under autocast, 102 columns (one value at a time), no bias") << true << 102 << false;
        QTest::newRow("float32 branch, 768 columns") << false << 768 << true;
        QTest::newRow("float32 branch, 8192 columns") << false << 8192 << true;
    }

    // residualLayerNorm against layer_norm(residual + branch) in LibTorch, both outputs and the
    // gradients of the residual and the branch from gradients given to both outputs. Both sides
    // sum n float32 values for the mean, the variance and the backward's two means, each in its
    // own order: a few float32 epsilons for each of about log2(n) + 1 levels on values of order 1
    // (16 a level, as addLayerNorm's test allows), and where a result is rounded to bfloat16,
    // values that close may round apart by one unit of it (2^-7 relative, as there).
    void residualLayerNormMatchesLibTorch()
    {
        QFETCH(bool, autocast);
        QFETCH(int, columns);
        QFETCH(bool, bias);
        const auto type = autocast ? torch::kBFloat16 : torch::kFloat32;
        const torch::Tensor cpuWeight = torch::randn({columns});
        QVERIFY(!residualLayerNorm(torch::randn({2, columns}), torch::randn({2, columns}), cpuWeight, {}, 1e-5).out.defined());
        if (!torch::cuda::is_available())
            QSKIP("no CUDA device");
        torch::manual_seed(11);
        const auto on = torch::TensorOptions(torch::kCUDA);
        const auto residual = (torch::randn({3, 41, columns}, on) * 2 + 1).requires_grad_();
        const auto branch = torch::randn({3, 41, columns}, on.dtype(type)).requires_grad_();
        const auto weight = torch::randn({columns}, on), shift = bias ? torch::randn({columns}, on) : torch::Tensor();
        const double eps = 1e-12;
        std::optional<AutocastScope> scope;
        if (autocast)
            scope.emplace(torch::Device(torch::kCUDA), torch::kBFloat16);
        const ResidualNorm ours = residualLayerNorm(residual, branch, weight, shift, eps);
        QVERIFY(ours.out.defined());
        QCOMPARE(ours.forProducts.defined(), autocast);
        const auto reference = torch::layer_norm(residual + branch.to(torch::kFloat), {columns}, weight, shift, eps);
        const auto dOut = torch::randn_like(reference);
        std::vector<torch::Tensor> outputs{ours.out}, referenceOutputs{reference}, given{dOut};
        if (autocast) {
            outputs.push_back(ours.forProducts);
            referenceOutputs.push_back(reference.to(type));
            given.push_back(torch::randn(reference.sizes(), on.dtype(type)));
        }
        const auto grads = torch::autograd::grad(outputs, {residual, branch}, given);
        const auto referenceGrads = torch::autograd::grad(referenceOutputs, {residual, branch}, given);
        scope.reset();

        const double f32 = std::numeric_limits<float>::epsilon(), summed = 16 * (std::log2(columns) + 1) * f32;
        const double rounded = autocast ? std::ldexp(1.0, -7) : 0.0;
        const auto apart = [](const torch::Tensor &a, const torch::Tensor &b) {
            const auto r = b.to(torch::kDouble);
            return ((a.to(torch::kDouble) - r).abs() / r.abs().clamp_min(1)).max().item<double>();
        };
        const double out = apart(ours.out, reference), dResidual = apart(grads[0], referenceGrads[0]);
        const double dBranch = apart(grads[1], referenceGrads[1]);
        const double low = autocast ? apart(ours.forProducts, reference.to(type)) : 0.0;
        qInfo("%s: output %.3g (tolerance %.3g), in bf16 %.3g; gradients: residual %.3g (tolerance %.3g), branch %.3g "
              "(tolerance %.3g)",
              QTest::currentDataTag(), out, summed, low, dResidual, summed, dBranch, summed + rounded);
        QCOMPARE(grads[0].scalar_type(), torch::kFloat32);
        QCOMPARE(grads[1].scalar_type(), type);
        QVERIFY(out <= summed);
        QVERIFY(low <= summed + rounded);
        QVERIFY(dResidual <= summed);
        QVERIFY(dBranch <= summed + rounded);
        // A norm whose weights train keeps LibTorch's ops (the kernels give no weight gradient).
        const auto trained = weight.clone().requires_grad_();
        QVERIFY(!residualLayerNorm(residual, branch, trained, shift, eps).out.defined());
    }

    void addLayerNormMatchesLibTorch_data()
    {
        QTest::addColumn<bool>("cuda");
        QTest::addColumn<bool>("bfloat16");
        QTest::newRow("cpu float32") << false << false;
        QTest::newRow("cuda float32") << true << false;
        QTest::newRow("cuda bfloat16") << true << true;
    }

    // addLayerNorm (PruneScope's runtime fuses residual sums read only by a layer norm into it)
    // against layer_norm(x + residual) in LibTorch, for rows narrower than, not a multiple of, and
    // as wide as the kernel's 16-byte loads and its widest row, and past it; rows starting off 16
    // bytes; a broadcast residual; no bias. On a GPU the first is the kernel. Here beside the
    // other kernels' tests, which the GPU round runs where ONNX Runtime is not installed.
    void addLayerNormMatchesLibTorch()
    {
        QFETCH(bool, cuda);
        QFETCH(bool, bfloat16);
        if (cuda && !torch::cuda::is_available())
            QSKIP("no CUDA device");
        const auto options = torch::TensorOptions(cuda ? torch::kCUDA : torch::kCPU)
                                 .dtype(bfloat16 ? torch::kBFloat16 : torch::kFloat32);
        struct Case
        {
            const char *name;
            int64_t columns;
            bool offset = false, broadcast = false, bias = true;
        };
        const Case cases[] = {
            {"1 column", 1},
            {"7 columns", 7},
            {"64 columns", 64},
            {"1001 columns", 1001},
            {"8192 columns", 8192},
            {"8193 columns", 8193},
            {"768 columns, off 16 bytes", 768, /*offset=*/true},
            {"768 columns, residual broadcast", 768, /*offset=*/false, /*broadcast=*/true},
            {"768 columns, no bias", 768, /*offset=*/false, /*broadcast=*/false, /*bias=*/false},
        };
        torch::NoGradGuard noGrad;
        torch::manual_seed(3);
        for (const Case &c : cases) {
            const int64_t n = c.columns, count = 3 * 5 * n;
            // off 16 bytes: a contiguous view one element into its storage
            const auto rows = [&] {
                const int64_t skip = c.offset ? 1 : 0;
                return torch::randn({count + skip}, options).narrow(0, skip, count).view({3, 5, n});
            };
            const auto x = rows().mul_(3).add_(1); // a mean well off 0 (in place: still off 16 bytes)
            const auto residual = c.broadcast ? torch::randn({n}, options) : rows();
            const auto weight = torch::randn({n}, options);
            const auto bias = c.bias ? torch::randn({n}, options) : torch::Tensor();
            const auto ours = addLayerNorm(x, residual, weight, bias, n, 1e-5);
            const auto reference = torch::layer_norm(x + residual, {n}, weight, bias, 1e-5);
            // Both sides sum n float32 values for the mean and the variance, each in its own order
            // (blocks and a tree, or Welford): a few float32 epsilons of error for each of about
            // log2(n) + 1 levels, on outputs LayerNorm makes of order 1 (16 a level leave room for
            // the roundings after: scale, weight, bias). Then each rounds its float32 result to the
            // output type: values that close may still round apart, by that type's epsilon
            // (bfloat16's 2^-7; float32's, where nothing is rounded after).
            const double f32 = std::numeric_limits<float>::epsilon();
            const double tolerance = (bfloat16 ? std::ldexp(1.0, -7) : f32) + 16 * (std::log2(n) + 1) * f32;
            const double difference = testing::relativeDifference(ours, reference);
            qInfo("%s: max |fused - layer_norm(x + residual)| / max(1, |layer_norm|) %.3g (tolerance %.3g)", c.name,
                  difference, tolerance);
            QCOMPARE(ours.sizes(), reference.sizes());
            QVERIFY(difference <= tolerance);
        }
    }

    void splitFloat32ProductsMatchFloat64_data()
    {
        QTest::addColumn<bool>("inputMajor");
        QTest::addColumn<bool>("bias");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("in");
        QTest::addColumn<int>("out");
        QTest::newRow("nn.Linear, BERT-base's query, key and value") << false << true << 2 * 257 << 768 << 2304;
        QTest::newRow("Conv1D, GPT-2 XL's FFN output, no bias") << true << false << 300 << 6400 << 1600;
        QTest::newRow("nn.Linear, 37 outputs of 101 inputs (one value at a time)") << false << true << 2 * 17 << 101 << 37;
        QTest::newRow("nn.Linear, 16 inputs, 1024 outputs") << false << true << 2 * 512 << 16 << 1024;
        QTest::newRow("Conv1D, 64 inputs, 37 outputs (one value at a time)") << true << true << 2 * 33 << 64 << 37;
    }

    // splitFloat32Linear's output and its three gradients against float64 products of the same
    // float32 values, relative to the sum of the terms' magnitudes (the bias is one term more of
    // the output's): the split leaves each term a_k b_k within 2.5 * 2^-21 of itself, and a
    // float32 sum of n terms is within n * 2^-23 of their magnitudes where each addition cuts (as
    // the tensor cores' sums do), 3n for the three parts. Over 16 terms that is 7.0e-6, under what
    // TF32 products of unsplit values should leave (each value 2^-11 off); over hundreds the
    // bound is a worst case, and the errors found are printed beside LibTorch's float32 product's.
    void splitFloat32ProductsMatchFloat64()
    {
        QFETCH(bool, inputMajor);
        QFETCH(bool, bias);
        QFETCH(int, rows);
        QFETCH(int, in);
        QFETCH(int, out);
        const std::vector<int64_t> weightShape = inputMajor ? std::vector<int64_t>{in, out} : std::vector<int64_t>{out, in};
        QVERIFY(!splitFloat32Linear(torch::randn({rows, in}), torch::randn(weightShape), {}, inputMajor).defined());
        if (!torch::cuda::is_available())
            QSKIP("no CUDA device");
        const torch::Device cuda(torch::kCUDA);
        if (const std::string why = whyNoFloat32Split(cuda); !why.empty())
            QSKIP(("no split products here: " + why).c_str());
        std::optional<AutocastScope> split(std::in_place, cuda, parsePrecision("tf32x3"));
        QVERIFY(splitsFloat32Products(cuda));
        torch::manual_seed(11);
        const auto options = torch::TensorOptions(cuda);
        const auto x = torch::randn({rows / 2, 2, in}, options).transpose(0, 1).requires_grad_(); // not contiguous
        const auto w = torch::randn(weightShape, options).requires_grad_();
        const auto b = bias ? torch::randn({out}, options).requires_grad_() : torch::Tensor();
        const auto y = splitFloat32Linear(x, w, b, inputMajor);
        QVERIFY(y.defined());
        QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{2, rows / 2, out}));
        const auto dy = torch::randn_like(y);
        std::vector<torch::Tensor> wrt{x, w};
        if (bias)
            wrt.push_back(b);
        const auto grads = torch::autograd::grad({y}, wrt, {dy});
        // A weight that takes no gradient: x's gradient is the same.
        const auto fixedWeight = splitFloat32Linear(x, w.detach(), bias ? b.detach() : b, inputMajor);
        QVERIFY(torch::equal(torch::autograd::grad({fixedWeight}, {x}, {dy})[0], grads[0]));

        torch::NoGradGuard noGrad;
        const auto d = [](const torch::Tensor &t) { return t.detach().to(torch::kDouble).reshape({-1, t.size(-1)}); };
        const auto x64 = d(x), dy64 = d(dy), wT64 = inputMajor ? d(w) : d(w).t(); // [in, out]
        // max |ours - exact| / sum |a_k b_k| over a product's entries, and the bound for n terms
        const auto apart = [](const torch::Tensor &ours, const torch::Tensor &a, const torch::Tensor &b) {
            const auto exact = a.mm(b), scale = a.abs().mm(b.abs()).clamp_min(1e-30);
            return ((ours.detach().to(torch::kDouble).reshape(exact.sizes()) - exact).abs() / scale).max().item<double>();
        };
        // The mean of (ours - exact) toward the exact value's sign, over the same scale: about 0
        // where sums round to nearest, below 0 where they cut toward zero.
        const auto pull = [](const torch::Tensor &ours, const torch::Tensor &a, const torch::Tensor &b) {
            const auto exact = a.mm(b), scale = a.abs().mm(b.abs()).clamp_min(1e-30);
            return ((ours.detach().to(torch::kDouble).reshape(exact.sizes()) - exact) * exact.sign() / scale)
                .mean()
                .item<double>();
        };
        const auto bound = [](int64_t n) { return 2.5 * std::ldexp(1.0, -21) + 3.0 * n * std::ldexp(1.0, -23); };
        // The output's terms: x's entries times the weight's, and the bias as one term more (1
        // times b).
        const auto xb64 = bias ? torch::cat({x64, torch::ones({x64.size(0), 1}, x64.options())}, 1) : x64;
        const auto wb64 = bias ? torch::cat({wT64, d(b)}) : wT64;
        const double output = apart(y, xb64, wb64);
        const double inputGrad = apart(grads[0], dy64, wT64.t());
        const double weightGrad = inputMajor ? apart(grads[1], x64.t(), dy64) : apart(grads[1], dy64.t(), x64);
        const auto flat = x.detach().reshape({-1, in});
        const auto wT = inputMajor ? w.detach() : w.detach().t();
        const auto libtorch = bias ? torch::addmm(b.detach(), flat, wT) : flat.mm(wT);
        const int64_t terms = in + (bias ? 1 : 0);
        qInfo("%s: output %.3g (tolerance %.3g, LibTorch's float32 product %.3g; mean pull toward zero %.3g, "
              "LibTorch's %.3g), x's gradient %.3g (tolerance %.3g), the weight's %.3g (tolerance %.3g)",
              QTest::currentDataTag(), output, bound(terms), apart(libtorch, xb64, wb64), pull(y, xb64, wb64),
              pull(libtorch, xb64, wb64), inputGrad, bound(out), weightGrad, bound(rows));
        QVERIFY(output <= bound(terms));
        QVERIFY(inputGrad <= bound(out));
        QVERIFY(weightGrad <= bound(rows));
        if (bias) // summed by LibTorch in float32: rows terms
            QVERIFY(((grads[2].to(torch::kDouble) - dy64.sum(0)).abs() / dy64.abs().sum(0)).max().item<double>()
                    <= rows * double(std::numeric_limits<float>::epsilon()));

        // Outside the scope, under autocast, of another type, or without inputs: LibTorch's products.
        split.reset();
        QVERIFY(!splitFloat32Linear(x, w, b, inputMajor).defined());
        split.emplace(cuda, parsePrecision("tf32x3"));
        QVERIFY(!splitFloat32Linear(x.to(torch::kBFloat16), w.to(torch::kBFloat16), {}, inputMajor).defined());
        QVERIFY(!splitFloat32Linear(x.narrow(-1, 0, 0), w.narrow(inputMajor ? 0 : 1, 0, 0), b, inputMajor).defined());
        {
            AutocastScope autocast(cuda, torch::kBFloat16);
            QVERIFY(!splitFloat32Linear(x, w, b, inputMajor).defined());
        }
    }

    void splitFloat32ProductsKeepParity_data()
    {
        QTest::addColumn<QString>("family");
        for (const auto &family : testing::fixtureFamilies())
            QTest::newRow(family.c_str()) << QString::fromStdString(family);
    }

    // Every family on the GPU with its float32 products split, through the parity check that
    // `verify` makes (transformers' outputs within 1e-5, gradients within 1e-4, relative to
    // each tensor's norm). The fixtures' longest sums are the tied LM heads' input gradients,
    // over 1,000 vocabulary entries: a worst case of 2.5 * 2^-21 + 3 * 1000 * 2^-23 = 3.6e-4 of
    // the terms' magnitudes for the split and 1000 * 2^-24 = 6.0e-5 for IEEE products, both
    // above the tolerances, which sums of terms of both signs stay far below. The check holds
    // the split to the tolerances IEEE products meet, and prints both.
    void splitFloat32ProductsKeepParity()
    {
        QFETCH(QString, family);
        if (!torch::cuda::is_available())
            QSKIP("no CUDA device");
        if (const std::string why = whyNoFloat32Split(kGpu); !why.empty())
            QSKIP(("no split products here: " + why).c_str());
        Loaded l = load(family, kGpu);
        const auto parity = [&](const Precision &precision) {
            const AutocastScope scope(kGpu, precision); // forward and backward: the split is taken in the forward
            return compareWithReference(computeNamedOutputs(*l.model, l.inputs, true), *l.reference);
        };
        const Comparison split = parity(parsePrecision("tf32x3"));
        const Comparison ieee = parity(parsePrecision("fp32"));
        for (const auto &t : split.tensors)
            if (!t.ok)
                qWarning("%s: rel_err %.3e > %.0e %s", t.name.c_str(), t.relativeError, t.tolerance, t.problem.c_str());
        qInfo("%s: split products %.3e (%s), IEEE products %.3e (%s)", qPrintable(family), split.maxRelativeError,
              split.worst.c_str(), ieee.maxRelativeError, ieee.worst.c_str());
        QVERIFY(ieee.ok);
        QVERIFY(split.ok);
    }

    void weightTermsMatchLibTorch_data()
    {
        QTest::addColumn<bool>("bfloat16Weights");
        QTest::addColumn<bool>("bfloat16Gradient");
        QTest::addColumn<int>("count");
        QTest::newRow("float32 weights, bfloat16 gradient") << false << true << 4096 * 3;
        QTest::newRow("float32 weights and gradient") << false << false << 4096 * 3;
        QTest::newRow("bfloat16 weights and gradient, 1001 values (one at a time)") << true << true << 1001;
    }

    // addWeightTerms against LibTorch's ops as accumulateBatch runs them where the kernel does
    // not: cast to float32, multiply, take the absolute value, add. The same float32 operations
    // on the same values, each rounded once: the same bits, for each of the three terms, first
    // written and then added. 40 weights in one call, more than one launch takes, of sizes
    // around `count` with one of 1001 values (read a value at a time) among them; the second
    // call adds to their sums and writes a 41st weight's.
    void weightTermsMatchLibTorch()
    {
        QFETCH(bool, bfloat16Weights);
        QFETCH(bool, bfloat16Gradient);
        QFETCH(int, count);
        torch::Tensor none;
        const auto onCpu = addWeightTerms({{&none, torch::randn({8}), torch::randn({8})}}, true, true);
        QVERIFY(onCpu == std::vector<size_t>{0}); // LibTorch's
        QVERIFY(!none.defined());
        if (!torch::cuda::is_available())
            QSKIP("no CUDA device");
        torch::manual_seed(3);
        const auto on = torch::TensorOptions(torch::kCUDA);
        constexpr int kWeights = 41;
        std::vector<torch::Tensor> w, g1, g2;
        for (int i = 0; i < kWeights; ++i) {
            const int64_t n = i == 7 ? 1001 : count + 4 * i;
            w.push_back(torch::randn({n}, on).to(bfloat16Weights ? torch::kBFloat16 : torch::kFloat32));
            g1.push_back((torch::randn({n}, on) * 1e-3).to(bfloat16Gradient ? torch::kBFloat16 : torch::kFloat32));
            g2.push_back((torch::randn({n}, on) * 1e-3).to(g1.back().scalar_type()));
        }
        struct Term
        {
            const char *name;
            bool product, absolute;
        };
        for (const Term term : {Term{"|g|", false, true}, Term{"|w g|", true, true}, Term{"w g", true, false}}) {
            const auto reference = [&](int i, const torch::Tensor &g) {
                const auto t = term.product ? w[i].to(torch::kFloat) * g.to(torch::kFloat) : g.to(torch::kFloat);
                return term.absolute ? t.abs() : t;
            };
            std::vector<torch::Tensor> sums(kWeights);
            const auto batch = [&](const std::vector<torch::Tensor> &g, int weights) {
                std::vector<WeightTerms> terms;
                for (int i = 0; i < weights; ++i)
                    terms.push_back({&sums[i], w[i], g[i]});
                return addWeightTerms(terms, term.product, term.absolute);
            };
            QVERIFY(batch(g1, kWeights - 1).empty());
            double written = 0, added = 0;
            for (int i = 0; i < kWeights - 1; ++i) {
                QCOMPARE(sums[i].scalar_type(), torch::kFloat32);
                written = std::max(written, (sums[i] - reference(i, g1[i])).abs().max().item<double>());
            }
            QVERIFY(batch(g2, kWeights).empty());
            for (int i = 0; i < kWeights; ++i) {
                const auto expected = i < kWeights - 1 ? reference(i, g1[i]) + reference(i, g2[i]) : reference(i, g2[i]);
                added = std::max(added, (sums[i] - expected).abs().max().item<double>());
            }
            qInfo("%s, %s: first batch %.3g, added %.3g (tolerance 0)", QTest::currentDataTag(), term.name, written,
                  added);
            QCOMPARE(written, 0.0);
            QCOMPARE(added, 0.0);
        }
        auto other = torch::zeros({count}, on.dtype(torch::kDouble)); // a sum not float32: LibTorch's ops
        auto fine = torch::zeros({count}, on.dtype(torch::kFloat32));
        const auto left = addWeightTerms({{&fine, w[0], g1[0]}, {&other, w[0], g1[0]}}, true, true);
        QVERIFY(left == std::vector<size_t>{1});
        QCOMPARE(other.abs().max().item<double>(), 0.0);
    }

    // On a GPU under autocast the weights are cast once for a gradient method's passes (pass
    // weights) and their gradients read in bf16, query, key and value stacked: the scores are
    // those of the casts autocast makes in every pass (the same products of the same values),
    // with a bool mask on one matrix as well, and eager passes as well as replayed ones.
    void passWeightsMatchCastWeights_data()
    {
        QTest::addColumn<QString>("family");
        for (const char *family : {"bert", "gpt2", "llama"})
            QTest::newRow(family) << QString::fromLatin1(family);
    }
    void passWeightsMatchCastWeights()
    {
        if (!torch::cuda::is_available())
            QSKIP("needs a CUDA GPU (the GPU machine's round runs it)");
        QFETCH(QString, family);
        Loaded l = load(family, kGpu);
        const auto &first = l.model->structure().towers[0].layers[0].matrices.front();
        const auto params = l.model->named_parameters();
        l.model->setWeightMask(first.weight, torch::rand(params[first.weight].sizes()) > 0.3);
        const auto some = makeBatches(l.inputs, 1, 0, 0);
        std::vector<ModelInputs> batches;
        while (batches.size() < 10) // replays after the first two
            batches.insert(batches.end(), some.begin(), some.end());
        ScoreOptions options;
        options.method = "taylor";
        options.precision = torch::kBFloat16;
        const ScoreMap held = computeScores(*l.model, batches, options);
        QVERIFY(l.model->passWeights().empty()); // dropped when the scoring ends
        const std::string graph = held.provenance.at("cuda_graph");
        QVERIFY2(graph.rfind("replayed for", 0) == 0, graph.c_str()); // no autograd node of a leaf kept from pass to pass
        options.passWeights = false;
        const ScoreMap cast = computeScores(*l.model, batches, options);
        options.cudaGraphs = false;
        options.passWeights = true;
        const ScoreMap eager = computeScores(*l.model, batches, options);
        double worst = 0, worstEager = 0;
        for (const auto &[name, tensor] : cast.tensors) {
            worst = std::max(worst, relativeError(held.at(name), tensor));
            worstEager = std::max(worstEager, relativeError(eager.at(name), tensor));
        }
        qInfo("%s taylor in bf16, pass weights vs weights cast in each pass: %.2e (replayed), %.2e (eager)",
              qPrintable(family), worst, worstEager);
        // The same products of the same bf16 values and the same float32 sums: expected bit for
        // bit. The tolerance leaves room only for cuBLAS summing a product in another order: a
        // sum of at most 64 terms (the fixtures' widths) moves by at most 64 float32 epsilons
        // relative to its terms' magnitude.
        const double tolerance = 64 * double(std::numeric_limits<float>::epsilon());
        QVERIFY(worst <= tolerance && worstEager <= tolerance);
        QVERIFY(held.at(first.weight).eq(0).logical_and(params[first.weight].cpu().ne(0)).sum().item<int64_t>() > 0);
    }

    // bf16 autocast (here on the CPU): the scores stay close to float32's, the provenance
    // says which precision ran, and a precision the device cannot run is refused.
    void autocastStaysCloseToFloat32()
    {
        Loaded l = load(QStringLiteral("bert"));
        const ScoreMap full = score(l, "taylor");
        ScoreOptions options;
        options.method = "taylor";
        options.precision = torch::kBFloat16;
        const ScoreMap half = computeScores(*l.model, {l.inputs}, options);
        QCOMPARE(half.provenance.at("precision"), std::string("bf16"));
        QCOMPARE(full.provenance.at("precision"), std::string("fp32"));
        for (const char *name : {"heads", "neurons", "bert.encoder.layer.0.attention.self.query.weight"}) {
            const double error = relativeError(half.at(name), full.at(name));
            qInfo("%s: bf16 autocast vs float32 relative error %.2e", name, error);
            QVERIFY(error > 0 && error < 0.05);
        }
        options.precision = torch::kHalf;
        QVERIFY_THROWS_EXCEPTION(Error, computeScores(*l.model, {l.inputs}, options));
        // tf32x3 needs a GPU's tensor cores: refused here, saying why.
        options.precision = parsePrecision("tf32x3");
        try {
            computeScores(*l.model, {l.inputs}, options);
            QFAIL("tf32x3 ran on the CPU");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("precision tf32x3 splits float32 products on a GPU's TF32 tensor "
                                                "cores, but")
                         == 0,
                     e.what());
            QVERIFY2(std::string(e.what()).find("; use fp32") != std::string::npos, e.what());
        }
    }

    // A checkpoint stored in bf16 and scored in bf16 is held in bf16 (half the memory of
    // float32 weights, and of their gradients); its scores are float32 sums that agree with
    // the same checkpoint held in float32, where only the sums between the layers are
    // rounded differently (2^-8 relative each, a few per layer of the two). A checkpoint
    // stored in float32 stays float32.
    void bf16CheckpointIsHeldInBf16()
    {
        QTemporaryDir dir;
        const fs::path folder = testing::copyCheckpointAs(fixture(QStringLiteral("llama")),
                                                          fs::path(dir.path().toStdString()) / "llama", torch::kBFloat16);
        const auto inputs = testing::fixtureInputs("llama");

        LoadOptions options;
        options.computeIn = torch::kBFloat16;
        LoadReport report;
        const auto held = Checkpoint::open(folder)->loadModel(options, &report);
        QCOMPARE(report.dtype, torch::kBFloat16);
        for (const auto &p : held->parameters())
            QCOMPARE(p.scalar_type(), torch::kBFloat16);
        const auto asFloat = Checkpoint::open(folder)->loadModel();
        QCOMPARE(asFloat->parameters().front().scalar_type(), torch::kFloat);

        ScoreOptions score;
        score.method = "taylor";
        score.precision = torch::kBFloat16;
        const ScoreMap half = computeScores(*held, {inputs}, score), full = computeScores(*asFloat, {inputs}, score);
        QCOMPARE(half.provenance.at("weights_dtype"), std::string("bf16"));
        QCOMPARE(full.provenance.at("weights_dtype"), std::string("fp32"));
        QCOMPARE(half.tensors.size(), full.tensors.size());
        double worst = 0;
        for (const auto &[name, tensor] : full.tensors) {
            QCOMPARE(half.at(name).scalar_type(), torch::kFloat);
            worst = std::max(worst, relativeError(half.at(name), tensor));
        }
        qInfo("held in bf16 against held in float32, both scored in bf16: worst relative error %.2e", worst);
        QVERIFY(worst > 0 && worst < 0.05);

        LoadReport stored;
        Checkpoint::open(fixture(QStringLiteral("llama")))->loadModel(options, &stored);
        QCOMPARE(stored.dtype, torch::kFloat);
    }

    // Wanda: |W| times the norm of each input feature over real tokens, from the reference
    // embeddings; the time of the metric itself recorded apart from the whole run's.
    void wandaMatchesIndependentComputation()
    {
        Loaded l = load(QStringLiteral("bert"));
        const ScoreMap scores = score(l, "wanda");
        const double metric = std::stod(scores.provenance.at("metric_seconds"));
        QVERIFY(metric >= 0 && metric <= std::stod(scores.provenance.at("seconds")));
        const std::string name = "bert.encoder.layer.0.attention.self.key.weight";
        const auto x = l.reference->tensor("hidden_states.0").to(torch::kDouble)
                       * l.inputs.attentionMask.to(torch::kDouble).unsqueeze(-1);
        const auto norm = x.pow(2).sum(std::vector<int64_t>{0, 1}).sqrt();
        const auto expected = SafetensorsFile::open(fixture(QStringLiteral("bert")) / "model.safetensors")->tensor(name).abs().to(torch::kDouble)
                              * norm.unsqueeze(0);
        QVERIFY(relativeError(scores.at(name), expected) < 1e-5);
        const ScoreMap mask = buildMask(scores, l.model->structure(), parseMaskOptions("weight", "row", 0.5));
        QVERIFY(mask.at(name).sum(1).eq(32).all().item<bool>()); // 64 inputs per row, half kept
    }

    // Exactly round(s * N) units per selection group, whatever the scope.
    void masksHitTheExactCount_data()
    {
        QTest::addColumn<QString>("granularity");
        QTest::addColumn<QString>("scope");
        QTest::addColumn<double>("sparsity");
        QTest::addColumn<int>("expectedZeros");
        // BERT fixture: 12 matrices, 2 layers x 4 heads, 2 layers x 128 neurons.
        const int weights = 2 * (4 * 64 * 64 + 2 * 64 * 128);
        QTest::newRow("weight/tensor") << QStringLiteral("weight") << QStringLiteral("tensor") << 0.3
                                       << 2 * (4 * int(std::llround(0.3 * 4096)) + 2 * int(std::llround(0.3 * 8192)));
        QTest::newRow("weight/layer") << QStringLiteral("weight") << QStringLiteral("layer") << 0.3
                                      << 2 * int(std::llround(0.3 * weights / 2));
        QTest::newRow("weight/global") << QStringLiteral("weight") << QStringLiteral("global") << 0.77
                                       << int(std::llround(0.77 * weights));
        QTest::newRow("weight/layer-normalized") << QStringLiteral("weight") << QStringLiteral("layer-normalized") << 0.5
                                                 << weights / 2;
        QTest::newRow("head/layer") << QStringLiteral("head") << QStringLiteral("layer") << 0.5 << 4;
        QTest::newRow("head/global") << QStringLiteral("head") << QStringLiteral("global") << 0.375 << 3;
        QTest::newRow("neuron/global") << QStringLiteral("neuron") << QStringLiteral("global") << 0.9 << 230;
        QTest::newRow("neuron/layer-normalized") << QStringLiteral("neuron") << QStringLiteral("layer-normalized") << 0.1 << 26;
        QTest::newRow("layer") << QStringLiteral("layer") << QStringLiteral("global") << 0.5 << 4 + 128;
        QTest::newRow("2:4") << QStringLiteral("2:4") << QStringLiteral("tensor") << 0.0 << weights / 2;
    }
    void masksHitTheExactCount()
    {
        QFETCH(QString, granularity);
        QFETCH(QString, scope);
        QFETCH(double, sparsity);
        QFETCH(int, expectedZeros);
        Loaded l = load(QStringLiteral("bert"));
        const ScoreMap scores = score(l, "taylor");
        const ScoreMap mask = buildMask(scores, l.model->structure(),
                                        parseMaskOptions(granularity.toStdString(), scope.toStdString(), sparsity));
        int zeros = 0;
        for (const auto &[name, tensor] : mask.tensors) {
            QVERIFY(tensor.eq(0).logical_or(tensor.eq(1)).all().item<bool>());
            zeros += int(tensor.eq(0).sum().item<int64_t>());
        }
        QCOMPARE(zeros, expectedZeros);
        // The kept units are the highest-scoring ones: no pruned unit outscores a kept one (per tensor scope).
        if (granularity == QLatin1String("weight") && scope == QLatin1String("tensor"))
            for (const auto &[name, keep] : mask.tensors) {
                const auto &s = scores.at(name);
                QVERIFY(s.masked_select(keep.eq(0)).max().item<float>() <= s.masked_select(keep.eq(1)).min().item<float>());
            }
    }

    // Equal scores: the earlier units are pruned first, every time.
    void tiesAreDeterministic()
    {
        Loaded l = load(QStringLiteral("bert"));
        ScoreMap flat;
        flat.tensors["heads"] = torch::ones({2, 4});
        const ScoreMap mask = buildMask(flat, l.model->structure(), parseMaskOptions("head", "global", 0.25));
        QVERIFY(torch::equal(mask.at("heads"), torch::tensor({{0.f, 0.f, 1.f, 1.f}, {1.f, 1.f, 1.f, 1.f}})));
    }

    // n of every m consecutive weights along the input, in GPT-2's [in, out] layout too.
    void nOfMKeepsNPerBlock_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("pattern");
        QTest::newRow("bert 2:4") << QStringLiteral("bert") << QStringLiteral("2:4");
        QTest::newRow("gpt2 4:8") << QStringLiteral("gpt2") << QStringLiteral("4:8");
        QTest::newRow("gpt2 1:16") << QStringLiteral("gpt2") << QStringLiteral("1:16");
    }
    void nOfMKeepsNPerBlock()
    {
        QFETCH(QString, family);
        QFETCH(QString, pattern);
        Loaded l = load(family);
        const auto options = parseMaskOptions(pattern.toStdString(), "tensor", 0);
        const ScoreMap mask = buildMask(score(l, "magnitude"), l.model->structure(), options);
        for (const auto &layer : l.model->structure().towers[0].layers)
            for (const auto &m : layer.matrices) {
                const auto keep = m.inputMajor ? mask.at(m.weight).t() : mask.at(m.weight);
                const auto perBlock = keep.reshape({keep.size(0), -1, options.m}).sum(-1);
                QVERIFY2(perBlock.eq(double(options.n)).all().item<bool>(), m.weight.c_str());
            }
    }

    // A head mask acts through the gates: same outputs as closing the gates by hand.
    void appliesMasksThroughGates()
    {
        Loaded l = load(QStringLiteral("gpt2"));
        ScoreMap mask;
        mask.tensors["heads"] = torch::tensor({{1.f, 0.f, 1.f, 1.f}, {1.f, 1.f, 1.f, 0.f}});
        mask.tensors["transformer.h.0.mlp.c_fc.weight"] = (torch::rand({64, 256}) > 0.5).to(torch::kFloat);
        torch::NoGradGuard noGrad;
        applyMask(*l.model, mask);
        const auto masked = l.model->forward(l.inputs).logits;

        auto fresh = Checkpoint::open(fixture(QStringLiteral("gpt2")))->loadModel();
        fresh->headGates(0)[0][1] = 0.0;
        fresh->headGates(0)[1][3] = 0.0;
        auto params = fresh->named_parameters();
        params["transformer.h.0.mlp.c_fc.weight"].mul_(mask.at("transformer.h.0.mlp.c_fc.weight"));
        QVERIFY(torch::allclose(masked, fresh->forward(l.inputs).logits, 1e-5, 1e-6));
    }

    // Grouped-query attention (the Llama fixture: 4 query heads over 2 key-value heads): a
    // kv-group mask ranks each group by its heads' summed scores and prunes all its query
    // heads, which equals zeroing the group's key and value rows, its heads' query rows and
    // their output columns.
    void kvGroupMasksPruneWholeGroups()
    {
        Loaded l = load(QStringLiteral("llama"));
        ScoreMap scores;
        // Layer 0: group 0 sums to 5, group 1 to 4 -> group 1 goes; layer 1: group 0 (0.5) goes.
        scores.tensors["heads"] = torch::tensor({{1.f, 4.f, 3.f, 1.f}, {0.25f, 0.25f, 2.f, 0.f}});
        const ScoreMap mask = buildMask(scores, l.model->structure(), parseMaskOptions("kv-group", "layer", 0.5));
        QVERIFY(torch::equal(mask.at("heads"), torch::tensor({{1.f, 1.f, 0.f, 0.f}, {0.f, 0.f, 1.f, 1.f}})));
        // Ranked one by one, layer 0 would keep heads 1 and 2, one from each group.
        const ScoreMap heads = buildMask(scores, l.model->structure(), parseMaskOptions("head", "layer", 0.5));
        QVERIFY(!torch::equal(heads.at("heads"), mask.at("heads")));

        torch::NoGradGuard noGrad;
        applyMask(*l.model, mask);
        const auto masked = l.model->forward(l.inputs).logits;
        auto fresh = Checkpoint::open(fixture(QStringLiteral("llama")))->loadModel();
        auto params = fresh->named_parameters();
        const int64_t d = 16;
        for (const auto &[layer, group] : std::vector<std::pair<int, int64_t>>{{0, 1}, {1, 0}}) {
            const std::string p = "model.layers." + std::to_string(layer) + ".self_attn.";
            params[p + "k_proj.weight"].slice(0, group * d, (group + 1) * d).zero_();
            params[p + "v_proj.weight"].slice(0, group * d, (group + 1) * d).zero_();
            params[p + "q_proj.weight"].slice(0, 2 * group * d, 2 * (group + 1) * d).zero_();
            params[p + "o_proj.weight"].slice(1, 2 * group * d, 2 * (group + 1) * d).zero_();
        }
        const auto zeroed = fresh->forward(l.inputs).logits;
        qInfo("kv-group mask vs zeroed group weights: max difference %.3g", (masked - zeroed).abs().max().item<double>());
        QVERIFY(torch::allclose(masked, zeroed, 1e-5, 1e-6));
        QVERIFY_THROWS_EXCEPTION(Error, parseMaskOptions("kv-groups", "layer", 0.5));
    }

    // A block whose neurons are all pruned is removed whole: its output bias goes too.
    void layerMasksRemoveWholeBlocks()
    {
        Loaded l = load(QStringLiteral("gpt2"));
        ScoreMap scores;
        scores.tensors["neurons"] = torch::tensor({{1.f}, {0.f}}).expand({2, 256}).contiguous();
        const ScoreMap mask = buildMask(scores, l.model->structure(), parseMaskOptions("layer", "global", 0.5));
        QVERIFY(torch::equal(mask.at("neurons").sum(1), torch::tensor({256.f, 0.f})));
        torch::NoGradGuard noGrad;
        applyMask(*l.model, mask);
        const auto masked = l.model->forward(l.inputs).logits;
        auto fresh = Checkpoint::open(fixture(QStringLiteral("gpt2")))->loadModel();
        auto params = fresh->named_parameters();
        params["transformer.h.1.mlp.c_proj.weight"].zero_();
        params["transformer.h.1.mlp.c_proj.bias"].zero_();
        QVERIFY(torch::allclose(masked, fresh->forward(l.inputs).logits, 1e-5, 1e-6));
    }

    // Every granularity and scope, in memory and read from a file tensor by tensor, gives
    // the mask that a stable sort gives, on scores full of ties, with NaN and infinities.
    void masksAgreeWithAStableSort_data()
    {
        QTest::addColumn<QString>("family");
        for (const char *family : {"bert", "gpt2", "llama"})
            QTest::newRow(family) << QString::fromLatin1(family);
    }
    void masksAgreeWithAStableSort()
    {
        QFETCH(QString, family);
        const ModelStructure structure = Checkpoint::open(fixture(family))->loadModel()->structure();
        ScoreMap scores = tiedScores(structure);
        scores.kind = MapKind::Scores;
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "scores.safetensors";
        saveScoreMap(file, scores);
        const ScoreFile fromFile(file);
        std::vector<std::pair<std::string, std::string>> cases;
        for (const char *scope : {"tensor", "row", "layer", "global", "layer-normalized"})
            for (const char *granularity : {"weight", "head", "neuron"})
                cases.emplace_back(granularity, scope);
        cases.insert(cases.end(), {{"2:4", "tensor"}, {"1:8", "tensor"}, {"layer", "global"}});
        if (family == QLatin1String("llama"))
            for (const char *scope : {"layer", "global", "layer-normalized"})
                cases.emplace_back("kv-group", scope);
        for (const auto &[granularity, scope] : cases)
            for (const double sparsity : {0.0, 0.37, 1.0}) {
                const MaskOptions o = parseMaskOptions(granularity, scope, sparsity);
                const ScoreMap expected = sortMask(scores, structure, o);
                const ScoreMap inMemory = buildMask(scores, structure, o);
                const ScoreMap streamed = buildMask(fromFile, structure, o);
                const std::string what = granularity + " / " + scope + " / " + std::to_string(sparsity);
                QCOMPARE(inMemory.tensors.size(), expected.tensors.size());
                QCOMPARE(streamed.tensors.size(), expected.tensors.size());
                for (const auto &[name, keep] : expected.tensors) {
                    QVERIFY2(inMemory.at(name).equal(keep.to(torch::kFloat)), (what + ": " + name).c_str());
                    QCOMPARE(streamed.at(name).scalar_type(), torch::kUInt8);
                    QVERIFY2(streamed.at(name).equal(keep.to(torch::kUInt8)), (what + ", from the file: " + name).c_str());
                }
            }
    }

    void rejectsMasksOfAnotherModel()
    {
        Loaded l = load(QStringLiteral("bert"));
        ScoreMap mask;
        mask.tensors["heads"] = torch::ones({12, 12});
        QString message;
        try {
            applyMask(*l.model, mask, "other.safetensors");
        } catch (const Error &e) {
            message = QString::fromStdString(e.what());
        }
        QVERIFY2(message.contains(QStringLiteral("other.safetensors: 'heads' has shape [12, 12], this model's is [2, 4]")),
                 qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestScores)
#include "tst_scores.moc"
