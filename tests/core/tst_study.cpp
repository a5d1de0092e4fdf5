// Studies: study.json round trip, refusals naming the file and key, moved references,
// Save As, the study jobs on the bundled model (including a cancel that leaves nothing
// behind), and a causal LM's study on text read in strided windows.
#include "core/analysis/comparison.h"
#include "core/io/atomic_file.h"
#include "core/support/error.h"
#include "core/study/study.h"
#include "core/study/study_jobs.h"
#include "core/analysis/sweep.h"
#include "core/data/datasets.h"
#include "core/models/checkpoint.h"
#include "core/study/study_jobs_internal.h"
#include "core/text/tokenizer.h"
#include "tests/core/fixtures.h"
#include "tests/core/sentence_text.h"

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

using namespace prunescope;
namespace fs = std::filesystem;

namespace {

const fs::path kModel = PRUNESCOPE_TEST_DATA "/tiny-bert";
const fs::path kData = PRUNESCOPE_TEST_DATA "/sentences.tsv";

void writeText(const fs::path &path, const std::string &text)
{
    std::ofstream(path, std::ios::binary) << text;
}

Study demoStudy(const QTemporaryDir &dir)
{
    StudyData data;
    data.path = kData.string();
    Study study = createStudy(fs::path(dir.path().toStdString()) / "study", kModel, data);
    study.settings.device = "cpu";
    study.settings.batchSize = 8;
    writeStudy(study);
    return study;
}

int filesUnder(const fs::path &folder)
{
    int n = 0;
    if (fs::exists(folder))
        for (const auto &entry : fs::recursive_directory_iterator(folder))
            n += entry.is_regular_file();
    return n;
}

} // namespace

class TestStudy : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip()
    {
        QTemporaryDir dir;
        Study study = demoStudy(dir);
        study.settings.precision = "bf16";
        study.settings.maxExamples = 99;
        study.data.maxLength = 48;
        study.data.stride = 16;
        study.items.push_back({StudyItem::Kind::Mask, "taylor head 50%", "masks/taylor-head-50.safetensors", {{"scope", "global"}}});
        study.items.push_back({StudyItem::Kind::Sweep, "sweep head", "sweeps/sweep-head", {}});
        writeStudy(study);
        const Study read = readStudy(study.folder);
        QCOMPARE(read.model, study.model);
        QCOMPARE(read.modelPath(), fs::path(kModel).lexically_normal());
        QCOMPARE(read.data.path, study.data.path);
        QCOMPARE(read.settings.precision, std::string("bf16"));
        QCOMPARE(read.settings.maxExamples, int64_t(99));
        QCOMPARE(read.data.maxLength, int64_t(48));
        QCOMPARE(read.data.stride, int64_t(16));
        QCOMPARE(read.items.size(), size_t(2));
        QVERIFY(read.items[0].kind == StudyItem::Kind::Mask);
        QCOMPARE(read.items[0].options.at("scope"), std::string("global"));
        QCOMPARE(read.uniqueName("taylor head 50%"), std::string("taylor head 50% (2)"));
    }

    void storedPaths_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("stored");
        QTest::newRow("inside") << QStringLiteral("/s/study") << QStringLiteral("/s/study/data.tsv") << QStringLiteral("data.tsv");
        QTest::newRow("beside") << QStringLiteral("/s/study") << QStringLiteral("/s/models/bert") << QStringLiteral("../models/bert");
        QTest::newRow("far") << QStringLiteral("/a/b/c/study") << QStringLiteral("/x/bert") << QStringLiteral("/x/bert");
    }
    void storedPaths()
    {
        QFETCH(QString, folder);
        QFETCH(QString, path);
        QFETCH(QString, stored);
        QCOMPARE(QString::fromStdString(storedPath(folder.toStdString(), path.toStdString())), stored);
    }

    void refusesBadStudyFiles_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QStringLiteral("{") << QStringLiteral("not valid JSON");
        QTest::newRow("other format") << QStringLiteral("{\"format\": \"x\", \"model\": \"m\"}") << QStringLiteral("not a PruneScope study");
        QTest::newRow("newer") << QStringLiteral("{\"format\": \"prunescope-study\", \"version\": 9, \"model\": \"m\"}")
                               << QStringLiteral("written by a newer PruneScope");
        QTest::newRow("no model") << QStringLiteral("{\"format\": \"prunescope-study\"}") << QStringLiteral("missing 'model'");
        QTest::newRow("model type") << QStringLiteral("{\"format\": \"prunescope-study\", \"model\": 3}")
                                    << QStringLiteral("'model' has the wrong type");
        // Found by the fuzz target: escaped as nlohmann's out_of_range.
        QTest::newRow("number out of range")
            << QStringLiteral("{\"format\": \"prunescope-study\", \"version\": 1e400, \"model\": \"m\"}")
            << QStringLiteral("not valid JSON");
        // Found by the fuzz target: converted to an integer with undefined behaviour.
        QTest::newRow("fractional version")
            << QStringLiteral("{\"format\": \"prunescope-study\", \"version\": 1e300, \"model\": \"m\"}")
            << QStringLiteral("'version' must be a whole number");
        QTest::newRow("negative seed")
            << QStringLiteral("{\"format\": \"prunescope-study\", \"model\": \"m\", \"settings\": {\"seed\": -1}}")
            << QStringLiteral("'seed' must be a whole number from 0 to 18446744073709551615, got -1");
        QTest::newRow("negative stride")
            << QStringLiteral("{\"format\": \"prunescope-study\", \"model\": \"m\", \"data\": {\"stride\": -8}}")
            << QStringLiteral("'data': 'stride' must be 0 (blocks) or a number of tokens, got -8");
        QTest::newRow("unknown kind")
            << QStringLiteral("{\"format\": \"prunescope-study\", \"model\": \"m\", \"items\": [{\"kind\": \"x\", \"name\": \"a\", \"file\": \"a\"}]}")
            << QStringLiteral("items[0]: unknown kind 'x'");
        QTest::newRow("file outside")
            << QStringLiteral("{\"format\": \"prunescope-study\", \"model\": \"m\", \"items\": [{\"kind\": \"mask\", \"name\": \"a\", \"file\": \"../a\"}]}")
            << QStringLiteral("must lie inside the study folder");
    }
    void refusesBadStudyFiles()
    {
        QFETCH(QString, json);
        QFETCH(QString, message);
        QTemporaryDir dir;
        writeText(fs::path(dir.path().toStdString()) / kStudyFileName, json.toStdString());
        try {
            readStudy(dir.path().toStdString());
            QFAIL("no error");
        } catch (const Error &e) {
            const QString text = QString::fromUtf8(e.what());
            QVERIFY2(text.contains(message) && text.contains(QStringLiteral("study.json")), e.what());
        }
    }

    void newStudyRefusesExistingOne()
    {
        QTemporaryDir dir;
        const Study study = demoStudy(dir);
        QVERIFY_THROWS_EXCEPTION(Error, createStudy(study.folder, kModel));
    }

    // A checkpoint that moved is named, with where study.json refers to it.
    void namesMovedReferences()
    {
        QTemporaryDir dir;
        Study study = demoStudy(dir);
        QVERIFY(missingReferences(study).empty());
        study.model = "../gone/model";
        study.items.push_back({StudyItem::Kind::Scores, "taylor", "scores/taylor.safetensors", {}});
        const auto missing = missingReferences(study);
        QCOMPARE(missing.size(), size_t(2));
        QVERIFY2(missing[0].find("gone/model ('model' in ") != std::string::npos, missing[0].c_str());
        QVERIFY2(missing[1].find("item 'taylor'") != std::string::npos, missing[1].c_str());
    }

    void jobsScoreMaskAndSaveAs()
    {
        QTemporaryDir dir;
        Study study = demoStudy(dir);
        int reports = 0;
        const StudyItem scores = scoreStudy(study, "taylor", [&](int64_t, int64_t, const std::string &) { return ++reports > 0; });
        QVERIFY(reports >= 5); // 36 examples in batches of 8
        QCOMPARE(scores.file, std::string("scores/taylor.safetensors"));
        study.items.push_back(scores);
        const GridSet grids = readGrids(study.itemPath(scores));
        QVERIFY(grids.find("heads") && grids.find("neurons"));
        QCOMPARE(grids.find("heads")->rows, int64_t(2));
        QCOMPARE(grids.find("heads")->cols, int64_t(4));

        const StudyItem mask = maskStudy(study, scores, "head", "global", 0.5);
        QCOMPARE(mask.name, std::string("taylor head 50%"));
        study.items.push_back(mask);
        const GridSet maskGrids = readGrids(study.itemPath(mask));
        const auto &heads = maskGrids.find("heads")->values;
        QCOMPARE(std::count(heads.begin(), heads.end(), 0.0f), 4L);
        // The pruned heads are the four lowest-scored.
        const auto &scoreValues = grids.find("heads")->values;
        for (size_t i = 0; i < heads.size(); ++i)
            for (size_t j = 0; j < heads.size(); ++j)
                if (heads[i] == 0 && heads[j] != 0)
                    QVERIFY(scoreValues[i] <= scoreValues[j]);

        // Compared: a mask pruning the two lowest heads shares them with the four of the 50% mask.
        const StudyItem quarter = maskStudy(study, scores, "head", "global", 0.25);
        study.items.push_back(quarter);
        const StudyItem compared = compareStudy(study, {mask.name, quarter.name, scores.name});
        QCOMPARE(compared.kind, StudyItem::Kind::Comparison);
        QCOMPARE(compared.name, std::string("taylor head 50% vs taylor head 25% vs taylor"));
        QCOMPARE(compared.file, std::string("comparisons/taylor-head-50-vs-taylor-head-25-vs-taylor.json"));
        const MapComparison comparison = readComparison(study.itemPath(compared));
        QCOMPARE(comparison.isMask, (std::vector<bool>{true, true, false}));
        QCOMPARE(comparison.overall.at("iou")[0][1], 0.5);
        QCOMPARE(comparison.overall.at("hamming")[0][1], 0.25);
        QVERIFY(std::isnan(comparison.overall.at("iou")[0][2]));
        QVERIFY_THROWS_EXCEPTION(Error, compareStudy(study, {mask.name, "no such item"}));
        study.items.push_back(compared);

        const StudyEvaluation dense = evaluateStudy(study, nullptr);
        const StudyEvaluation masked = evaluateStudy(study, &maskGrids);
        QCOMPARE(dense.examples, int64_t(36));
        QCOMPARE(masked.sparsity, 0.5);
        QVERIFY(dense.metrics.at("loss") != masked.metrics.at("loss"));
        writeStudy(study);

        const fs::path other = fs::path(dir.path().toStdString()) / "moved" / "copy";
        const Study copy = copyStudy(study, other);
        QCOMPARE(copy.items.size(), size_t(4));
        QCOMPARE(readComparison(copy.itemPath(copy.items[3])).names, comparison.names);
        QVERIFY(fs::exists(copy.itemPath(copy.items[1])));
        QCOMPARE(readStudy(other).modelPath(), fs::path(kModel).lexically_normal());
        QVERIFY_THROWS_EXCEPTION(Error, copyStudy(study, other)); // holds a study now
    }

    // A study that scores in bf16 holds a checkpoint stored in bf16 in bf16, as the command
    // does, and its score file says so; the float32 checkpoint stays float32.
    void bf16CheckpointIsScoredAsStored()
    {
        QTemporaryDir dir;
        const fs::path model =
            testing::copyCheckpointAs(kModel, fs::path(dir.path().toStdString()) / "tiny-bert-bf16", torch::kBFloat16);
        for (const auto &[folder, held] : {std::pair{model, "bf16"}, std::pair{kModel, "fp32"}}) {
            StudyData data;
            data.path = kData.string();
            Study study = createStudy(fs::path(dir.path().toStdString()) / ("study-" + std::string(held)), folder, data);
            study.settings.device = "cpu";
            study.settings.precision = "bf16";
            const StudyItem scores = scoreStudy(study, "taylor", [](int64_t, int64_t, const std::string &) { return true; });
            QCOMPARE(SafetensorsFile::open(study.itemPath(scores))->metadata().at("weights_dtype"), std::string(held));
        }
    }

    // Cancelled half-way: the job throws Cancelled and writes nothing into the study.
    void cancelledJobLeavesNothing()
    {
        QTemporaryDir dir;
        const Study study = demoStudy(dir);
        int calls = 0;
        const Progress cancelSecond = [&](int64_t, int64_t, const std::string &) { return ++calls < 2; };
        QVERIFY_THROWS_EXCEPTION(Cancelled, scoreStudy(study, "taylor", cancelSecond));
        calls = 0;
        QVERIFY_THROWS_EXCEPTION(Cancelled, sweepStudy(study, {"taylor"}, {0.25, 0.5}, "head", "global", cancelSecond));
        QCOMPARE(filesUnder(study.folder), 1); // study.json alone
    }

    // A noise scan in the study: an item of its own kind that a reopened study knows, scored
    // and evaluated on the two halves of the study's sample; a cancelled scan writes nothing.
    void noiseScanIsAStudyItem()
    {
        QTemporaryDir dir;
        const Study study = demoStudy(dir);
        SigmaScanOptions options;
        options.sigmas = {1e-3, 0.5};
        options.relative = true;
        options.sparsities = {0.5};
        options.smoothCut.set("samples", int64_t(2));
        int calls = 0;
        const Progress cancelThird = [&](int64_t, int64_t, const std::string &) { return ++calls < 3; };
        QVERIFY_THROWS_EXCEPTION(Cancelled, noiseScanStudy(study, options, kSweepHeldOut, cancelThird));
        QCOMPARE(filesUnder(study.folder), 1); // study.json alone

        Study withScan = study;
        withScan.items.push_back(noiseScanStudy(study, options));
        writeStudy(withScan);
        const Study read = readStudy(study.folder);
        QCOMPARE(read.items.size(), size_t(1));
        QVERIFY(read.items.front().kind == StudyItem::Kind::NoiseScan);
        const SigmaScanResult scan = readSigmaScan(read.itemPath(read.items.front()));
        QCOMPARE(scan.spearman.size(), size_t(2));
        QVERIFY(scan.relative);
        qInfo("Spearman with Taylor: %.6f at sigma 1e-3, %.6f at 0.5 (relative)", scan.spearman[0], scan.spearman[1]);
        QVERIFY(scan.spearman[0] > scan.spearman[1]);
        QCOMPARE(scan.settings.at("held_out"), std::string("0.5"));
        QCOMPARE(scan.settings.at("smooth-cut options").find("samples=2"), size_t(0));
    }

    void attributionKeepsTokensAndLayers()
    {
        QTemporaryDir dir;
        const Study study = demoStudy(dir);
        const StudyItem item = attributeStudy(study, "gradcam");
        const GridSet maps = readGrids(study.itemPath(item));
        QVERIFY(maps.find("map.0") && maps.find("map.1") && !maps.find("map.2"));
        const auto tokens = attributionTokens(maps);
        QCOMPARE(tokens.size(), size_t(8));
        QCOMPARE(tokens[0].front(), std::string("[CLS]"));
        QCOMPARE(tokens[0].back(), std::string("[SEP]"));
        QVERIFY(int64_t(tokens[0].size()) <= maps.find("map.1")->cols);
        QVERIFY_THROWS_EXCEPTION(Error, attributeStudy(study, "saliency"));
    }

    // A study of the GPT-2 fixture on plain text read in windows every 8 tokens: its check,
    // evaluation and sweep name the windows, and every token after the first is predicted
    // once (counted here from the text's own tokens); a stride on the classifier's study is
    // refused naming --stride.
    void stridedTextStudy()
    {
        QTemporaryDir dir;
        const fs::path root(dir.path().toStdString()), model = root / "gpt2";
        fs::create_directories(model);
        for (const char *file : {"config.json", "model.safetensors"})
            fs::copy_file(fs::path(PRUNESCOPE_TEST_DATA) / "hf/gpt2" / file, model / file);
        const std::string text = testing::sentencesText();
        testing::writeVocabulary(model, text);
        writeText(root / "sentences.txt", text);
        StudyData data;
        data.path = (root / "sentences.txt").string();
        data.maxLength = 32;
        data.stride = 8;
        Study study = createStudy(root / "study", model, data);
        study.settings.device = "cpu";
        study.settings.batchSize = 4;
        study.settings.maxExamples = 0; // every window
        writeStudy(study);
        study = readStudy(study.folder);
        QCOMPARE(study.data.stride, int64_t(8));

        EncodeOptions plain;
        plain.addSpecialTokens = false;
        const auto count = int64_t(Tokenizer::load(model)->encode(text, plain).ids.size());
        const std::string windows = " windows of up to 32 tokens every 8 tokens";
        const StudyDataCheck check = checkStudyData(study);
        QVERIFY2(check.description.find(windows) != std::string::npos, check.description.c_str());
        const StudyEvaluation evaluation = evaluateStudy(study, nullptr);
        qInfo("%lld tokens: %s; perplexity %.4f on %.0f tokens", (long long)count, evaluation.data.c_str(),
              evaluation.metrics.at("perplexity"), evaluation.metrics.at("tokens"));
        QCOMPARE(evaluation.primary, std::string("perplexity"));
        QCOMPARE(evaluation.metrics.at("tokens"), double(count - 1));
        QCOMPARE(evaluation.examples, check.rows);
        QCOMPARE(evaluation.data, check.description);

        // The sweep evaluates on half of the windows; with the other half's tokens, each token
        // after the first once. Smooth-Cut's options reach the method and are recorded.
        MethodOptions smooth;
        smooth.set("samples", int64_t(2));
        smooth.set("sigma", 0.01);
        const SweepResult sweep = readSweep(study.itemPath(sweepStudy(study, {"smooth-cut"}, {0.5}, "head", "global", {},
                                                                      {{"smooth-cut", smooth}})));
        QCOMPARE(sweep.settings.at("data"), check.description);
        const std::string options = sweep.settings.at("options of smooth-cut");
        QVERIFY2(options.find("samples=2") != std::string::npos && options.find("sigma=0.01") != std::string::npos,
                 options.c_str());
        const int64_t scored = std::stoll(sweep.settings.at("score_examples")), held = std::stoll(sweep.settings.at("eval_examples"));
        QCOMPARE(held, check.rows / 2);
        QCOMPARE(scored + held, check.rows);
        auto gpt2 = Checkpoint::open(study.modelPath())->loadModel(LoadOptions());
        const Dataset dataset = readDataset(study.dataPath(), gpt2->config(), dataOptions(study), study.modelPath());
        const SweepData split = splitForSweep(dataset.inputs, dataset.description, kSweepHeldOut, study.settings.batchSize,
                                              study.settings.maxExamples, study.settings.seed);
        const EvalResult scoredHalf = evaluate(*gpt2, split.scoring);
        qInfo("the sweep evaluates on %.0f tokens, the scored half holds %.0f", sweep.dense.at("tokens"),
              scoredHalf.metrics.at("tokens"));
        QCOMPARE(sweep.dense.at("tokens") + scoredHalf.metrics.at("tokens"), double(count - 1));
        for (const auto &point : sweep.points)
            QCOMPARE(point.metrics.at("tokens"), sweep.dense.at("tokens"));

        QTemporaryDir other;
        Study classifier = demoStudy(other);
        classifier.data.stride = 8;
        try {
            checkStudyData(classifier);
            QFAIL("no error");
        } catch (const Error &e) {
            const std::string message = e.what();
            QVERIFY2(message.find("--stride 8: strided windows are for a causal language model") != std::string::npos,
                     e.what());
        }
    }

    // A model's training log as the Training view reads it: every step, its evaluations and
    // the recipe; none for a folder without one; a broken log named with the entry at fault.
    void trainingLogIsRead()
    {
        QTemporaryDir dir;
        const fs::path folder = dir.path().toStdString();
        QVERIFY(readTrainingLog(folder.string()).steps.empty());
        writeFileAtomically(folder / "prunescope-training.json", R"({"task": "classification", "steps": 2, "primary": "accuracy",
            "best": 0.5, "best_step": 2, "stopped_early": false, "recipe": {"epochs": 1, "optimizer": "AdamW"},
            "log": [{"step": 1, "epoch": 0.5, "loss": null, "learning_rate": 0.001},
                    {"step": 2, "epoch": 1.0, "loss": 0.7, "learning_rate": 0.0, "eval": {"accuracy": 0.5},
                     "values": {"keep_target": 0.25}}]})");
        const StudyTrainingLog log = readTrainingLog(folder.string());
        QCOMPARE(log.steps.size(), size_t(2));
        QVERIFY(std::isnan(log.steps[0].loss)); // a diverged step is written as null
        QCOMPARE(log.steps[1].eval.at("accuracy"), 0.5);
        QCOMPARE(log.steps[1].values.at("keep_target"), 0.25);
        QCOMPARE(log.steps[1].total, int64_t(2));
        QCOMPARE(log.result.best, 0.5);
        QCOMPARE(log.recipe, (std::vector<std::pair<std::string, std::string>>{{"epochs", "1"}, {"optimizer", "AdamW"}}));
        writeFileAtomically(folder / "prunescope-training.json", R"({"steps": 1, "log": [{"step": 1, "epoch": 1.0}]})");
        try {
            readTrainingLog(folder.string());
            QFAIL("no error");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("prunescope-training.json: log entry 0:") != std::string::npos, e.what());
        }
    }

    void sweepFilesRoundTrip()
    {
        QTemporaryDir dir;
        const Study study = demoStudy(dir);
        const StudyItem item = sweepStudy(study, {"taylor"}, {0.25, 0.5}, "head", "global");
        const SweepResult sweep = readSweep(study.itemPath(item));
        QCOMPARE(sweep.metric, std::string("accuracy"));
        QCOMPARE(sweep.points.size(), size_t(12)); // random drawn five times and taylor, at two sparsities
        QCOMPARE(sweep.settings.at("granularity"), std::string("head"));
        QCOMPARE(sweep.settings.at("random_draws"), std::string("5"));
        // Half of the study's sample set apart and evaluated on, the rest scored on.
        const StudyDataCheck check = checkStudyData(study);
        QVERIFY2(sweep.settings.at("eval_data").rfind("held out from " + sweep.settings.at("data"), 0) == 0,
                 sweep.settings.at("eval_data").c_str());
        QCOMPARE(sweep.settings.at("held_out"), std::string("0.5"));
        QCOMPARE(std::stoll(sweep.settings.at("eval_examples")), (long long)(check.rows / 2));
        QCOMPARE(std::stoll(sweep.settings.at("score_examples")) + std::stoll(sweep.settings.at("eval_examples")),
                 (long long)check.rows);
        QCOMPARE(sweep.methods(), (std::vector<std::string>{"random", "taylor"}));
        // The draws are seeded apart: the random masks differ, and the curve pools them.
        const auto curves = sweepCurves(sweep, sweep.metric);
        QCOMPARE(curves.size(), size_t(2));
        QCOMPARE(curves[0].draws(), int64_t(5));
        QCOMPARE(curves[1].draws(), int64_t(1));
        std::set<int64_t> draws;
        double sum = 0;
        for (const auto &p : sweep.points)
            if (p.method == "random" && p.sparsity == 0.5) {
                draws.insert(p.draw);
                sum += p.metrics.at(sweep.metric);
                QVERIFY(p.metrics.at(sweep.metric) >= curves[0].points[1].low && p.metrics.at(sweep.metric) <= curves[0].points[1].high);
            }
        QCOMPARE(draws, (std::set<int64_t>{0, 1, 2, 3, 4}));
        QCOMPARE(curves[0].points[1].mean, sum / 5);
        for (const auto &p : sweep.points)
            if (p.method == "taylor")
                QCOMPARE(p.draw, int64_t(-1));
        // draw survives the files: the CSV has its column, the JSON its key.
        const std::string csv = readTextFile(study.itemPath(item) / "sweep.csv");
        QVERIFY2(csv.rfind("method,draw,sparsity,achieved_sparsity,", 0) == 0, csv.c_str());
        QVERIFY2(csv.find("\nrandom,4,0.5,") != std::string::npos, csv.c_str());
        QVERIFY(fs::exists(study.itemPath(item) / "sweep.svg"));
        QVERIFY_THROWS_EXCEPTION(Error, parseSweepJson("{\"metric\": \"accuracy\"}", "x/sweep.json"));
        // A point without one of the dense model's metrics: refused, not a map::at in sweepCsv.
        QVERIFY_THROWS_EXCEPTION(Error, parseSweepJson(R"({"metric": "accuracy", "task": "classification",
            "dense": {"accuracy": 0.8, "loss": 0.5},
            "points": [{"method": "taylor", "sparsity": 0.5, "achieved_sparsity": 0.5, "metrics": {"accuracy": 0.7}}]})",
                                                       "x/sweep.json"));
    }
};

QTEST_GUILESS_MAIN(TestStudy)
#include "tst_study.moc"
