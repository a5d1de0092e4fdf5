// The application's machinery, offscreen: the job runner (progress, cancel, errors), the
// jobs panel, the study document (save, open, save as, recent, autosave, moved model),
// and the main window on the demo study (its jobs, mask editing, evaluation, screenshots).
#include "widgets/attribution_view.h"
#include "widgets/comparison_view.h"
#include "widgets/curves_view.h"
#include "widgets/export_preview_plot.h"
#include "widgets/guided_tour.h"
#include "widgets/job_runner.h"
#include "widgets/jobs_panel.h"
#include "widgets/main_window.h"
#include "widgets/map_view.h"
#include "widgets/mask_editor.h"
#include "widgets/mask_profile_view.h"
#include "widgets/method_options_form.h"
#include "widgets/model_panel.h"
#include "widgets/neuron_map_view.h"
#include "widgets/study_dialogs.h"
#include "widgets/study_document.h"
#include "widgets/study_report.h"
#include "widgets/training_view.h"

#include "core/models/checkpoint_summary.h"
#include "core/support/error.h"
#include "core/study/study_jobs.h"

#include <QAction>
#include <QCheckBox>
#include <QApplication>
#include <QComboBox>
#include <QSignalSpy>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <thread>

using namespace prunescope;

namespace {

// A study of the tiny BERT on its 36 sentences, on the CPU in batches of 8.
void createTinyStudy(MainWindow &window, const QTemporaryDir &dir)
{
    StudySettings settings;
    settings.device = "cpu";
    settings.batchSize = 8;
    StudyData data;
    data.path = std::string(PRUNESCOPE_TEST_DATA "/sentences.tsv");
    window.document()->create(dir.filePath(QStringLiteral("s")), QStringLiteral(PRUNESCOPE_TEST_DATA "/tiny-bert"), data, settings);
}

} // namespace

class TestApplication : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void jobReportsProgressAndResult()
    {
        JobRunner runner;
        JobsPanel panel(&runner);
        int result = 0;
        Job *job = runner.start(QStringLiteral("count"), [](const Progress &progress) {
            for (int i = 1; i <= 4; ++i)
                progress(i, 4, "step " + std::to_string(i));
        }, [&] { result = 42; });
        QSignalSpy ended(&runner, &JobRunner::jobEnded);
        QVERIFY(ended.wait(10000));
        QCOMPARE(job->state(), Job::State::Finished);
        QCOMPARE(result, 42);
        QCOMPARE(job->done(), 4);
        QCOMPARE(job->message(), QStringLiteral("step 4"));
        QCOMPARE(panel.itemFor(job)->text(3), QStringLiteral("Done"));
    }

    // Cancel while the work runs: the job ends cancelled and its result is never handed over.
    void cancelStopsTheWork()
    {
        JobRunner runner;
        std::atomic<bool> started{false};
        bool handedOver = false;
        Job *job = runner.start(QStringLiteral("long"), [&](const Progress &progress) {
            started = true;
            for (int i = 0; i < 100000; ++i) {
                if (!progress(i, 100000, "working"))
                    throw Cancelled();
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        }, [&] { handedOver = true; });
        QTRY_VERIFY(started);
        job->cancel();
        QSignalSpy ended(job, &Job::finished);
        QVERIFY(ended.wait(10000));
        QCOMPARE(job->state(), Job::State::Cancelled);
        QVERIFY(!handedOver);
    }

    void failuresCarryTheirMessage_data()
    {
        QTest::addColumn<QString>("thrown");
        QTest::addColumn<QString>("shown");
        QTest::newRow("error") << QStringLiteral("model.safetensors: tensor 'x' missing")
                               << QStringLiteral("model.safetensors: tensor 'x' missing");
        QTest::newRow("gpu memory") << QStringLiteral("CUDA out of memory. Tried to allocate 2.00 GiB")
                                    << QStringLiteral("smaller batch size");
    }
    void failuresCarryTheirMessage()
    {
        QFETCH(QString, thrown);
        QFETCH(QString, shown);
        JobRunner runner;
        JobsPanel panel(&runner);
        Job *job = runner.start(QStringLiteral("fails"), [thrown](const Progress &) { throw Error(thrown.toStdString()); });
        QSignalSpy ended(job, &Job::finished);
        QVERIFY(ended.wait(10000));
        QCOMPARE(job->state(), Job::State::Failed);
        QVERIFY2(job->errorText().contains(shown), qPrintable(job->errorText()));
        QVERIFY(panel.itemFor(job)->text(3).startsWith(QStringLiteral("Failed: ")));
    }

    // A brief job (opening an item) is listed only when it runs a second or ends badly: the
    // panel filled with "Loading ..." rows for every item opened.
    void briefJobsAreListedOnlyWhenSlow()
    {
        JobRunner runner;
        JobsPanel panel(&runner);
        const auto brief = [&](int ms, bool fail) {
            return runner.start(QStringLiteral("brief"), [ms, fail](const Progress &) {
                std::this_thread::sleep_for(std::chrono::milliseconds(ms));
                if (fail)
                    throw Error("unreadable");
            }, {}, JobRunner::Listing::WhenSlow);
        };
        Job *quick = brief(0, false);
        QSignalSpy quickEnded(quick, &Job::finished);
        QVERIFY(quickEnded.wait(10000));
        QTest::qWait(1200); // past the second
        QVERIFY(!panel.itemFor(quick));
        Job *slow = brief(2000, false);
        QTRY_VERIFY_WITH_TIMEOUT(panel.itemFor(slow), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(panel.itemFor(slow)->text(3), QStringLiteral("Done"), 10000);
        Job *failing = brief(0, true);
        QSignalSpy failed(failing, &Job::finished);
        QVERIFY(failed.wait(10000));
        QVERIFY(panel.itemFor(failing) && panel.itemFor(failing)->text(3).startsWith(QStringLiteral("Failed: ")));
    }

    void documentSavesOpensAndRemembers()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("s"));
        StudyDocument document;
        StudyData data;
        data.path = std::string(PRUNESCOPE_TEST_DATA "/sentences.tsv");
        document.create(folder, QStringLiteral(PRUNESCOPE_TEST_DATA "/tiny-bert"), data, StudySettings());
        QVERIFY(!document.isModified());
        StudySettings settings;
        settings.batchSize = 3;
        document.setSettings(settings);
        QVERIFY(document.isModified());
        // Autosave writes the change without being asked.
        document.setAutosaveInterval(10);
        QTRY_VERIFY(!document.isModified());
        StudyDocument reopened;
        reopened.open(folder);
        QCOMPARE(reopened.study().settings.batchSize, int64_t(3));
        QCOMPARE(StudyDocument::recentStudies().first(), QDir(folder).absolutePath());
        const QString copy = dir.filePath(QStringLiteral("copy"));
        reopened.saveAs(copy);
        QCOMPARE(reopened.folder(), copy);
        QVERIFY(QFile::exists(copy + QStringLiteral("/study.json")));
        QVERIFY_THROWS_EXCEPTION(Error, document.create(folder, QStringLiteral(PRUNESCOPE_TEST_DATA "/tiny-bert"), data, StudySettings()));
        QVERIFY_THROWS_EXCEPTION(Error, document.open(dir.filePath(QStringLiteral("nothing"))));
        QCOMPARE(document.folder(), folder); // unchanged by the failures
    }

    void movedCheckpointIsNamed()
    {
        QTemporaryDir dir;
        Study study = createStudy(dir.filePath(QStringLiteral("s")).toStdString(), "/nowhere/model");
        writeStudy(study);
        MainWindow window;
        QVERIFY(window.openStudy(dir.filePath(QStringLiteral("s"))));
        const QStringList missing = window.document()->missingReferences();
        QCOMPARE(missing.size(), 1);
        QVERIFY2(missing.first().contains(QStringLiteral("/nowhere/model ('model' in ")), qPrintable(missing.first()));
    }

    // Open Data reads the dataset as a job and takes it only when it reads; a CLIP study
    // offers both towers and attributes the image patches.
    void dataAndTowerAreChosen()
    {
        QTemporaryDir dir;
        MainWindow window;
        StudySettings settings;
        settings.device = "cpu";
        window.document()->create(dir.filePath(QStringLiteral("text")), QStringLiteral(PRUNESCOPE_TEST_DATA "/tiny-bert"), StudyData(), settings);
        QSignalSpy opened(&window, &MainWindow::dataOpened);
        QSignalSpy ended(window.jobs(), &JobRunner::jobEnded);
        StudyData bad;
        bad.path = std::string(PRUNESCOPE_TEST_DATA "/sentences.tsv");
        bad.labelColumn = "topic_of_the_sentence";
        window.openData(bad);
        QVERIFY(ended.wait(30000));
        const Job *failed = ended.takeFirst().first().value<Job *>();
        QCOMPARE(failed->state(), Job::State::Failed);
        QVERIFY2(failed->errorText().contains(QStringLiteral("topic_of_the_sentence")), qPrintable(failed->errorText()));
        QVERIFY(opened.isEmpty());
        QVERIFY(window.document()->study().data.path.empty()); // kept as it was
        QCOMPARE(window.towers(), QStringList({QStringLiteral("text")}));

        // The CLIP fixture with a tokenizer for its prompts, and a folder of class folders.
        const QString clip = dir.filePath(QStringLiteral("clip-model"));
        QVERIFY(QDir().mkpath(clip));
        for (const QString &file : {QStringLiteral("hf/clip/config.json"), QStringLiteral("hf/clip/model.safetensors"),
                                    QStringLiteral("clip-tokenizer/vocab.json"), QStringLiteral("clip-tokenizer/merges.txt"),
                                    QStringLiteral("clip-tokenizer/tokenizer_config.json")})
            QVERIFY(QFile::copy(QStringLiteral(PRUNESCOPE_TEST_DATA "/") + file, clip + QLatin1Char('/') + QFileInfo(file).fileName()));
        for (int i = 0; i < 4; ++i) {
            QImage image(24, 24, QImage::Format_RGB888);
            image.fill(QColor::fromHsv(i * 80, 200, 120 + 30 * i));
            const QString folder = dir.filePath(i % 2 ? QStringLiteral("images/shirt") : QStringLiteral("images/shoe"));
            QVERIFY(QDir().mkpath(folder));
            QVERIFY(image.save(folder + QStringLiteral("/%1.png").arg(i)));
        }
        window.document()->create(dir.filePath(QStringLiteral("clip")), clip, StudyData(), settings);
        StudyData images;
        images.path = dir.filePath(QStringLiteral("images")).toStdString();
        window.openData(images);
        QVERIFY(opened.wait(30000));
        QVERIFY2(opened.first().first().toString().startsWith(QStringLiteral("4 example(s) read from images")),
                 qPrintable(opened.first().first().toString()));
        QCOMPARE(window.document()->study().dataPath(), std::filesystem::path(images.path));
        QVERIFY(window.document()->isModified());
        const auto dataRows = window.modelPanel()->tree()->findItems(QStringLiteral("Examples"), Qt::MatchExactly | Qt::MatchRecursive);
        QCOMPARE(dataRows.size(), 1);
        QCOMPARE(dataRows.first()->text(1), QStringLiteral("4"));

        QCOMPARE(window.towers(), QStringList({QStringLiteral("text"), QStringLiteral("vision")}));
        QSignalSpy added(window.document(), &StudyDocument::itemAdded);
        window.runAttribution(QStringLiteral("gradcam"), QStringLiteral("vision"));
        QVERIFY(added.wait(60000));
        QVERIFY(window.document()->study().find("gradcam vision"));
        QSignalSpy shown(&window, &MainWindow::itemShown);
        window.showItem(QStringLiteral("gradcam vision"));
        QVERIFY(shown.wait(10000));
        QCOMPARE(window.attributionView()->exampleCount(), 4);
        QVERIFY(window.attributionView()->tokens().isEmpty());
        QVERIFY(!window.attributionView()->overlay().isNull());
    }

    // Every family's fixture in a study (its pre-tokenised reference batch as the data):
    // scores show in the head and neuron maps, one row per layer of the shown tower, and a
    // head mask shows its kept and pruned heads. (CLIP's reference batch pairs three texts
    // with two images, which no study batches: its study runs on images, just above.)
    void everyFamilyShowsItsMaps_data()
    {
        QTest::addColumn<QString>("family");
        for (const char *family : {"bert", "gpt2", "roberta", "distilbert", "vit", "llama", "qwen2", "mistral"})
            QTest::newRow(family) << QString::fromLatin1(family);
    }
    void everyFamilyShowsItsMaps()
    {
        QFETCH(QString, family);
        QTemporaryDir dir;
        MainWindow window;
        StudySettings settings;
        settings.device = "cpu";
        StudyData data;
        const QString model = QStringLiteral(PRUNESCOPE_TEST_DATA "/hf/") + family;
        data.path = (model + QStringLiteral("/reference.safetensors")).toStdString();
        window.document()->create(dir.filePath(QStringLiteral("s")), model, data, settings);
        window.document()->addItem(scoreStudy(window.document()->study(), "taylor"));
        const StudyItem scores = *window.document()->study().find("taylor");
        window.document()->addItem(maskStudy(window.document()->study(), scores, "head", "global", 0.5));
        const auto summary = summarizeCheckpoint(model.toStdString());

        QSignalSpy shown(&window, &MainWindow::itemShown);
        window.showItem(QStringLiteral("taylor"));
        QTRY_VERIFY_WITH_TIMEOUT(shown.contains({QStringLiteral("taylor")}), 10000);
        QVERIFY(window.headMap()->gridPlot()->hasGrid());
        QVERIFY(window.neuronMap()->gridPlot()->hasGrid());
        const Grid &heads = window.headMap()->gridPlot()->grid();
        bool layersOfATower = false;
        for (const auto &tower : summary.structure.towers)
            layersOfATower = layersOfATower || (heads.rows == int64_t(tower.layers.size()) && heads.cols == tower.heads);
        QVERIFY2(layersOfATower, qPrintable(QStringLiteral("%1 x %2").arg(heads.rows).arg(heads.cols)));

        window.showItem(QStringLiteral("taylor head 50%"));
        QTRY_VERIFY_WITH_TIMEOUT(shown.contains({QStringLiteral("taylor head 50%")}), 10000);
        const Grid &mask = window.headMap()->gridPlot()->grid();
        int kept = 0, pruned = 0;
        for (int64_t r = 0; r < mask.rows; ++r)
            for (int64_t c = 0; c < mask.cols; ++c)
                (mask.at(r, c) != 0 ? kept : pruned)++;
        QVERIFY(kept > 0 && pruned > 0 && kept + pruned == int(mask.rows * mask.cols));
    }

    // A finished job links to what it made: its row's Cancel becomes Show, which opens the item.
    void finishedJobsLinkToTheirOutput()
    {
        QTemporaryDir dir;
        MainWindow window;
        StudySettings settings;
        settings.device = "cpu";
        window.document()->create(dir.filePath(QStringLiteral("s")), QStringLiteral(PRUNESCOPE_TEST_DATA "/tiny-bert"), StudyData(), settings);
        QSignalSpy ended(window.jobs(), &JobRunner::jobEnded);
        window.controller()->runScore(QStringLiteral("magnitude"));
        QVERIFY(ended.wait(60000));
        Job *job = ended.first().first().value<Job *>();
        QVERIFY2(job->state() == Job::State::Finished, qPrintable(job->errorText()));
        const JobsPanel *panel = window.findChild<JobsPanel *>();
        QPushButton *button = panel->buttonFor(job);
        QVERIFY(button && button->isEnabled());
        QCOMPARE(button->text(), QStringLiteral("Show"));
        QSignalSpy shown(&window, &MainWindow::itemShown);
        button->click();
        QTRY_VERIFY_WITH_TIMEOUT(shown.contains({QStringLiteral("magnitude")}), 10000);
        QVERIFY(window.headMap()->gridPlot()->hasGrid());
    }

    // Analysis -> Export Model: the dialog's preview follows the choices, the export is a
    // job that reports, and an existing folder is not written before the user agrees.
    void exportsAMask()
    {
        QTemporaryDir dir;
        MainWindow window;
        StudySettings settings;
        settings.device = "cpu";
        StudyData data;
        data.path = std::string(PRUNESCOPE_TEST_DATA "/sentences.tsv");
        window.document()->create(dir.filePath(QStringLiteral("s")), QStringLiteral(PRUNESCOPE_TEST_DATA "/tiny-bert"), data, settings);
        window.document()->addItem(scoreStudy(window.document()->study(), "taylor"));
        const StudyItem scores = *window.document()->study().find("taylor");
        window.document()->addItem(maskStudy(window.document()->study(), scores, "neuron", "layer", 0.5));
        const QString mask = QStringLiteral("taylor neuron 50%");

        ExportDialog dialog({mask}, dir.filePath(QStringLiteral("out")),
                            [&window](const QString &m, const StudyExportOptions &o, std::vector<StudyExportTower> *layers) {
                                return window.exportPreview(m, o, layers);
                            });
        QVERIFY2(dialog.previewText().contains(QStringLiteral("encoder: FFN 128 -> 64 per layer")), qPrintable(dialog.previewText()));
        QVERIFY(dialog.previewText().startsWith(QStringLiteral("Parameters ")));
        // The bars by layer: half of each layer's neurons kept, and the export as wide; every head.
        const ExportPreviewPlot *bars = dialog.previewPlot();
        QCOMPARE(bars->barNames().size(), 4);
        QVERIFY(bars->layerNames().size() >= 2);
        for (int layer = 0; layer < bars->layerNames().size(); ++layer) {
            QCOMPARE(bars->barValue(0, layer), 0.5);
            QCOMPARE(bars->barValue(1, layer), 0.5);
            QCOMPARE(bars->barValue(2, layer), 1.0);
            QCOMPARE(bars->barValue(3, layer), 1.0);
        }
        dialog.findChildren<QComboBox *>().at(1)->setCurrentText(QStringLiteral("zeros"));
        QVERIFY2(dialog.previewText().contains(QStringLiteral("FFN 128 -> 128")), qPrintable(dialog.previewText()));
        QCOMPARE(bars->barValue(1, 0), 1.0); // zeros: the files keep their width
        QCOMPARE(dialog.options().mode, std::string("zeros"));
        auto *measure = dialog.findChild<QCheckBox *>();
        QVERIFY(measure && !measure->isEnabled()); // ONNX only
        auto *align = dialog.findChild<QSpinBox *>();
        QVERIFY(align && !align->isEnabled()); // zeros keeps the widths
        dialog.findChildren<QComboBox *>().at(1)->setCurrentText(QStringLiteral("onnx"));
        QVERIFY2(dialog.previewText().contains(QStringLiteral("FFN neurons 64 64")), qPrintable(dialog.previewText()));
        QVERIFY(measure->isEnabled());
        QVERIFY(align->isEnabled()); // an ONNX export's widths are aligned too (bfloat16 tensor cores)
        align->setValue(48);
        QCOMPARE(dialog.options().align, int64_t(48));
        QVERIFY2(dialog.previewText().contains(QStringLiteral("rounded up to a multiple of 48")), qPrintable(dialog.previewText()));
        align->setValue(1);
        measure->setChecked(true);
        dialog.findChildren<QComboBox *>().at(3)->setCurrentText(QStringLiteral("float16"));
        QCOMPARE(dialog.options().mode, std::string("onnx"));
        QCOMPARE(dialog.options().onnxType, std::string("float16"));
        QVERIFY(dialog.options().measure);
        QVERIFY(dialog.options().measureType.empty()); // on the CPU: the export itself, in ONNX Runtime
        {
            // A study on a GPU measures there, in PruneScope's runtime, in a precision of its own.
            ExportDialog gpu({mask}, dir.filePath(QStringLiteral("gpu")),
                             [](const QString &, const StudyExportOptions &, std::vector<StudyExportTower> *) { return QString(); },
                             QStringLiteral("cuda:0"));
            gpu.findChildren<QComboBox *>().at(1)->setCurrentText(QStringLiteral("onnx"));
            auto *gpuMeasure = gpu.findChild<QCheckBox *>();
            QVERIFY2(gpuMeasure->text().contains(QStringLiteral("GPU (cuda:0)")), qPrintable(gpuMeasure->text()));
            auto *measureType = gpu.findChildren<QComboBox *>().at(4);
            QVERIFY(!measureType->isEnabled());
            gpuMeasure->setChecked(true);
            QVERIFY(measureType->isEnabled());
            QCOMPARE(gpu.options().measureType, std::string("bfloat16"));
            gpuMeasure->setChecked(false);
            QVERIFY(gpu.options().measureType.empty());
        }
        auto *shardSize = dialog.findChild<QLineEdit *>(QStringLiteral("shard-size"));
        shardSize->setText(QStringLiteral("5 parsecs"));
        QVERIFY2(dialog.previewText().contains(QStringLiteral("shard size '5 parsecs' is not a size")),
                 qPrintable(dialog.previewText()));
        shardSize->setText(QStringLiteral("200KB"));
        QVERIFY(dialog.previewText().startsWith(QStringLiteral("Parameters ")));
        StudyExportOptions sharded;
        sharded.shardSize = dialog.options().shardSize;
        QCOMPARE(sharded.shardSize, std::string("200KB"));

        QSignalSpy exported(&window, &MainWindow::exported);
        QSignalSpy ended(window.jobs(), &JobRunner::jobEnded);
        window.exportMask(mask, dir.filePath(QStringLiteral("out")), sharded);
        QVERIFY(exported.wait(60000));
        // The tiny model's 0.56 MB of weights in shards of at most 200 kB, with their index.
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("out/model.safetensors.index.json"))));
        QVERIFY(QDir(dir.filePath(QStringLiteral("out"))).entryList({QStringLiteral("model-0000*-of-0000*.safetensors")}).size() >= 3);
        const QString report = exported.first().first().toString();
        QVERIFY2(report.contains(QStringLiteral("verified: max difference")) && report.contains(QStringLiteral("forward pass")),
                 qPrintable(report));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("out/config.json"))));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("out/vocab.txt"))));
        const QPushButton *open = window.findChild<JobsPanel *>()->buttonFor(ended.last().first().value<Job *>());
        QVERIFY(open && open->text() == QStringLiteral("Open Folder"));

        // The ONNX export with its pruned neurons gone, checked and timed in ONNX Runtime.
        StudyExportOptions onnx;
        onnx.mode = "onnx";
        onnx.measure = true;
        window.exportMask(mask, dir.filePath(QStringLiteral("onnx")), onnx);
        QVERIFY(exported.wait(120000));
        const QString onnxReport = exported.last().first().toString();
        QVERIFY2(onnxReport.contains(QStringLiteral("ONNX Runtime")) && onnxReport.contains(QStringLiteral("batch 32 x")),
                 qPrintable(onnxReport));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("onnx/model.onnx"))));

        QSignalSpy started(window.jobs(), &JobRunner::jobStarted);
        window.exportMask(mask, dir.filePath(QStringLiteral("out")), StudyExportOptions());
        QCOMPARE(started.size(), 0); // a question first (tst_user_work)
    }

    // Training as a job: the view draws every step and the evaluations, the trained
    // checkpoint opens, GUM's scores and mask join the study; a folder that exists is not
    // written before the user agrees.
    void trainsTheModel()
    {
        QTemporaryDir dir;
        MainWindow window;
        createTinyStudy(window, dir);
        StudyTraining training;
        training.maxSteps = 6;
        training.batchSize = 8;
        training.learningRate = 1e-3;
        training.evalEvery = 2;
        training.method = "gum";
        training.options.set("final-keep", 0.5);
        QSignalSpy trained(&window, &MainWindow::trained);
        window.runTraining(training, dir.filePath(QStringLiteral("trained")));
        QVERIFY(trained.wait(120000));
        QCOMPARE(window.viewTabs()->currentWidget(), static_cast<QWidget *>(window.trainingView()));
        const auto &steps = window.trainingView()->steps();
        QCOMPARE(steps.size(), size_t(6));
        QCOMPARE(std::count_if(steps.begin(), steps.end(), [](const StudyTrainingStep &s) { return !s.eval.empty(); }), 3L);
        QCOMPARE(steps.back().values.at("keep_target"), 0.5);
        QVERIFY2(trained.first().first().toString().contains(QStringLiteral("6 step(s)")), qPrintable(trained.first().first().toString()));
        QCOMPARE(summarizeCheckpoint(dir.filePath(QStringLiteral("trained")).toStdString()).structure.towers.size(), size_t(1));
        const Study &study = window.document()->study();
        QVERIFY(study.find("gum") && study.find("gum neuron 50%"));
        const GridSet mask = readGrids(study.itemPath(*study.find("gum neuron 50%")));
        const auto &kept = mask.find("neurons")->values;
        QCOMPARE(std::count(kept.begin(), kept.end(), 1.0f), long(kept.size() / 2));

        // GUM's mask analysed for redundancy: the layers' kept neurons add up to the mask's half.
        QSignalSpy shown(&window, &MainWindow::itemShown);
        window.showItem(QStringLiteral("gum neuron 50%"));
        QTRY_VERIFY_WITH_TIMEOUT(shown.contains({QStringLiteral("gum neuron 50%")}), 10000);
        QSignalSpy analysed(&window, &MainWindow::redundancyShown);
        window.analyseRedundancy();
        QVERIFY(analysed.wait(60000));
        const StudyRedundancy &redundancy = window.neuronMap()->redundancy();
        QCOMPARE(redundancy.layers.size(), size_t(2));
        QCOMPARE(redundancy.kept[0] + redundancy.kept[1], int64_t(kept.size() / 2));
        QVERIFY2(analysed.first().first().toString().contains(QStringLiteral("encoder 0: ")), qPrintable(analysed.first().first().toString()));
        QCOMPARE(window.viewTabs()->currentWidget(), static_cast<QWidget *>(window.neuronMap()));

        // Retraining under GUM's mask, chosen in the dialog: the checkpoint carries the mask.
        TrainDialog dialog(dir.filePath(QStringLiteral("retrained")), {QStringLiteral("gum neuron 50%")});
        auto *method = dialog.findChildren<QComboBox *>().first();
        method->setCurrentIndex(method->findData(QStringLiteral("mask")));
        StudyTraining retraining = dialog.training();
        QCOMPARE(retraining.mask, std::string("gum neuron 50%"));
        QVERIFY(retraining.method.empty());
        retraining.maxSteps = 2;
        QSignalSpy retrained(&window, &MainWindow::trained);
        window.runTraining(retraining, dialog.folder());
        QVERIFY(retrained.wait(120000));
        const GridSet carried = readGrids(dir.filePath(QStringLiteral("retrained/mask.safetensors")).toStdString());
        QCOMPARE(carried.find("neurons")->values, kept);

        QSignalSpy started(window.jobs(), &JobRunner::jobStarted);
        window.runTraining(training, dir.filePath(QStringLiteral("trained")));
        QCOMPARE(started.size(), 0); // a question first (tst_user_work)
    }

    // A new classification head, asked for in the Train dialog: the checkpoint written names
    // the classes of the study's data (here its numbers) instead of the model's LABEL_0 ...
    void trainsANewHeadFromTheDialog()
    {
        QTemporaryDir dir;
        MainWindow window;
        createTinyStudy(window, dir);
        TrainDialog dialog(dir.filePath(QStringLiteral("new-head")), {});
        auto *newHead = dialog.findChild<QCheckBox *>(QStringLiteral("new-head"));
        QVERIFY(newHead && newHead->isEnabled() && !newHead->isChecked());
        QVERIFY(!dialog.training().newHead);
        newHead->setChecked(true);
        StudyTraining training = dialog.training();
        QVERIFY(training.newHead);
        training.maxSteps = 2;
        training.batchSize = 8;
        QSignalSpy trained(&window, &MainWindow::trained);
        window.runTraining(training, dialog.folder());
        QVERIFY(trained.wait(120000));
        QFile file(dialog.folder() + QStringLiteral("/config.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject id2label = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("id2label")).toObject();
        QCOMPARE(id2label.size(), 3);
        QCOMPARE(id2label.value(QStringLiteral("2")).toString(), QStringLiteral("2")); // the tiny model's were LABEL_2
    }

    // SparseGPT from the Train dialog: its options are a form drawn from its declaration, the
    // fields of training step aside, and the job adds its mask to the study and reports the
    // pruned model's metric beside the dense one's (tst_sparsegpt checks the figures).
    void prunesInOneShotFromTheTrainDialog()
    {
        QTemporaryDir dir;
        MainWindow window;
        createTinyStudy(window, dir);
        TrainDialog dialog(dir.filePath(QStringLiteral("sparsegpt")), {});
        auto *method = dialog.findChildren<QComboBox *>().first();
        method->setCurrentIndex(method->findData(QStringLiteral("sparsegpt")));
        auto *form = dialog.findChild<MethodOptionsForm *>(QStringLiteral("sparsegpt"));
        QVERIFY(form && form->isVisibleTo(&dialog));
        QVERIFY(!dialog.findChild<QSpinBox *>(QStringLiteral("epochs"))->isEnabled());
        QVERIFY(!dialog.findChild<QComboBox *>(QStringLiteral("nm"))->isEnabled());
        auto *pattern = form->findChild<QComboBox *>(QStringLiteral("pattern"));
        QVERIFY(pattern);
        pattern->setCurrentIndex(pattern->findData(QStringLiteral("2:4")));
        StudyTraining sparseGpt = dialog.training();
        QCOMPARE(sparseGpt.method, std::string("sparsegpt"));
        QCOMPARE(sparseGpt.options.choice("pattern"), std::string("2:4"));
        QSignalSpy trained(&window, &MainWindow::trained);
        window.runTraining(sparseGpt, dialog.folder());
        QVERIFY2(trained.wait(120000), qPrintable(window.jobs()->jobs().last()->errorText()));
        const QString summary = trained.first().first().toString();
        QVERIFY2(summary.contains(QStringLiteral("2 layer(s) pruned in one shot to sparsity 0.500")) &&
                     summary.contains(QStringLiteral("(dense ")),
                 qPrintable(summary));
        const StudyItem *mask = window.document()->study().find("sparsegpt 2:4");
        QVERIFY(mask && mask->kind == StudyItem::Kind::Mask);
        QCOMPARE(summarizeCheckpoint(dir.filePath(QStringLiteral("sparsegpt")).toStdString()).structure.towers.size(),
                 size_t(1));
    }

    // Pruning over rounds from the Train dialog: Instant Soup Pruning draws each round's weak
    // masks, their union and the round's mask, reaches its sparsity exactly and adds the mask,
    // the weak masks and their union to the study; ADMM draws its residuals.
    void prunesOverRoundsAndLearnsPatterns()
    {
        QTemporaryDir dir;
        MainWindow window;
        createTinyStudy(window, dir);
        // The dialog draws ISP's options from its declaration; a value it refuses keeps the
        // dialog open with the reason, naming the option.
        TrainDialog dialog(dir.filePath(QStringLiteral("isp")), {});
        auto *method = dialog.findChildren<QComboBox *>().first();
        method->setCurrentIndex(method->findData(QStringLiteral("isp")));
        auto *form = dialog.findChild<MethodOptionsForm *>(QStringLiteral("isp"));
        QVERIFY(form && form->isVisibleTo(&dialog));
        auto *sparsity = form->findChild<QLineEdit *>(QStringLiteral("sparsity"));
        QVERIFY(sparsity);
        QCOMPARE(sparsity->text(), QStringLiteral("0.7"));
        QCOMPARE(form->findChild<QSpinBox *>(QStringLiteral("denoisers"))->value(), 4);
        sparsity->setText(QStringLiteral("1.5"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected)); // still open
        const QLabel *problem = nullptr;
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            if (label->text().contains(QStringLiteral("sparsity")) && label->text().contains(QStringLiteral("isp")))
                problem = label;
        QVERIFY(problem && problem->isVisibleTo(&dialog));
        sparsity->setText(QStringLiteral("0.5"));
        StudyTraining isp = dialog.training();
        QCOMPARE(isp.method, std::string("isp"));
        QCOMPARE(isp.options.real("sparsity"), 0.5);
        QCOMPARE(isp.options.integer("denoisers"), int64_t(4));
        QVERIFY(isp.mask.empty());
        isp.maxSteps = 12;
        isp.batchSize = 8;
        isp.learningRate = 1e-3;
        QSignalSpy trained(&window, &MainWindow::trained);
        window.runTraining(isp, dialog.folder());
        QVERIFY2(trained.wait(120000), qPrintable(window.jobs()->jobs().last()->errorText()));
        const TrainingView *view = window.trainingView();
        const StudyPruningRound &round = view->lastRound();
        QCOMPARE(round.round, int64_t(3));
        QCOMPARE(round.masks.size(), size_t(6)); // four weak masks, their union, the round's mask
        QCOMPARE(round.masks.back().sparsity, 0.5);
        QVERIFY(round.masks[4].sparsity <= round.masks[0].sparsity); // the union prunes no more than a weak mask
        QVERIFY(round.agreement > 0 && round.agreement <= 1);
        QVERIFY(!view->rounds()->isHidden());
        QCOMPARE(view->rounds()->grid().rows, int64_t(6));
        QCOMPARE(view->rounds()->grid().cols, int64_t(2 * 6)); // two layers, six components
        QVERIFY2(view->roundText().contains(QStringLiteral("mean IoU")), qPrintable(view->roundText()));
        QVERIFY2(trained.first().first().toString().contains(QStringLiteral("Compute spent")),
                 qPrintable(trained.first().first().toString()));
        const Study &study = window.document()->study();
        for (const char *name : {"isp weight 50%", "isp weight 50% weak 1", "isp weight 50% weak 4", "isp weight 50% combined"})
            QVERIFY2(study.find(name) && study.find(name)->kind == StudyItem::Kind::Mask, name);
        const GridSet mask = readGrids(study.itemPath(*study.find("isp weight 50%")));
        size_t zeros = 0, all = 0;
        for (const Grid &grid : mask.grids) {
            zeros += size_t(std::count(grid.values.begin(), grid.values.end(), 0.0f));
            all += grid.values.size();
        }
        QCOMPARE(zeros, all / 2);

        // Adapting by Pruning's analyses of the final mask and a weak one.
        QSignalSpy analysed(&window, &MainWindow::masksAnalysed);
        window.analyseMasks({QStringLiteral("isp weight 50%"), QStringLiteral("isp weight 50% weak 1")}, true);
        QVERIFY(analysed.wait(60000));
        QCOMPARE(window.viewTabs()->currentWidget(), static_cast<QWidget *>(window.profileView()));
        const MaskProfileView *profiles = window.profileView();
        QCOMPARE(profiles->analysis().profiles.size(), size_t(2));
        QCOMPARE(profiles->analysis().sensitivity.size(), size_t(2));
        QVERIFY(std::abs(profiles->analysis().profiles[0].sparsity - 0.5) < 1e-6);
        QCOMPARE(profiles->barNames().size(), 2);
        QCOMPARE(profiles->barValue(0, 4), profiles->analysis().profiles[0].componentSparsity[4]);
        profiles->byBox()->setCurrentIndex(1); // by layer
        QCOMPARE(profiles->barValue(1, 1), profiles->analysis().profiles[1].layerSparsity[1]);
        QVERIFY2(analysed.first().first().toString().contains(QStringLiteral("mask shuffled")),
                 qPrintable(analysed.first().first().toString()));

        TrainDialog patternDialog(dir.filePath(QStringLiteral("admm")), {});
        auto *patternMethod = patternDialog.findChildren<QComboBox *>().first();
        patternMethod->setCurrentIndex(patternMethod->findData(QStringLiteral("admm")));
        auto *nm = patternDialog.findChild<QComboBox *>(QStringLiteral("nm"));
        QVERIFY(nm && nm->isEnabled());
        nm->setCurrentText(QStringLiteral("2:4"));
        StudyTraining admm = patternDialog.training();
        QCOMPARE(admm.method, std::string("admm"));
        QCOMPARE(admm.nm, std::string("2:4"));
        admm.maxSteps = 10;
        admm.batchSize = 8;
        QSignalSpy patterned(&window, &MainWindow::trained);
        window.runTraining(admm, patternDialog.folder());
        QVERIFY(patterned.wait(120000));
        const QStringList graphs = view->graphNames();
        QVERIFY2(graphs.contains(QStringLiteral("ADMM primal residual")) && graphs.contains(QStringLiteral("ADMM dual residual")),
                 qPrintable(graphs.join(QStringLiteral(", "))));
        QVERIFY(window.document()->study().find("admm 2:4"));
    }

    // The demo study opens as a copy holding every kind of item, with nothing to compute;
    // a mask edited on the head map changes the evaluation, undo restores it; every view
    // renders into a picture.
    void demoStudyEditsAndRenders()
    {
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QSignalSpy ready(&window, &MainWindow::ready);
        QSignalSpy opened(&window, &MainWindow::itemShown);
        window.openDemoStudy();
        QVERIFY(ready.wait(10000));
        QVERIFY(opened.contains({QStringLiteral("taylor")}));
        for (const Job *job : window.jobs()->jobs()) // nothing is computed: the scores are loaded
            QVERIFY2(job->title().startsWith(QStringLiteral("Loading")), qPrintable(job->title()));
        // Every map names what it shows: the item, what made it, the tensor.
        for (const MapView *map : {static_cast<const MapView *>(window.headMap()), static_cast<const MapView *>(window.neuronMap())})
            QVERIFY2(map->gridPlot()->title().startsWith(QStringLiteral("taylor \u00b7 taylor scores \u00b7 ")),
                     qPrintable(map->gridPlot()->title()));
        const Study &study = window.document()->study();
        QVERIFY(study.folder != std::filesystem::path(MainWindow::demoStudyPath().toStdString()));
        QVERIFY(missingReferences(study).empty());
        for (const char *name : {"taylor", "magnitude", "random", "head-importance", "cam-cut", "smooth-cut", "movement map",
                                 "movement", "gum", "movement neuron 50%", "gum neuron 50%", "taylor head 50%",
                                 "cam-cut head 50%", "magnitude neuron 50%", "comparison of 8", "gradcam text",
                                 "sweep neuron", "sweep head", "sweep weight"})
            QVERIFY2(study.find(name), name);

        // The demo itself shows "taylor" once ready: wait for the mask's own itemShown, not the first one.
        QSignalSpy shown(&window, &MainWindow::itemShown);
        window.showItem(QStringLiteral("taylor head 50%"));
        QTRY_VERIFY_WITH_TIMEOUT(shown.contains({QStringLiteral("taylor head 50%")}), 10000);
        QVERIFY(window.maskEditor()->isActive());
        const QString title = window.headMap()->gridPlot()->title();
        QVERIFY2(title.startsWith(QStringLiteral("taylor head 50% \u00b7 head mask from taylor scores, 50.0 % pruned")),
                 qPrintable(title));
        window.editMaskAction()->setChecked(true);
        const float before = window.maskEditor()->mask()->find("heads")->at(0, 0);
        Q_EMIT window.headMap()->unitClicked(QStringLiteral("heads"), 0, 0);
        QCOMPARE(window.maskEditor()->mask()->find("heads")->at(0, 0), before != 0 ? 0.0f : 1.0f);
        QCOMPARE(window.headMap()->gridPlot()->grid().at(0, 0), before != 0 ? 0.0f : 1.0f);
        QSignalSpy evaluated(&window, &MainWindow::evaluated);
        window.evaluateMask();
        QVERIFY(evaluated.wait(120000));
        QVERIFY2(window.evaluationText().contains(QStringLiteral("(1 unit(s) changed by hand)")), qPrintable(window.evaluationText()));
        window.maskEditor()->undoStack()->undo();
        QCOMPARE(window.maskEditor()->changedCount(), 0);

        // A view of one kind of item that shows nothing opens on the study's latest such item
        // (Curves asked for a sweep while the study held three).
        const std::pair<MainWindow::View, const char *> latest[] = {{MainWindow::View::Curves, "sweep weight"},
                                                                    {MainWindow::View::Attribution, "gradcam text"},
                                                                    {MainWindow::View::Compare, "comparison of 8"}};
        for (const auto &[view, item] : latest) {
            QSignalSpy opening(&window, &MainWindow::itemShown);
            window.showView(view);
            QTRY_VERIFY2_WITH_TIMEOUT(opening.contains({QString::fromLatin1(item)}), item, 10000);
        }
        QVERIFY(!window.curvesView()->sweep().dense.empty() && window.attributionView()->exampleCount() > 0);
        QVERIFY2(window.curvesView()->title().startsWith(QStringLiteral("sweep weight: accuracy against weight sparsity")),
                 qPrintable(window.curvesView()->title()));
        QVERIFY2(window.comparisonView()->matrixPlot()->title().contains(QStringLiteral("of 5 item(s)")),
                 qPrintable(window.comparisonView()->matrixPlot()->title()));

        // The Training view opens on the training log of the study's model: every step of it,
        // counted here from the file itself.
        QFile logFile(QString::fromStdString((study.modelPath() / "prunescope-training.json").string()));
        QVERIFY(logFile.open(QIODevice::ReadOnly));
        const QJsonObject log = QJsonDocument::fromJson(logFile.readAll()).object();
        const qsizetype logged = log.value(QStringLiteral("log")).toArray().size();
        QVERIFY(logged > 100);
        QSignalSpy logRead(&window, &MainWindow::trainingLogRead);
        window.showView(MainWindow::View::Training);
        QVERIFY(logRead.wait(10000));
        QCOMPARE(logRead.first().first().toBool(), true);
        const TrainingView *training = window.trainingView();
        QCOMPARE(qsizetype(training->steps().size()), logged);
        QCOMPARE(training->schedulePoints(), int(logged)); // the learning-rate schedule, a point a step
        QVERIFY2(training->title().startsWith(QStringLiteral("Training log of demo-bert")), qPrintable(training->title()));
        QVERIFY2(training->summary().contains(QStringLiteral("best validation accuracy %1").arg(log.value(QStringLiteral("best")).toDouble(), 0, 'g', 4)),
                 qPrintable(training->summary()));
        QVERIFY2(training->summary().contains(QStringLiteral("Recipe: ")), qPrintable(training->summary()));

        QTemporaryDir dir;
        StudyReport report(&window);
        QSignalSpy finished(&report, &StudyReport::finished);
        report.report(dir.path());
        QVERIFY(finished.wait(60000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(report.errorText()));
        for (const char *view : {"heads", "neurons", "weights", "attribution", "curves", "compare", "training", "profiles"}) {
            const QImage image(dir.filePath(QLatin1String(view) + QStringLiteral(".png")));
            QVERIFY2(image.width() >= 1000, view);
        }
        QFile markdown(dir.filePath(QStringLiteral("report.md")));
        QVERIFY(markdown.open(QIODevice::ReadOnly));
        const QByteArray text = markdown.readAll();
        QVERIFY(text.contains("Dense model: accuracy") && text.contains("method,draw,sparsity") && text.contains("![curves](curves.png)"));
        QVERIFY(text.contains("![training](training.png)"));
        QVERIFY2(window.profileView()->title() == QStringLiteral("Where the masks prune: the share of weights by component"),
                 qPrintable(window.profileView()->title()));
        // The comparison of the demo's five masks and three score maps, as the view shows it.
        QVERIFY(text.contains("## Comparison") && text.contains("![compare](compare.png)"));
        // The five masks' profiles: a head mask prunes attention only, a neuron mask the FFN only.
        QVERIFY(text.contains("## Mask profiles") && text.contains("![profiles](profiles.png)"));
        const StudyMaskAnalysis &profiles = window.profileView()->analysis();
        QCOMPARE(profiles.profiles.size(), size_t(5));
        for (const MaskProfile &p : profiles.profiles) {
            const bool heads = p.name.find("head") != std::string::npos;
            QCOMPARE(p.componentSparsity[0] > 0, heads);             // query
            QCOMPARE(p.componentSparsity[4] > 0, !heads);            // ffn-in
            QCOMPARE(p.componentSparsity[heads ? 3 : 5], heads ? p.componentSparsity[0] : p.componentSparsity[4]);
        }
        const MapComparison &comparison = window.comparisonView()->comparison();
        QCOMPARE(comparison.names.size(), size_t(8));
        QCOMPARE(window.comparisonView()->shownMatrix()[0][0], 1.0);
        const auto counts = window.comparisonView()->agreementCounts();
        QCOMPARE(std::accumulate(counts.begin(), counts.end(), int64_t(0)), int64_t(16)); // the demo BERT's 4 x 4 heads
    }

    // Help → Guided Tour on the demo: six steps, each opening its view on the demo's item and
    // outlining the part of the window it speaks of; then presentation mode draws the plots
    // larger, and back.
    void guidedTourAndPresentationMode()
    {
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QSignalSpy ready(&window, &MainWindow::ready);
        window.openDemoStudy();
        QVERIFY(ready.wait(10000));
        QSignalSpy shown(&window, &MainWindow::itemShown);
        GuidedTour *tour = window.startTour();
        QSignalSpy finished(tour, &GuidedTour::finished);
        const MainWindow::View views[] = {MainWindow::View::Heads,   MainWindow::View::Heads,  MainWindow::View::Heads,
                                          MainWindow::View::Compare, MainWindow::View::Curves, MainWindow::View::Profiles};
        const char *const items[] = {"taylor", "taylor", "taylor head 50%", "comparison of 8", "sweep head", nullptr};
        QCOMPARE(GuidedTour::stepCount(), 6);
        for (int step = 0; step < GuidedTour::stepCount(); ++step) {
            QCOMPARE(tour->step(), step);
            if (items[step]) // the step's item shows before the next step
                QTRY_VERIFY2_WITH_TIMEOUT(shown.contains({QString::fromLatin1(items[step])}), items[step], 10000);
            QCOMPARE(window.viewTabs()->currentIndex(), int(views[step]));
            QVERIFY2(tour->text().contains(QStringLiteral("Step %1 of 6").arg(step + 1)), qPrintable(tour->text()));
            QWidget *target = tour->highlighted();
            QCOMPARE(target, step == 1 ? static_cast<QWidget *>(window.itemTree()) : window.viewTabs());
            QVERIFY(tour->outline().contains(QRect(target->mapTo(&window, QPoint(0, 0)), target->size())));
            QVERIFY(window.rect().contains(tour->geometry()));
            tour->next();
        }
        QVERIFY(finished.wait(5000)); // Finish closes it

        // Presentation mode: the same curves drawn with more ink (their exported picture, a
        // fixed size), the text of the window larger; and as before once it is off.
        window.showView(MainWindow::View::Curves);
        QTemporaryDir dir;
        const auto ink = [&] {
            const QString file = dir.filePath(QStringLiteral("curves.png"));
            if (!window.curvesView()->exportPng(file))
                return -1;
            const QImage image(file);
            int dark = 0;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    dark += qGray(image.pixel(x, y)) < 160;
            return dark;
        };
        const int before = ink();
        QVERIFY(before > 0);
        const qreal font = QApplication::font().pointSizeF();
        window.presentationAction()->setChecked(true);
        QCOMPARE(QApplication::font().pointSizeF(), font * 1.5);
        const int larger = ink();
        QVERIFY2(larger > before * 1.3, qPrintable(QStringLiteral("%1 dark pixels, then %2").arg(before).arg(larger)));
        window.presentationAction()->setChecked(false);
        QCOMPARE(QApplication::font().pointSizeF(), font);
        QCOMPARE(ink(), before);
    }

    // The image demo opens as its own copy with its items, attribution offers the ViT's one
    // tower, and an attribution item shows its patch maps over the Fashion-MNIST pictures.
    void imageDemoShowsItsPatchMaps()
    {
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QSignalSpy ready(&window, &MainWindow::ready);
        QVERIFY(window.openDemoStudy(DemoStudy::Id::Image));
        QVERIFY(ready.wait(10000));
        QCOMPARE(window.document()->folder(), MainWindow::demoCopyPath(DemoStudy::Id::Image));
        const Study &study = window.document()->study();
        QVERIFY(missingReferences(study).empty());
        for (const char *name : {"taylor", "magnitude", "cam-cut", "smooth-cut", "taylor head 50%", "taylor neuron 50%",
                                 "gradcam vision", "smoothgrad vision", "sweep head", "sweep neuron", "comparison of 5"})
            QVERIFY2(study.find(name), name);
        QCOMPARE(window.towers(), QStringList({QStringLiteral("vision")}));
        AttributionDialog dialog(window.towers(), &window);
        QCOMPARE(dialog.tower(), QStringLiteral("vision"));

        // GradCAM: one 7 x 7 patch map a layer over each 28 x 28 picture, scaled up.
        QSignalSpy shown(&window, &MainWindow::itemShown);
        window.showItem(QStringLiteral("gradcam vision"));
        QTRY_VERIFY_WITH_TIMEOUT(shown.contains({QStringLiteral("gradcam vision")}), 10000);
        QCOMPARE(window.viewTabs()->currentWidget(), window.attributionView());
        AttributionView *view = window.attributionView();
        QCOMPARE(view->layerCount(), 4);
        QVERIFY(view->exampleCount() > 1);
        QVERIFY(view->tokens().isEmpty());
        QImage overlay = view->overlay();
        QCOMPARE(overlay.size(), QSize(384, 384));
        // The picture shows through the tint: 49 flat patches alone would give 49 colours at most.
        QSet<QRgb> colours;
        for (int y = 0; y < overlay.height(); ++y)
            for (int x = 0; x < overlay.width(); ++x)
                colours.insert(overlay.pixel(x, y));
        QVERIFY2(colours.size() > 49, qPrintable(QString::number(colours.size())));
        view->setExample(1);
        QVERIFY(view->overlay() != overlay);

        window.showItem(QStringLiteral("smoothgrad vision"));
        QTRY_VERIFY_WITH_TIMEOUT(shown.contains({QStringLiteral("smoothgrad vision")}), 10000);
        QCOMPARE(view->layerCount(), 1);
        QCOMPARE(view->overlay().size(), QSize(384, 384));
    }
};

QTEST_MAIN(TestApplication)
#include "tst_application.moc"
