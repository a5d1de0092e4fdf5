// The desktop application never loses work and never quits on an error, offscreen: a failed
// job leaves the window (and the application) running with its message shown; a device the
// machine lacks falls back to the CPU with a note; the shipped demo studies (text and image)
// are never written, each one's copy keeps the user's additions until its Reset Demo Study;
// nothing is overwritten without asking; the headless run says what it does and nothing else.
#include "widgets/app_settings.h"
#include "widgets/job_runner.h"
#include "widgets/jobs_panel.h"
#include "widgets/main_window.h"
#include "widgets/model_panel.h"
#include "widgets/study_document.h"

#include "core/study/study_jobs.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QDirIterator>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTreeWidget>
#include <QtTest>

using namespace prunescope;

namespace {

// Every file under `folders` by its path, with the SHA-256 of its bytes.
QMap<QString, QByteArray> hashFiles(const QStringList &folders)
{
    QMap<QString, QByteArray> hashes;
    for (const QString &folder : folders) {
        QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (!file.open(QIODevice::ReadOnly))
                return {};
            QCryptographicHash hash(QCryptographicHash::Sha256);
            hash.addData(&file);
            hashes.insert(file.fileName(), hash.result());
        }
    }
    return hashes;
}

// The message box showing now whose text holds `text`.
QMessageBox *shownBox(const QString &text)
{
    const QWidgetList windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows)
        if (auto *box = qobject_cast<QMessageBox *>(window); box && box->isVisible() && box->text().contains(text))
            return box;
    return nullptr;
}

int shownBoxes()
{
    int n = 0;
    const QWidgetList windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows)
        n += qobject_cast<QMessageBox *>(window) && window->isVisible();
    return n;
}

void answer(QMessageBox *box, QMessageBox::StandardButton button)
{
    box->button(button)->click();
    QTRY_VERIFY(!box->isVisible());
}

// A study of the tiny BERT on its 36 sentences.
void createTinyStudy(MainWindow &window, const QString &folder)
{
    StudyData data;
    data.path = std::string(PRUNESCOPE_TEST_DATA "/sentences.tsv");
    window.document()->create(folder, QStringLiteral(PRUNESCOPE_TEST_DATA "/tiny-bert"), data, StudySettings());
}

Job *waitForJob(MainWindow &window, int timeoutMs = 60000)
{
    QSignalSpy ended(window.jobs(), &JobRunner::jobEnded);
    return ended.wait(timeoutMs) ? ended.first().first().value<Job *>() : nullptr;
}

// The item tree's rows: the study items it shows, without their groups.
QStringList shownItems(const MainWindow &window)
{
    QStringList names;
    for (int g = 0; g < window.itemTree()->topLevelItemCount(); ++g)
        for (int i = 0; i < window.itemTree()->topLevelItem(g)->childCount(); ++i)
            names << window.itemTree()->topLevelItem(g)->child(i)->text(0);
    names.sort();
    return names;
}

QStringList itemNames(const Study &study)
{
    QStringList names;
    for (const auto &item : study.items)
        names << QString::fromStdString(item.name);
    names.sort();
    return names;
}

bool cudaAvailable()
{
    try {
        deviceInUse("cuda");
        return true;
    } catch (const std::exception &) {
        return false;
    }
}

} // namespace

class TestUserWork : public QObject
{
    Q_OBJECT

private slots:
    // The application's data and settings in folders of this test's own.
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8());
        qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
        qputenv("XDG_DOCUMENTS_DIR", m_home.filePath(QStringLiteral("documents")).toUtf8());
        for (const DemoStudy &demo : DemoStudy::all())
            QVERIFY(!MainWindow::isInInstallation(demo.copyPath()));
    }

    void init()
    {
        for (const DemoStudy &demo : DemoStudy::all())
            QDir(demo.copyPath()).removeRecursively();
        AppSettings settings;
        settings.device = QStringLiteral("cpu");
        settings.batchSize = 8;
        settings.maxExamples = 32;
        settings.save();
    }

    // A job that fails shows why in the jobs panel and in a dialog that blocks nothing: the
    // window stays, and its next job runs.
    void failedJobLeavesTheWindowOpen()
    {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        createTinyStudy(window, dir.filePath(QStringLiteral("s")));
        window.runMask(QStringLiteral("nothing"), QStringLiteral("head"), QStringLiteral("layer"), 0.5);
        Job *failed = waitForJob(window);
        QVERIFY(failed);
        QCOMPARE(failed->state(), Job::State::Failed);
        const QString state = window.findChild<JobsPanel *>()->itemFor(failed)->text(3);
        QVERIFY2(state.startsWith(QStringLiteral("Failed: the study has no scores named 'nothing'")), qPrintable(state));
        QMessageBox *box = shownBox(QStringLiteral("the study has no scores named 'nothing'"));
        QVERIFY(box);
        QVERIFY2(box->windowTitle().contains(QStringLiteral("failed")), qPrintable(box->windowTitle()));
        QVERIFY(window.isVisible());

        window.runScore(QStringLiteral("magnitude"));
        Job *next = waitForJob(window);
        QVERIFY(next && next->state() == Job::State::Finished);
        QVERIFY(window.document()->study().find("magnitude"));
        QVERIFY(window.isVisible());
        answer(box, QMessageBox::Ok);
    }

    // Headless, the same failure is printed: no dialog waits for someone who is not there.
    void headlessFailurePrintsAndAsksNothing()
    {
        QTemporaryDir dir;
        MainWindow window;
        window.setHeadless(true);
        createTinyStudy(window, dir.filePath(QStringLiteral("s")));
        window.runMask(QStringLiteral("nothing"), QStringLiteral("head"), QStringLiteral("layer"), 0.5);
        Job *failed = waitForJob(window);
        QVERIFY(failed && failed->state() == Job::State::Failed);
        QCOMPARE(shownBoxes(), 0);
        // An existing folder is refused without a question.
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("taken"))));
        QFile mine(dir.filePath(QStringLiteral("taken/mine.txt")));
        QVERIFY(mine.open(QIODevice::WriteOnly) && mine.write("mine") == 4);
        mine.close();
        QSignalSpy started(window.jobs(), &JobRunner::jobStarted);
        window.exportMask(QStringLiteral("nothing"), dir.filePath(QStringLiteral("taken")), StudyExportOptions());
        StudyTraining training;
        window.runTraining(training, dir.filePath(QStringLiteral("taken")));
        QCOMPARE(started.size(), 0);
        QCOMPARE(shownBoxes(), 0);
        QCOMPARE(QDir(dir.filePath(QStringLiteral("taken"))).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
                 QStringList({QStringLiteral("mine.txt")}));
    }

    // A device saved on a machine with a GPU: jobs run on the CPU, and the window says so.
    void unavailableDeviceFallsBackToTheCpu()
    {
        if (cudaAvailable())
            QSKIP("this machine has CUDA: the setting is usable here");
        AppSettings settings = AppSettings::load();
        settings.device = QStringLiteral("cuda");
        settings.save();
        QTemporaryDir dir;
        MainWindow window;
        createTinyStudy(window, dir.filePath(QStringLiteral("s")));
        window.runScore(QStringLiteral("taylor"));
        Job *job = waitForJob(window);
        QVERIFY(job);
        QVERIFY2(job->state() == Job::State::Finished, qPrintable(job->errorText()));
        QVERIFY(window.document()->study().find("taylor"));
        // The job ran on the CPU; the study keeps its own device setting, as the device is this computer's.
        QCOMPARE(window.document()->study().find("taylor")->options.at("device"), std::string("cpu"));
        QCOMPARE(window.document()->study().settings.device, StudySettings().device);
        QVERIFY2(window.deviceNote().contains(QStringLiteral("device 'cuda'")) &&
                     window.deviceNote().contains(QStringLiteral("Jobs run on the CPU")),
                 qPrintable(window.deviceNote()));
        const auto notes = window.findChild<JobsPanel *>()->tree()->findItems(QStringLiteral("Device"), Qt::MatchExactly);
        QCOMPARE(notes.size(), 1); // once, however many jobs
        QCOMPARE(notes.first()->text(3), window.deviceNote());
        bool shown = false;
        const auto labels = window.statusBar()->findChildren<QLabel *>();
        for (const QLabel *label : labels)
            shown = shown || (!label->isHidden() && label->toolTip() == window.deviceNote());
        QVERIFY(shown);
        const auto device =
            window.modelPanel()->tree()->findItems(QStringLiteral("Device in use"), Qt::MatchExactly | Qt::MatchRecursive);
        QCOMPARE(device.size(), 1);
        QCOMPARE(device.first()->text(1), QStringLiteral("cpu"));
    }

    // Scoring, exporting and training in a demo study change nothing that ships: what the
    // dialogs suggest lies in the user's copy, and the installation is refused as a target.
    void shippedDemoStaysAsItShipped_data()
    {
        QTest::addColumn<int>("demo");
        QTest::addColumn<QString>("model"); // the demo's checkpoint, shipped too
        QTest::addColumn<QString>("method");
        QTest::newRow("text: the demo BERT") << int(DemoStudy::Id::Text)
                                             << QStringLiteral(PRUNESCOPE_RESOURCE_DIR "/models/demo-bert")
                                             << QStringLiteral("taylor");
        QTest::newRow("image: the demo ViT") << int(DemoStudy::Id::Image)
                                             << QStringLiteral(PRUNESCOPE_RESOURCE_DIR "/models/demo-vit")
                                             << QStringLiteral("magnitude");
    }

    void shippedDemoStaysAsItShipped()
    {
        QFETCH(int, demo);
        QFETCH(QString, model);
        QFETCH(QString, method);
        const auto id = DemoStudy::Id(demo);
        // resources/demo holds both demo studies and their data.
        const QStringList shipped = {QStringLiteral(PRUNESCOPE_RESOURCE_DIR "/demo"), model};
        const auto before = hashFiles(shipped);
        QVERIFY(before.size() > 20);
        QVERIFY(before.contains(MainWindow::demoStudyPath(id) + QStringLiteral("/study.json")));

        MainWindow window;
        QSignalSpy ready(&window, &MainWindow::ready);
        // The shipped folder itself opens as the copy.
        QVERIFY(window.openStudy(MainWindow::demoStudyPath(id)));
        QVERIFY(ready.wait(30000));
        QCOMPARE(window.document()->folder(), MainWindow::demoCopyPath(id));
        // Jobs run with the study's own settings: the copy's, made smaller for a quick test.
        StudySettings quick = window.document()->study().settings;
        quick.batchSize = 8;
        quick.maxExamples = 32;
        window.document()->setSettings(quick);

        window.runScore(method);
        Job *scored = waitForJob(window);
        QVERIFY2(scored && scored->state() == Job::State::Finished, scored ? qPrintable(scored->errorText()) : "no job");
        const QString scores = QString::fromStdString(window.document()->study().items.back().name);
        QCOMPARE(scores, method + QStringLiteral(" (2)"));
        window.runMask(scores, QStringLiteral("head"), QStringLiteral("layer"), 0.5);
        Job *masked = waitForJob(window);
        QVERIFY2(masked && masked->state() == Job::State::Finished, masked ? qPrintable(masked->errorText()) : "no job");
        const QString mask = QString::fromStdString(window.document()->study().items.back().name);

        const QString exportFolder = window.suggestedOutput(QStringLiteral("export"));
        QCOMPARE(exportFolder, MainWindow::demoCopyPath(id) + QStringLiteral("/export"));
        QSignalSpy exported(&window, &MainWindow::exported);
        window.exportMask(mask, exportFolder, StudyExportOptions());
        QVERIFY(exported.wait(60000));
        QVERIFY(QFile::exists(exportFolder + QStringLiteral("/model.safetensors")));

        const QString trainFolder = window.suggestedOutput(QStringLiteral("trained"));
        QCOMPARE(trainFolder, MainWindow::demoCopyPath(id) + QStringLiteral("/trained"));
        StudyTraining training;
        training.maxSteps = 2;
        training.batchSize = 8;
        training.validationFraction = 0.02;
        QSignalSpy trained(&window, &MainWindow::trained);
        window.runTraining(training, trainFolder);
        QVERIFY(trained.wait(120000));
        QVERIFY(QFile::exists(trainFolder + QStringLiteral("/model.safetensors")));

        // Into the installation: refused with a message, before any job.
        QSignalSpy started(window.jobs(), &JobRunner::jobStarted);
        const QString inside = MainWindow::demoStudyPath(id) + QStringLiteral("/export");
        window.exportMask(mask, inside, StudyExportOptions());
        window.runTraining(training, model);
        QCOMPARE(started.size(), 0);
        QMessageBox *refused = shownBox(QStringLiteral("lies in PruneScope's installation"));
        QVERIFY(refused);
        QVERIFY(!QFileInfo::exists(inside));
        window.saveStudyAs(MainWindow::demoStudyPath(id));
        QCOMPARE(window.document()->folder(), MainWindow::demoCopyPath(id));

        QCOMPARE(hashFiles(shipped), before);
    }

    // Each demo's copy, in its own folder under AppDataLocation (the text demo's where it
    // always was), keeps what the user added across runs; its Reset Demo Study asks, and
    // then puts back the study as it shipped, leaving the other demo's copy alone.
    void demoCopyKeepsAdditionsUntilReset_data()
    {
        QTest::addColumn<int>("demo");
        QTest::addColumn<QString>("copy");     // the copy's folder name
        QTest::addColumn<QString>("question"); // what the reset asks
        QTest::newRow("text") << int(DemoStudy::Id::Text) << QStringLiteral("demo-study")
                              << QStringLiteral("Replace your copy of the demo study");
        QTest::newRow("image") << int(DemoStudy::Id::Image) << QStringLiteral("demo-vit-study")
                               << QStringLiteral("Replace your copy of the image demo study");
    }

    void demoCopyKeepsAdditionsUntilReset()
    {
        QFETCH(int, demo);
        QFETCH(QString, copy);
        QFETCH(QString, question);
        const auto id = DemoStudy::Id(demo), other = id == DemoStudy::Id::Text ? DemoStudy::Id::Image : DemoStudy::Id::Text;
        const QString copyPath = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QLatin1Char('/') + copy;
        QCOMPARE(MainWindow::demoCopyPath(id), copyPath);
        QVERIFY(!QFileInfo::exists(copyPath)); // made by the first opening
        for (const auto each : {other, id}) {
            MainWindow first;
            QSignalSpy ready(&first, &MainWindow::ready);
            QVERIFY(first.openDemoStudy(each));
            QVERIFY(ready.wait(30000));
            first.runScore(QStringLiteral("magnitude"));
            Job *job = waitForJob(first);
            QVERIFY(job && job->state() == Job::State::Finished);
            QVERIFY(first.document()->study().find("magnitude (2)"));
        }
        const Study shippedStudy = readStudy(MainWindow::demoStudyPath(id).toStdString());
        const auto shippedItems = shippedStudy.items.size();
        MainWindow window;
        QSignalSpy ready(&window, &MainWindow::ready);
        QVERIFY(window.openDemoStudy(id));
        QVERIFY(ready.wait(30000));
        QCOMPARE(window.document()->folder(), copyPath);
        QVERIFY(window.controller()->isDemoCopyOpen(id) && !window.controller()->isDemoCopyOpen(other));
        QVERIFY(window.document()->study().find("magnitude (2)"));
        QCOMPARE(window.document()->study().items.size(), shippedItems + 1);
        QCOMPARE(shownItems(window), itemNames(window.document()->study()));

        window.resetDemoStudy(id);
        QMessageBox *asked = shownBox(question);
        QVERIFY(asked);
        QVERIFY(asked->text().contains(QDir::toNativeSeparators(copyPath)));
        answer(asked, QMessageBox::Cancel);
        QVERIFY(window.document()->study().find("magnitude (2)"));

        ready.clear();
        window.resetDemoStudy(id);
        asked = shownBox(question);
        QVERIFY(asked);
        answer(asked, QMessageBox::Yes);
        QVERIFY(ready.wait(30000));
        QCOMPARE(window.document()->folder(), copyPath);
        QVERIFY(!window.document()->study().find("magnitude (2)"));
        QCOMPARE(window.document()->study().items.size(), shippedItems);
        QCOMPARE(shownItems(window), itemNames(shippedStudy));
        QVERIFY(!QFileInfo::exists(copyPath + QStringLiteral(".new")));
        QVERIFY(!QFileInfo::exists(copyPath + QStringLiteral(".old")));
        // Every item file as it shipped.
        auto copied = hashFiles({copyPath}), original = hashFiles({MainWindow::demoStudyPath(id)});
        copied.remove(copyPath + QStringLiteral("/study.json"));
        original.remove(MainWindow::demoStudyPath(id) + QStringLiteral("/study.json"));
        QCOMPARE(copied.size(), original.size());
        for (auto it = original.cbegin(); it != original.cend(); ++it) {
            const QString relative = QDir(MainWindow::demoStudyPath(id)).relativeFilePath(it.key());
            QCOMPARE(copied.value(QDir(copyPath).filePath(relative)), it.value());
        }
        QVERIFY(readStudy(MainWindow::demoCopyPath(other).toStdString()).find("magnitude (2)"));
    }

    // Save As, export and training onto a folder that holds files ask first; no answer, no change.
    void overwritingAsksFirst()
    {
        QTemporaryDir dir;
        MainWindow window;
        createTinyStudy(window, dir.filePath(QStringLiteral("s")));
        window.document()->addItem(scoreStudy(window.document()->study(), "magnitude"));
        window.document()->addItem(maskStudy(window.document()->study(), *window.document()->study().find("magnitude"),
                                             "neuron", "layer", 0.5));
        const QString mask = QStringLiteral("magnitude neuron 50%");
        const QString taken = dir.filePath(QStringLiteral("taken"));
        QVERIFY(QDir().mkpath(taken));
        QFile mine(taken + QStringLiteral("/notes.txt"));
        QVERIFY(mine.open(QIODevice::WriteOnly) && mine.write("mine") == 4);
        mine.close();
        const auto before = hashFiles({taken});

        QSignalSpy started(window.jobs(), &JobRunner::jobStarted);
        window.exportMask(mask, taken, StudyExportOptions());
        QMessageBox *question = shownBox(QStringLiteral("exists and is not empty"));
        QVERIFY(question);
        QVERIFY(question->text().contains(QDir::toNativeSeparators(taken)));
        answer(question, QMessageBox::Cancel);
        StudyTraining training;
        training.maxSteps = 1;
        window.runTraining(training, taken);
        question = shownBox(QStringLiteral("exists and is not empty"));
        QVERIFY(question);
        answer(question, QMessageBox::Cancel);
        QCOMPARE(started.size(), 0);

        window.saveStudyAs(taken);
        question = shownBox(QStringLiteral("is not empty"));
        QVERIFY(question);
        answer(question, QMessageBox::Cancel);
        QCOMPARE(hashFiles({taken}), before);
        QCOMPARE(window.document()->folder(), dir.filePath(QStringLiteral("s")));

        window.saveStudyAs(taken);
        question = shownBox(QStringLiteral("is not empty"));
        QVERIFY(question);
        answer(question, QMessageBox::Yes);
        QCOMPARE(window.document()->folder(), taken);
        QVERIFY(QFile::exists(taken + QStringLiteral("/study.json")));
        const QString notes = taken + QStringLiteral("/notes.txt");
        QCOMPARE(hashFiles({taken}).value(notes), before.value(notes));

        // An empty or new folder needs no question.
        window.exportMask(mask, dir.filePath(QStringLiteral("new")), StudyExportOptions());
        QCOMPARE(started.size(), 1);
        QCOMPARE(shownBoxes(), 0);
        Job *job = waitForJob(window);
        QVERIFY2(job && job->state() == Job::State::Finished, job ? qPrintable(job->errorText()) : "no job");

        // Training again into the folder of a previous run replaces it once the user agrees.
        const QString run = dir.filePath(QStringLiteral("run"));
        QSignalSpy trained(&window, &MainWindow::trained);
        window.runTraining(training, run);
        QVERIFY(trained.wait(60000));
        const QByteArray first = hashFiles({run}).value(run + QStringLiteral("/prunescope-training.json"));
        QVERIFY(!first.isEmpty());
        training.learningRate *= 2;
        window.runTraining(training, run);
        question = shownBox(QStringLiteral("exists and is not empty"));
        QVERIFY(question);
        answer(question, QMessageBox::Yes);
        QVERIFY(trained.wait(60000));
        const QByteArray second = hashFiles({run}).value(run + QStringLiteral("/prunescope-training.json"));
        QVERIFY(!second.isEmpty() && second != first);

        // So does exporting again into the folder of a previous export, in another mode.
        const QString exportFolder = dir.filePath(QStringLiteral("new"));
        const qint64 shrunk = QFileInfo(exportFolder + QStringLiteral("/model.safetensors")).size();
        StudyExportOptions zeros;
        zeros.mode = "zeros";
        QSignalSpy exported(&window, &MainWindow::exported);
        window.exportMask(mask, exportFolder, zeros);
        question = shownBox(QStringLiteral("exists and is not empty"));
        QVERIFY(question);
        answer(question, QMessageBox::Yes);
        QVERIFY(exported.wait(60000));
        QVERIFY(QFileInfo(exportFolder + QStringLiteral("/model.safetensors")).size() > shrunk);
    }

    // The application itself: a failed job in the window leaves it running; --report stops
    // at the failure with a non-zero status and the message.
    void applicationOutlivesAFailedJob()
    {
        // A demo copy whose "taylor" scores, which the window opens on, are gone.
        const QString copy = m_home.filePath(QStringLiteral("data/PruneScope/PruneScope/demo-study"));
        QDir(copy).removeRecursively();
        copyStudy(readStudy(MainWindow::demoStudyPath().toStdString()), copy.toStdString());
        QVERIFY(QFile::remove(copy + QStringLiteral("/scores/taylor.safetensors")));

        QProcess window;
        window.start(QStringLiteral(PRUNESCOPE_GUI), {});
        QVERIFY(window.waitForStarted());
        QVERIFY2(!window.waitForFinished(10000), window.readAllStandardError().constData()); // still running
        window.kill();
        window.waitForFinished();

        QTemporaryDir out;
        QProcess report;
        report.start(QStringLiteral(PRUNESCOPE_GUI), {QStringLiteral("--report"), out.path()});
        QVERIFY(report.waitForFinished(60000));
        QCOMPARE(report.exitStatus(), QProcess::NormalExit);
        QCOMPARE(report.exitCode(), 1);
        const QByteArray errors = report.readAllStandardError();
        QVERIFY2(errors.contains("Loading taylor failed") && errors.contains("taylor.safetensors"), errors.constData());
        QVERIFY(!QFile::exists(out.filePath(QStringLiteral("report.md"))));
    }

    // --study on the image demo's shipped folder opens its copy, and --report draws every
    // view of it, the attribution as patch maps over the images.
    void headlessReportOnTheImageDemo()
    {
        // The application's own data folder, not this test's.
        const QString copy = m_home.filePath(QStringLiteral("data/PruneScope/PruneScope/demo-vit-study"));
        QDir(copy).removeRecursively();
        QTemporaryDir out;
        QProcess report;
        report.start(QStringLiteral(PRUNESCOPE_GUI),
                     {QStringLiteral("--study"), MainWindow::demoStudyPath(DemoStudy::Id::Image), QStringLiteral("--report"),
                      out.path()});
        QVERIFY(report.waitForFinished(120000));
        const QByteArray errors = report.readAllStandardError(), output = report.readAllStandardOutput();
        QCOMPARE(report.exitStatus(), QProcess::NormalExit);
        QVERIFY2(report.exitCode() == 0, errors.constData());
        QVERIFY2(output.contains("Demo study: " + QDir::toNativeSeparators(copy).toUtf8() + '\n'), output.constData());
        QVERIFY(readStudy(copy.toStdString()).find("gradcam vision"));
        for (const char *view : {"heads", "neurons", "weights", "attribution", "curves", "compare", "profiles"}) {
            const QImage image(out.filePath(QLatin1String(view) + QStringLiteral(".png")));
            QVERIFY2(image.width() >= 1000, view);
        }
        QFile markdown(out.filePath(QStringLiteral("report.md")));
        QVERIFY(markdown.open(QIODevice::ReadOnly));
        const QByteArray text = markdown.readAll();
        QVERIFY2(text.contains("Study: `" + copy.toUtf8() + "`") && text.contains("Dense model: accuracy") &&
                     text.contains("`smoothgrad vision`"),
                 text.constData());
    }

private:
    QTemporaryDir m_home;
};

QTEST_MAIN(TestUserWork)
#include "tst_user_work.moc"
