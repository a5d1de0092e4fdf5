// What ships for the demo: the four demo models, each evaluated on the sample of its test
// split that ships beside it and well clear of its baseline; and the two demo studies, every
// item of which fits its model (the demo BERT, the demo ViT) and reads back as the views
// read it.
#include "core/io/atomic_file.h"
#include "core/models/checkpoint.h"
#include "core/analysis/comparison.h"
#include "core/data/datasets.h"
#include "core/scoring/evaluation.h"
#include "core/pruning/masks.h"
#include "core/models/model_config.h"
#include "core/io/safetensors.h"
#include "core/scoring/score_map.h"
#include "core/study/study.h"
#include "core/analysis/sweep_result.h"

#include <torch/torch.h>

#include <QtTest>

#include <filesystem>

using namespace prunescope;
namespace fs = std::filesystem;

namespace {

const fs::path kResources = PRUNESCOPE_RESOURCE_DIR;

} // namespace

class TestDemo : public QObject
{
    Q_OBJECT

private slots:
    // Baselines (docs/demo-models.md): the majority class of the WordNet test split 0.120,
    // a unigram model's perplexity 1387 on the test glosses, chance 0.1 on Fashion-MNIST.
    void modelsBeatTheirBaselines_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("data");
        QTest::addColumn<int>("maxLength");
        QTest::addColumn<QString>("metric");
        QTest::addColumn<double>("bound");
        QTest::newRow("bert") << "demo-bert" << "wordnet-sample.tsv" << 64 << "accuracy" << 0.6;
        QTest::newRow("gpt2") << "demo-gpt2" << "glosses-sample.txt" << 64 << "perplexity" << 150.0;
        QTest::newRow("clip") << "demo-clip" << "fashion-mnist/sample-images-idx3-ubyte.gz" << 32 << "accuracy" << 0.8;
        QTest::newRow("vit") << "demo-vit" << "fashion-mnist/sample-images-idx3-ubyte.gz" << 32 << "accuracy" << 0.8;
    }
    void modelsBeatTheirBaselines()
    {
        QFETCH(QString, model);
        QFETCH(QString, data);
        QFETCH(int, maxLength);
        QFETCH(QString, metric);
        QFETCH(double, bound);
        const fs::path folder = kResources / "models" / model.toStdString();
        const auto network = Checkpoint::open(folder)->loadModel();
        DataOptions options;
        options.maxLength = maxLength;
        const Dataset dataset = readDataset(kResources / "demo" / data.toStdString(), network->config(), options, folder);
        // A seeded sample of 256 keeps the test short on a CPU.
        const EvalResult result = evaluate(*network, makeBatches(dataset.inputs, 64, 256, 0));
        const double value = result.metrics.at(metric.toStdString());
        qInfo("%s on %lld examples: %s %.4f (bound %.3g)", qPrintable(model), static_cast<long long>(result.examples),
              qPrintable(metric), value, bound);
        QVERIFY(metric == QStringLiteral("perplexity") ? value < bound : value > bound);
    }

    void studyFitsItsModel_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<int>("scoreItems");
        QTest::addColumn<int>("maskItems");
        QTest::addColumn<int>("sweepItems");
        QTest::addColumn<int>("compared");
        QTest::addColumn<int>("attributions");
        // Six single-shot methods, the movement map, movement and GUM; three sweeps.
        QTest::newRow("study") << "study" << 9 << 5 << 3 << 8 << 1;
        // Six single-shot methods; two head masks and a neuron mask; head and neuron sweeps;
        // Grad-CAM and SmoothGrad over the image patches.
        QTest::newRow("vit-study") << "vit-study" << 6 << 3 << 2 << 5 << 2;
    }
    void studyFitsItsModel()
    {
        QFETCH(QString, folder);
        QFETCH(int, scoreItems);
        QFETCH(int, maskItems);
        QFETCH(int, sweepItems);
        QFETCH(int, compared);
        QFETCH(int, attributions);
        const Study study = readStudy(kResources / "demo" / folder.toStdString());
        QVERIFY(missingReferences(study).empty());
        QCOMPARE(study.settings.device, std::string("auto"));
        const ModelConfig config = readModelConfig(study.modelPath() / "config.json");
        const ModelStructure structure = describeStructure(config);
        int scores = 0, masks = 0, sweeps = 0, maps = 0;
        for (const auto &item : study.items) {
            const std::string file = study.itemPath(item).string();
            if (item.kind == StudyItem::Kind::Scores || item.kind == StudyItem::Kind::Mask) {
                const ScoreMap map = loadScoreMap(file);
                checkScoreMap(map, structure, file);
                if (item.kind == StudyItem::Kind::Mask && item.name.find("50%") != std::string::npos)
                    QCOMPARE(maskSparsity(map), 0.5);
                (item.kind == StudyItem::Kind::Mask ? masks : scores)++;
            } else if (item.kind == StudyItem::Kind::Sweep) {
                // Evaluated on examples the methods did not score on.
                const SweepResult sweep = readSweep(study.itemPath(item));
                QVERIFY2(!sweep.points.empty(), file.c_str());
                QVERIFY2(sweep.settings.count("eval_data") && sweep.settings.at("eval_data").rfind("held out from ", 0) == 0,
                         file.c_str());
                // The table beside it is the one PruneScope writes for it now (random's spread included).
                QCOMPARE(readTextFile(study.itemPath(item) / "sweep.csv"), sweepCsv(sweep));
                ++sweeps;
            } else if (item.kind == StudyItem::Kind::Comparison) {
                QCOMPARE(int(readComparison(study.itemPath(item)).names.size()), compared);
            } else if (item.kind == StudyItem::Kind::Attribution) {
                // Image towers' maps lie on the patch grid, with the images to draw them over.
                const auto attribution = SafetensorsFile::open(file);
                if (config.hasImages()) {
                    const int64_t side = config.imageSize / config.patchSize;
                    for (const auto &name : attribution->names())
                        if (name.rfind("map", 0) == 0)
                            QCOMPARE(attribution->tensor(name).sizes().slice(1).vec(), (std::vector<int64_t>{side, side}));
                    QVERIFY2(attribution->contains("pixels"), file.c_str());
                }
                ++maps;
            }
        }
        QCOMPARE(scores, scoreItems);
        QCOMPARE(masks, maskItems);
        QCOMPARE(sweeps, sweepItems);
        QCOMPARE(maps, attributions);
        // Weight scores are stored as bfloat16 to keep the study small, unit scores as float32.
        const auto magnitude = SafetensorsFile::open(study.itemPath(*study.find("magnitude")));
        QVERIFY(magnitude->metadata().count("stored"));
        QCOMPARE(magnitude->find("heads")->dtype, DType::F32);
        QCOMPARE(magnitude->find(structure.towers[0].layers[0].matrices[0].weight)->dtype, DType::BF16);
    }
};

QTEST_MAIN(TestDemo)
#include "tst_demo.moc"
