// What ships for the demo: the three demo models, each evaluated on the sample of its test
// split that ships beside it and well clear of its baseline; and the demo study, every item
// of which fits the demo BERT and reads back as the views read it.
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

    void studyFitsItsModel()
    {
        const Study study = readStudy(kResources / "demo" / "study");
        QVERIFY(missingReferences(study).empty());
        QCOMPARE(study.settings.device, std::string("auto"));
        const ModelStructure structure = describeStructure(readModelConfig(study.modelPath() / "config.json"));
        int scores = 0, masks = 0, sweeps = 0;
        for (const auto &item : study.items) {
            const std::string file = study.itemPath(item).string();
            if (item.kind == StudyItem::Kind::Scores || item.kind == StudyItem::Kind::Mask) {
                const ScoreMap map = loadScoreMap(file);
                checkScoreMap(map, structure, file);
                if (item.kind == StudyItem::Kind::Mask && item.name.find("50%") != std::string::npos)
                    QCOMPARE(maskSparsity(map), 0.5);
                (item.kind == StudyItem::Kind::Mask ? masks : scores)++;
            } else if (item.kind == StudyItem::Kind::Sweep) {
                QVERIFY2(!readSweep(study.itemPath(item)).points.empty(), file.c_str());
                ++sweeps;
            } else if (item.kind == StudyItem::Kind::Comparison) {
                QCOMPARE(readComparison(study.itemPath(item)).names.size(), size_t(8));
            }
        }
        QCOMPARE(scores, 9); // six single-shot methods, the movement map, movement and GUM
        QCOMPARE(masks, 5);
        QCOMPARE(sweeps, 3);
        // Weight scores are stored as bfloat16 to keep the study small, unit scores as float32.
        const auto magnitude = SafetensorsFile::open(study.itemPath(*study.find("magnitude")));
        QVERIFY(magnitude->metadata().count("stored"));
        QCOMPARE(magnitude->find("heads")->dtype, DType::F32);
        QCOMPARE(magnitude->find(structure.towers[0].layers[0].matrices[0].weight)->dtype, DType::BF16);
    }
};

QTEST_MAIN(TestDemo)
#include "tst_demo.moc"
