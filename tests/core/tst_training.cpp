// Fine-tuning: a few steps lower the loss on every fixture family (classification,
// causal LM, contrastive CLIP); the learning-rate schedule; the checkpoint written is the
// trained model in the Hugging Face layout; a cancelled run keeps its last checkpoint,
// loadable, and leaves nothing half-written; masked-LM batches mask what they should;
// movement pruning reaches its scheduled sparsity exactly, GUM's penalty presses harder on a
// neuron that another duplicates, and the movement map is -G (.) W.
#include "core/models/checkpoint.h"
#include "core/data/datasets.h"
#include "core/support/error.h"
#include "core/scoring/evaluation.h"
#include "core/pruning/masks.h"
#include "core/pruning/movement.h"
#include "core/pruning/pattern_pruning.h"
#include "core/analysis/redundancy.h"
#include "core/models/reference_run.h"
#include "core/pruning/training.h"
#include "tests/core/fixtures.h"

#include <ATen/CPUGeneratorImpl.h>
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

double lossOf(TransformerModel &model, const ModelInputs &inputs)
{
    torch::NoGradGuard noGrad;
    return model.forward(inputs, {}, true).loss.item<double>();
}

} // namespace

class TestTraining : public QObject
{
    Q_OBJECT

private slots:
    void fewStepsLowerTheLoss_data()
    {
        QTest::addColumn<QString>("family");
        QTest::newRow("bert classification") << QStringLiteral("bert");
        QTest::newRow("gpt2 causal LM") << QStringLiteral("gpt2");
        QTest::newRow("clip contrastive") << QStringLiteral("clip");
    }
    void fewStepsLowerTheLoss()
    {
        QFETCH(QString, family);
        const std::string name = family.toStdString();
        auto model = Checkpoint::open(fixture(name.c_str()))->loadModel();
        const ModelInputs inputs = fixtureInputs(name.c_str());
        const double before = lossOf(*model, inputs);
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "trained";
        TrainOptions options;
        options.maxSteps = 12;
        options.batchSize = 64; // the whole fixture batch in every step
        options.learningRate = 3e-3;
        options.warmupFraction = 0.25;
        const TrainResult result = trainModel(*model, inputs, {}, fixture(name.c_str()), out, options);
        const double after = lossOf(*model, inputs);
        qInfo("%s: loss %.4f -> %.4f after %lld steps", name.c_str(), before, after, static_cast<long long>(result.steps));
        QCOMPARE(result.steps, int64_t(12));
        QVERIFY(after < 0.7 * before);

        // Warm-up over the first 3 steps from zero, then linear decay to zero at step 12.
        QCOMPARE(result.log[0].learningRate, 0.0);
        QVERIFY(std::abs(result.log[1].learningRate - 1e-3) < 1e-15);
        QVERIFY(std::abs(result.log[3].learningRate - 3e-3) < 1e-15);
        QVERIFY(std::abs(result.log[11].learningRate - 3e-3 / 9) < 1e-15);

        // The checkpoint is the trained model, in a folder any loader reads; the source file is untouched.
        auto saved = Checkpoint::open(out)->loadModel();
        const double reloaded = lossOf(*saved, inputs);
        qInfo("%s: reloaded checkpoint loss %.6f (difference %.2e)", name.c_str(), reloaded, std::abs(reloaded - after));
        QVERIFY(std::abs(reloaded - after) < 1e-5 * std::max(1.0, after));
        QCOMPARE(lossOf(*Checkpoint::open(fixture(name.c_str()))->loadModel(), inputs), before);
        const auto training = nlohmann::json::parse(std::ifstream(out / "prunescope-training.json"));
        QCOMPARE(training.at("steps").get<int64_t>(), int64_t(12));
        QCOMPARE(training.at("log").size(), size_t(12));
        QVERIFY(training.at("seconds").get<double>() > 0 && result.seconds >= training.at("seconds").get<double>());
    }

    // Validation picks the best model and stops early; a cancel keeps the last checkpoint.
    void cancelKeepsTheLastCheckpoint()
    {
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        const ModelInputs inputs = fixtureInputs("bert");
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "trained";
        TrainOptions options;
        options.maxSteps = 50;
        options.batchSize = 64;
        options.learningRate = 3e-3;
        options.warmupFraction = 0;
        options.evalEvery = 1;
        int calls = 0;
        bool evaluatedEveryStep = true;
        const TrainProgress cancelAtFour = [&](const TrainLogEntry &entry, int64_t total) {
            evaluatedEveryStep = evaluatedEveryStep && total == 50 && entry.eval.count("accuracy") && entry.eval.count("loss");
            return ++calls < 4;
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled, trainModel(*model, inputs, {inputs}, fixture("bert"), out, options, cancelAtFour));
        QCOMPARE(calls, 4);
        QVERIFY(evaluatedEveryStep);
        const auto training = nlohmann::json::parse(std::ifstream(out / "prunescope-training.json"));
        const int64_t best = training.at("best_step").get<int64_t>();
        QVERIFY(best >= 1 && best <= 4);
        auto saved = Checkpoint::open(out)->loadModel(); // loads
        QVERIFY(std::isfinite(evaluate(*saved, {inputs}).metrics.at("loss")));
        for (const auto &entry : fs::directory_iterator(dir.path().toStdString()))
            QCOMPARE(entry.path().filename().string(), std::string("trained")); // no .partial or .old folder left

        // Accuracy cannot pass 1: with patience 2 the run stops once it stops improving. The
        // folder is taken now: written again only when told, and then whole (all of it was ours).
        QVERIFY_THROWS_EXCEPTION(Error, trainModel(*model, inputs, {inputs}, fixture("bert"), out, options));
        options.patience = 2;
        options.replaceExisting = true;
        const TrainResult stopped = trainModel(*Checkpoint::open(fixture("bert"))->loadModel(), inputs, {inputs},
                                               fixture("bert"), out, options);
        qInfo("stopped early after %lld steps, best %s %.3f at step %lld", static_cast<long long>(stopped.steps),
              stopped.primary.c_str(), stopped.best, static_cast<long long>(stopped.bestStep));
        QVERIFY(stopped.stoppedEarly);
        QCOMPARE(stopped.steps, stopped.bestStep + 2);
        QCOMPARE(stopped.primary, std::string("accuracy"));
        QVERIFY(stopped.keptFolder.empty());
        for (const auto &entry : fs::directory_iterator(dir.path().toStdString()))
            QCOMPARE(entry.path().filename().string(), std::string("trained"));
    }

    // A checkpoint trained from a float16 source said "dtype": "float16" (its config copied)
    // while its weights were float32: the config says what is stored, nested configs too.
    void configSaysTheStoredDtype()
    {
        QTemporaryDir dir;
        const fs::path source = fs::path(dir.path().toStdString()) / "half", out = fs::path(dir.path().toStdString()) / "trained";
        fs::create_directories(source);
        fs::copy_file(fixture("bert") / "model.safetensors", source / "model.safetensors");
        auto config = nlohmann::json::parse(std::ifstream(fixture("bert") / "config.json"));
        config["torch_dtype"] = "float16";
        config["dtype"] = "float16";
        config["text_config"] = {{"torch_dtype", "bfloat16"}};
        std::ofstream(source / "config.json") << config.dump(2);
        auto model = Checkpoint::open(source)->loadModel();
        const ModelInputs inputs = fixtureInputs("bert");
        TrainOptions options;
        options.maxSteps = 1;
        options.batchSize = 64;
        trainModel(*model, inputs, {}, source, out, options);

        const auto written = nlohmann::json::parse(std::ifstream(out / "config.json"));
        QCOMPARE(written.at("torch_dtype").get<std::string>(), std::string("float32"));
        QCOMPARE(written.at("dtype").get<std::string>(), std::string("float32"));
        QCOMPARE(written.at("text_config").at("torch_dtype").get<std::string>(), std::string("float32"));
        QCOMPARE(written.at("hidden_size"), config.at("hidden_size")); // the rest as it was
        const auto weights = SafetensorsFile::open(out / "model.safetensors");
        for (const auto &name : weights->names())
            QVERIFY2(weights->find(name)->dtype == DType::F32, name.c_str());
    }

    // Retraining after pruning: a neuron mask and a weight mask held fixed while the rest
    // trains. Without weight decay the pruned neurons' FFN rows and the pruned weights come
    // out exactly as they went in, the kept ones move, and the checkpoint carries the mask.
    void trainsUnderAFixedMask()
    {
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        const ModelInputs inputs = fixtureInputs("bert");
        const auto &layer = model->structure().towers[0].layers[0];
        const std::string ffnIn = layer.matrices[4].weight, query = layer.matrices[0].weight;
        auto params = model->named_parameters();
        const torch::Tensor ffnBefore = params[ffnIn].detach().clone(), queryBefore = params[query].detach().clone();
        ScoreMap mask;
        mask.tensors["neurons"] = torch::ones_like(model->neuronGates(0));
        mask.tensors["neurons"].index_put_({0, torch::indexing::Slice(0, 64)}, 0.0); // half of layer 0's 128 neurons
        mask.tensors[query] = (torch::arange(queryBefore.numel()) % 2).reshape(queryBefore.sizes()).to(torch::kFloat);
        FixedMask fixed(*model, mask, "mask");
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "retrained";
        TrainOptions options;
        options.maxSteps = 6;
        options.batchSize = 64;
        options.learningRate = 3e-3;
        options.weightDecay = 0.0;
        const TrainResult result = trainModel(*model, inputs, {}, fixture("bert"), out, options, {}, &fixed);
        QCOMPARE(result.log.back().values.at("sparsity"), maskSparsity(mask));

        auto trained = Checkpoint::open(out)->loadModel();
        auto after = trained->named_parameters();
        const auto prunedRows = torch::indexing::Slice(0, 64), keptRows = torch::indexing::Slice(64, 128);
        QVERIFY(torch::equal(after[ffnIn].index({prunedRows}), ffnBefore.index({prunedRows})));
        QVERIFY(!torch::allclose(after[ffnIn].index({keptRows}), ffnBefore.index({keptRows})));
        const auto pruned = mask.tensors[query].eq(0);
        QVERIFY(torch::equal(after[query].masked_select(pruned), queryBefore.masked_select(pruned)));
        QVERIFY(!torch::allclose(after[query].masked_select(~pruned), queryBefore.masked_select(~pruned)));
        const ScoreMap saved = loadScoreMap(out / "mask.safetensors");
        QVERIFY(torch::equal(saved.at("neurons"), mask.at("neurons")) && torch::equal(saved.at(query), mask.at(query)));
        QVERIFY_THROWS_EXCEPTION(Error, FixedMask(*trained, ScoreMap{{{"neurons", torch::ones({3, 3})}}, {}}, "bad.safetensors"));
    }

    // ADMM toward 2:4 on a toy problem (the BERT fixture's one batch, rho large enough to
    // outweigh its loss): rho grows by its factor each round, the dual residual shrinks
    // round by round (within 10 %) and overall, the primal one overall, and after the projection every block of 4
    // consecutive inputs of every matrix keeps exactly 2 weights, in the model and in the
    // checkpoint.
    void admmLearnsAnNmPattern()
    {
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        const ModelInputs inputs = fixtureInputs("bert");
        PatternOptions pattern;
        pattern.n = 2;
        pattern.m = 4;
        pattern.rho = 1.0;
        pattern.rhoGrowth = 1.25;
        pattern.rhoMax = 100;
        pattern.rounds = 8;
        pattern.retrainFraction = 0.25;
        PatternPruning admm(*model, pattern);
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "admm";
        TrainOptions options;
        options.maxSteps = 96;
        options.batchSize = 64;
        options.learningRate = 1e-2;
        const TrainResult result = trainModel(*model, inputs, {inputs}, fixture("bert"), out, options, {}, &admm);
        const auto &rounds = admm.rounds();
        QCOMPARE(rounds.size(), size_t(7)); // Z- and U-steps at steps 9, 18, ... 63 of the 72 before the projection
        for (size_t i = 0; i < rounds.size(); ++i) {
            qInfo("admm round at step %lld: rho %.3g, primal %.4f, dual %.4f", static_cast<long long>(rounds[i].step),
                  rounds[i].rho, rounds[i].primal, rounds[i].dual);
            if (i > 0) {
                QVERIFY(std::abs(rounds[i].rho - 1.25 * rounds[i - 1].rho) < 1e-12);
                QVERIFY(rounds[i].dual < 1.1 * rounds[i - 1].dual);
            }
        }
        QVERIFY(rounds.back().dual < 0.2 * rounds.front().dual);
        QVERIFY(rounds.back().primal < 0.8 * rounds.front().primal);
        QVERIFY(result.bestStep >= 72); // kept only once projected
        const auto twoOfFour = [](const ScoreMap &mask) {
            for (const auto &[name, m] : mask.tensors)
                if (!torch::equal(m.reshape({m.size(0), -1, 4}).sum(-1), torch::full({m.size(0), m.size(1) / 4}, 2.0f)))
                    return false;
            return mask.tensors.size() == 12;
        };
        QVERIFY(twoOfFour(admm.mask()));
        QVERIFY(twoOfFour(loadScoreMap(out / "pattern-mask.safetensors")));
        QCOMPARE(result.log.back().values.at("sparsity"), 0.5);
        QVERIFY_THROWS_EXCEPTION(Error, parsePattern("4:4"));
        QCOMPARE(parsePattern("2:4"), std::make_pair(int64_t(2), int64_t(4)));
    }

    // SR-STE: the forward pass is the model under its 2:4 pattern, and the pruned weights
    // still get the dense (straight-through) gradient, not zero.
    void srSteForwardsThePatternAndPassesDenseGradients()
    {
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        const ModelInputs inputs = fixtureInputs("bert");
        PatternOptions pattern;
        pattern.variant = "sr-ste";
        pattern.n = 2;
        pattern.m = 4;
        PatternPruning ste(*model, pattern);
        ste.beforeStep(0, 1);
        const torch::Tensor loss = model->forward(inputs, {}, true).loss;
        loss.backward();
        auto masked = Checkpoint::open(fixture("bert"))->loadModel();
        applyMask(*masked, ste.mask());
        const double expected = lossOf(*masked, inputs);
        qInfo("sr-ste loss %.8f, model under the 2:4 mask %.8f", loss.item<double>(), expected);
        QVERIFY(std::abs(loss.item<double>() - expected) < 1e-6);
        const std::string query = model->structure().towers[0].layers[0].matrices[0].weight;
        const torch::Tensor gradient = model->named_parameters()[query].grad();
        const torch::Tensor pruned = ste.mask().at(query).eq(0);
        QVERIFY(gradient.masked_select(pruned).ne(0).sum().item<int64_t>() > pruned.sum().item<int64_t>() / 2);
        QVERIFY(ste.penalty(0, 1).item<double>() > 0);
    }

    void movementReachesTheScheduledSparsity_data()
    {
        QTest::addColumn<QString>("granularity");
        QTest::newRow("weights, per matrix") << QStringLiteral("weight");
        QTest::newRow("neurons, per layer") << QStringLiteral("neuron");
    }
    void movementReachesTheScheduledSparsity()
    {
        QFETCH(QString, granularity);
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        const ModelInputs inputs = fixtureInputs("bert");
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "pruned";
        MovementOptions movement;
        movement.granularity = granularity.toStdString();
        movement.finalKeep = 0.3;
        movement.warmupFraction = 0.2;
        movement.coolFraction = 0.2;
        MovementPruning pruning(*model, movement);
        TrainOptions options;
        options.maxSteps = 10;
        options.batchSize = 64;
        options.learningRate = 1e-3;
        const TrainResult result = trainModel(*model, inputs, {inputs}, fixture("bert"), out, options, {}, &pruning);
        for (int64_t step = 0; step < 10; ++step)
            QCOMPARE(result.log[size_t(step)].values.at("keep_target"), cubicKeep(step, 10, movement));
        QCOMPARE(cubicKeep(0, 10, movement), 1.0);
        QCOMPARE(cubicKeep(8, 10, movement), 0.3);
        QVERIFY(std::abs(cubicKeep(4, 10, movement) - (0.3 + 0.7 * std::pow(1 - 2.0 / 6, 3))) < 1e-15);
        // Exactly round(0.3 n) kept in every matrix (or every layer's neurons), at the end and in
        // the checkpoint, which is kept only once the schedule has reached its end.
        const auto exactlyKept = [&](const ScoreMap &mask) {
            for (const auto &[name, m] : mask.tensors) {
                const auto rows = granularity == QLatin1String("weight") ? m.reshape({1, -1}) : m;
                for (int64_t r = 0; r < rows.size(0); ++r)
                    if (rows[r].sum().item<int64_t>() != int64_t(std::llround(0.3 * double(rows.size(1)))))
                        return false;
            }
            return !mask.tensors.empty();
        };
        qInfo("%s movement: sparsity %.4f after %lld steps, validation accuracy %.3f at step %lld", qPrintable(granularity),
              result.log.back().values.at("sparsity"), static_cast<long long>(result.steps), result.best,
              static_cast<long long>(result.bestStep));
        QVERIFY(exactlyKept(pruning.mask()));
        QVERIFY(result.bestStep >= 8);
        QVERIFY(exactlyKept(loadScoreMap(out / "movement-mask.safetensors")));
        QCOMPARE(loadScoreMap(out / "movement-scores.safetensors").tensors.size(), pruning.mask().tensors.size());
    }

    // Soft movement: no count is imposed; the penalty drives scores below the threshold.
    void softMovementPrunesByThePenalty()
    {
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        const ModelInputs inputs = fixtureInputs("bert");
        MovementOptions soft;
        soft.variant = "soft";
        soft.penalty = 20;
        soft.scoreLearningRate = 0.2;
        MovementPruning pruning(*model, soft);
        QTemporaryDir dir;
        TrainOptions options;
        options.maxSteps = 12;
        options.batchSize = 64;
        options.learningRate = 1e-4;
        options.warmupFraction = 0;
        const TrainResult result =
            trainModel(*model, inputs, {}, fixture("bert"), fs::path(dir.path().toStdString()) / "soft", options, {}, &pruning);
        const auto &first = result.log.front().values, &last = result.log.back().values;
        qInfo("soft movement: sparsity %.4f -> %.4f, penalty %.4f -> %.4f", first.at("sparsity"), last.at("sparsity"),
              first.at("penalty"), last.at("penalty"));
        QCOMPARE(first.at("sparsity"), 0.0); // sigmoid(1) > 0.5: everything kept at first
        QVERIFY(last.at("sparsity") > 0.05);
        QVERIFY(last.at("penalty") < first.at("penalty"));
    }

    // A neuron duplicated into another raises both copies' uniqueness term u_i by
    // (1 - |cos_ij|) / (N v), and GUM's penalty then pushes its score down harder.
    void gumPenalisesADuplicatedNeuron()
    {
        const ModelInputs inputs = fixtureInputs("bert");
        const std::string weight = "bert.encoder.layer.0.intermediate.dense.weight", bias = "bert.encoder.layer.0.intermediate.dense.bias";
        const int64_t i = 3, j = 17;
        MovementOptions gum;
        gum.variant = "gum";
        gum.finalKeep = 0.5;
        gum.uniqueness = 10;
        struct Reading
        {
            torch::Tensor unique, grad;
        };
        const auto read = [&](bool duplicate) {
            auto model = Checkpoint::open(fixture("bert"))->loadModel();
            if (duplicate) {
                torch::NoGradGuard noGrad;
                const auto params = model->named_parameters();
                for (const auto &name : {weight, bias}) {
                    torch::Tensor p = *params.find(name);
                    p.set_data(p.detach().clone()); // the loaded weights alias the file
                    p[j].copy_(p[i]);
                }
            }
            MovementPruning pruning(*model, gum);
            pruning.beforeStep(0, 10);
            for (int pass = 0; pass < 3; ++pass)
                model->forward(inputs, pruning.forwardOptions(), true);
            pruning.penalty(0, 10).backward();
            return Reading{pruning.uniqueness()[0][0], pruning.parameters().front().grad()[0]};
        };
        const Reading original = read(false), duplicated = read(true);
        const double n = double(original.unique.size(0));
        // Neurons i and j see the same activations, but a BLAS may sum their Gram entries in
        // different orders (OpenBLAS's Haswell and Zen kernels do). Each entry is a float32 sum
        // over every token, so a cosine may be off by (tokens + 4) eps (the sum, the momentum,
        // the square roots and the divisions); u adds n - 1 cosines (at most 1 each) over n
        // kept (v = 1 at step 0), which adds n eps: u is within (tokens + n + 4) eps of exact.
        const double tokens = double(inputs.inputIds.numel());
        const double bound = (tokens + n + 4) * double(std::numeric_limits<float>::epsilon());
        const double ui = duplicated.unique[i].item<double>(), uj = duplicated.unique[j].item<double>();
        qInfo("u_i %.5f -> %.5f, penalty gradient on S_i %.3e -> %.3e; u_k (unrelated) %.5f -> %.5f; "
              "|u_i - u_j| of the copies %.2e (float32 bound %.2e)",
              original.unique[i].item<double>(), ui, original.grad[i].item<double>(), duplicated.grad[i].item<double>(),
              original.unique[40].item<double>(), duplicated.unique[40].item<double>(), std::abs(ui - uj), 2 * bound);
        QVERIFY(std::abs(ui - uj) <= 2 * bound);
        // The copy's cosine with i rises to 1, so u_i rises by (1 - |cos|) / n at most.
        const double rise = ui - original.unique[i].item<double>();
        QVERIFY(rise > 1e-4 && rise <= 1.0 / n + 2 * bound);
        QVERIFY(duplicated.grad[i].item<double>() > original.grad[i].item<double>());
    }

    // A neuron copied into another: their cosine is 1, the layer is less unique, and the
    // sensitivity is the sum of w * dL/dw over each neuron's weights, computed here by hand.
    void redundancyOfADuplicatedNeuron()
    {
        const ModelInputs inputs = fixtureInputs("bert");
        const int64_t i = 3, j = 17;
        const auto duplicated = [&] {
            auto model = Checkpoint::open(fixture("bert"))->loadModel();
            torch::NoGradGuard noGrad;
            const auto params = model->named_parameters();
            for (const char *name : {"bert.encoder.layer.0.intermediate.dense.weight", "bert.encoder.layer.0.intermediate.dense.bias"}) {
                torch::Tensor p = *params.find(name);
                p.set_data(p.detach().clone()); // the loaded weights alias the file
                p[j].copy_(p[i]);
            }
            return model;
        };
        auto model = duplicated();
        const std::vector<ModelInputs> batches = makeBatches(inputs, 2, 0, 0);
        const RedundancyReport report = analyseRedundancy(*model, batches);
        qInfo("%s", redundancyText(report).c_str());
        const double n = double(model->neuronGates(0).size(1));
        QCOMPARE(report.layers.size(), size_t(2));
        QVERIFY(std::abs(report.maxCosine[0][0][i].item<double>() - 1.0) < 1e-6);
        QVERIFY(report.layers[0].above099 >= 2 / n);
        QVERIFY(report.layers[0].uniqueness <= 1 - 1 / n);

        // By hand: neuron 5 of layer 1, its input row and bias, its output column.
        double expected = 0;
        for (const auto &batch : batches) {
            auto fresh = duplicated();
            for (auto &p : fresh->parameters())
                p.set_requires_grad(true);
            fresh->forward(batch, {}, true).loss.backward();
            const auto params = fresh->named_parameters();
            const auto wg = [&](const char *name) {
                const torch::Tensor &p = *params.find(name);
                return p * p.grad();
            };
            expected += std::abs((wg("bert.encoder.layer.1.intermediate.dense.weight")[5].sum() +
                                  wg("bert.encoder.layer.1.intermediate.dense.bias")[5] +
                                  wg("bert.encoder.layer.1.output.dense.weight").select(1, 5).sum())
                                     .item<double>());
        }
        expected /= double(batches.size());
        const double measured = report.sensitivity[0][1][5].item<double>();
        qInfo("sensitivity of layer 1 neuron 5: %.6e, by hand %.6e", measured, expected);
        QVERIFY(std::abs(measured - expected) <= 1e-5 * std::abs(expected));

        // Under a mask the pruned neuron is left out.
        ScoreMap mask;
        mask.tensors["neurons"] = torch::ones(model->neuronGates(0).sizes());
        mask.tensors["neurons"][0][j] = 0;
        applyMask(*model, mask);
        const RedundancyReport masked = analyseRedundancy(*model, batches);
        QCOMPARE(masked.layers[0].kept, int64_t(n) - 1);
        QVERIFY(masked.maxCosine[0][0][i].item<double>() < 0.999);
        QCOMPARE(masked.sensitivity[0][0][j].item<double>(), 0.0);
    }

    // One step: the map is -(dL/dW) (.) W of the starting weights.
    void movementMapIsMinusGradientTimesWeight()
    {
        const ModelInputs inputs = fixtureInputs("gpt2");
        auto model = Checkpoint::open(fixture("gpt2"))->loadModel();
        MovementMap recorder(*model);
        QTemporaryDir dir;
        TrainOptions options;
        options.maxSteps = 1;
        options.batchSize = 64;
        trainModel(*model, inputs, {}, fixture("gpt2"), fs::path(dir.path().toStdString()) / "out", options, {}, &recorder);
        auto fresh = Checkpoint::open(fixture("gpt2"))->loadModel();
        for (auto &p : fresh->parameters())
            p.set_requires_grad(true);
        fresh->forward(inputs, {}, true).loss.backward();
        const ScoreMap map = recorder.map();
        QVERIFY(map.tensors.size() >= 8);
        double worst = 0;
        const auto params = fresh->named_parameters();
        for (const auto &[name, m] : map.tensors) {
            const torch::Tensor &w = *params.find(name);
            worst = std::max(worst, (m + w.grad() * w).abs().max().item<double>() / std::max(1e-12, m.abs().max().item<double>()));
        }
        qInfo("movement map against -G (.) W: max relative difference %.2e", worst);
        QVERIFY(worst < 1e-5);
        QVERIFY(fs::exists(fs::path(dir.path().toStdString()) / "out" / "movement-map.safetensors"));
    }

    // Masked-LM pre-training on plain text: the tokens are masked afresh each step and the
    // validation perplexity falls; several evaluations each replace the checkpoint.
    void maskedLmPretrainingOnText()
    {
        const fs::path folder = fs::path(PRUNESCOPE_TEST_DATA) / "tiny-mlm";
        auto model = Checkpoint::open(folder)->loadModel();
        DataOptions data;
        data.maxLength = 32;
        const Dataset text = readDataset(folder / "glosses.txt", model->config(), data, folder);
        QVERIFY(text.rows >= 100);
        QTemporaryDir dir;
        TrainOptions options;
        options.maxSteps = 12;
        options.batchSize = 32;
        options.learningRate = 3e-3;
        options.evalEvery = 4;
        setMaskedLmTokens(options, folder);
        QCOMPARE(options.maskTokenId, int64_t(4));
        const std::vector<ModelInputs> validation = makeBatches(text.inputs, 64, 0, 0);
        const TrainResult result = trainModel(*model, text.inputs, validation, folder,
                                              fs::path(dir.path().toStdString()) / "mlm", options);
        const double first = result.log[3].eval.at("perplexity"), last = result.log[11].eval.at("perplexity");
        qInfo("masked LM: validation perplexity %.1f at step 4, %.1f at step 12 (vocabulary 8000)", first, last);
        QCOMPARE(result.primary, std::string("perplexity"));
        QVERIFY(last < first);
        QVERIFY(fs::exists(fs::path(dir.path().toStdString()) / "mlm" / "model.safetensors"));
    }

    void maskedLmBatches()
    {
        const int64_t cls = 1, sep = 2, mask = 3, vocab = 1000;
        auto ids = torch::randint(10, vocab, {64, 128}, torch::kLong);
        ids.select(1, 0).fill_(cls);
        ids.select(1, 127).fill_(sep);
        auto attention = torch::ones({64, 128}, torch::kLong);
        attention.slice(1, 100).zero_(); // padding
        TrainOptions options;
        options.maskTokenId = mask;
        options.specialTokenIds = {cls, sep};
        torch::Generator generator = at::detail::createCPUGenerator(7);
        ModelInputs batch;
        batch.inputIds = ids;
        batch.attentionMask = attention;
        const ModelInputs masked = maskedLmBatch(batch, options, vocab, generator);
        const auto chosen = masked.labels.ne(-100);
        const double share = chosen.sum().item<double>() / double(64 * 99); // 99 maskable tokens a row
        const double replaced = masked.inputIds.eq(mask).logical_and(chosen).sum().item<double>() / chosen.sum().item<double>();
        const double kept = masked.inputIds.eq(ids).logical_and(chosen).sum().item<double>() / chosen.sum().item<double>();
        qInfo("chosen %.4f of maskable tokens, [MASK] %.3f, kept %.3f", share, replaced, kept);
        QVERIFY(std::abs(share - 0.15) < 0.01);
        QVERIFY(std::abs(replaced - 0.8) < 0.03);
        QVERIFY(std::abs(kept - 0.1) < 0.03);
        QVERIFY(masked.labels.masked_select(chosen).equal(ids.masked_select(chosen)));
        QCOMPARE(chosen.select(1, 0).sum().item<int64_t>(), int64_t(0));        // [CLS] never
        QCOMPARE(chosen.slice(1, 100).sum().item<int64_t>(), int64_t(0));       // padding never
        QVERIFY(masked.inputIds.ne(ids).logical_and(chosen.logical_not()).sum().item<int64_t>() == 0);
        options.maskTokenId = -1;
        QVERIFY_THROWS_EXCEPTION(Error, maskedLmBatch(batch, options, vocab, generator));
    }
};

QTEST_APPLESS_MAIN(TestTraining)
#include "tst_training.moc"
