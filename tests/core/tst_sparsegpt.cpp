// SparseGPT on the GPT-2 (Conv1D, fused q|k|v), BERT (padded batches) and a four-layer Llama
// (grouped-query attention, gated FFN; each pass resumed from the layer before) fixtures: the pruned
// weights agree with a straightforward double-precision implementation written here (the
// OBS update applied to every remaining column at once, no lazy blocks; inputs recomputed
// from its own pruned model), within a tolerance from float32 arithmetic; every block holds
// exactly its share of zeros and n:m patterns hold row by row; a layer's reconstruction error
// is below magnitude pruning's; bad options are refused naming the option; cancelling stops
// between layers; prunescope-cli prune writes a checkpoint that loads with its mask; and the
// study's Train job runs it on the study's data, reporting the dense and pruned metrics.
#include "core/models/checkpoint.h"
#include "core/pruning/masks.h"
#include "core/pruning/oneshot_methods.h"
#include "core/pruning/sparsegpt.h"
#include "core/pruning/training.h"
#include "core/scoring/evaluation.h"
#include "core/study/study.h"
#include "core/study/study_jobs.h"
#include "core/study/study_jobs_internal.h" // dataOptions: the study's sample, read again here
#include "core/support/error.h"
#include "tests/core/cli_run.h"
#include "tests/core/fixtures.h"
#include "tests/core/sentence_text.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

using namespace prunescope;
using namespace prunescope::testing;
namespace fs = std::filesystem;

namespace {

constexpr double kEps32 = 1.1920928955078125e-07; // float32 machine epsilon

// The Llama fixture made four layers deep (layers 2 and 3 copies of 0 and 1), in a folder
// that lives as long as the test: deep enough that SparseGPT's passes resume at a layer
// from the hidden states saved by the pass before.
fs::path deepLlama()
{
    static QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdString()) / "llama-4";
    if (fs::exists(folder / "model.safetensors"))
        return folder;
    fs::create_directories(folder);
    auto config = nlohmann::json::parse(std::ifstream(fixture("llama") / "config.json"));
    config["num_hidden_layers"] = 4;
    std::ofstream(folder / "config.json") << config.dump();
    NamedTensors tensors;
    for (auto &[name, tensor] : readAllTensors(fixture("llama") / "model.safetensors")) {
        tensors.emplace_back(name, tensor);
        for (const char *layer : {"0", "1"})
            if (name.rfind(std::string("model.layers.") + layer + ".", 0) == 0)
                tensors.emplace_back("model.layers." + std::to_string(std::stoi(layer) + 2) +
                                         name.substr(std::string("model.layers.0").size()),
                                     tensor.clone());
    }
    writeSafetensors(folder / "model.safetensors", tensors);
    return folder;
}

std::shared_ptr<TransformerModel> load(const std::string &family)
{
    auto model = Checkpoint::open(family == "llama-4" ? deepLlama() : fixture(family))->loadModel();
    model->eval();
    return model;
}

// Seeded random calibration batches of `examples` x `tokens` ids; BERT's rows are padded at
// the end by up to a quarter of their tokens, so padding must be left out of the Hessians.
std::vector<ModelInputs> calibration(const ModelConfig &config, int64_t examples, int64_t tokens, int64_t batches)
{
    torch::manual_seed(7);
    const int64_t vocab = config.towers.front().vocabSize;
    const auto ids = torch::randint(1, vocab, {examples, tokens}, torch::kLong);
    auto mask = torch::ones({examples, tokens}, torch::kLong);
    if (config.familyName() == "bert" || config.familyName() == "llama")
        for (int64_t row = 0; row < examples; row += 2)
            mask[row].slice(0, tokens - 1 - row % (tokens / 4)).fill_(0);
    std::vector<ModelInputs> out;
    const int64_t per = examples / batches;
    for (int64_t b = 0; b < batches; ++b) {
        ModelInputs in;
        in.inputIds = ids.slice(0, b * per, (b + 1) * per).clone();
        in.attentionMask = mask.slice(0, b * per, (b + 1) * per).clone();
        out.push_back(in);
    }
    return out;
}

// The weight of `matrix` as [out, in], double, and back to its stored shape.
torch::Tensor outIn(const torch::Tensor &stored, const PrunableMatrix &matrix)
{
    return (matrix.inputMajor ? stored.t() : stored).to(torch::kDouble).contiguous();
}

torch::Tensor parameter(TransformerModel &model, const std::string &name)
{
    return model.named_parameters()[name].detach();
}

// The inputs of every matrix of one layer over the real tokens of `batches`, by a full
// forward pass of the model as it is (double precision copies).
std::map<std::string, torch::Tensor> layerInputs(TransformerModel &model, const std::vector<ModelInputs> &batches,
                                                 int tower, int layer)
{
    std::map<std::string, std::vector<torch::Tensor>> parts;
    torch::Tensor real;
    ForwardOptions options;
    options.hook = [&](const Site &site, const torch::Tensor &x) {
        if (site.kind == SiteKind::LinearInput && site.tower == tower && site.layer == layer)
            parts[site.matrix->weight].push_back(
                x.reshape({-1, x.size(-1)}).index_select(0, real).to(torch::kDouble));
        return x;
    };
    torch::NoGradGuard noGrad;
    for (const auto &batch : batches) {
        real = batch.attentionMask.reshape({-1}).nonzero().squeeze(1);
        model.forward(batch, options);
    }
    std::map<std::string, torch::Tensor> inputs;
    for (auto &[name, list] : parts)
        inputs[name] = torch::cat(list);
    return inputs;
}

// The round(share * N) lowest of `scores` (ties by position): magnitude pruning's rule.
torch::Tensor lowest(const torch::Tensor &scores, double share)
{
    const int64_t prune = std::llround(share * double(scores.numel()));
    auto pruned = torch::zeros({scores.numel()}, torch::kBool);
    const auto order = std::get<1>(torch::sort(scores.reshape({-1}), /*stable=*/true, 0, false));
    pruned.index_fill_(0, order.slice(0, 0, prune), true);
    return pruned.view(scores.sizes());
}

// The relative accuracy float32 reaches on a matrix with `inputs` columns whose damped
// Hessian has condition number `condition`: rounding errors of a sum of n terms grow as
// sqrt(n) eps (Higham's probabilistic bound), and solving with H amplifies them by its
// condition number.
double float32Reach(int64_t inputs, double condition)
{
    return kEps32 * std::sqrt(double(inputs)) * condition;
}

// The pruned entries of one block (or one row's group of m) by the rule: the `prune` lowest
// saliencies, ties by position. Where the cut between the last pruned and the first kept
// lies within `band` (relative) of a tie, float32 may fall on either side, so the
// implementation's choice `theirs` is taken when it differs from this one only inside the
// band; `adopted` counts those.
torch::Tensor cut(const torch::Tensor &saliency, int64_t prune, const torch::Tensor &theirs, double band, int64_t &adopted)
{
    const auto flat = saliency.reshape({-1});
    const auto [sorted, order] = torch::sort(flat, /*stable=*/true, 0, false);
    auto pruned = torch::zeros({flat.numel()}, torch::kBool);
    pruned.index_fill_(0, order.slice(0, 0, prune), true);
    if (prune == 0 || prune == flat.numel() || !theirs.defined())
        return pruned.view(saliency.sizes());
    const double last = sorted[prune - 1].item<double>(), first = sorted[prune].item<double>();
    const auto other = theirs.reshape({-1});
    if (first - last > band * first || other.equal(pruned) || other.sum().item<int64_t>() != prune)
        return pruned.view(saliency.sizes());
    const bool insideBand = flat.masked_select(other).max().item<double>() <= first * (1 + band) &&
                            flat.masked_select(other.logical_not()).min().item<double>() >= last * (1 - band);
    if (!insideBand)
        return pruned.view(saliency.sizes());
    ++adopted;
    return other.view(saliency.sizes()).clone();
}

struct Reference
{
    torch::Tensor weight; // [out, in]
    torch::Tensor pruned; // bool
    double condition = 0; // of H + lambda I
    int64_t adopted = 0;  // cuts within float32's reach of a tie, taken as the implementation chose
};

// SparseGPT as the paper states it, in double, eagerly: after each column, its error is
// taken out of every column to its right at once. `theirs`: the implementation's pruned
// entries [out, in], for the cuts that fall on a near-tie (see cut()).
Reference referenceMatrix(torch::Tensor w, torch::Tensor h, const SparseGptOptions &o, const torch::Tensor &theirs = {})
{
    const int64_t rows = w.size(0), columns = w.size(1);
    w = w.clone();
    h = h.clone();
    for (int64_t i = 0; i < columns; ++i)
        if (h[i][i].item<double>() == 0) {
            h[i][i] = 1.0;
            w.select(1, i).zero_();
        }
    h += o.dampening * h.diagonal().mean().item<double>() * torch::eye(columns, torch::kDouble);
    const auto eigen = torch::linalg_eigvalsh(h);
    Reference r;
    r.condition = (eigen.max() / eigen.min()).item<double>();
    const double band = 2 * float32Reach(columns, r.condition); // a saliency is quadratic in w
    const auto u = torch::linalg_cholesky(torch::linalg_inv(h), /*upper=*/true);
    const auto d = u.diagonal();
    r.pruned = torch::zeros({rows, columns}, torch::kBool);
    const auto theirsOf = [&](int64_t row, int64_t from, int64_t to) {
        if (!theirs.defined())
            return torch::Tensor();
        return (row < 0 ? theirs : theirs[row]).slice(-1, from, to);
    };
    for (int64_t i = 0; i < columns; ++i) {
        if (!o.pattern() && i % o.blockSize == 0) {
            const int64_t end = std::min(i + o.blockSize, columns);
            const auto saliency = w.slice(1, i, end).square() / d.slice(0, i, end).square();
            r.pruned.slice(1, i, end).copy_(cut(saliency, std::llround(o.sparsity * double(saliency.numel())),
                                                theirsOf(-1, i, end), band, r.adopted));
        }
        if (o.pattern() && i % o.m == 0)
            for (int64_t row = 0; row < rows; ++row)
                r.pruned[row].slice(0, i, i + o.m).copy_(cut(w[row].slice(0, i, i + o.m).square() /
                                                                 d.slice(0, i, i + o.m).square(),
                                                             o.m - o.n, theirsOf(row, i, i + o.m), band, r.adopted));
        const auto column = w.select(1, i).clone();
        const auto q = column.masked_fill(r.pruned.select(1, i), 0.0);
        const auto err = (column - q) / d[i];
        w.slice(1, i) -= torch::outer(err, u[i].slice(0, i));
        w.select(1, i).copy_(q);
    }
    r.weight = w;
    return r;
}

struct ReferenceRun
{
    std::map<std::string, Reference> matrices;
};

// The whole model, layer by layer, each layer's inputs from the model pruned so far;
// `theirs` is the implementation's mask, for the near-ties.
ReferenceRun referenceModel(TransformerModel &model, const std::vector<ModelInputs> &batches, const SparseGptOptions &o,
                            const ScoreMap &theirs)
{
    ReferenceRun run;
    const auto &towers = model.structure().towers;
    for (size_t t = 0; t < towers.size(); ++t)
        for (size_t l = 0; l < towers[t].layers.size(); ++l) {
            const auto inputs = layerInputs(model, batches, int(t), int(l));
            for (const auto &matrix : towers[t].layers[l].matrices) {
                const auto &x = inputs.at(matrix.weight);
                const auto h = 2.0 / double(x.size(0)) * x.t().matmul(x);
                Reference r = referenceMatrix(outIn(parameter(model, matrix.weight), matrix), h, o,
                                              outIn(theirs.at(matrix.weight), matrix).eq(0));
                torch::NoGradGuard noGrad;
                model.named_parameters()[matrix.weight].set_data(
                    (matrix.inputMajor ? r.weight.t() : r.weight).to(torch::kFloat).contiguous());
                run.matrices[matrix.weight] = r;
            }
        }
    return run;
}

SparseGptOptions options(double sparsity, const std::string &pattern, int64_t blockSize)
{
    MethodOptions given;
    if (pattern == "unstructured")
        given.set("sparsity", sparsity);
    given.set("pattern", pattern);
    given.set("block-size", blockSize);
    return sparseGptOptions(given);
}

const PrunableMatrix &matrixNamed(const ModelStructure &structure, const std::string &name)
{
    for (const auto &tower : structure.towers)
        for (const auto &layer : tower.layers)
            for (const auto &matrix : layer.matrices)
                if (matrix.weight == name)
                    return matrix;
    throw Error("no matrix " + name);
}

QString errorOf(const std::function<void()> &run)
{
    try {
        run();
    } catch (const std::exception &e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestSparseGpt : public QObject
{
    Q_OBJECT

private slots:
    void agreesWithTheStraightforwardAlgorithm_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<double>("sparsity");
        QTest::addColumn<int>("blockSize");
        for (const char *family : {"gpt2", "bert", "llama-4"}) {
            const QString f = QString::fromLatin1(family);
            QTest::addRow("%s unstructured 0.5, one block", family) << f << QStringLiteral("unstructured") << 0.5 << 128;
            QTest::addRow("%s unstructured 0.7, blocks of 16", family) << f << QStringLiteral("unstructured") << 0.7 << 16;
            QTest::addRow("%s 2:4, blocks of 16", family) << f << QStringLiteral("2:4") << 0.5 << 16;
            QTest::addRow("%s 4:8, blocks of 128", family) << f << QStringLiteral("4:8") << 0.5 << 128;
        }
    }

    // (a) and (b): the implementation (float32, lazy batch updates, early-stopped passes,
    // shared Hessians) against the reference (double, eager, full passes, one Hessian per
    // matrix). The tolerance of each matrix is float32's reach (float32Reach) times its
    // largest weight; the masks agree entry for entry, a cut on a near-tie (within twice
    // that reach) taken as the implementation chose it.
    void agreesWithTheStraightforwardAlgorithm()
    {
        QFETCH(QString, family);
        QFETCH(QString, pattern);
        QFETCH(double, sparsity);
        QFETCH(int, blockSize);
        const SparseGptOptions o = options(sparsity, pattern.toStdString(), blockSize);
        auto model = load(family.toStdString());
        const auto batches = calibration(model->config(), 16, 32, 2);
        const SparseGptResult result = sparseGpt(*model, batches, o);
        auto referenceNet = load(family.toStdString());
        const ReferenceRun reference = referenceModel(*referenceNet, batches, o, result.mask);

        QCOMPARE(result.mask.tensors.size(), reference.matrices.size());
        double worstShare = 0;
        int64_t adopted = 0;
        for (const auto &[name, r] : reference.matrices) {
            const PrunableMatrix &matrix = matrixNamed(model->structure(), name);
            const auto mine = outIn(parameter(*model, name), matrix);
            const auto keep = outIn(result.mask.at(name), matrix).ne(0);
            QVERIFY2(keep.equal(r.pruned.logical_not()), qPrintable(QString::fromStdString(name) + QStringLiteral(": masks differ in ")
                                                                     + QString::number(keep.eq(r.pruned).sum().item<int64_t>())
                                                                     + QStringLiteral(" entries")));
            const double difference = (mine - r.weight).abs().max().item<double>();
            const double tolerance = float32Reach(matrix.inFeatures, r.condition) * r.weight.abs().max().item<double>();
            qInfo("%-45s max |difference| %.3g, tolerance %.3g (condition %.3g); near-ties taken as chosen: %lld",
                  name.c_str(), difference, tolerance, r.condition, static_cast<long long>(r.adopted));
            QVERIFY2(difference <= tolerance, qPrintable(QString::fromStdString(name)));
            worstShare = std::max(worstShare, difference / tolerance);
            adopted += r.adopted;

            // (b) The pruned weights are exactly zero, and each block or group holds its share.
            QVERIFY(mine.masked_select(keep.logical_not()).eq(0).all().item<bool>());
            if (o.pattern()) {
                const auto perGroup = keep.reshape({keep.size(0), -1, o.m}).sum(-1);
                QVERIFY2(perGroup.eq(o.n).all().item<bool>(), qPrintable(QString::fromStdString(name)));
            } else {
                for (int64_t start = 0; start < keep.size(1); start += o.blockSize) {
                    const auto block = keep.slice(1, start, start + o.blockSize);
                    QCOMPARE(block.logical_not().sum().item<int64_t>(), std::llround(sparsity * double(block.numel())));
                }
            }
        }
        qInfo("largest difference / tolerance: %.3g; cuts on a near-tie: %lld", worstShare, static_cast<long long>(adopted));
    }

    // The algorithm of one matrix alone, given the same Hessian: the lazy float32 version
    // against the eager double one, on a Hessian of few tokens with dead inputs.
    void oneMatrixWithDeadInputs()
    {
        torch::manual_seed(3);
        const int64_t rows = 24, columns = 48;
        auto x = torch::randn({200, columns}, torch::kDouble);
        x.slice(1, 5, 7).zero_(); // two inputs that are never active
        const auto h = 2.0 / 200 * x.t().matmul(x);
        const auto w = torch::randn({rows, columns}, torch::kDouble);
        for (const char *pattern : {"unstructured", "2:4"}) {
            const SparseGptOptions o = options(0.6, pattern, 16);
            const PrunedMatrix mine = pruneWithHessian(w.to(torch::kFloat), h.to(torch::kFloat), o, "w");
            const Reference r = referenceMatrix(w, h, o, mine.keep.logical_not());
            QCOMPARE(mine.deadInputs, int64_t(2));
            QVERIFY(mine.weight.slice(1, 5, 7).eq(0).all().item<bool>());
            QVERIFY(mine.keep.equal(r.pruned.logical_not()));
            const double difference = (mine.weight.to(torch::kDouble) - r.weight).abs().max().item<double>();
            const double tolerance = float32Reach(columns, r.condition) * r.weight.abs().max().item<double>();
            qInfo("%s: max |difference| %.3g, tolerance %.3g (condition %.3g), near-ties taken as chosen: %lld", pattern,
                  difference, tolerance, r.condition, static_cast<long long>(r.adopted));
            QVERIFY(difference <= tolerance);
        }
    }

    // (c) On the calibration inputs, the first layer's output error ||W X - W' X|| is below
    // that of magnitude pruning to the same pattern and sparsity, matrix by matrix.
    void reconstructsBetterThanMagnitude_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("pattern");
        for (const char *family : {"gpt2", "bert"})
            for (const char *pattern : {"unstructured", "2:4"})
                QTest::addRow("%s %s", family, pattern) << QString::fromLatin1(family) << QString::fromLatin1(pattern);
    }

    void reconstructsBetterThanMagnitude()
    {
        QFETCH(QString, family);
        QFETCH(QString, pattern);
        const SparseGptOptions o = options(0.5, pattern.toStdString(), 128);
        auto dense = load(family.toStdString());
        const auto batches = calibration(dense->config(), 16, 32, 2);
        const auto inputs = layerInputs(*dense, batches, 0, 0);
        auto pruned = load(family.toStdString());
        sparseGpt(*pruned, batches, o);
        for (const auto &matrix : dense->structure().towers[0].layers[0].matrices) {
            const auto w = outIn(parameter(*dense, matrix.weight), matrix);
            const auto x = inputs.at(matrix.weight).t(); // [in, tokens]
            const auto magnitudeKeep = o.pattern() ? outIn(keepNofM(w.abs(), PrunableMatrix{}, o.n, o.m), PrunableMatrix{})
                                                   : lowest(w.abs(), o.sparsity).logical_not().to(torch::kDouble);
            const double magnitude = (w.matmul(x) - (w * magnitudeKeep).matmul(x)).norm().item<double>();
            const double sparseGptError =
                (w.matmul(x) - outIn(parameter(*pruned, matrix.weight), matrix).matmul(x)).norm().item<double>();
            qInfo("%-45s ||WX - W'X||: SparseGPT %.4g, magnitude %.4g (ratio %.3f)", matrix.weight.c_str(), sparseGptError,
                  magnitude, sparseGptError / magnitude);
            QVERIFY(sparseGptError < magnitude);
        }
    }

    // (d) Options out of range or of no pattern are refused naming the option.
    void refusesBadOptions()
    {
        const MethodSpec &spec = oneShotMethodSpec("sparsegpt");
        const auto given = [&](const std::string &name, const std::string &text) {
            return errorOf([&] { parseOptionValue(spec, *spec.option(name), text, "--" + name); });
        };
        QVERIFY2(given("pattern", "3:2").contains(QStringLiteral("--pattern '3:2' is not one of unstructured, 2:4 or 4:8")),
                 qPrintable(given("pattern", "3:2")));
        QVERIFY2(given("sparsity", "1.5").contains(QStringLiteral("--sparsity needs a number from 0 to below 1, got '1.5'")),
                 qPrintable(given("sparsity", "1.5")));
        QVERIFY(given("dampening", "0").contains(QStringLiteral("--dampening needs a number above 0")));
        QVERIFY(given("block-size", "0").contains(QStringLiteral("--block-size needs a whole number of at least 1")));

        MethodOptions both;
        both.set("pattern", std::string("2:4"));
        both.set("sparsity", 0.7);
        QVERIFY(errorOf([&] { sparseGptOptions(both); }).contains(QStringLiteral("sparsity 0.7 and pattern 2:4 disagree")));
        MethodOptions cut;
        cut.set("pattern", std::string("4:8"));
        cut.set("block-size", int64_t(12));
        QVERIFY(errorOf([&] { sparseGptOptions(cut); }).contains(QStringLiteral("block-size 12 is not a multiple of")));

        // The core's own checks, for callers that fill the options themselves.
        SparseGptOptions direct;
        direct.n = 3;
        direct.m = 2;
        QVERIFY(errorOf([&] { checkedSparseGptOptions(direct); }).contains(QStringLiteral("pattern 3:2 is not n:m")));
        direct = {};
        direct.sparsity = 1.5;
        QVERIFY(errorOf([&] { checkedSparseGptOptions(direct); }).contains(QStringLiteral("sparsity 1.5")));
        auto model = load("bert");
        QVERIFY(errorOf([&] { sparseGpt(*model, {}, SparseGptOptions{}); }).contains(QStringLiteral("calibration data")));
    }

    // Cancelling before the second layer: Cancelled, the first layer pruned, the second untouched.
    void cancelsBetweenLayers()
    {
        auto model = load("gpt2");
        const auto before = parameter(*model, "transformer.h.1.mlp.c_fc.weight").clone();
        const auto batches = calibration(model->config(), 4, 16, 1);
        bool cancelled = false;
        try {
            sparseGpt(*model, batches, SparseGptOptions{}, [](int64_t done, int64_t, const std::string &) { return done < 1; });
        } catch (const Cancelled &) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QVERIFY(parameter(*model, "transformer.h.0.mlp.c_fc.weight").eq(0).any().item<bool>());
        QVERIFY(parameter(*model, "transformer.h.1.mlp.c_fc.weight").equal(before));
    }

    // A bf16 model stays bf16: the pruned weights go back in the parameter's dtype, and the
    // checkpoint is written in it (half the bytes of float32 for a 7-8B model), saying so.
    void keepsTheParameterDtype()
    {
        auto model = load("bert");
        model->moveTo(torch::kCPU, torch::kBFloat16);
        const SparseGptResult result = sparseGpt(*model, calibration(model->config(), 8, 16, 1), options(0.5, "2:4", 128));
        const std::string name = "bert.encoder.layer.1.output.dense.weight";
        const auto w = parameter(*model, name);
        QCOMPARE(w.scalar_type(), torch::kBFloat16);
        QVERIFY(w.masked_select(result.mask.at(name).eq(0)).eq(0).all().item<bool>());
        QCOMPARE(maskSparsity(result.mask), 0.5);

        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "pruned";
        saveSparseGptCheckpoint(*model, fixture("bert"), out, result, nlohmann::json::object());
        const auto saved = Checkpoint::open(out);
        QCOMPARE(saved->entry(name).dtype, DType::BF16);
        QCOMPARE(nlohmann::json::parse(std::ifstream(out / "config.json")).at("torch_dtype").get<std::string>(),
                 std::string("bfloat16"));
        QVERIFY(torch::equal(saved->tensor(name), w));
    }

    // prunescope-cli prune: a checkpoint folder that loads, with its mask and provenance; an
    // existing folder refused without --force; bad options named before any work.
    void commandLineRoundTrip()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        auto model = load("gpt2");
        const auto batches = calibration(model->config(), 8, 24, 1);
        writeSafetensors(root / "calibration.safetensors", {{"input_ids", batches.front().inputIds}}, {});
        const fs::path out = root / "pruned";
        const QStringList prune = {QStringLiteral("prune"), QStringLiteral("--method"), QStringLiteral("sparsegpt"),
                                   QStringLiteral("--model"), QString::fromStdString(fixture("gpt2").string()),
                                   QStringLiteral("--data"), QString::fromStdString((root / "calibration.safetensors").string()),
                                   QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--out"),
                                   QString::fromStdString(out.string())};
        const Run run = cli(QStringList(prune) << QStringLiteral("--pattern") << QStringLiteral("2:4") << QStringLiteral("--json"));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        for (const char *file : {"config.json", "model.safetensors", "mask.safetensors", "prunescope-training.json"})
            QVERIFY2(fs::exists(out / file), file);

        const auto provenance = nlohmann::json::parse(std::ifstream(out / "prunescope-training.json"));
        QCOMPARE(provenance.at("method").get<std::string>(), std::string("sparsegpt"));
        QCOMPARE(provenance.at("options").at("pattern").get<std::string>(), std::string("2:4"));
        QCOMPARE(provenance.at("layers").size(), size_t(2));
        QCOMPARE(provenance.at("calibration").at("examples").get<int64_t>(), int64_t(8));
        QCOMPARE(provenance.at("calibration").at("tokens").get<int64_t>(), int64_t(8 * 24));

        // The file holds the pruned and updated weights, zero where its mask prunes, in 2:4;
        // everything SparseGPT leaves alone (embeddings, norms, biases) as it was. Which
        // weights it keeps is the core's business, tested above: another process's rounding
        // (its own thread count) may decide a near-tie the other way.
        auto written = Checkpoint::open(out)->loadModel();
        const ScoreMap mask = loadMask(out / "mask.safetensors");
        int64_t updated = 0, kept = 0;
        for (const auto &[name, keep] : mask.tensors) {
            const PrunableMatrix &matrix = matrixNamed(model->structure(), name);
            const auto w = parameter(*written, name), dense = parameter(*model, name);
            QVERIFY(w.masked_select(keep.eq(0)).eq(0).all().item<bool>());
            QVERIFY(outIn(keep, matrix).reshape({matrix.outFeatures, -1, 4}).sum(-1).eq(2).all().item<bool>());
            updated += w.ne(dense).logical_and(keep.ne(0)).sum().item<int64_t>();
            kept += keep.ne(0).sum().item<int64_t>();
        }
        for (const auto &item : model->named_parameters())
            if (!mask.contains(item.key()))
                QVERIFY2(parameter(*written, item.key()).equal(item.value().detach()), item.key().c_str());
        qInfo("kept weights the update changed: %lld of %lld", static_cast<long long>(updated), static_cast<long long>(kept));
        QVERIFY(updated > kept * 9 / 10);
        QCOMPARE(maskSparsity(mask), 0.5);

        const Run again = cli(prune);
        QVERIFY(again.exitCode != 0);
        QVERIFY2(again.err.contains(out.filename().string().c_str()), again.err.constData());
        const Run bad = cli(QStringList(prune) << QStringLiteral("--force") << QStringLiteral("--pattern") << QStringLiteral("3:2"));
        QVERIFY(bad.exitCode != 0);
        QVERIFY2(bad.err.contains("--pattern '3:2' is not one of"), bad.err.constData());
        const Run help = cli({QStringLiteral("prune"), QStringLiteral("--method"), QStringLiteral("sparsegpt"),
                              QStringLiteral("--help")});
        QVERIFY2(help.exitCode == 0 && help.out.contains("--block-size integer  default 128"), help.out.constData());
    }

    // The study's Train job with SparseGPT on a GPT-2 study of plain text: calibrated on the
    // training share of the study's sample, the new checkpoint zero where its mask prunes (2:4
    // row by row), the mask added to the study, and the perplexities it reports those of the
    // dense and the pruned model evaluated here on the share the same seeded split holds out.
    void prunesAStudyInOneShot()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString(), model = root / "gpt2";
        fs::create_directories(model);
        for (const char *file : {"config.json", "model.safetensors"})
            fs::copy_file(fixture("gpt2") / file, model / file);
        const std::string text = testing::sentencesText();
        testing::writeVocabulary(model, text);
        std::ofstream(root / "sentences.txt", std::ios::binary) << text;
        StudyData data;
        data.path = (root / "sentences.txt").string();
        data.maxLength = 16;
        Study study = createStudy(root / "study", model, data);
        study.settings.device = "cpu";
        study.settings.maxExamples = 0; // every block
        writeStudy(study);
        StudyTraining settings;
        settings.method = "sparsegpt";
        settings.options.set("pattern", std::string("2:4"));
        settings.batchSize = 8;
        settings.validationFraction = 0.25;
        std::vector<StudyTrainingStep> steps;
        const fs::path out = root / "pruned";
        const StudyTrainingResult result = trainStudy(study, settings, out.string(), [&](const StudyTrainingStep &step) {
            steps.push_back(step);
            return true;
        });
        QCOMPARE(result.steps, int64_t(2)); // the fixture's layers
        QVERIFY(!steps.empty() && steps.back().step == steps.back().total && std::isnan(steps.back().loss));
        QCOMPARE(result.items.size(), size_t(1));
        const StudyItem &item = result.items.front();
        QCOMPARE(item.name, std::string("sparsegpt 2:4"));
        QCOMPARE(item.kind, StudyItem::Kind::Mask);
        const ScoreMap mask = loadMask(out / "mask.safetensors"), added = loadMask(study.itemPath(item));
        QCOMPARE(maskSparsity(mask), 0.5);
        QCOMPARE(result.details.at("sparsity"), 0.5);

        auto pruned = Checkpoint::open(out)->loadModel();
        auto dense = Checkpoint::open(study.modelPath())->loadModel();
        for (const auto &[name, keep] : mask.tensors) {
            QVERIFY2(added.contains(name) && torch::equal(added.at(name), keep), name.c_str());
            const PrunableMatrix &matrix = matrixNamed(pruned->structure(), name);
            QVERIFY(parameter(*pruned, name).masked_select(keep.eq(0)).eq(0).all().item<bool>());
            QVERIFY(outIn(keep, matrix).reshape({matrix.outFeatures, -1, 4}).sum(-1).eq(2).all().item<bool>());
        }
        const Dataset dataset = readDataset(study.dataPath(), dense->config(), dataOptions(study), study.modelPath());
        const auto split = splitExamples(dataset.inputs, settings.validationFraction, study.settings.seed);
        const auto checks = validationBatches(split.second, settings.batchSize, study.settings.seed);
        QVERIFY(!checks.empty());
        dense->eval();
        pruned->eval();
        const EvalResult before = evaluate(*dense, checks), after = evaluate(*pruned, checks);
        QCOMPARE(result.primary, std::string("perplexity"));
        QVERIFY(before.metrics.at("perplexity") != after.metrics.at("perplexity"));
        qInfo("%s on %lld held-out examples: dense %.4f (reported %.4f), pruned %.4f (reported %.4f)",
              after.primary.c_str(), static_cast<long long>(after.examples), before.metrics.at(before.primary),
              result.details.at("dense"), after.metrics.at(after.primary), result.best);
        QCOMPARE(result.details.at("dense"), before.metrics.at(before.primary));
        QCOMPARE(result.best, after.metrics.at(after.primary));
        const auto provenance = nlohmann::json::parse(std::ifstream(out / "prunescope-training.json"));
        const auto &calibration = provenance.at("calibration");
        QCOMPARE(calibration.at("examples").get<int64_t>(), exampleCount(split.first));
        QCOMPARE(calibration.at("examples").get<int64_t>() + calibration.at("held_out").get<int64_t>(),
                 exampleCount(dataset.inputs));
    }
};

QTEST_GUILESS_MAIN(TestSparseGpt)
#include "tst_sparsegpt.moc"
