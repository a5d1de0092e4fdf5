// The registry of methods: every single-shot method runs on every fixture family it
// declares with its default options and gives finite scores of the right shapes, and every
// method that prunes while training trains each family with its defaults to the mask they
// ask for; a family a method does not declare is refused; option values are parsed and checked against their
// declarations, stored as JSON and recorded as text; the help lists every option.
#include "core/analysis/compare.h"
#include "core/analysis/redundancy.h"
#include "core/analysis/sweep.h"
#include "core/models/checkpoint.h"
#include "core/pruning/adapting_by_pruning.h"
#include "core/pruning/iterative_pruning.h"
#include "core/pruning/movement.h"
#include "core/pruning/pattern_pruning.h"
#include "core/pruning/masks.h"
#include "core/pruning/training_methods.h"
#include "core/pruning/training_runs.h"
#include "core/scoring/evaluation.h"
#include "core/scoring/scorers.h"
#include "core/support/error.h"
#include "core/support/method_spec.h"
#include "tests/core/fixtures.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <QtTest>

using namespace prunescope;
using prunescope::testing::fixture;
using prunescope::testing::fixtureInputs;

namespace {

const std::vector<std::string> &kFamilies = prunescope::testing::fixtureFamilies();

bool declares(const MethodSpec &method, const std::string &family)
{
    return method.families.empty()
           || std::find(method.families.begin(), method.families.end(), family) != method.families.end();
}

// One test row for each method of `table` and each fixture family it declares.
void methodFamilyRows(const std::vector<MethodSpec> &table)
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("family");
    for (const auto &method : table)
        for (const auto &family : kFamilies)
            if (declares(method, family))
                QTest::newRow((method.name + " " + family).c_str())
                    << QString::fromStdString(method.name) << QString::fromStdString(family);
}

// The error `run` throws, or "" when it throws none.
template <class Run>
std::string errorOf(Run run)
{
    try {
        run();
    } catch (const Error &e) {
        return e.what();
    }
    return {};
}

// The tensors a method's scores must hold on `model`: name -> shape.
std::map<std::string, std::vector<int64_t>> expectedShapes(TransformerModel &model, const std::set<Granularity> &granularities)
{
    std::map<std::string, std::vector<int64_t>> shapes;
    const auto &structure = model.structure();
    auto params = model.named_parameters();
    for (size_t t = 0; t < structure.towers.size(); ++t) {
        const auto &tower = structure.towers[t];
        const auto layers = int64_t(tower.layers.size());
        if (granularities.count(Granularity::Weight))
            for (const auto &layer : tower.layers)
                for (const auto &m : layer.matrices)
                    shapes[m.weight] = params[m.weight].sizes().vec();
        if (granularities.count(Granularity::Head))
            shapes[headsName(structure, t)] = {layers, tower.heads};
        if (granularities.count(Granularity::Neuron))
            shapes[neuronsName(structure, t)] = {layers, tower.ffn};
    }
    return shapes;
}

// The options of a run of the training method `method`, built from `given`.
void buildTraining(const std::string &method, const MethodOptions &given)
{
    const std::string selector = trainingSelector(method);
    if (selector == "movement")
        movementOptions(method, given);
    else if (selector == "pattern")
        patternOptions(method, "4:8", given);
    else if (method == "isp")
        ispOptions(given);
    else if (method == "imp")
        impOptions(given);
    else if (method == "deepcuts")
        deepCutsOptions(given);
    else
        abpOptions(given, 0);
}

} // namespace

class TestMethods : public QObject
{
    Q_OBJECT

private slots:
    void everyMethodScoresItsFamilies_data()
    {
        methodFamilyRows(scoreMethodSpecs());
    }
    void everyMethodScoresItsFamilies()
    {
        QFETCH(QString, method);
        QFETCH(QString, family);
        const MethodSpec &spec = scoreMethodSpec(method.toStdString());
        auto model = Checkpoint::open(fixture(family.toStdString()))->loadModel();
        ScoreOptions options;
        options.method = spec.name;
        options.granularities = spec.granularities;
        const ScoreMap scores = computeScores(*model, {fixtureInputs(family.toStdString())}, options);
        const auto expected = expectedShapes(*model, spec.granularities);
        QCOMPARE(scores.tensors.size(), expected.size());
        for (const auto &[name, shape] : expected) {
            QVERIFY2(scores.contains(name), name.c_str());
            const torch::Tensor &s = scores.at(name);
            QVERIFY2(s.sizes().vec() == shape, name.c_str());
            QVERIFY2(s.isfinite().all().item<bool>(), name.c_str());
        }
        QCOMPARE(scores.provenance.at("options"), describe(spec, {}));
    }

    // Smooth-Cut's noise reaches the model: with a negligible sigma it ranks the weights as
    // Taylor does; with noise as large as each linear output's own spread (relative-sigma),
    // its ranking departs from Taylor's, and more so than with the default sigma of 1e-3.
    void smoothCutSigmaReachesTheModel()
    {
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        const std::vector<ModelInputs> batches = {fixtureInputs("bert")};
        const ModelStructure &structure = model->structure();
        ScoreOptions options;
        options.granularities = {Granularity::Weight};
        options.method = "taylor";
        const ScoreMap taylor = computeScores(*model, batches, options);
        const auto spearman = [&](double sigma, bool relative) {
            ScoreOptions smooth = options;
            smooth.method = "smooth-cut";
            smooth.methodOptions.set("samples", int64_t(4));
            smooth.methodOptions.set("sigma", sigma);
            smooth.methodOptions.set("relative-sigma", relative);
            const ScoreMap scores = computeScores(*model, batches, smooth);
            return compareMaps({"taylor", "smooth-cut"}, {taylor, scores}, structure).overall.at("spearman")[0][1];
        };
        const double tiny = spearman(1e-7, false), fallback = spearman(1e-3, false), large = spearman(1.0, true);
        qInfo("Spearman with Taylor: sigma 1e-7 %.6f, 1e-3 %.6f, 1.0 of each output's spread %.6f", tiny, fallback, large);
        QVERIFY(tiny > 0.9999);
        QVERIFY(large < 0.95);
        QVERIFY(large < fallback);
    }

    // Each training method with its default options on each family it declares, run as
    // train and the study run it (training_runs.h), for a few steps over the fixture batch:
    // the loss stays finite and the mask is the one the defaults ask for.
    void everyTrainingMethodTrainsItsFamilies_data()
    {
        methodFamilyRows(trainingMethodSpecs());
    }
    void everyTrainingMethodTrainsItsFamilies()
    {
        QFETCH(QString, method);
        QFETCH(QString, family);
        const std::string name = method.toStdString(), folder = fixture(family.toStdString());
        auto model = Checkpoint::open(folder)->loadModel();
        const ModelInputs inputs = fixtureInputs(family.toStdString());
        TrainOptions options;
        options.maxSteps = 10;
        options.batchSize = 64; // the whole fixture batch in every step
        options.learningRate = 1e-3;
        double lastLoss = std::numeric_limits<double>::quiet_NaN();
        const TrainProgress progress = [&](const TrainLogEntry &e, int64_t) {
            lastLoss = e.loss;
            return true;
        };
        const MethodOptions defaults = resolved(trainingMethodSpec(name), {});
        ScoreMap mask;
        double expected = 0; // the sparsity the defaults ask for
        if (prunesOverRuns(name)) {
            mask = runPruning(name, *model, inputs, {}, folder, {}, options, {}, progress).mask;
            expected = defaults.real("sparsity");
        } else {
            const auto extension = trainingExtension(*model, name, "4:8", {});
            trainModel(*model, inputs, {}, folder, {}, options, progress, extension.get());
            if (const auto *movement = dynamic_cast<const MovementPruning *>(extension.get()))
                mask = movement->mask();
            else
                mask = dynamic_cast<const PatternPruning &>(*extension).mask();
            expected = defaults.has("final-keep") ? 1.0 - defaults.real("final-keep") : 0.5;
        }
        QVERIFY2(std::isfinite(lastLoss), name.c_str());
        QVERIFY(!mask.tensors.empty());
        for (const auto &[tensor, values] : mask.tensors)
            QVERIFY2(((values == 0) | (values == 1)).all().item<bool>(), tensor.c_str());
        // Soft movement keeps what its learned threshold keeps; the others hit their target,
        // up to one unit of rounding in each masked tensor.
        if (name != "soft") {
            double units = 0;
            for (const auto &[tensor, values] : mask.tensors)
                units = std::max(units, 1.0 / double(values.numel()));
            const double sparsity = maskSparsity(mask);
            QVERIFY2(std::abs(sparsity - expected) <= units, (name + ": " + std::to_string(sparsity)).c_str());
        }
    }

    // Every method works on every fixture family today; a declaration that names families
    // refuses the others, naming the method and the family.
    void refusesAFamilyItDoesNotDeclare()
    {
        for (const auto *table : {&scoreMethodSpecs(), &trainingMethodSpecs()})
            for (const auto &method : *table)
                for (const auto &family : kFamilies)
                    QVERIFY2(declares(method, family), (method.name + " " + family).c_str());
        MethodSpec textOnly = scoreMethodSpec("head-importance");
        textOnly.families = {"bert", "gpt2"};
        QVERIFY(errorOf([&] { checkFamily(textOnly, "bert"); }).empty());
        const std::string refused = errorOf([&] { checkFamily(textOnly, "clip"); });
        QVERIFY2(refused.find("'head-importance'") != std::string::npos && refused.find("clip") != std::string::npos
                     && refused.find("bert or gpt2") != std::string::npos,
                 refused.c_str());
    }

    void parsingRefusesBadValues_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char *name, const char *method, const char *option, const char *text, const char *expected) {
            QTest::newRow(name) << QString::fromUtf8(method) << QString::fromUtf8(option) << QString::fromUtf8(text)
                                << QString::fromUtf8(expected);
        };
        row("samples 0", "smooth-cut", "samples", "0", "a whole number of at least 1, got '0'");
        row("samples fraction", "smooth-cut", "samples", "2.5", "a whole number of at least 1, got '2.5'");
        row("samples word", "smooth-cut", "samples", "ten", "a whole number");
        row("sigma 0", "smooth-cut", "sigma", "0", "a number above 0, got '0'");
        row("sigma nan", "smooth-cut", "sigma", "nan", "a number above 0");
        row("sigma trailing text", "smooth-cut", "sigma", "1e-3x", "a number above 0");
        row("noise-on", "smooth-cut", "noise-on", "middle", "'middle' is not one of outputs or embeddings");
        row("cam-shift negative", "cam-cut", "cam-shift", "-1", "a number of at least 0, got '-1'");
        row("bool word", "taylor", "absolute-per-batch", "yes", "true or false, got 'yes'");
        row("bool number", "head-importance", "normalize-globally", "1", "true or false, got '1'");
    }
    void parsingRefusesBadValues()
    {
        QFETCH(QString, method);
        QFETCH(QString, option);
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const MethodSpec &spec = scoreMethodSpec(method.toStdString());
        const OptionSpec *declared = spec.option(option.toStdString());
        QVERIFY(declared);
        const std::string spelling = "--" + option.toStdString();
        const std::string error = errorOf([&] { parseOptionValue(spec, *declared, text.toStdString(), spelling); });
        QVERIFY2(error.find(spelling) != std::string::npos, error.c_str());
        QVERIFY2(error.find("(an option of " + spec.name + ")") != std::string::npos, error.c_str());
        QVERIFY2(error.find(expected.toStdString()) != std::string::npos, error.c_str());
    }

    // Values set in code are checked as parsed ones are: type, range, and the name.
    void resolvingChecksTypesRangesAndNames()
    {
        const MethodSpec &smooth = scoreMethodSpec("smooth-cut");
        MethodOptions given;
        given.set("samples", 2.5);
        QVERIFY(errorOf([&] { resolved(smooth, given); }).find("samples needs a whole number") != std::string::npos);
        given.set("samples", int64_t(3));
        const MethodOptions all = resolved(smooth, given);
        QCOMPARE(all.integer("samples"), int64_t(3));
        QCOMPARE(all.real("sigma"), 1e-3);
        QCOMPARE(all.choice("noise-on"), std::string("outputs"));
        QCOMPARE(all.boolean("batched"), true);

        ScoreOptions options;
        options.method = "taylor";
        options.methodOptions.set("samples", int64_t(3));
        auto model = Checkpoint::open(fixture("bert"))->loadModel();
        const std::string error = errorOf([&] { computeScores(*model, {fixtureInputs("bert")}, options); });
        QVERIFY2(error == "method 'taylor' has no option 'samples'", error.c_str());
    }

    // A study stores the typed values as JSON and reads back the same; a value of the wrong
    // type in the JSON is refused.
    void jsonKeepsTypes()
    {
        const MethodSpec &smooth = scoreMethodSpec("smooth-cut");
        MethodOptions given;
        given.set("samples", int64_t(4));
        given.set("sigma", 0.5);
        given.set("noise-on", std::string("embeddings"));
        const nlohmann::json json = toJson(resolved(smooth, given));
        QCOMPARE(json.dump(), std::string(R"({"batched":true,"noise-on":"embeddings","relative-sigma":false,"samples":4,"sigma":0.5})"));
        const MethodOptions back = methodOptionsFromJson(smooth, json);
        QCOMPARE(back.integer("samples"), int64_t(4));
        QCOMPARE(back.real("sigma"), 0.5);
        QCOMPARE(back.choice("noise-on"), std::string("embeddings"));
        // A whole number where a real is declared reads as the real.
        QCOMPARE(methodOptionsFromJson(scoreMethodSpec("cam-cut"), nlohmann::json{{"cam-shift", 0}}).real("cam-shift"), 0.0);
        const std::string wrong = errorOf([&] { methodOptionsFromJson(smooth, nlohmann::json{{"batched", "yes"}}); });
        QVERIFY2(wrong.find("batched needs true or false") != std::string::npos, wrong.c_str());
        const std::string unknown = errorOf([&] { methodOptionsFromJson(smooth, nlohmann::json{{"shift", 1}}); });
        QVERIFY2(unknown == "method 'smooth-cut' has no option 'shift'", unknown.c_str());
    }

    // The provenance text score files have always carried, from the declarations' defaults.
    void describeKeepsTheRecordedText()
    {
        QCOMPARE(describe(scoreMethodSpec("taylor"), {}), std::string("absolute_per_batch=true"));
        QCOMPARE(describe(scoreMethodSpec("head-importance"), {}),
                 std::string("normalize_per_layer=true,normalize_globally=true"));
        QCOMPARE(describe(scoreMethodSpec("cam-cut"), {}), std::string("shift=10,include_padding=false"));
        QCOMPARE(describe(scoreMethodSpec("smooth-cut"), {}), std::string("samples=10,sigma=0.001,relative_sigma=false,noise_on=outputs,batched=true"));
        QCOMPARE(describe(scoreMethodSpec("magnitude"), {}), std::string());
    }

    void helpListsEveryOption()
    {
        for (const auto &method : scoreMethodSpecs()) {
            const std::string help = helpText(method);
            QVERIFY2(help.rfind(method.name + ": " + method.title, 0) == 0, help.c_str());
            const nlohmann::json json = methodJson(method);
            QCOMPARE(json.at("options").size(), method.options.size());
            for (const auto &o : method.options) {
                QVERIFY2(help.find("--" + o.name) != std::string::npos, help.c_str());
                QVERIFY2(help.find("default " + valueText(o.fallback)) != std::string::npos, help.c_str());
                QVERIFY2(help.find(o.help) != std::string::npos, help.c_str());
                if (o.type == OptionType::Integer || o.type == OptionType::Real)
                    QVERIFY2(help.find(o.range.text()) != std::string::npos, help.c_str());
                if (!o.flag.empty())
                    QVERIFY2(help.find("--" + o.flag) != std::string::npos, help.c_str());
                QVERIFY(o.translationKey(method.name) == "method." + method.name + "." + o.name);
            }
        }
        QVERIFY(helpText(scoreMethodSpec("smooth-cut")).find("--samples integer  default 10, of at least 1") != std::string::npos);
    }

    // The methods that prune while training: every declaration's defaults build valid
    // options of its run (the defaults the runs had before the declarations), and a value
    // below an option's range is refused naming the option and the method.
    void trainingDefaultsBuildAndRangesRefuse()
    {
        QCOMPARE(trainingMethodSpecs().size(), size_t(9));
        int refused = 0;
        for (const auto &method : trainingMethodSpecs()) {
            const std::string built = errorOf([&] { buildTraining(method.name, {}); });
            QVERIFY2(built.empty(), (method.name + ": " + built).c_str());
            for (const auto &o : method.options) {
                if ((o.type != OptionType::Integer && o.type != OptionType::Real) || std::isinf(o.range.low))
                    continue;
                MethodOptions given;
                if (o.type == OptionType::Integer)
                    given.set(o.name, int64_t(o.range.low) - 1);
                else
                    given.set(o.name, o.range.lowOpen ? o.range.low : o.range.low - 1);
                const std::string error = errorOf([&] { buildTraining(method.name, given); });
                QVERIFY2(error.rfind(o.name + " needs ", 0) == 0, (method.name + ": " + error).c_str());
                QVERIFY2(error.find("(an option of " + method.name + ")") != std::string::npos, error.c_str());
                ++refused;
            }
        }
        QCOMPARE(refused, 39); // every numeric option of the nine methods
        // An option of another method is refused too.
        MethodOptions threshold;
        threshold.set("threshold", 0.5);
        QCOMPARE(errorOf([&] { movementOptions("hard", threshold); }), std::string("method 'hard' has no option 'threshold'"));
        QVERIFY(errorOf([&] { trainingMethodSpec("snip"); }).find("unknown training method 'snip'") == 0);

        // The defaults, and a given value, reach the run's options.
        const MovementOptions gum = movementOptions("gum", {});
        QCOMPARE(gum.penalty, 2.0);
        QCOMPARE(gum.granularity, std::string("neuron"));
        QCOMPARE(movementOptions("hard", {}).penalty, 1.0);
        QCOMPARE(movementOptions("soft", {}).threshold, 0.5);
        const PatternOptions admm = patternOptions("admm", "2:4", {});
        QCOMPARE(admm.rounds, int64_t(10));
        QCOMPARE(admm.n, int64_t(2));
        QCOMPARE(admm.m, int64_t(4));
        MethodOptions isp;
        isp.set("rounds", int64_t(5));
        isp.set("soup", true);
        isp.set("scope", std::string("tensor"));
        const IspOptions ispBuilt = ispOptions(isp);
        QCOMPARE(ispBuilt.rounds, int64_t(5));
        QVERIFY(ispBuilt.soup);
        QVERIFY(ispBuilt.scope == MaskScope::Tensor);
        QCOMPARE(ispBuilt.denoisers, int64_t(4));
        QCOMPARE(impOptions({}).rate, 0.2);
        QCOMPARE(ispOptions({}).rate, 0.0);
        const AbpOptions abp = abpOptions({}, 7);
        QVERIFY(std::isnan(abp.push)); // 0 declared: the automatic push
        QCOMPARE(abp.seed, uint64_t(7));
        QVERIFY(abp.recovery);
        QCOMPARE(abp.sparsity, 0.7);
    }

    // What a study does after scoring, on every fixture family: head and neuron masks from
    // taylor scores, the masked model's evaluation (for classifiers accuracy, macro F1 and
    // MCC, the accuracy recomputed here from the masked logits), taylor's head mask compared
    // with magnitude's (the IoU of their pruned heads counted here), a sweep, and the
    // redundancy of each layer's neurons.
    void analysesRunOnEveryFamily_data()
    {
        QTest::addColumn<QString>("family");
        for (const auto &family : kFamilies)
            QTest::newRow(family.c_str()) << QString::fromStdString(family);
    }
    void analysesRunOnEveryFamily()
    {
        QFETCH(QString, family);
        auto model = Checkpoint::open(fixture(family.toStdString()))->loadModel();
        const std::vector<ModelInputs> batches = {fixtureInputs(family.toStdString())};
        const ModelStructure &structure = model->structure();
        ScoreOptions score;
        score.granularities = {Granularity::Head, Granularity::Neuron};
        const ScoreMap scores = computeScores(*model, batches, score);
        const ScoreMap heads = buildMask(scores, structure, parseMaskOptions("head", "global", 0.5));
        const ScoreMap neurons = buildMask(scores, structure, parseMaskOptions("neuron", "global", 0.5));
        QCOMPARE(maskSparsity(heads), 0.5);
        QCOMPARE(maskSparsity(neurons), 0.5);

        applyMask(*model, heads);
        const EvalResult result = evaluate(*model, batches);
        QVERIFY(!result.metrics.empty());
        for (const auto &[metric, value] : result.metrics)
            QVERIFY2(std::isfinite(value), metric.c_str());
        if (model->config().head == TaskHead::SequenceClassification) {
            for (const char *metric : {"accuracy", "macro_f1", "mcc"})
                QVERIFY2(result.metrics.count(metric), metric);
            torch::NoGradGuard noGrad;
            const auto predicted = model->forward(batches.front()).logits.argmax(-1);
            QCOMPARE(result.metrics.at("accuracy"),
                     predicted.eq(batches.front().labels).to(torch::kDouble).mean().item<double>());
        }
        model->clearWeightMasks();
        model->resetGates();

        score.method = "magnitude";
        const ScoreMap other = buildMask(computeScores(*model, batches, score), structure,
                                         parseMaskOptions("head", "global", 0.5));
        const MapComparison comparison = compareMaps({"taylor", "magnitude"}, {heads, other}, structure);
        double both = 0, either = 0;
        for (size_t t = 0; t < structure.towers.size(); ++t) {
            const auto x = heads.at(headsName(structure, t)).eq(0), y = other.at(headsName(structure, t)).eq(0);
            both += x.logical_and(y).sum().item<double>();
            either += x.logical_or(y).sum().item<double>();
        }
        QVERIFY(either > 0);
        QCOMPARE(comparison.overall.at("iou")[0][1], both / either);
        QCOMPARE(comparison.overall.at("iou")[0][0], 1.0);

        SweepOptions sweep;
        sweep.methods = {"random", "magnitude"};
        sweep.sparsities = {0.25, 0.5};
        sweep.mask = parseMaskOptions("neuron", "global", 0.5);
        sweep.randomDraws = 2;
        const SweepResult swept = runSweep(*model, batches, batches, sweep);
        QCOMPARE(int(swept.points.size()), 6); // random twice, magnitude once, at two sparsities
        QVERIFY(!swept.dense.empty());

        const RedundancyReport redundancy = analyseRedundancy(*model, batches);
        size_t layers = 0;
        for (const auto &tower : structure.towers)
            layers += tower.layers.size();
        QCOMPARE(redundancy.layers.size(), layers);
        for (const auto &layer : redundancy.layers)
            QVERIFY(layer.uniqueness >= 0 && layer.uniqueness <= 1 + 1e-6);
        qInfo("%s: %s %.3f under taylor's head mask; head masks' IoU %.3f; %d sweep points", qPrintable(family),
              result.primary.c_str(), result.metrics.at(result.primary), both / either, int(swept.points.size()));
    }
};

QTEST_GUILESS_MAIN(TestMethods)
#include "tst_methods.moc"
