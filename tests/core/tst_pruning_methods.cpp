// The methods that prune over training runs, on the fixtures: IMP reaches its target in
// geometric rounds and rewinds to the stored weights; ISP's union keeps every weight a weak
// mask keeps and its rounds reach their targets exactly; Adapting by Pruning keeps the
// pre-trained weights frozen, prunes nothing without a push and reaches its target exactly
// with one; the mask analyses (sparsity by layer and component, shuffling, re-initialising).
#include "core/pruning/adapting_by_pruning.h"
#include "core/models/checkpoint.h"
#include "core/support/error.h"
#include "core/scoring/evaluation.h"
#include "core/pruning/iterative_pruning.h"
#include "core/analysis/mask_analysis.h"
#include "core/pruning/masks.h"
#include "core/pruning/training_methods.h"
#include "core/scoring/scorers.h"
#include "core/models/reference_run.h"
#include "tests/core/fixtures.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace prunescope;
using namespace prunescope::testing;
namespace fs = std::filesystem;

namespace {

int64_t zeros(const ScoreMap &mask)
{
    int64_t count = 0;
    for (const auto &[name, t] : mask.tensors)
        count += t.eq(0).sum().item<int64_t>();
    return count;
}

int64_t entries(const ScoreMap &mask)
{
    int64_t count = 0;
    for (const auto &[name, t] : mask.tensors)
        count += t.numel();
    return count;
}

// Every weight `inner` keeps, `outer` keeps too.
bool keepsAll(const ScoreMap &outer, const ScoreMap &inner)
{
    for (const auto &[name, t] : inner.tensors)
        if (t.gt(0).logical_and(outer.at(name).eq(0)).any().item<bool>())
            return false;
    return true;
}

double largestChange(TransformerModel &model, const std::map<std::string, torch::Tensor> &from)
{
    double largest = 0;
    for (const auto &item : model.named_parameters())
        if (from.count(item.key()))
            largest = std::max(largest, (item.value().detach() - from.at(item.key())).abs().max().item<double>());
    return largest;
}

std::map<std::string, torch::Tensor> prunableWeights(TransformerModel &model)
{
    std::map<std::string, torch::Tensor> weights;
    auto params = model.named_parameters();
    for (const auto &tower : model.structure().towers)
        for (const auto &layer : tower.layers)
            for (const auto &matrix : layer.matrices)
                weights[matrix.weight] = params[matrix.weight].detach().clone();
    return weights;
}

// Data rows: Adapting by Pruning with and without connection recovery.
void recoveryRows()
{
    QTest::addColumn<bool>("recovery");
    QTest::newRow("with recovery") << true;
    QTest::newRow("without recovery") << false;
}

TrainOptions fewSteps(int64_t steps, double learningRate = 1e-2)
{
    TrainOptions options;
    options.maxSteps = steps;
    options.batchSize = 64; // the whole fixture batch in every step
    options.learningRate = learningRate;
    options.warmupFraction = 0;
    options.weightDecay = 0;
    return options;
}

} // namespace

class TestPruningMethods : public QObject
{
    Q_OBJECT

private slots:
    // Rounds prune 30 % of what is left (30 %, then 51 % clamped to 50 %); every run starts
    // again from the stored weights, so one Adam step later no weight has moved more than
    // about the learning rate, while the round before moved them further.
    void impPrunesInRoundsAndRewinds()
    {
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        const ModelInputs inputs = fixtureInputs("bert");
        const auto stored = prunableWeights(*model);
        const TrainOptions options = fewSteps(3);
        ImpOptions imp;
        imp.sparsity = 0.5;
        imp.rate = 0.3;
        std::vector<double> changeAtStep;
        std::vector<ScoreMap> rounds;
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "imp";
        const IterativeResult result = runImp(
            *model, inputs, {inputs}, fixture("bert"), out, options, imp,
            [&](const TrainLogEntry &entry, int64_t total) {
                changeAtStep.push_back(largestChange(*model, stored));
                return total == 9 && entry.values.count("round") > 0;
            },
            [&](const RoundMasks &seen) { rounds.push_back(seen.mask); });
        QCOMPARE(result.rounds.size(), size_t(2));
        QCOMPARE(result.rounds[0].sparsity, 0.3);
        QCOMPARE(result.rounds[1].sparsity, 0.5);
        QCOMPARE(result.steps, int64_t(9)); // three runs of three steps
        QCOMPARE(changeAtStep.size(), size_t(9));
        const double rate = options.learningRate;
        qInfo("largest change from the stored weights: %.4f at the end of run 1, %.4f after the first step of run 2, "
              "%.4f of run 3",
              changeAtStep[2], changeAtStep[3], changeAtStep[6]);
        QVERIFY(changeAtStep[2] > 1.2 * rate); // steps of rate, 2/3 rate and 1/3 rate
        QVERIFY(changeAtStep[3] <= 1.01 * rate && changeAtStep[6] <= 1.01 * rate);
        QCOMPARE(rounds.size(), size_t(2));
        QCOMPARE(zeros(rounds[0]), int64_t(std::llround(0.3 * double(entries(rounds[0])))));
        QVERIFY(keepsAll(rounds[0], rounds[1])); // what round 1 pruned stays pruned
        QVERIFY(torch::equal(rounds[1].at(stored.begin()->first), result.mask.at(stored.begin()->first)));
        QCOMPARE(zeros(result.mask), int64_t(std::llround(0.5 * double(entries(result.mask)))));

        // The checkpoint holds the final mask and the compute spent.
        QVERIFY(torch::equal(loadScoreMap(out / "mask.safetensors").at(stored.begin()->first),
                             result.mask.at(stored.begin()->first)));
        const auto json = nlohmann::json::parse(std::ifstream(out / "prunescope-pruning.json"));
        QCOMPARE(json.at("method").get<std::string>(), std::string("imp"));
        QCOMPARE(json.at("cost").at("steps").get<int64_t>(), int64_t(9));
        QCOMPARE(json.at("rounds").size(), size_t(2));
        QVERIFY(std::abs(json.at("sparsity").get<double>() - 0.5) < 1e-6);
    }

    // A rewind to step 2 of the first run: the later runs start from those weights (a rewind
    // to the start would leave weights up to 1.67 learning rates from them after one step).
    void impRewindsToAnEarlyStep()
    {
        auto model = Checkpoint::open(fixture("gpt2"))->loadModel();
        const ModelInputs inputs = fixtureInputs("gpt2");
        ImpOptions imp;
        imp.sparsity = 0.2;
        imp.rate = 0.2;
        imp.rewindStep = 2;
        imp.scope = MaskScope::Tensor;
        std::map<std::string, torch::Tensor> early;
        double changeFromEarly = -1;
        const TrainOptions options = fewSteps(3);
        const IterativeResult result = runImp(*model, inputs, {}, fixture("gpt2"), {}, options, imp,
                                              [&](const TrainLogEntry &entry, int64_t) {
                                                  if (entry.step == 2)
                                                      early = prunableWeights(*model);
                                                  if (entry.step == 4)
                                                      changeFromEarly = largestChange(*model, early);
                                                  return true;
                                              });
        qInfo("after the first step of run 2: %.4f from the weights of step 2", changeFromEarly);
        QVERIFY(changeFromEarly >= 0 && changeFromEarly <= 1.01 * options.learningRate);
        for (const auto &[name, mask] : result.mask.tensors) // tensor scope: 20 % of each matrix
            QCOMPARE(mask.eq(0).sum().item<int64_t>(), int64_t(std::llround(0.2 * double(mask.numel()))));
        QVERIFY_THROWS_EXCEPTION(Error, [&] {
            ImpOptions late = imp;
            late.rewindStep = 3;
            runImp(*model, inputs, {}, fixture("gpt2"), {}, options, late);
        }());
    }

    // DeepCuts' procedure: one dense run, the mask from the fine-tuned model's scores (every
    // kept weight scores at least as high as every pruned one of its tensor), then the rewind:
    // one Adam step into the masked run no weight is further than about the learning rate
    // from the stored weights, while the dense run moved them further.
    void deepCutsPrunesOnceAndRewinds()
    {
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        const ModelInputs inputs = fixtureInputs("bert");
        const auto stored = prunableWeights(*model);
        const TrainOptions options = fewSteps(3);
        DeepCutsOptions deepCuts;
        deepCuts.sparsity = 0.5;
        deepCuts.score = "taylor";
        deepCuts.scoreExamples = 0;
        std::vector<double> changeAtStep;
        ScoreMap fineTunedScores;
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "deepcuts";
        const IterativeResult result = runDeepCuts(
            *model, inputs, {inputs}, fixture("bert"), out, options, deepCuts,
            [&](const TrainLogEntry &entry, int64_t total) {
                if (!entry.values.count("scored"))
                    changeAtStep.push_back(largestChange(*model, stored));
                return total == 6;
            },
            [&](const RoundMasks &) {
                ScoreOptions taylor;
                taylor.granularities = {Granularity::Weight};
                fineTunedScores = computeScores(*model, makeBatches(inputs, 64, 0, 0), taylor);
            });
        QCOMPARE(changeAtStep.size(), size_t(6));
        qInfo("largest change from the stored weights: %.4f after the dense run, %.4f one step into the masked run",
              changeAtStep[2], changeAtStep[3]);
        QVERIFY(changeAtStep[2] > 1.2 * options.learningRate);
        QVERIFY(changeAtStep[3] <= 1.01 * options.learningRate);
        QCOMPARE(result.rounds.size(), size_t(2));
        QCOMPARE(result.steps, int64_t(6));
        QVERIFY(std::isfinite(result.details.at("dense_metric")));
        for (const auto &[name, mask] : result.mask.tensors) {
            QCOMPARE(mask.eq(0).sum().item<int64_t>(), int64_t(std::llround(0.5 * double(mask.numel()))));
            const torch::Tensor scores = fineTunedScores.at(name).to(torch::kDouble);
            const double lowestKept = scores.masked_select(mask.gt(0)).min().item<double>();
            const double highestPruned = scores.masked_select(mask.eq(0)).max().item<double>();
            if (lowestKept < highestPruned)
                QFAIL((name + ": a pruned weight outscores a kept one").c_str());
        }
        QCOMPARE(result.mask.provenance.at("score"), std::string("taylor"));
        const auto json = nlohmann::json::parse(std::ifstream(out / "prunescope-pruning.json"));
        QCOMPARE(json.at("method").get<std::string>(), std::string("deepcuts"));
        QCOMPARE(json.at("cost").at("steps").get<int64_t>(), int64_t(6));
        QVERIFY(torch::equal(loadScoreMap(out / "mask.safetensors").at(stored.begin()->first),
                             result.mask.at(stored.begin()->first)));
    }

    // Without the rewind the masked run starts from the fine-tuned weights; the score method's
    // own options reach it (recorded in the mask), and another method's option is refused.
    void deepCutsWithoutRewindAndScoreOptions()
    {
        auto model = Checkpoint::open(fixture("gpt2"))->loadModel();
        const ModelInputs inputs = fixtureInputs("gpt2");
        MethodOptions given;
        given.set("score", std::string("smooth-cut"));
        given.set("samples", int64_t(2));
        given.set("sigma", 0.5);
        given.set("rewind", false);
        given.set("sparsity", 0.3);
        const DeepCutsOptions deepCuts = deepCutsOptions(given);
        QCOMPARE(deepCuts.scoreOptions.integer("samples"), int64_t(2));
        std::map<std::string, torch::Tensor> fineTuned;
        double changeFromFineTuned = -1;
        const TrainOptions options = fewSteps(2);
        const IterativeResult result = runDeepCuts(
            *model, inputs, {}, fixture("gpt2"), {}, options, deepCuts,
            [&](const TrainLogEntry &entry, int64_t) {
                if (entry.step == 3)
                    changeFromFineTuned = largestChange(*model, fineTuned);
                return true;
            },
            [&](const RoundMasks &) { fineTuned = prunableWeights(*model); });
        qInfo("one step into the masked run: %.4f from the fine-tuned weights", changeFromFineTuned);
        QVERIFY(changeFromFineTuned >= 0 && changeFromFineTuned <= 1.01 * options.learningRate);
        QVERIFY(result.mask.provenance.at("options").find("sigma=0.5") != std::string::npos);
        QCOMPARE(result.mask.provenance.at("rewind"), std::string("none"));
        MethodOptions wrong;
        wrong.set("cam-shift", 0.0); // cam-cut's, with the default score taylor
        QVERIFY_THROWS_EXCEPTION(Error, deepCutsOptions(wrong));
        // A form's full set of options: the other methods' at their defaults pass.
        const MethodOptions form = resolved(trainingMethodSpec("deepcuts"), given);
        QCOMPARE(deepCutsOptions(form).scoreOptions.integer("samples"), int64_t(2));
        MethodOptions units;
        units.set("score", std::string("head-importance"));
        QVERIFY_THROWS_EXCEPTION(Error, deepCutsOptions(units)); // scores no weights
    }

    void combiningWeakMasks()
    {
        const ScoreMap a{{{"w", torch::tensor({1.f, 1.f, 0.f, 0.f, 1.f})}}, {}};
        const ScoreMap b{{{"w", torch::tensor({1.f, 0.f, 1.f, 0.f, 1.f})}}, {}};
        const ScoreMap c{{{"w", torch::tensor({0.f, 0.f, 1.f, 0.f, 1.f})}}, {}};
        QVERIFY(torch::equal(combineMasks({a, b, c}, "union").at("w"), torch::tensor({1.f, 1.f, 1.f, 0.f, 1.f})));
        QVERIFY(torch::equal(combineMasks({a, b, c}, "intersection").at("w"), torch::tensor({0.f, 0.f, 0.f, 0.f, 1.f})));
        QVERIFY(torch::equal(combineMasks({a, b, c}, "vote").at("w"), torch::tensor({1.f, 0.f, 1.f, 0.f, 1.f})));
        QVERIFY_THROWS_EXCEPTION(Error, combineMasks({a}, "average"));
    }

    void ispRoundsCombineWeakMasks_data()
    {
        QTest::addColumn<QString>("combine");
        QTest::newRow("union") << QStringLiteral("union");
        QTest::newRow("intersection") << QStringLiteral("intersection");
        QTest::newRow("vote") << QStringLiteral("vote");
    }
    void ispRoundsCombineWeakMasks()
    {
        QFETCH(QString, combine);
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        const ModelInputs inputs = fixtureInputs("bert");
        const auto stored = prunableWeights(*model);
        IspOptions isp;
        isp.sparsity = 0.6;
        isp.rounds = 2;
        isp.denoisers = 3;
        isp.denoiserSteps = 2;
        isp.denoiserData = 0.5;
        isp.combine = combine.toStdString();
        TrainOptions options = fewSteps(10, 5e-3);
        options.batchSize = 2; // two steps an epoch: t = 1 step
        int64_t calls = 0, lastTotal = 0;
        std::vector<std::vector<ScoreMap>> weak;
        std::vector<ScoreMap> rounds;
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "isp";
        const IterativeResult result = runIsp(
            *model, inputs, {inputs}, fixture("bert"), out, options, isp,
            [&](const TrainLogEntry &entry, int64_t total) {
                lastTotal = total;
                return ++calls == entry.step;
            },
            [&](const RoundMasks &seen) {
                weak.push_back(seen.weak);
                rounds.push_back(seen.mask);
                QVERIFY(torch::equal(seen.combined.at(stored.begin()->first),
                                     combineMasks(seen.weak, isp.combine).at(stored.begin()->first)));
            });
        // Main runs of 1 and 2 steps, 2 x 3 denoisers of 2 steps, then the 7 left of the budget.
        QCOMPARE(result.steps, int64_t(1 + 2 + 12 + 7));
        QCOMPARE(lastTotal, result.steps);
        QCOMPARE(calls, result.steps);
        QCOMPARE(result.final.steps, int64_t(7));
        QCOMPARE(rounds.size(), size_t(2));
        const double first = 1 - std::sqrt(0.4); // the rate that reaches 60 % in two rounds
        for (size_t r = 0; r < rounds.size(); ++r) {
            const double target = r == 0 ? first : 0.6;
            const int64_t expected = std::llround(target * double(entries(rounds[r])));
            QCOMPARE(zeros(rounds[r]), expected);
            QCOMPARE(weak[r].size(), size_t(3));
            const ScoreMap combined = combineMasks(weak[r], isp.combine);
            for (const ScoreMap &mask : weak[r]) {
                QCOMPARE(zeros(mask), expected); // each weak mask prunes to the round's target
                if (isp.combine == "union")
                    QVERIFY(keepsAll(combined, mask)); // the union keeps all any weak mask keeps
                if (isp.combine == "intersection")
                    QVERIFY(keepsAll(mask, combined));
            }
            // The round keeps the combination's weights first: all of them when they are few
            // enough (intersection), only they when they are too many (union).
            if (zeros(combined) >= expected)
                QVERIFY(keepsAll(rounds[r], combined));
            else
                QVERIFY(keepsAll(combined, rounds[r]));
            if (r > 0)
                QVERIFY(keepsAll(rounds[r - 1], rounds[r])); // what is pruned stays pruned
            qInfo("%s round %zu: weak masks each %.3f sparse, combined %.3f, round %.3f", isp.combine.c_str(), r + 1,
                  result.rounds[r].weakSparsity[0], result.rounds[r].combinedSparsity, result.rounds[r].sparsity);
        }
        QVERIFY(torch::equal(rounds.back().at(stored.begin()->first), result.mask.at(stored.begin()->first)));
        const auto json = nlohmann::json::parse(std::ifstream(out / "prunescope-pruning.json"));
        QCOMPARE(json.at("cost").at("steps").get<int64_t>(), result.steps);
        QCOMPARE(json.at("rounds")[0].at("weak_sparsity").size(), size_t(3));
        QVERIFY(std::isfinite(evaluate(*Checkpoint::open(out)->loadModel(), {inputs}).metrics.at("accuracy")));
    }

    // Instant Model Soup: the starting point is chosen among interpolations on validation.
    void ispWithSoupAndATopUp()
    {
        auto model = Checkpoint::open(fixture("gpt2"))->loadModel();
        const ModelInputs inputs = fixtureInputs("gpt2");
        IspOptions isp;
        isp.sparsity = 0.5;
        isp.rounds = 2;
        isp.rate = 0.1; // 10 %, then 19 %; the top-up prunes the rest to 50 %
        isp.denoisers = 2;
        isp.denoiserSteps = 2;
        isp.soup = true;
        const IterativeResult result = runIsp(*model, inputs, {inputs}, fixture("gpt2"), {}, fewSteps(6, 3e-3), isp);
        QCOMPARE(result.rounds[0].sparsity, 0.1);
        QVERIFY(std::abs(result.rounds[1].sparsity - 0.19) < 1e-12);
        QCOMPARE(zeros(result.mask), int64_t(std::llround(0.5 * double(entries(result.mask)))));
        qInfo("soup: alpha %.2f chosen on validation", result.soupAlpha);
        QVERIFY(result.soupAlpha >= 0 && result.soupAlpha <= 1);
    }

    // No push and theta well above zero: nothing is pruned, and only the head trains.
    void abpWithoutPushPrunesNothing()
    {
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        const ModelInputs inputs = fixtureInputs("bert");
        const auto stored = prunableWeights(*model);
        const torch::Tensor classifier = model->named_parameters()["classifier.weight"].detach().clone();
        AbpOptions abp;
        abp.sparsity = 0.5;
        abp.push = 0;
        abp.maskLearningRate = 1e-4;
        const IterativeResult result = runAbp(*model, inputs, {}, fixture("bert"), {}, fewSteps(10, 1e-3), abp);
        QCOMPARE(result.final.steps, int64_t(10));
        QCOMPARE(zeros(result.mask), int64_t(0));
        QCOMPARE(result.details.at("reached_by_push"), 0.0);
        QCOMPARE(largestChange(*model, stored), 0.0); // the pre-trained weights are frozen
        QVERIFY(!torch::allclose(model->named_parameters()["classifier.weight"].detach(), classifier));
    }

    void abpReachesItsTargetExactly_data() { recoveryRows(); }
    void abpReachesItsTargetExactly()
    {
        QFETCH(bool, recovery);
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        const ModelInputs inputs = fixtureInputs("bert");
        const auto stored = prunableWeights(*model);
        AbpOptions abp;
        abp.sparsity = 0.4;
        abp.recovery = recovery;
        abp.maskLearningRate = 3e-3;
        QTemporaryDir dir;
        const fs::path out = fs::path(dir.path().toStdString()) / "abp";
        const IterativeResult result = runAbp(*model, inputs, {inputs}, fixture("bert"), out, fewSteps(40, 1e-3), abp);
        qInfo("abp (%s recovery): target reached at step %lld of 40, %g connections recovered",
              recovery ? "with" : "without", static_cast<long long>(result.final.steps), result.details.at("recovered"));
        QCOMPARE(result.details.at("reached_by_push"), 1.0);
        QVERIFY(result.final.stoppedEarly && result.final.steps < 40);
        QCOMPARE(zeros(result.mask), int64_t(std::llround(0.4 * double(entries(result.mask)))));
        if (!recovery)
            QCOMPARE(result.details.at("recovered"), 0.0);
        QCOMPARE(largestChange(*model, stored), 0.0);
        QCOMPARE(result.final.bestStep, result.final.steps); // kept once the target is reached
        const ScoreMap saved = loadScoreMap(out / "abp-mask.safetensors");
        QCOMPARE(zeros(saved), zeros(result.mask));
        QCOMPARE(saved.provenance.at("recovered"), std::to_string(int64_t(result.details.at("recovered"))));
    }

    // CLIP: each method prunes the matrices of both towers, to exactly its sparsity overall
    // and about evenly (the fixture's towers are alike), trains for the steps its rounds
    // take, and a method that freezes the weights (AbP) changes nothing but its head (the
    // projections and the logit scale).
    void everyMethodOnClip_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("imp") << QStringLiteral("imp");
        QTest::newRow("isp") << QStringLiteral("isp");
        QTest::newRow("abp") << QStringLiteral("abp");
    }
    void everyMethodOnClip()
    {
        QFETCH(QString, method);
        auto model = Checkpoint::open(fixture("clip"))->loadModel();
        const ModelInputs inputs = fixtureInputs("clip");
        std::map<std::string, torch::Tensor> stored;
        for (const auto &item : model->named_parameters())
            stored[item.key()] = item.value().detach().clone();
        IterativeResult result;
        if (method == QLatin1String("imp")) {
            ImpOptions imp;
            imp.sparsity = 0.5;
            result = runImp(*model, inputs, {}, fixture("clip"), {}, fewSteps(2, 1e-3), imp);
            QCOMPARE(result.rounds.size(), size_t(4)); // 20 %, 36 %, 48.8 %, 50 %
            QCOMPARE(result.steps, int64_t(10));       // four runs of two steps and the last
        } else if (method == QLatin1String("isp")) {
            IspOptions isp;
            isp.sparsity = 0.5;
            isp.rounds = 2;
            isp.denoisers = 2;
            isp.denoiserSteps = 1;
            result = runIsp(*model, inputs, {}, fixture("clip"), {}, fewSteps(4, 1e-3), isp);
            QCOMPARE(result.rounds.size(), size_t(2));
            for (const PruningRound &round : result.rounds)
                QCOMPARE(round.weakSparsity.size(), size_t(2));
        } else {
            AbpOptions abp;
            abp.sparsity = 0.5;
            abp.maskLearningRate = 3e-3;
            result = runAbp(*model, inputs, {}, fixture("clip"), {}, fewSteps(60, 1e-3), abp);
            QCOMPARE(result.details.at("reached_by_push"), 1.0);
            for (const auto &item : model->named_parameters()) {
                const bool head = item.key() == "logit_scale" || item.key().find("projection") != std::string::npos;
                if (!head)
                    QVERIFY2(torch::equal(item.value().detach(), stored.at(item.key())), item.key().c_str());
            }
        }
        if (method != QLatin1String("abp"))
            QVERIFY(largestChange(*model, stored) > 0); // the weights trained
        QCOMPARE(zeros(result.mask), int64_t(std::llround(0.5 * double(entries(result.mask)))));
        std::map<std::string, std::pair<int64_t, int64_t>> prunedByTower; // pruned, all
        for (const auto &tower : model->structure().towers)
            for (const auto &layer : tower.layers)
                for (const auto &matrix : layer.matrices) {
                    const torch::Tensor &kept = result.mask.at(matrix.weight);
                    prunedByTower[tower.name].first += kept.eq(0).sum().item<int64_t>();
                    prunedByTower[tower.name].second += kept.numel();
                }
        QCOMPARE(prunedByTower.size(), size_t(2));
        for (const auto &[tower, counts] : prunedByTower) {
            const double share = double(counts.first) / double(counts.second);
            qInfo("%s on clip: %.1f %% of the %s tower's weights pruned, %lld steps", qPrintable(method), 100 * share,
                  tower.c_str(), static_cast<long long>(result.steps));
            QVERIFY(share > 0.4 && share < 0.6);
        }
    }

    // A theta the optimizer lifts back above zero after it was pruned stays up with recovery
    // and is held down without (the extension's steps driven by hand).
    void abpRecoveryLetsPrunedThetaRise_data() { recoveryRows(); }
    void abpRecoveryLetsPrunedThetaRise()
    {
        QFETCH(bool, recovery);
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        AbpOptions abp;
        abp.sparsity = 0.9;
        abp.recovery = recovery;
        abp.push = 0;
        AdaptingByPruning pruning(*model, abp);
        torch::Tensor theta = pruning.parameters().front(); // shares its storage with the extension's
        torch::NoGradGuard noGrad;
        pruning.beforeStep(0, 10);
        theta.slice(0, 0, 2).fill_(-0.5); // an optimizer step prunes two rows
        QVERIFY(!pruning.finished(1, 10));
        pruning.beforeStep(1, 10);
        theta.slice(0, 0, 1).fill_(0.25); // the next lifts one of them back
        pruning.finished(2, 10);
        qInfo("%s recovery: the lifted theta is %g", recovery ? "with" : "without", theta[0][0].item<double>());
        QCOMPARE(theta[0][0].item<double>() > 0, recovery);
        QCOMPARE(theta[1][0].item<double>(), -0.5);
        QCOMPARE(pruning.mask().at(pruning.scores().tensors.begin()->first)[0][0].item<double>() == 1.0, recovery);
    }

    // Heads and neurons counted as the weights they remove, by hand.
    void profileByLayerAndComponent()
    {
        auto model = Checkpoint::open(fixture("gpt2"))->loadModel();
        const ModelStructure &structure = model->structure();
        const TowerStructure &tower = structure.towers[0];
        ScoreMap mask;
        mask.tensors["heads"] = torch::ones({int64_t(tower.layers.size()), tower.heads});
        mask.tensors["heads"][0][1] = 0;
        mask.tensors["neurons"] = torch::ones({int64_t(tower.layers.size()), tower.ffn});
        mask.tensors["neurons"][1].slice(0, 0, tower.ffn / 4) = 0;
        const MaskProfile p = maskProfile(mask, structure, "by hand");
        QCOMPARE(p.components, (std::vector<std::string>{"query", "key", "value", "attention-output", "ffn-in", "ffn-out"}));
        const double layers = double(tower.layers.size());
        for (size_t c = 0; c < 4; ++c) { // one head of layer 0: a quarter... of its Q, K, V rows and output columns
            QCOMPARE(p.cells[0][c], 1.0 / double(tower.heads));
            QCOMPARE(p.componentSparsity[c], 1.0 / double(tower.heads) / layers);
        }
        QCOMPARE(p.cells[1][4], 0.25);
        QCOMPARE(p.cells[1][5], 0.25);
        QCOMPARE(p.cells[0][4], 0.0);
        const double e = double(tower.hidden), f = double(tower.ffn);
        const double layerOne = 2 * 0.25 * e * f / (4 * e * e + 2 * e * f);
        QVERIFY(std::abs(p.layerSparsity[1] - layerOne) < 1e-12);
        QVERIFY_THROWS_EXCEPTION(Error, maskProfile(ScoreMap{{{"heads", torch::ones({1, 1})}}, {}}, structure, "bad"));
    }

    void shufflingKeepsEachTensorsSparsity()
    {
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        const ScoreMap magnitude = magnitudeMask(*model, nullptr, 0.5, MaskScope::Global);
        const ScoreMap shuffled = shuffledMask(magnitude, 7);
        bool moved = false;
        for (const auto &[name, t] : magnitude.tensors) {
            QCOMPARE(shuffled.at(name).sum().item<double>(), t.sum().item<double>());
            moved = moved || !torch::equal(shuffled.at(name), t);
        }
        QVERIFY(moved);
        ScoreMap neurons{{{"neurons", torch::tensor({{1.f, 0.f, 0.f, 1.f}, {0.f, 0.f, 0.f, 1.f}})}}, {}};
        const torch::Tensor rows = shuffledMask(neurons, 3).at("neurons").sum(1);
        QVERIFY(torch::equal(rows, torch::tensor({2.f, 1.f})));
    }

    // Dense and masked are the plain evaluations; the weights come back after re-initialising.
    void sensitivityTests()
    {
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        const ModelInputs inputs = fixtureInputs("bert");
        const ScoreMap mask = magnitudeMask(*model, nullptr, 0.7, MaskScope::Global);
        const double dense = evaluate(*model, {inputs}).metrics.at("loss");
        const MaskSensitivity s = maskSensitivity(*model, mask, {inputs}, 1);
        qInfo("%s: dense %.4f, masked %.4f, shuffled %.4f, re-initialised %.4f", s.primary.c_str(), s.dense, s.masked, s.shuffled,
              s.reinitialised);
        QCOMPARE(s.primary, std::string("accuracy"));
        model->resetGates();
        model->clearWeightMasks();
        QCOMPARE(evaluate(*model, {inputs}).metrics.at("loss"), dense);
        applyMask(*model, mask);
        QCOMPARE(evaluate(*model, {inputs}).metrics.at("accuracy"), s.masked);
    }
};

QTEST_GUILESS_MAIN(TestPruningMethods)
#include "tst_pruning_methods.moc"
